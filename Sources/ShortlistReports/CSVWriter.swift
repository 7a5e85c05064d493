import Foundation
import ShortlistCore
import ShortlistSupport

/// A small RFC 4180 writer: comma separated, CRLF line ends, double quotes around fields that hold a comma, quote,
/// CR or LF, quotes doubled, and the formula-trigger guard of `CSVSafety` on every field. Rows are built field by
/// field into a buffer that goes out in 64 KiB blocks, so an export is never held in memory whole.
public struct CSVWriter {
  private let sink: (UnsafeRawBufferPointer) throws -> Void
  private var buffer: [UInt8] = []
  private var fieldsInRow = 0
  private let blockSize = 1 << 16
  public private(set) var rows = 0

  public init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
    self.sink = sink
    buffer.reserveCapacity(blockSize + 4096)
  }

  /// Writes to an open file descriptor (not closed here).
  public init(fileDescriptor fd: Int32, path: String) {
    self.init { try PrivateFile.writeAll(fd, $0, path: path) }
  }

  /// The UTF-8 byte order mark, first thing in the file: Excel on Windows reads the file as UTF-8 only with it.
  public mutating func byteOrderMark() { buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }

  /// Appends one field to the current row.
  public mutating func field(_ value: String) {
    if fieldsInRow > 0 { buffer.append(UInt8(ascii: ",")) }
    fieldsInRow += 1
    var value = value
    value.withUTF8 { append($0) }
  }

  /// Appends one field given as UTF-8 bytes.
  public mutating func field(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    if fieldsInRow > 0 { buffer.append(UInt8(ascii: ",")) }
    fieldsInRow += 1
    append(bytes)
  }

  /// Ends the current row; flushes a full block.
  public mutating func endRow() throws {
    buffer.append(13)
    buffer.append(10)
    fieldsInRow = 0
    rows += 1
    if buffer.count >= blockSize { try flush() }
  }

  /// Bytes of whole records another writer made (rows rendered ahead, copied out in order), as they are.
  public mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    precondition(fieldsInRow == 0, "raw records go between rows")
    buffer.append(contentsOf: bytes)
    if buffer.count >= blockSize { try flush() }
  }

  /// Writes one record.
  public mutating func write(_ fields: [String]) throws {
    for f in fields { field(f) }
    try endRow()
  }

  private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    var needsQuotes = false
    for b in bytes where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 13 || b == 10 {
      needsQuotes = true
      break
    }
    if needsQuotes { buffer.append(UInt8(ascii: "\"")) }
    if CSVSafety.needsGuard(bytes) { buffer.append(UInt8(ascii: "'")) }
    if needsQuotes {
      for b in bytes {
        if b == UInt8(ascii: "\"") { buffer.append(b) }
        buffer.append(b)
      }
      buffer.append(UInt8(ascii: "\""))
    } else {
      buffer.append(contentsOf: bytes)
    }
  }

  public mutating func flush() throws {
    guard !buffer.isEmpty else { return }
    try buffer.withUnsafeBytes { try sink($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  /// The whole document for a few rows, for tests and small outputs.
  public static func document(_ rows: [[String]]) -> String {
    var out: [UInt8] = []
    var writer = CSVWriter { out.append(contentsOf: $0) }
    for row in rows { try? writer.write(row) }
    try? writer.flush()
    return String(decoding: out, as: UTF8.self)
  }
}
