import Foundation
import ShortlistCore

/// A small RFC 4180 writer: comma separated, CRLF line ends, double quotes around fields that hold a comma, quote,
/// CR or LF, quotes doubled, and the formula-trigger guard of `CSVSafety`. Buffers output and writes it in blocks.
public final class CSVWriter {
  private let sink: (Data) throws -> Void
  private var buffer: [UInt8] = []
  private let blockSize = 1 << 16
  public private(set) var rows = 0

  public init(sink: @escaping (Data) throws -> Void) {
    self.sink = sink
    buffer.reserveCapacity(blockSize + 4096)
  }

  public convenience init(handle: FileHandle) {
    self.init { data in try handle.write(contentsOf: data) }
  }

  /// Writes one record. Every field gets the formula guard.
  public func write(_ fields: [String]) throws {
    for (i, field) in fields.enumerated() {
      if i > 0 { buffer.append(UInt8(ascii: ",")) }
      append(CSVSafety.guardField(field))
    }
    buffer.append(13)
    buffer.append(10)
    rows += 1
    if buffer.count >= blockSize { try flush() }
  }

  private func append(_ field: String) {
    var needsQuotes = false
    for b in field.utf8 where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 13 || b == 10 {
      needsQuotes = true
      break
    }
    if !needsQuotes {
      buffer.append(contentsOf: field.utf8)
      return
    }
    buffer.append(UInt8(ascii: "\""))
    for b in field.utf8 {
      if b == UInt8(ascii: "\"") { buffer.append(b) }
      buffer.append(b)
    }
    buffer.append(UInt8(ascii: "\""))
  }

  public func flush() throws {
    guard !buffer.isEmpty else { return }
    try sink(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }

  /// The whole document for a few rows, for tests and small outputs.
  public static func document(_ rows: [[String]]) -> String {
    var out = Data()
    let writer = CSVWriter { out.append($0) }
    for row in rows { try? writer.write(row) }
    try? writer.flush()
    return String(decoding: out, as: UTF8.self)
  }
}
