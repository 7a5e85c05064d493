import Foundation
import ShortlistSupport

/// A JSON document with a fixed key order, so output is stable and diff-able.
public indirect enum JSON: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.render() == rhs.render() }

  public static func number(_ v: Double?) -> JSON {
    guard let v, v.isFinite else { return .null }
    return .double(v)
  }

  public static func text(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

  public static func int(_ v: Int?) -> JSON { v.map { JSON.int(Int64($0)) } ?? .null }

  public static func strings(_ a: [String]) -> JSON { .array(a.map(JSON.string)) }

  public func render(pretty: Bool = true) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(4096)
    write(into: &out, indent: 0, pretty: pretty)
    return String(decoding: out, as: UTF8.self)
  }

  private static func newline(_ out: inout [UInt8], _ level: Int) {
    out.append(10)
    for _ in 0..<(level * 2) { out.append(32) }
  }

  func write(into out: inout [UInt8], indent: Int, pretty: Bool) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .int(let i): JSON.writeInt(i, into: &out)
    case .double(let d): JSON.writeNumber(d, into: &out)
    case .string(let s): JSON.escape(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        if pretty { JSON.newline(&out, indent + 1) }
        item.write(into: &out, indent: indent + 1, pretty: pretty)
      }
      if pretty { JSON.newline(&out, indent) }
      out.append(UInt8(ascii: "]"))
    case .object(let pairs):
      if pairs.isEmpty {
        out.append(contentsOf: "{}".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      for (i, (key, value)) in pairs.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        if pretty { JSON.newline(&out, indent + 1) }
        JSON.escape(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(32) }
        value.write(into: &out, indent: indent + 1, pretty: pretty)
      }
      if pretty { JSON.newline(&out, indent) }
      out.append(UInt8(ascii: "}"))
    }
  }

  /// An integer in decimal, without going through a String.
  static func writeInt(_ value: Int64, into out: inout [UInt8]) {
    if value < 0 {
      out.append(UInt8(ascii: "-"))
      if value == .min {
        out.append(contentsOf: "9223372036854775808".utf8)
        return
      }
    }
    var v = value.magnitude
    if v < 10 {
      out.append(48 + UInt8(v))
      return
    }
    var count = 1
    var rest = v
    while rest >= 10 {
      rest /= 10
      count += 1
    }
    out.append(contentsOf: repeatElement(48, count: count))
    var k = out.count
    while v > 0 {
      k -= 1
      out[k] = 48 + UInt8(v % 10)
      v /= 10
    }
  }

  /// A finite number: integral values without a fraction, others in Swift's shortest round-trip form; NaN and
  /// infinities as null.
  static func writeNumber(_ d: Double, into out: inout [UInt8]) {
    if !d.isFinite {
      out.append(contentsOf: "null".utf8)
    } else if d == d.rounded(), abs(d) < 1e15 {
      writeInt(Int64(d), into: &out)
    } else {
      out.append(contentsOf: d.description.utf8)
    }
  }

  static func writeNumber(_ d: Double?, into out: inout [UInt8]) {
    if let d { writeNumber(d, into: &out) } else { out.append(contentsOf: "null".utf8) }
  }

  /// Escapes quotes, backslashes and control characters (the one escaper: `JSONText` in Support).
  static func escape(_ s: String, into out: inout [UInt8]) { JSONText.escape(s, into: &out) }
}
