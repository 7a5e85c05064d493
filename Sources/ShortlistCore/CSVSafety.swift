/// The formula-trigger rule for CSV (OWASP ASVS 1.2.10): a text field that begins with `=`, `+`, `-`, `@`, TAB, CR
/// or NUL, after any leading `'`s, gets one more leading `'` on export; import removes exactly that one `'`, so
/// export then import gives back every value exactly.
public enum CSVSafety {
  public static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\0", "\r\n"]

  static func needsGuard(_ s: Substring) -> Bool {
    let rest = s.drop { $0 == "'" }
    guard let first = rest.first else { return false }
    if triggers.contains(first) { return true }
    // "\r\n" is one Character in Swift; also catch a leading CR that starts any grapheme.
    return first.unicodeScalars.first.map { $0 == "\r" || $0 == "\0" || $0 == "\t" } ?? false
  }

  public static func guardField(_ s: String) -> String {
    // Fast path: most fields start with a plain ASCII character that is neither a quote nor a trigger.
    if let b = s.utf8.first, b >= 0x20, b < 0x7F, b != UInt8(ascii: "'"), b != UInt8(ascii: "="), b != UInt8(ascii: "+"),
      b != UInt8(ascii: "-"), b != UInt8(ascii: "@")
    {
      return s
    }
    return needsGuard(Substring(s)) ? "'" + s : s
  }

  public static func unguardField(_ s: String) -> String {
    guard s.hasPrefix("'") else { return s }
    let afterOne = s.dropFirst()
    return needsGuard(afterOne) ? String(afterOne) : s
  }

  /// True when a written field would start a formula in a spreadsheet.
  public static func startsWithTrigger(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first else { return false }
    return ["=", "+", "-", "@", "\t", "\r", "\0"].contains(first)
  }
}
