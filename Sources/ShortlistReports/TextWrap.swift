/// Word wrapping for text laid out for reading on a terminal (a question's prompt, signals and rubric while someone
/// is talking): words move whole to the next line, continuation lines are indented under their label, and a word is
/// only ever cut when it alone is longer than a line.
public enum TextWrap {
  /// `text` (already one line: see `TextTable.oneLine`) as lines of at most `width` terminal columns. The first line
  /// starts with `lead` (a label such as "  2. "); the others are indented by its width.
  public static func wrap(_ text: String, width: Int, lead: String = "") -> [String] {
    let hang = String(repeating: " ", count: TextTable.width(lead))
    let room = max(10, width - hang.count)
    var lines: [String] = []
    var current = ""
    var currentWidth = 0
    func flush() {
      lines.append((lines.isEmpty ? lead : hang) + current)
      current = ""
      currentWidth = 0
    }
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      var word = String(word)
      var w = TextTable.width(word)
      if currentWidth > 0 && currentWidth + 1 + w > room { flush() }
      // A word longer than a whole line is cut, a line at a time.
      while w > room {
        if currentWidth > 0 { flush() }
        let head = TextTable.prefix(word, columns: room)
        current = head
        currentWidth = TextTable.width(head)
        flush()
        word = String(word.dropFirst(head.count))
        w = TextTable.width(word)
      }
      if w == 0 { continue }
      if currentWidth > 0 {
        current += " "
        currentWidth += 1
      }
      current += word
      currentWidth += w
    }
    if currentWidth > 0 || lines.isEmpty { flush() }
    return lines.map { TextTable.trimRight($0) }
  }
}
