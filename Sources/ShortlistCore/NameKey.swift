import Foundation

/// How names are matched: the same folding for what is stored and what is typed, so `jose`, `José` and `JOSÉ` find
/// "José Ñúñez-O'Brien", and so do `nunez` and `o'brien` (each word of a name is found on its own).
public enum NameKey {
  /// Lowercase, accents and other marks removed (é -> e, ñ -> n, ü -> u), a few letters spelled out (ß -> ss, ø -> o,
  /// æ -> ae, ł -> l), apostrophes dropped (O'Brien -> obrien), every other run of non-letters and non-digits one
  /// space, trimmed.
  public static func fold(_ name: String) -> String {
    foldASCII(name) ?? foldUnicode(name)
  }

  static func foldUnicode(_ name: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    func emit(_ scalars: String) {
      if pendingSpace && !out.isEmpty { out.append(" ") }
      pendingSpace = false
      out.append(contentsOf: scalars.unicodeScalars)
    }
    for scalar in name.decomposedStringWithCompatibilityMapping.unicodeScalars {
      let p = scalar.properties
      if p.generalCategory == .nonspacingMark || p.generalCategory == .enclosingMark
        || p.generalCategory == .spacingMark
      {
        continue
      }
      if apostrophes.contains(scalar) { continue }
      if p.isAlphabetic || p.numericType != nil {
        let lower = String(scalar).lowercased()
        emit(spelled[lower] ?? lower)
      } else {
        pendingSpace = true
      }
    }
    return String(out)
  }

  /// The same for a name in plain ASCII (most names in a sourcing sheet), byte by byte; nil for any other name.
  static func foldASCII(_ name: String) -> String? {
    var name = name
    return name.withUTF8 { bytes -> String? in
      var out = [UInt8]()
      out.reserveCapacity(bytes.count)
      var pendingSpace = false
      for b in bytes {
        if b >= 0x80 { return nil }
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
          if pendingSpace && !out.isEmpty { out.append(32) }
          pendingSpace = false
          out.append(b)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
          if pendingSpace && !out.isEmpty { out.append(32) }
          pendingSpace = false
          out.append(b + 32)
        case UInt8(ascii: "'"), UInt8(ascii: "`"): continue
        default: pendingSpace = true
        }
      }
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// The words of a folded name, each indexed so that a surname or a middle name finds the person.
  public static func words(_ key: String) -> [String] {
    var words: [String] = []
    for part in key.split(separator: " ") where !words.contains(where: { $0 == part }) { words.append(String(part)) }
    return words
  }

  /// The upper bound of every string that starts with `prefix`, for an indexed range `>= prefix AND < bound`.
  public static func prefixBound(_ prefix: String) -> String { prefix + "\u{10FFFF}" }

  static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{2018}", "\u{02BC}", "`", "\u{00B4}"]

  static let spelled: [String: String] = [
    "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h",
  ]
}
