/// Splits a line into words as a POSIX shell would for quoting: 'single', "double" (with \" \\ \$ \`), and
/// backslash escapes outside quotes; a `#` that starts a word begins a comment to the end of the line, except `#`
/// and a digit (a candidate's `#ID`). No expansion of any kind.
enum ShellWords {
  struct Unterminated: Error {
    var quote: Character
  }

  static func split(_ line: String) throws -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escape = false
    let chars = Array(line)
    for (i, ch) in chars.enumerated() {
      if ch == "#" && !inWord && quote == nil && !escape
        && !(i + 1 < chars.count && chars[i + 1].isASCII
          && chars[i + 1].isNumber)
      {
        break
      }
      if escape {
        if quote == "\"" && !["\"", "\\", "$", "`"].contains(ch) { current.append("\\") }
        current.append(ch)
        escape = false
        continue
      }
      if let q = quote {
        if ch == q {
          quote = nil
        } else if ch == "\\" && q == "\"" {
          escape = true
        } else {
          current.append(ch)
        }
        continue
      }
      switch ch {
      case "\\":
        escape = true
        inWord = true
      case "'", "\"":
        quote = ch
        inWord = true
      case " ", "\t", "\n", "\r":
        if inWord {
          words.append(current)
          current = ""
          inWord = false
        }
      default:
        current.append(ch)
        inWord = true
      }
    }
    if let quote { throw Unterminated(quote: quote) }
    if escape { current.append("\\") }
    if inWord { words.append(current) }
    return words
  }

  /// Quotes a word so that `split` gives it back unchanged.
  static func quote(_ word: String) -> String {
    let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./#@:+=,".contains($0) }
    if safe && !word.isEmpty { return word }
    return "\""
      + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "$", with: "\\$").replacingOccurrences(of: "`", with: "\\`") + "\""
  }
}
