/// Text made safe for a terminal: the one rule for every text the tool shows a person. C0 controls (but newline and
/// tab), DEL, C1 controls, the bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069)
/// and the line and paragraph separators (U+2028, U+2029) are replaced with `?`: an escape sequence from a file or a
/// database could otherwise retitle the terminal, write its clipboard or hide text, and a bidi override could show a
/// name reversed. Machine formats (JSON, CSV, HTML) keep the exact text and do not pass through here.
public enum TerminalText {
  /// Whether a scalar may reach a terminal as it is (newline and tab aside, which `safe` keeps and `oneLine` turns
  /// into spaces).
  @inlinable
  public static func isSafe(_ v: UInt32) -> Bool {
    if v < 0x20 || v == 0x7F { return false }
    if v < 0x80 { return true }
    if v <= 0x9F { return false }
    if v >= 0x2028 && v <= 0x202E { return false }
    if v >= 0x2066 && v <= 0x2069 { return false }
    return true
  }

  /// Whether the UTF-8 bytes hold nothing to replace: printable ASCII, newline and tab, and multi-byte sequences
  /// other than the C1 range (C2 80-9F) and U+2028-U+202E and U+2066-U+2069 (E2 80 A8-AE, E2 81 A6-A9). A fast
  /// scan: most text passes it untouched.
  public static func isClean(_ s: String, keepLines: Bool) -> Bool {
    // Over the string's own bytes: a generic scan of its UTF-8 view was a quarter of `candidate list` at a million.
    s.utf8.withContiguousStorageIfAvailable { isClean($0, keepLines: keepLines) }
      ?? isClean(Array(s.utf8), keepLines: keepLines)
  }

  @inlinable
  public static func isClean<Bytes: Sequence>(_ bytes: Bytes, keepLines: Bool) -> Bool where Bytes.Element == UInt8 {
    var previous: UInt8 = 0
    var beforePrevious: UInt8 = 0
    for b in bytes {
      if b < 0x20 {
        if !keepLines || (b != 10 && b != 9) { return false }
      } else if b == 0x7F {
        return false
      } else if previous == 0xC2 && b <= 0x9F && b >= 0x80 {
        return false
      } else if beforePrevious == 0xE2 && previous == 0x80 && b >= 0xA8 && b <= 0xAE {
        return false
      } else if beforePrevious == 0xE2 && previous == 0x81 && b >= 0xA6 && b <= 0xA9 {
        return false
      }
      beforePrevious = previous
      previous = b
    }
    return true
  }

  /// `s` with every unsafe character replaced by `?`; newlines and tabs kept (for text of several lines).
  public static func safe(_ s: String) -> String {
    if isClean(s, keepLines: true) { return s }
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
      if scalar == "\n" || scalar == "\t" || isSafe(scalar.value) {
        out.append(scalar)
      } else {
        out.append("?")
      }
    }
    return String(out)
  }

  /// `safe`, keeping colour sequences (SGR: ESC, `[`, digits and semicolons, `m`; nothing else it could do): for a
  /// table the tool coloured itself after making each cell safe. Every other escape is replaced as `safe` replaces it.
  public static func safeKeepingColours(_ s: String) -> String {
    if isClean(s, keepLines: true) { return s }
    let scalars = Array(s.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
      let scalar = scalars[i]
      if scalar == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
        var end = i + 2
        while end < scalars.count, end - i < 16, scalars[end] == ";" || ("0"..."9").contains(scalars[end]) { end += 1 }
        if end < scalars.count, scalars[end] == "m" {
          out.append(contentsOf: scalars[i...end])
          i = end + 1
          continue
        }
      }
      out.append(scalar == "\n" || scalar == "\t" || isSafe(scalar.value) ? scalar : "?")
      i += 1
    }
    return String(out)
  }

  /// `s` on one line: newlines, carriage returns and tabs become spaces, every other unsafe character `?`.
  public static func oneLine(_ s: String) -> String {
    if isClean(s, keepLines: false) { return s }
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
      if scalar == "\n" || scalar == "\r" || scalar == "\t" {
        out.append(" ")
      } else if isSafe(scalar.value) {
        out.append(scalar)
      } else {
        out.append("?")
      }
    }
    return String(out)
  }
}
