import Foundation
import ShortlistCore

/// A question bank written back as the YAML `BankParser` reads, from a stored snapshot: a custom bank travels with a
/// backup and comes back byte-for-byte the same bank (same hash, so old scorecards still match it). Every text is a
/// double-quoted scalar (JSON's escapes are YAML's), so no text can break the file.
public enum BankYAML {
  public static func render(_ bank: QuestionBank) -> String {
    var out = "# Written by `shortlist bank export` from the stored snapshot (sha256 \(bank.sha256)).\n"
    out += "id: \(quote(bank.id))\ntitle: \(quote(bank.title))\nversion: \(bank.version)\n"
    out += "scenario: \(quote(bank.scenario))\nquestions:\n"
    for q in bank.questions {
      out += "  - id: \(quote(q.id))\n    title: \(quote(q.title))\n    prompt: \(quote(q.prompt))\n"
      out += "    weight: \(Format.number(q.weight))\n"
      if let t = q.timeboxMinutes { out += "    timebox_minutes: \(t)\n" }
      if !q.followUps.isEmpty {
        out += "    follow_ups:\n" + q.followUps.map { "      - \(quote($0))\n" }.joined()
      }
      out += "    signals:\n" + q.signals.map { "      - \(quote($0))\n" }.joined()
      out += "    rubric:\n" + q.rubric.enumerated().map { "      \($0.offset + 1): \(quote($0.element))\n" }.joined()
    }
    return out
  }

  static func quote(_ s: String) -> String {
    var bytes: [UInt8] = []
    JSON.escape(s, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}
