import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Files and folders the tool creates hold personal data: files are 0600, folders 0700.
public enum PrivateFile {
  public struct Failure: LocalizedError {
    public var path: String
    public var reason: String
    public var errorDescription: String? { "cannot write '\(path)': \(reason)" }

    public init(path: String, reason: String) {
      self.path = path
      self.reason = reason
    }
  }

  /// Creates (or truncates) `path` as a 0600 file and returns an open handle for writing.
  public static func create(_ path: String, truncate: Bool = true, exclusive: Bool = false) throws -> FileHandle {
    var flags = O_CREAT | O_WRONLY | O_CLOEXEC
    if truncate { flags |= O_TRUNC }
    if exclusive { flags |= O_EXCL }
    let fd = open(path, flags, 0o600)
    if fd < 0 { throw Failure(path: path, reason: String(cString: strerror(errno))) }
    // An existing file keeps its mode through open(2); make it private too.
    fchmod(fd, 0o600)
    return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
  }

  /// Writes every byte to a descriptor, retrying short writes and interruptions.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
    var offset = 0
    while offset < bytes.count {
      #if canImport(Glibc)
        let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      #else
        let n = Darwin.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      #endif
      if n < 0 && errno == EINTR { continue }
      if n < 0 { throw Failure(path: path, reason: String(cString: strerror(errno))) }
      offset += n
    }
  }

  /// Creates an empty 0600 file if it does not exist yet; never through a symbolic link.
  public static func touch(_ path: String) throws {
    let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
    if fd < 0 { throw Failure(path: path, reason: String(cString: strerror(errno))) }
    close(fd)
  }

  /// Creates a folder and its parents with mode 0700 when missing.
  public static func makeFolder(_ path: String) throws {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
      if isDir.boolValue { return }
      throw Failure(path: path, reason: "a file is in the way of the folder")
    }
    do {
      try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw Failure(path: path, reason: "cannot create the folder")
    }
  }

  /// Writes `data` atomically enough for our use: into a 0600 file created fresh.
  public static func write(_ data: Data, to path: String) throws {
    let handle = try create(path)
    defer { try? handle.close() }
    do {
      try handle.write(contentsOf: data)
    } catch {
      throw Failure(path: path, reason: "write failed")
    }
  }

  public static func mode(_ path: String) -> Int? {
    guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
      let mode = attrs[.posixPermissions] as? Int
    else { return nil }
    return mode & 0o777
  }
}
