import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

/// Parsing helpers for role fields, shared by `role add` and `role edit`.
enum RoleFields {
  /// A One-Pager link (repository, board): an http(s) URL or a host path, at most 2,000 characters, one line.
  static func link(_ text: String, _ option: String) throws -> String? {
    let t = text.trimmingCharacters(in: .whitespaces)
    guard !t.isEmpty else { return nil }
    guard t.count <= 2_000, !t.contains(where: { $0.isWhitespace }),
      t.lowercased().hasPrefix("https://") || t.lowercased().hasPrefix("http://") || t.contains(".")
    else {
      throw CLIError(
        "\(option) takes a link such as https://github.com/acme/app (no spaces, at most 2,000 characters), not '\(TextTable.oneLine(String(t.prefix(60))))'",
        usage: true)
    }
    return t
  }

  /// "80-120", "$80-$120", "80–120/h", "100" (a fixed rate).
  static func budget(_ text: String) throws -> (Double, Double) {
    let cleaned = text.replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: " ", with: "")
    let parts = cleaned.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    let accepted = "give --budget as MIN-MAX in USD per hour, e.g. 80-120"
    if parts.count == 1, let v = Format.parseRate(parts[0]) { return (v, v) }
    guard parts.count == 2, let lo = Format.parseRate(parts[0]), let hi = Format.parseRate(parts[1]) else {
      throw CLIError("budget '\(text)' is not a range of positive numbers; \(accepted)")
    }
    guard lo <= hi else { throw CLIError("budget '\(text)' has its minimum above its maximum; \(accepted)") }
    return (lo, hi)
  }

  static func model(_ text: String) throws -> EngagementModel {
    guard let m = EngagementModel.parse(text) else {
      throw CLIError("engagement model '\(text)' is not known; accepted: fixed, tm (time & materials), retainer")
    }
    return m
  }

  static func banks(_ ids: [String], ctx: Context) throws -> [String] {
    try ids.map { try ctx.bank($0).id }
  }

  static func title(_ text: String) throws -> String {
    let t = text.trimmed
    guard !t.isEmpty else { throw CLIError("a role needs a title, e.g. role add \"ML engineer, RAG prototype\"") }
    guard t.count <= 200, !t.contains(where: { $0.isNewline }) else {
      throw CLIError("a role title is one line of at most 200 characters")
    }
    return t
  }

  static func text(_ value: String?) -> String? {
    guard let v = value?.trimmed, !v.isEmpty else { return nil }
    return v
  }

  /// A role's fit check as JSON (`role show`, `role list`, `role fit`).
  static func fitJSON(_ fit: StoredFit?) -> JSON {
    guard let fit else { return .null }
    return .object([
      ("verdict", .string(fit.verdict.rawValue)), ("reasons", .strings(fit.reasons)),
      ("caveats", .strings(fit.caveats)), ("answers", .strings(fit.answers.map(\.rawValue))),
    ])
  }
}
