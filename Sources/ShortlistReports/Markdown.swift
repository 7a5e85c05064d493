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

  public static func escape(_ s: String) -> String {
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
