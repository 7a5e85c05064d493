import Foundation
import ShortlistCore

/// A JSON document written as it is built, in the layout of `JSON.render()` (two-space indent, one member per
/// line), straight into bytes: no tree per element. With a sink, full 64 KiB blocks go out as they fill, so a listing
/// of 100,000 candidates is never held whole.
public struct JSONStream {
  public private(set) var bytes: [UInt8] = []
  /// Open containers: whether each is still empty.
  private var empty: [Bool] = []
  private let sink: ((UnsafeRawBufferPointer) throws -> Void)?
  private let blockSize = 1 << 16

  /// Writes to `sink` in blocks; nil keeps everything in `bytes` (for small documents and tests).
  public init(sink: ((UnsafeRawBufferPointer) throws -> Void)? = nil) {
    self.sink = sink
    bytes.reserveCapacity(sink == nil ? 4096 : blockSize + 8192)
  }

  private mutating func newline(_ level: Int) {
    bytes.append(10)
    bytes.append(contentsOf: repeatElement(32, count: level * 2))
  }

  /// Before a value inside an array: the comma and the new line.
  private mutating func element() {
    guard let last = empty.last else { return }
    if !last { bytes.append(UInt8(ascii: ",")) }
    empty[empty.count - 1] = false
    newline(empty.count)
  }

  public mutating func beginObject() { openContainer(UInt8(ascii: "{")) }
  public mutating func beginArray() { openContainer(UInt8(ascii: "[")) }

  public mutating func end(_ close: UInt8) {
    let wasEmpty = empty.removeLast()
    if !wasEmpty { newline(empty.count) }
    bytes.append(close)
  }

  public mutating func endObject() { end(UInt8(ascii: "}")) }
  public mutating func endArray() { end(UInt8(ascii: "]")) }

  /// A member's key inside an object; its value follows (a scalar, or a begun container). Keys are constants.
  public mutating func key(_ k: StaticString) {
    if !empty[empty.count - 1] { bytes.append(UInt8(ascii: ",")) }
    empty[empty.count - 1] = false
    newline(empty.count)
    bytes.append(UInt8(ascii: "\""))
    k.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: "\": ".utf8)
    pendingKey = true
  }

  /// A member's key that is data (a status, a question id): escaped as a JSON string.
  public mutating func key(dynamic k: String) {
    if !empty[empty.count - 1] { bytes.append(UInt8(ascii: ",")) }
    empty[empty.count - 1] = false
    newline(empty.count)
    JSON.escape(k, into: &bytes)
    bytes.append(contentsOf: ": ".utf8)
    pendingKey = true
  }

  /// Set by `key`: the next value is that member's, not an array element.
  private var pendingKey = false

  /// Before any value: nothing after a key, the separator inside an array.
  private mutating func scalar() {
    if pendingKey {
      pendingKey = false
    } else {
      element()
    }
  }

  public mutating func string(_ s: String) {
    scalar()
    JSON.escape(s, into: &bytes)
  }

  public mutating func text(_ s: String?) {
    if let s { string(s) } else { null() }
  }

  public mutating func int(_ v: Int64) {
    scalar()
    JSON.writeInt(v, into: &bytes)
  }

  public mutating func int(_ v: Int?) {
    if let v { int(Int64(v)) } else { null() }
  }

  public mutating func number(_ v: Double?) {
    scalar()
    JSON.writeNumber(v, into: &bytes)
  }

  public mutating func bool(_ b: Bool) {
    scalar()
    bytes.append(contentsOf: (b ? "true" : "false").utf8)
  }

  public mutating func null() {
    scalar()
    bytes.append(contentsOf: "null".utf8)
  }

  /// A timestamp in ISO 8601 UTC (`Timestamp`), as a string.
  public mutating func date(_ d: Date) {
    scalar()
    bytes.append(UInt8(ascii: "\""))
    Timestamp.appendISO(d, to: &bytes)
    bytes.append(UInt8(ascii: "\""))
  }

  public mutating func date(_ d: Date?) {
    if let d { date(d) } else { null() }
  }

  public mutating func strings(_ list: [String]) {
    openContainer(UInt8(ascii: "["))
    for s in list { string(s) }
    endArray()
  }

  /// A value built as a `JSON` tree (small parts such as a role), laid out at the current depth.
  public mutating func value(_ v: JSON) {
    scalar()
    v.write(into: &bytes, indent: empty.count, pretty: true)
  }

  private mutating func openContainer(_ open: UInt8) {
    scalar()
    bytes.append(open)
    empty.append(true)
  }

  /// The line end after a top-level document.
  public mutating func endDocument() { bytes.append(10) }

  /// Hands full blocks to the sink.
  public mutating func flushIfFull() throws {
    if sink != nil && bytes.count >= blockSize { try flush() }
  }

  /// Hands everything written so far to the sink.
  public mutating func flush() throws {
    guard let sink, !bytes.isEmpty else { return }
    try bytes.withUnsafeBytes { try sink($0) }
    bytes.removeAll(keepingCapacity: true)
  }
}
