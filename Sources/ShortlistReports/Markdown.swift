/// GitHub-flavoured Markdown tables with cell text escaped (pipes, newlines, HTML-looking text).
public enum Markdown {
  public static func table(headers: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
    var lines: [String] = []
    lines.append("| " + headers.map(escape).joined(separator: " | ") + " |")
    lines.append(
      "|" + headers.indices.map { rightAligned.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|")
    for row in rows {
      lines.append(
        "| " + headers.indices.map { escape(row.indices.contains($0) ? row[$0] : "") }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n")
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
