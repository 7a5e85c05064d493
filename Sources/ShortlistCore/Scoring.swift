/// One submitted scorecard's scores, for scoring.
public struct ScorecardScores: Sendable, Equatable {
  public var interviewId: Int64
  public var interviewer: String
  public var finished: Bool
  /// Scores by question index, in the order of the comparison's questions: 1...4, or 0 where the question was
  /// skipped, left unscored or is not in this scorecard's bank. Indices keep scoring free of string hashing.
  public var scores: [UInt8]
  public var recommendation: Recommendation?
  /// The bank the scorecard was taken with (nil when unknown).
  public var bankId: String?
  /// The weights of the bank version (snapshot) the scorecard was taken with, by question index (0 where the
  /// question is not in that version); nil: the comparison's weights. A new version never changes an old score.
  public var weights: [Double]?

  public init(
    interviewId: Int64, interviewer: String, finished: Bool = true, scores: [UInt8],
    recommendation: Recommendation? = nil, bankId: String? = nil
  ) {
    self.interviewId = interviewId
    self.interviewer = interviewer
    self.finished = finished
    self.scores = scores
    self.recommendation = recommendation
    self.bankId = bankId
  }

  /// Scores given by question id, laid out in `order`; ids not in `order` and values outside 1...4 are dropped.
  public init(
    interviewId: Int64, interviewer: String, finished: Bool = true, scores: [String: Int], order: [String],
    recommendation: Recommendation? = nil, bankId: String? = nil
  ) {
    let laidOut = order.map { id -> UInt8 in
      guard let s = scores[id], (1...4).contains(s) else { return 0 }
      return UInt8(s)
    }
    self.init(
      interviewId: interviewId, interviewer: interviewer, finished: finished, scores: laidOut,
      recommendation: recommendation, bankId: bankId)
  }

  /// The score of question `index`, nil when there is none.
  @inlinable public func score(_ index: Int) -> Int? {
    index < scores.count && scores[index] != 0 ? Int(scores[index]) : nil
  }
}

/// A candidate's scores as PRODUCT.md defines them.
public struct CandidateScore: Sendable, Equatable {
  /// 0-100, nil when no question has a score.
  public var score: Double?
  /// scored weight / total weight, 0-1.
  public var coverage: Double
  /// Mean of the submitted scorecards' scores per question index (nil when none, or when the question is not one of
  /// the candidate's own questions).
  public var means: [Double?]
  /// Indices of the candidate's questions with no score: evidence gaps.
  public var gaps: [Int]
  public var recommendations: [Recommendation: Int]
  /// Number of submitted (finished) scorecards.
  public var interviews: Int

  public init(
    score: Double?, coverage: Double, means: [Double?], gaps: [Int], recommendations: [Recommendation: Int],
    interviews: Int
  ) {
    self.score = score
    self.coverage = coverage
    self.means = means
    self.gaps = gaps
    self.recommendations = recommendations
    self.interviews = interviews
  }

  /// The mean of question `index` (nil when there is none).
  @inlinable public func mean(_ index: Int) -> Double? { index < means.count ? means[index] : nil }
}

/// The scoring formula: a question's score is the mean of the submitted scorecards' scores; the candidate's score is
/// `100 * sum(w_q * (mean_q - 1)) / (3 * sum(w_q))` over questions with at least one score; unscored and skipped
/// questions are left out (never zero) and reported as gaps; coverage = scored weight / total weight.
/// Questions are addressed by index: `weights[k]` is the weight of question k.
public enum Scoring {
  /// Score, coverage and gaps from per-question means over the questions in `own` (every question when nil).
  public static func weighted(means: [Double?], weights: [Double], own: [Int]? = nil)
    -> (score: Double?, coverage: Double, gaps: [Int])
  {
    var num = 0.0
    var scoredWeight = 0.0
    var totalWeight = 0.0
    var gaps: [Int] = []
    func add(_ k: Int) {
      totalWeight += weights[k]
      if k < means.count, let m = means[k] {
        num += weights[k] * (m - 1)
        scoredWeight += weights[k]
      } else {
        gaps.append(k)
      }
    }
    if let own { for k in own { add(k) } } else { for k in weights.indices { add(k) } }
    let score = scoredWeight > 0 ? 100 * num / (3 * scoredWeight) : nil
    return (score, totalWeight > 0 ? scoredWeight / totalWeight : 0, gaps)
  }

  /// Scores a candidate over the questions in `own` (every question when nil) from their scorecards; open scorecards
  /// never count. `means` has one entry per question of `weights`.
  public static func candidate(weights: [Double], scorecards: [ScorecardScores], own: [Int]? = nil) -> CandidateScore {
    var interviews = 0
    var tally: [Recommendation: Int] = [:]
    var means = [Double?](repeating: nil, count: weights.count)
    withUnsafeTemporaryAllocation(of: (sum: Int, count: Int).self, capacity: weights.count) { acc in
      for k in acc.indices { acc[k] = (0, 0) }
      for card in scorecards where card.finished {
        interviews += 1
        if let r = card.recommendation { tally[r, default: 0] += 1 }
        card.scores.withUnsafeBufferPointer { scores in
          for k in 0..<min(scores.count, acc.count) where scores[k] != 0 {
            acc[k].sum += Int(scores[k])
            acc[k].count += 1
          }
        }
      }
      func fill(_ k: Int) { if acc[k].count > 0 { means[k] = Double(acc[k].sum) / Double(acc[k].count) } }
      if let own { for k in own { fill(k) } } else { for k in weights.indices { fill(k) } }
    }
    let (score, coverage, gaps) = weighted(means: means, weights: weights, own: own)
    return CandidateScore(
      score: score, coverage: coverage, means: means, gaps: gaps, recommendations: tally, interviews: interviews)
  }

  /// One scorecard's own 0-100 score over the questions it scored; used for ICC.
  public static func scorecard(_ card: ScorecardScores, weights: [Double]) -> Double? {
    scorecard(scores: card.scores, weights: weights)
  }

  /// The same from the scores alone (by question index, 0 = none).
  public static func scorecard(scores: [UInt8], weights: [Double]) -> Double? {
    var num = 0.0
    var scoredWeight = 0.0
    for k in 0..<min(scores.count, weights.count) where scores[k] != 0 {
      num += weights[k] * Double(scores[k] - 1)
      scoredWeight += weights[k]
    }
    return scoredWeight > 0 ? 100 * num / (3 * scoredWeight) : nil
  }
}
