import Foundation

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
    var out = ""
    write(into: &out, indent: 0, pretty: pretty)
    return out
  }

  private func write(into out: inout String, indent: Int, pretty: Bool) {
    let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
    let closePad = pretty ? String(repeating: "  ", count: indent) : ""
    let nl = pretty ? "\n" : ""
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d):
      if !d.isFinite {
        out += "null"
      } else if d == d.rounded(), abs(d) < 1e15 {
        out += String(Int64(d))
      } else {
        out += "\(d)"
      }
    case .string(let s): JSON.escape(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "[" + nl
      for (i, item) in items.enumerated() {
        out += pad
        item.write(into: &out, indent: indent + 1, pretty: pretty)
        if i < items.count - 1 { out += "," }
        out += nl
      }
      out += closePad + "]"
    case .object(let pairs):
      if pairs.isEmpty {
        out += "{}"
        return
      }
      out += "{" + nl
      for (i, (key, value)) in pairs.enumerated() {
        out += pad
        JSON.escape(key, into: &out)
        out += pretty ? ": " : ":"
        value.write(into: &out, indent: indent + 1, pretty: pretty)
        if i < pairs.count - 1 { out += "," }
        out += nl
      }
      out += closePad + "}"
    }
  }

  static func escape(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
