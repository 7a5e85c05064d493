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

  /// The first `count` bytes of a file (fewer when it is shorter), or nil when it cannot be opened for reading.
  public static func head(_ path: String, count: Int) -> [UInt8]? {
    #if canImport(Glibc)
      let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    #else
      let fd = Darwin.open(path, O_RDONLY | O_CLOEXEC)
    #endif
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: count)
    let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, count) }
    return n < 0 ? nil : Array(bytes.prefix(n))
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

  public static func mode(_ path: String) -> Int? {
    guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
      let mode = attrs[.posixPermissions] as? Int
    else { return nil }
    return mode & 0o777
  }
}
