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

  /// The strengths and concerns cells: one line per note or score comment, "alice (question, score): text", a
  /// strength where its author scored the question 3-4 and a concern at 1-2.
  public static func cells(_ evidence: [EvidenceLine]) -> (strengths: String, concerns: String) {
    func cell(_ lines: [EvidenceLine]) -> String {
      Format.shorten(lines.map { Format.shorten($0.line, 240) }.joined(separator: "\n"), 2000)
    }
    return (cell(evidence.filter(\.isStrength)), cell(evidence.filter { !$0.isStrength }))
  }

  /// One candidate's row. `rank` is nil for a candidate not ranked (not interviewed, or sealed); `evidence` is what
  /// the interviewers wrote on the questions they scored (sealed scorecards give none).
  public func write(
    _ row: ComparisonRow, rank: Int?, evidence: [EvidenceLine], to writer: inout CSVWriter
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
    let cells = row.sealed ? ("", "") : Self.cells(evidence)
    writer.field(cells.0)
    writer.field(cells.1)
    writer.field(c.status.rawValue)
    if !redact {
      writer.field(c.links.joined(separator: " "))
      writer.field(c.tags.joined(separator: ";"))
    }
    try writer.endRow()
  }
}
