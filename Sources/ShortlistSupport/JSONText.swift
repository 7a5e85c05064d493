/// The one JSON string escaper: reports, bank snapshots and the sync exchange all write strings through it.
/// RFC 8259: quotes, backslashes and control characters (DEL and the C1 controls U+0080-U+009F too: a CSI in a name
/// would reach a terminal that prints the document; YAML, which bank export writes through it, may not carry them raw);
/// U+2028/U+2029 as well, so the text is also valid JavaScript inside the HTML report. Escaped, each reads back as the
/// same string.
public enum JSONText {
  private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  /// Escapes quotes, backslashes and control characters (C0, DEL, C1); U+2028/U+2029 too, so the output is also valid
  /// JavaScript.
  public static func escape(_ s: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    // Fast path: nothing to escape (the common case), copy the bytes as they are.
    let plain = s.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
      for b in buffer where b < 0x20 || b == 34 || b == 92 || b == 0x7F || b == 0xC2 || b == 0xE2 { return false }
      out.append(contentsOf: buffer)
      return true
    }
    if plain == true {
      out.append(UInt8(ascii: "\""))
      return
    }
    var utf8 = Array(s.utf8)
    var i = 0
    while i < utf8.count {
      let b = utf8[i]
      switch b {
      case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
      case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
      case 10: out.append(contentsOf: [92, UInt8(ascii: "n")])
      case 13: out.append(contentsOf: [92, UInt8(ascii: "r")])
      case 9: out.append(contentsOf: [92, UInt8(ascii: "t")])
      case 0..<0x20, 0x7F:
        out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
      case 0xC2 where i + 1 < utf8.count && utf8[i + 1] < 0xA0:
        // U+0080-U+009F: 0xC2 then the code point itself.
        let c = utf8[i + 1]
        out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]])
        i += 1
      case 0xE2 where i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
        out.append(contentsOf: "\\u202".utf8)
        out.append(utf8[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
        i += 2
      default: out.append(b)
      }
      i += 1
    }
    utf8.removeAll()
    out.append(UInt8(ascii: "\""))
  }

  /// The escaped string, quotes included.
  public static func quoted(_ s: String) -> String {
    var out: [UInt8] = []
    escape(s, into: &out)
    return String(decoding: out, as: UTF8.self)
  }
}
