import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

/// Outcome validity from ended engagements, for `outcomes` and for the HTML comparison.
enum OutcomesBuilder {
  /// Builds the analysis the report and the HTML comparison show.
  static func analysis(ctx: Context, role: Role?, ownRate: Double) throws -> OutcomeAnalysis {
    // The interviewers' leniency comes from the agreement section: added up as a large comparison's slices are read,
    // not in a second pass over its rows.
    let built = try ComparisonBuilder.build(ctx: ctx, role: role, agreement: true)
    return try analysis(ctx: ctx, built: built, ownRate: ownRate)
  }

  /// The same from a comparison already built (the HTML report's own): its scores, scorecards and leniency.
  static func analysis(ctx: Context, built: BuiltComparison, ownRate: Double) throws -> OutcomeAnalysis {
    let role = built.base.role
    let questions = built.base.questions
    // Each case is made as its candidate's row goes by (a million candidates' rows are read back once from the
    // comparison's temporary file; none is kept), in the order of the engagements.
    let started = Date()
    let ended = try ctx.db.engagements(endedOnly: true).filter {
      $0.end != nil && (role == nil || $0.roleId == role?.id)
    }
    var positions: [Int64: [Int]] = [:]
    for (k, e) in ended.enumerated() { positions[e.candidateId, default: []].append(k) }
    var found = [OutcomeCase?](repeating: nil, count: ended.count)
    for row in built.base.rows where !row.sealed {
      guard let ks = positions[row.candidate.id] else { continue }
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
    let cases = found.compactMap { $0 }
    ctx.trace("cases", since: started)
    let agreeing = Date()
    var leniency: [String: Double] = [:]
    for l in built.agreement.interviewers { if let o = l.offset { leniency[l.rater] = o } }
    ctx.trace("agreement", since: agreeing)
    return OutcomeAnalysis.compute(
      cases: cases, questions: questions.map { ($0.id, $0.title) }, ownRate: ownRate, leniency: leniency)
  }

  static func ownRate(ctx: Context, option: Double?) throws -> Double {
    if let v = option {
      if try !ctx.db.isReadOnly { try ctx.db.setSetting("own_rate", String(v)) }
      return v
    }
    return try ctx.db.setting("own_rate").flatMap(Double.init) ?? 150
  }
}
