import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

/// Outcome validity from ended engagements, for `outcomes` and for the HTML comparison.
enum OutcomesBuilder {
  /// Builds the analysis the report and the HTML comparison show. A large comparison's rows are handed over as its
  /// slices are read and not kept (no temporary file, no rank): outcomes needs only the rows of people with an ended
  /// engagement, and the leniency, added up meanwhile.
  static func analysis(ctx: Context, role: Role?, ownRate: Double) throws -> OutcomeAnalysis {
    let started = Date()
    var cases = Cases(try ended(ctx: ctx, role: role))
    let built = try ComparisonBuilder.build(
      ctx: ctx, role: role, agreement: true, visit: { row, questions in cases.add(row, questions: questions) })
    if !built.visited { for row in built.base.rows { cases.add(row, questions: built.base.questions) } }
    ctx.trace("cases", since: started)
    return analysis(built: built, cases: cases.all, ownRate: ownRate)
  }

  /// The same from a comparison already built (the HTML report's own): its scores, scorecards and leniency.
  static func analysis(ctx: Context, built: BuiltComparison, ownRate: Double) throws -> OutcomeAnalysis {
    var cases = Cases(try ended(ctx: ctx, role: built.base.role))
    for row in built.base.rows { cases.add(row, questions: built.base.questions) }
    return analysis(built: built, cases: cases.all, ownRate: ownRate)
  }

  /// Engagements that have ended (of the role, if any), read row by row.
  private static func ended(ctx: Context, role: Role?) throws -> [Engagement] {
    try ctx.db.engagements(endedOnly: true).filter { $0.end != nil && (role == nil || $0.roleId == role?.id) }
  }

  private static func analysis(built: BuiltComparison, cases: [OutcomeCase], ownRate: Double) -> OutcomeAnalysis {
    var leniency: [String: Double] = [:]
    for l in built.agreement.interviewers { if let o = l.offset { leniency[l.rater] = o } }
    return OutcomeAnalysis.compute(
      cases: cases, questions: built.base.questions.map { ($0.id, $0.title) }, ownRate: ownRate, leniency: leniency)
  }

  /// A case per ended engagement, made as its candidate's row goes by, in the order of the engagements.
  struct Cases {
    let ended: [Engagement]
    var positions: [Int64: [Int]] = [:]
    var found: [OutcomeCase?]

    init(_ ended: [Engagement]) {
      self.ended = ended
      found = [OutcomeCase?](repeating: nil, count: ended.count)
      for (k, e) in ended.enumerated() { positions[e.candidateId, default: []].append(k) }
    }

    mutating func add(_ row: ComparisonRow, questions: [QuestionRef]) {
      guard !row.sealed, let ks = positions[row.candidate.id] else { return }
      var means: [String: Double] = [:]
      for (k, q) in questions.enumerated() { if let m = row.result.mean(k) { means[q.id] = m } }
      // Each interviewer's own score of the candidate: their finished scorecards, weighted as the comparison is.
      var byInterviewer: [String: [Double]] = [:]
      for card in row.scorecards where card.finished {
        let cardMeans = questions.indices.map { k in card.score(k).map(Double.init) }
        if let s = Scoring.weighted(means: cardMeans, weights: card.weights ?? questions.map(\.weight)).score {
          byInterviewer[card.interviewer, default: []].append(s)
        }
      }
      for k in ks {
        found[k] = OutcomeCase(
          engagement: ended[k], tier: row.candidate.tier, score: row.result.score, questionMeans: means,
          interviewerScores: byInterviewer.mapValues { $0.reduce(0, +) / Double($0.count) })
      }
    }

    var all: [OutcomeCase] { found.compactMap { $0 } }
  }

  static func ownRate(ctx: Context, option: Double?) throws -> Double {
    if let v = option {
      if try !ctx.db.isReadOnly { try ctx.db.setSetting("own_rate", String(v)) }
      return v
    }
    return try ctx.db.setting("own_rate").flatMap(Double.init) ?? 150
  }
}
