/// One submitted scorecard's scores, for scoring.
public struct ScorecardScores: Sendable, Equatable {
  public var interviewId: Int64
  public var interviewer: String
  public var finished: Bool
  /// question id -> 1...4 (skipped and unscored questions are absent)
  public var scores: [String: Int]
  public var recommendation: Recommendation?
  /// The bank the scorecard was taken with (nil when unknown).
  public var bankId: String?

  public init(
    interviewId: Int64, interviewer: String, finished: Bool = true, scores: [String: Int],
    recommendation: Recommendation? = nil, bankId: String? = nil
  ) {
    self.interviewId = interviewId
    self.interviewer = interviewer
    self.finished = finished
    self.scores = scores
    self.recommendation = recommendation
    self.bankId = bankId
  }
}

/// A candidate's scores as PRODUCT.md defines them.
public struct CandidateScore: Sendable, Equatable {
  /// 0-100, nil when no question has a score.
  public var score: Double?
  /// scored weight / total weight, 0-1.
  public var coverage: Double
  /// question id -> mean of the submitted scorecards' scores (nil when none)
  public var means: [String: Double?]
  /// Question ids with no score: evidence gaps.
  public var gaps: [String]
  public var recommendations: [Recommendation: Int]
  /// Number of submitted (finished) scorecards.
  public var interviews: Int
}

/// The scoring formula: a question's score is the mean of the submitted scorecards' scores; the candidate's score is
/// `100 * sum(w_q * (mean_q - 1)) / (3 * sum(w_q))` over questions with at least one score; unscored and skipped
/// questions are left out (never zero) and reported as gaps; coverage = scored weight / total weight.
public enum Scoring {
  public static func weighted(means: [String: Double], questions: [(id: String, weight: Double)])
    -> (score: Double?, coverage: Double, gaps: [String])
  {
    var num = 0.0
    var scoredWeight = 0.0
    var totalWeight = 0.0
    var gaps: [String] = []
    for q in questions {
      totalWeight += q.weight
      if let m = means[q.id] {
        num += q.weight * (m - 1)
        scoredWeight += q.weight
      } else {
        gaps.append(q.id)
      }
    }
    let score = scoredWeight > 0 ? 100 * num / (3 * scoredWeight) : nil
    return (score, totalWeight > 0 ? scoredWeight / totalWeight : 0, gaps)
  }

  /// Scores a candidate over `questions` from their scorecards; open scorecards never count.
  public static func candidate(questions: [(id: String, weight: Double)], scorecards: [ScorecardScores])
    -> CandidateScore
  {
    let finished = scorecards.filter(\.finished)
    var means: [String: Double?] = [:]
    var present: [String: Double] = [:]
    for q in questions {
      let values = finished.compactMap { $0.scores[q.id] }
      if values.isEmpty {
        means[q.id] = .some(nil)
      } else {
        let m = Double(values.reduce(0, +)) / Double(values.count)
        means[q.id] = m
        present[q.id] = m
      }
    }
    let (score, coverage, gaps) = weighted(means: present, questions: questions)
    var tally: [Recommendation: Int] = [:]
    for s in finished { if let r = s.recommendation { tally[r, default: 0] += 1 } }
    return CandidateScore(
      score: score, coverage: coverage, means: means, gaps: gaps, recommendations: tally, interviews: finished.count)
  }

  /// One scorecard's own 0-100 score (used for ICC and per-interviewer views).
  public static func scorecard(_ card: ScorecardScores, questions: [(id: String, weight: Double)]) -> Double? {
    weighted(means: card.scores.mapValues(Double.init), questions: questions).score
  }
}
