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
      ctx: ctx, role: role, agreement: true, visit: { row, data in cases.add(row, questions: data.questions) })
    if !built.visited { for row in built.base.rows { cases.add(row, questions: built.base.questions) } }
    ctx.trace("cases", since: started)
    return analysis(built: built, cases: cases.take(), ownRate: ownRate)
  }

  /// Engagements that have ended (of the role, if any), read row by row, without their contract checklists (the
  /// analysis does not use them; 20,000 small dictionaries at a million candidates).
  static func ended(ctx: Context, role: Role?) throws -> [Engagement] {
    try ctx.db.engagements(roleId: role?.id, endedOnly: true, checklists: false).filter { $0.end != nil }
  }

  /// The analysis of `cases` made from a comparison's rows (the HTML report gathers them as its rows go by): its scores,
  /// scorecards and leniency.
  static func analysis(built: BuiltComparison, cases: [OutcomeCase], ownRate: Double) -> OutcomeAnalysis {
    var leniency: [String: Double] = [:]
    for l in built.agreement.interviewers { if let o = l.offset { leniency[l.rater] = o } }
    return OutcomeAnalysis.compute(
      cases: cases, questions: built.base.questions.map { ($0.id, $0.title) }, ownRate: ownRate, leniency: leniency)
  }

  /// A case per ended engagement, made as its candidate's row goes by, in the order of the engagements.
  /// What a row tells about its engagements is kept apart from them (one copy of each engagement, not two) until
  /// `take()` makes the cases.
  struct Cases {
    private var ended: [Engagement]
    private var positions: [Int64: [Int]] = [:]
    private var found: [Found?]

    struct Found {
      var tier: Tier
      var score: Double?
      var questionMeans: [String: Double]
      var interviewerScores: [String: Double]
    }

    init(_ ended: [Engagement]) {
      self.ended = ended
      found = [Found?](repeating: nil, count: ended.count)
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
      let one = Found(
        tier: row.candidate.tier, score: row.result.score, questionMeans: means,
        interviewerScores: byInterviewer.mapValues { $0.reduce(0, +) / Double($0.count) })
      for k in ks { found[k] = one }
    }

    /// The cases, in the order of the engagements; what was kept for them goes.
    mutating func take() -> [OutcomeCase] {
      var cases: [OutcomeCase] = []
      for k in found.indices {
        guard let f = found[k] else { continue }
        cases.append(
          OutcomeCase(
            engagement: ended[k], tier: f.tier, score: f.score, questionMeans: f.questionMeans,
            interviewerScores: f.interviewerScores))
      }
      ended = []
      found = []
      positions = [:]
      return cases
    }
  }

  static func ownRate(ctx: Context, option: Double?) throws -> Double {
    if let v = option {
      if try !ctx.db.isReadOnly { try ctx.db.setSetting("own_rate", String(v)) }
      return v
    }
    return try ctx.db.setting("own_rate").flatMap(Double.init) ?? 150
  }
}
