/// GitHub-flavoured Markdown tables with cell text escaped (pipes, newlines, HTML-looking text).
public enum Markdown {
  public static func table(headers: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
    var lines: [String] = []
    lines.append(headerLine(headers))
    lines.append(ruleLine(headers.count, rightAligned: rightAligned))
    for row in rows { lines.append(rowLine(row, columns: headers.count)) }
    return lines.joined(separator: "\n")
  }

  /// A table's lines one at a time (a table of a million rows is written as it is read).
  public static func headerLine(_ headers: [String]) -> String {
    "| " + headers.map(escape).joined(separator: " | ") + " |"
  }

  public static func ruleLine(_ columns: Int, rightAligned: Set<Int> = []) -> String {
    "|" + (0..<columns).map { rightAligned.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|"
  }

  public static func rowLine(_ row: [String], columns: Int) -> String {
    "| " + (0..<columns).map { escape(row.indices.contains($0) ? row[$0] : "") }.joined(separator: " | ") + " |"
  }

  /// The bytes `escape` changes (all ASCII): a text without any is its own escape, and is given back as it is (a
  /// million-row table escapes ten million cells; walking each by Character was most of its time).
  private static let special: [Bool] = (0..<128).map { b in
    "|\n\r<>&\\`*_[]".utf8.contains(UInt8(b))
  }

  public static func escape(_ s: String) -> String {
    var plain = true
    for b in s.utf8 where b < 128 && special[Int(b)] {
      plain = false
      break
    }
    if plain { return s }
    var out = ""
    for ch in s {
      switch ch {
      case "|": out += "\\|"
      case "\n", "\r\n", "\r": out += "<br>"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "&": out += "&amp;"
      case "\\", "`", "*", "_", "[", "]": out += "\\" + String(ch)
      default: out.append(ch)
      }
    }
    return out
  }
}
