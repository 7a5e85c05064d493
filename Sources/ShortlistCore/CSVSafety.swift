/// The formula-trigger rule for CSV (OWASP ASVS 1.2.10): a text field that begins with `=`, `+`, `-`, `@`, TAB, CR
/// or NUL, after any leading `'`s, gets one more leading `'` on export; import removes exactly that one `'`, so
/// export then import gives back every value exactly. The rule is on bytes: "begins with `=`" means the first byte
/// after the quotes, whatever combining marks follow it.
public enum CSVSafety {
  /// `=`, `+`, `-`, `@`, TAB, CR, NUL.
  @inlinable public static func isTrigger(_ b: UInt8) -> Bool {
    b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D || b == 0x00
  }

  /// True when the first byte after any leading `'`s is a trigger.
  @inlinable public static func needsGuard<C: Sequence>(_ utf8: C) -> Bool where C.Element == UInt8 {
    for b in utf8 where b != 0x27 { return isTrigger(b) }
    return false
  }

  public static func guardField(_ s: String) -> String {
    needsGuard(s.utf8) ? "'" + s : s
  }

  public static func unguardField(_ s: String) -> String {
    guard s.utf8.first == 0x27, needsGuard(s.utf8.dropFirst()) else { return s }
    return String(decoding: s.utf8.dropFirst(), as: UTF8.self)
  }

  /// True when a written field would start a formula in a spreadsheet.
  public static func startsWithTrigger(_ s: String) -> Bool {
    guard let first = s.utf8.first else { return false }
    return isTrigger(first)
  }
}
