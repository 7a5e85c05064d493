import Foundation
import ShortlistCore

/// The rows of `export shortlist`: one per candidate, ranked, with per-question means and the notes behind each
/// candidate's strongest and weakest question.
public struct ExportSheet {
  public let questions: [QuestionRef]
  public let redact: Bool

  public init(questions: [QuestionRef], redact: Bool) {
    self.questions = questions
    self.redact = redact
  }

  public var header: [String] {
    var header = ["rank"] + (redact ? ["candidate_id"] : ["name", "email"])
    header += ["tier", "tier_name", "source", "rate", "score", "coverage", "recommendations"]
    header += questions.map { "q:\($0.id)" }
    header += ["strengths", "concerns", "status"]
    if !redact { header += ["links", "tags"] }
    return header
  }

  /// One candidate's row. `rank` is nil for a candidate not ranked (not interviewed, or sealed); `strength` and
  /// `concern` are question indexes with the notes written for them (joined), when there are any.
  public func write(
    _ row: ComparisonRow, rank: Int?, strength: (question: Int?, notes: String?),
    concern: (question: Int?, notes: String?), to writer: inout CSVWriter
  ) throws {
    let c = row.candidate
    let r = row.result
    writer.field(rank.map(String.init) ?? "")
    if redact {
      writer.field(String(c.id))
    } else {
      writer.field(c.name)
      writer.field(c.email ?? "")
    }
    writer.field(String(c.tier.rawValue))
    writer.field(c.tier.name)
    writer.field(c.source)
    writer.field(c.rate.map(Format.number) ?? "")
    writer.field(r.score.map { Format.fixed($0, 2) } ?? "")
    writer.field(rank != nil ? Format.fixed(r.coverage, 3) : "")
    writer.field(Comparison.tallyText(r.recommendations))
    for k in questions.indices { writer.field(r.mean(k).map { Format.fixed($0, 2) } ?? "") }
    func summary(_ k: Int?, _ notes: String?) -> String {
      guard let k, let mean = r.mean(k) else { return "" }
      return Format.shorten(questions[k].id + " (" + Format.fixed(mean, 1) + "): " + (notes ?? ""), 300)
    }
    writer.field(summary(strength.question, strength.notes))
    writer.field(summary(concern.question, concern.notes))
    writer.field(c.status.rawValue)
    if !redact {
      writer.field(c.links.joined(separator: " "))
      writer.field(c.tags.joined(separator: ";"))
    }
    try writer.endRow()
  }
}
