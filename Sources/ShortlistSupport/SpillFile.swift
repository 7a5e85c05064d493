import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file with no name that holds what a report cannot keep in memory (a million candidates' rows): written in
/// blocks, read back at any offset. It is made with `O_TMPFILE` (never visible in the folder; gone when the process
/// exits, however it exits), else created 0600 with `O_EXCL` and unlinked at once. Its bytes are personal data: no
/// other process can open it by name.
public final class SpillFile: @unchecked Sendable {
  private let fd: Int32
  /// The folder it lives in (named when it fills up).
  private let folder: String
  /// Bytes written so far (the offset of the next append).
  public private(set) var size: Int64 = 0
  private var pending: [UInt8] = []
  private let blockSize = 1 << 20
  /// The first read that failed, if any: a reader that cannot throw (a collection's subscript) notes it here, and the
  /// report checks it before its output is kept (`ComparisonRows.checkReads()`).
  public private(set) var readFailure: Failure?

  public struct Failure: LocalizedError {
    public var reason: String
    public var errorDescription: String? { "cannot hold the report's rows in a temporary file: \(reason)" }
  }

  /// In `folder` (the temporary folder by default: `TMPDIR`, else /tmp).
  public init(folder: String? = nil) throws {
    let dir = folder ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    #if os(Linux)
      // O_TMPFILE is __O_TMPFILE | O_DIRECTORY; Glibc's module does not export the macro.
      var fd = open(dir, 0o20_000_000 | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600)
    #else
      var fd: Int32 = -1
    #endif
    if fd < 0 {
      // Filesystems without O_TMPFILE: a fresh name, never an existing file or a link, removed at once.
      for _ in 0..<8 {
        let path = dir + "/.shortlist-spill-" + UUID().uuidString
        fd = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd >= 0 {
          unlink(path)
          break
        }
        if errno != EEXIST { break }
      }
    }
    guard fd >= 0 else { throw Failure(reason: "\(dir): \(String(cString: strerror(errno)))") }
    self.fd = fd
    self.folder = dir
    pending.reserveCapacity(blockSize + 4096)
  }

  deinit { close(fd) }

  /// Appends `bytes`; returns the offset they start at. Written out a block at a time.
  @discardableResult
  public func append(_ bytes: [UInt8]) throws -> Int64 {
    let at = size
    pending.append(contentsOf: bytes)
    size += Int64(bytes.count)
    if pending.count >= blockSize { try flush() }
    return at
  }

  /// Writes out what is pending; reads see everything appended before.
  public func flush() throws {
    guard !pending.isEmpty else { return }
    let start = size - Int64(pending.count)
    try pending.withUnsafeBytes { raw in
      var done = 0
      while done < raw.count {
        let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(start + Int64(done)))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          let why = n == 0 ? "nothing could be written" : String(cString: strerror(errno))
          // A full temporary folder (a small tmpfs) is the likely cause: say where, how much, and what to do.
          throw Failure(
            reason: "\(why) in \(folder) after \((start + Int64(done)) >> 20) MB; "
              + "set TMPDIR to a folder with more room (a million candidates' report takes about 1 GB)")
        }
        done += n
      }
    }
    pending.removeAll(keepingCapacity: true)
  }

  /// `count` bytes at `offset` into `buffer` (resized to hold them). Call `flush()` after the last append.
  public func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) throws {
    if buffer.count < count { buffer = [UInt8](repeating: 0, count: Swift.max(count, buffer.count * 2)) }
    try buffer.withUnsafeMutableBytes { raw in
      var done = 0
      while done < count {
        let n = pread(fd, raw.baseAddress! + done, count - done, off_t(offset + Int64(done)))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          let failure = Failure(reason: n == 0 ? "it ended early" : String(cString: strerror(errno)))
          if readFailure == nil { readFailure = failure }
          throw failure
        }
        done += n
      }
    }
  }
}
