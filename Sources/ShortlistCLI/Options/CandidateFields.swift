import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports

/// Validation of candidate fields, shared by add, edit and import.
enum CandidateFields {
  static func name(_ text: String) throws -> String {
    let t = text.trimmed
    guard !t.isEmpty else { throw CLIError("a candidate needs a name, e.g. candidate add \"Ada Lovelace\" --tier 2") }
    guard Self.fits(t, 20_000) else { throw CLIError("a name is at most 20,000 characters") }
    guard !t.utf8.contains(0) else { throw CLIError("a name cannot contain a NUL character") }
    guard !t.hasPrefix("#") else { throw CLIError("a name cannot start with '#' (that is how #ID is written)") }
    return t
  }

  /// At most `limit` characters; counting bytes first spares counting graphemes in the usual case.
  static func fits(_ s: String, _ limit: Int) -> Bool { s.utf8.count <= limit || s.count <= limit }

  /// True when `s` contains a character for which `ascii` (on an ASCII text) or `character` (otherwise) holds.
  static func contains(_ s: String, ascii: (UInt8) -> Bool, character: (Character) -> Bool) -> Bool {
    var isASCII = true
    for b in s.utf8 {
      if b >= 0x80 {
        isASCII = false
        break
      }
      if ascii(b) { return true }
    }
    return isASCII ? false : s.contains(where: character)
  }

  static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

  static func tier(_ text: String) throws -> Tier {
    guard let t = Tier.parse(text) else {
      throw CLIError("tier '\(text)' is not 1-4; tiers: \(Tier.accepted)")
    }
    return t
  }

  static func rate(_ text: String) throws -> Double {
    guard let r = Format.parseRate(text) else {
      throw CLIError("rate '\(text)' is not a positive number of USD per hour (e.g. 120 or 95.50)")
    }
    return r
  }

  static func email(_ text: String) throws -> String? {
    let t = text.trimmed
    if t.isEmpty { return nil }
    let parts = t.utf8.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
    let dot = UInt8(ascii: ".")
    guard parts.count == 2, !parts[0].isEmpty, parts[1].contains(dot), parts[1].first != dot, parts[1].last != dot,
      Self.fits(t, 254),
      !Self.contains(
        t, ascii: { Self.isASCIISpace($0) || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") },
        character: { $0.isWhitespace || $0 == "," || $0 == ";" })
    else {
      throw CLIError("email '\(text)' is not an address like name@example.com")
    }
    return t
  }

  static func link(_ text: String) throws -> String {
    let t = text.trimmed
    guard !t.isEmpty, Self.fits(t, 2000), !Self.contains(t, ascii: Self.isASCIISpace, character: \.isWhitespace) else {
      throw CLIError("link '\(text)' is not a URL (e.g. https://github.com/ada)")
    }
    return t
  }

  static func tag(_ text: String) throws -> String {
    let t = text.trimmed
    guard !t.isEmpty, Self.fits(t, 60),
      !Self.contains(
        t,
        ascii: {
          $0 == 10 || $0 == 11 || $0 == 12 || $0 == 13 || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") || $0 == 0
        },
        character: { $0.isNewline || $0 == "," || $0 == ";" || $0 == "\0" })
    else {
      throw CLIError("tag '\(text)' is not a short word (no commas, semicolons or line breaks, at most 60 characters)")
    }
    return t
  }

  static func source(_ text: String) throws -> String {
    let t = text.trimmed
    guard !t.isEmpty, Self.fits(t, 20_000), !t.utf8.contains(0) else {
      throw CLIError("source '\(text.prefix(40))' is not a name such as Toptal, referral or Upwork")
    }
    return t
  }

  static func status(_ text: String) throws -> Status {
    guard let s = Status.parse(text) else {
      throw CLIError("status '\(text)' is not known; statuses: \(Status.accepted)")
    }
    return s
  }

  /// The tier from `--tier`, else from a known source; an unknown source with no tier is an error listing tiers.
  static func resolveTier(tier: String?, source: String?, map: SourceMap = SourceMap()) throws -> (Tier, String) {
    if let tier {
      let t = try Self.tier(tier)
      return (t, try source.map(Self.source) ?? "")
    }
    guard let source else {
      throw CLIError(
        "give --tier 1-4 or a --source that implies one (e.g. Toptal, referral, Upwork); tiers: \(Tier.accepted)")
    }
    let s = try Self.source(source)
    guard let t = map.tier(for: s) else {
      throw CLIError(
        "source '\(s)' does not imply a tier; add --tier 1-4 (\(Tier.accepted)), or `source set \(ShellWords.quote(s)) --tier N`"
      )
    }
    return (t, s)
  }
}
