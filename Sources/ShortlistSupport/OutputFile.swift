import Foundation
import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one way the tool writes a file (`--out`, backups, the rewritten history). The bytes go to a new file beside
/// the target, created exclusively and without following links, mode 0600 from creation; `commit` renames it into
/// place, so a reader never sees half a file and a link at the target is replaced, never followed. An existing
/// target is refused unless `force`; a target that is not a regular file (a device, a FIFO, a folder) is refused
/// always. The mode of a file the tool did not create is never changed.
public final class OutputFile {
  public struct Refusal: LocalizedError, Equatable {
    public var message: String
    public var errorDescription: String? { message }
  }

  /// Where the file will be once committed.
  public let target: String
  /// The new file being written, beside the target.
  public let temporaryPath: String
  private var descriptor: FileDescriptor?
  private var committed = false

  /// What is at `path` now, without following a link.
  public enum Existing: Equatable {
    case nothing, regularFile, link, folder, other
  }

  public static func existing(_ path: String) -> Existing {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .nothing }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .regularFile
    case S_IFLNK: return .link
    case S_IFDIR: return .folder
    default: return .other
    }
  }

  /// Checks the target and creates the temporary file. `what` names the flag in messages (`--out`, `backup`).
  public init(_ path: String, force: Bool, what: String = "--out") throws {
    guard !path.isEmpty else { throw Refusal(message: "\(what) needs a file path (or - for standard output)") }
    target = path
    switch Self.existing(path) {
    case .nothing: break
    case .regularFile, .link:
      guard force else {
        throw Refusal(message: "'\(path)' exists; add --force to replace it")
      }
    case .folder:
      throw Refusal(message: "'\(path)' is a folder; give \(what) a file path (or - for standard output)")
    case .other:
      throw Refusal(
        message:
          "'\(path)' is not a regular file (a device, FIFO or socket); give \(what) a file path (or - for standard output)"
      )
    }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw Refusal(message: "cannot write '\(path)': the folder '\(folder)' does not exist")
    }
    var random = SystemRandomNumberGenerator()
    var made: (String, FileDescriptor)?
    for _ in 0..<16 {
      let name = ".\(url.lastPathComponent).\(String(random.next() & 0xFFFF_FFFF_FFFF, radix: 36)).tmp"
      let candidate = folder == "/" ? "/" + name : folder + "/" + name
      do {
        let fd = try FileDescriptor.open(
          FilePath(candidate), .writeOnly, options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
          permissions: [.ownerReadWrite])
        made = (candidate, fd)
        break
      } catch Errno.fileExists {
        continue
      } catch let e as Errno {
        throw Refusal(message: "cannot write '\(path)': \(e.description.lowercased())")
      }
    }
    guard let made else { throw Refusal(message: "cannot write '\(path)': no free temporary name beside it") }
    temporaryPath = made.0
    descriptor = made.1
  }

  deinit { abandon() }

  /// The temporary file's descriptor, for writers that take one.
  public var fileDescriptor: Int32 { descriptor?.rawValue ?? -1 }

  /// True when `a` and `b` name the same file (same device and inode), following links.
  public static func sameFile(_ a: String, _ b: String) -> Bool {
    var x = stat()
    var y = stat()
    guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
    return x.st_dev == y.st_dev && x.st_ino == y.st_ino
  }

  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard let descriptor else { throw Refusal(message: "cannot write '\(target)': the file is closed") }
    do {
      _ = try descriptor.writeAll(bytes)
    } catch let e as Errno {
      throw Refusal(message: "cannot write '\(target)': \(e.description.lowercased())")
    }
  }

  public func write(_ data: Data) throws {
    try data.withUnsafeBytes { try write($0) }
  }

  /// Closes the temporary file and renames it over the target (a link there is replaced, not followed).
  /// The file's bytes reach the disk before the rename and the rename before `commit` returns (fsync of the file,
  /// then of its folder): after a power cut the target is the old file or the whole new one, never an empty one.
  public func commit() throws {
    guard !committed else { return }
    if let descriptor {
      if fsync(descriptor.rawValue) != 0 {
        let reason = String(cString: strerror(errno))
        abandon()
        throw Refusal(message: "cannot write '\(target)': \(reason)")
      }
    } else {
      // Filled by path (SQLite's backup): opened again, read-only and without following links, to be synced.
      let fd = open(temporaryPath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
      if fd >= 0 {
        _ = fsync(fd)
        close(fd)
      }
    }
    closeDescriptor()
    if rename(temporaryPath, target) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporaryPath)
      throw Refusal(message: "cannot write '\(target)': \(reason)")
    }
    committed = true
    let folder = (target as NSString).deletingLastPathComponent
    let dir = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if dir >= 0 {
      _ = fsync(dir)
      close(dir)
    }
  }

  /// Closes the descriptor for a writer that fills the temporary file by path (SQLite's backup) and commits later.
  public func closeDescriptor() {
    if let descriptor {
      try? descriptor.close()
      self.descriptor = nil
    }
  }

  /// Removes the temporary file; the target is left as it was.
  public func abandon() {
    closeDescriptor()
    if !committed {
      unlink(temporaryPath)
      committed = true
    }
  }

  /// Writes `data` to `path` in one go through an `OutputFile`.
  public static func write(_ data: Data, to path: String, force: Bool) throws {
    let file = try OutputFile(path, force: force)
    try file.write(data)
    try file.commit()
  }
}
