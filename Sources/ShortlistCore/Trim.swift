extension String {
  /// The string without leading and trailing Unicode whitespace (spaces, tabs, line breaks). Much faster than
  /// Foundation's `trimmingCharacters(in:)` on Linux, which bridges through NSString; imports trim every field.
  public var trimmed: String {
    let bytes = utf8
    guard let firstByte = bytes.first, let lastByte = bytes.last else { return "" }
    // Fast path: ASCII that does not start or end with whitespace needs no work.
    func plain(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }
    if plain(firstByte) && plain(lastByte) { return String(self) }
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(String.UnicodeScalarView(scalars[first...last]))
  }
}

extension Substring {
  public var trimmed: String { String(self).trimmed }
}
