import Foundation

/// A question as it appears in a comparison: id, short title and weight, from the stored bank snapshots.
public struct QuestionRef: Sendable, Equatable {
  public var id: String
  public var title: String
  public var weight: Double
  public var bankId: String

  public init(id: String, title: String, weight: Double, bankId: String) {
    self.id = id
    self.title = title
    self.weight = weight
    self.bankId = bankId
  }
}

/// One candidate's line in a comparison.
public struct ComparisonRow: Sendable {
  public var candidate: Candidate
  public var result: CandidateScore
  /// Hidden because the current interviewer's own scorecard for this candidate is still open.
  public var sealed: Bool
  public var scorecards: [ScorecardScores]

  public var interviewed: Bool { result.interviews > 0 }

  public init(candidate: Candidate, result: CandidateScore, sealed: Bool, scorecards: [ScorecardScores]) {
    self.candidate = candidate
    self.result = result
    self.sealed = sealed
    self.scorecards = scorecards
  }
}

/// What a candidate ranks by, in 28 bytes: score (highest first; NaN when there is none, ranked after every score),
/// then coverage, then finished scorecards, then the id. Reports over a million candidates keep only these in memory.
public struct RankKey: Sendable, Equatable {
  public var score: Double
  public var coverage: Double
  public var id: Int64
  public var interviews: Int32

  public init(_ result: CandidateScore, id: Int64) {
    score = result.score ?? .nan
    coverage = result.coverage
    self.id = id
    interviews = Int32(clamping: result.interviews)
  }

  /// True when `a` ranks above `b`.
  @inlinable public static func precedes(_ a: RankKey, _ b: RankKey) -> Bool {
    let (x, y) = (a.score, b.score)
    switch (x.isNaN, y.isNaN) {
    case (false, false) where x != y: return x > y
    case (false, true): return true
    case (true, false): return false
    default:
      if a.coverage != b.coverage { return a.coverage > b.coverage }
      if a.interviews != b.interviews { return a.interviews > b.interviews }
      return a.id < b.id
    }
  }

  public static func == (a: RankKey, b: RankKey) -> Bool {
    (a.score == b.score || (a.score.isNaN && b.score.isNaN)) && a.coverage == b.coverage && a.id == b.id
      && a.interviews == b.interviews
  }
}

/// Ranks candidates by the PRODUCT.md score: highest first, candidates without a finished scorecard last.
public enum Comparison {
  /// Scorecards' `scores` are indexed by position in `questions`. With `sorted: false` the rows keep the candidates'
  /// order (sums per tier need no ranking).
  public static func rank(
    candidates: [Candidate], questions: [QuestionRef], scorecards: [Int64: [ScorecardScores]],
    sealed: Set<Int64> = [], roleBanks: [String]? = nil, sorted: Bool = true
  ) -> [ComparisonRow] {
    let weights = questions.map(\.weight)
    let all = Array(questions.indices)
    // A candidate is scored over the questions of the banks they were interviewed with, and with a role, over every
    // bank of the role (a bank never asked is a gap: coverage counts it). Another role's or an unused bank's
    // questions are not their evidence gaps. Most candidates share a bank set, so the question list per set is kept.
    var ownBySet: [[String]: [Int]] = [:]
    func own(_ cards: [ScorecardScores]) -> [Int] {
      var banks: [String] = roleBanks ?? []
      for c in cards where c.finished { if let b = c.bankId, !banks.contains(b) { banks.append(b) } }
      if banks.isEmpty { return all }
      banks.sort()
      if let known = ownBySet[banks] { return known }
      let list = questions.indices.filter { banks.contains(questions[$0].bankId) }
      ownBySet[banks] = list
      return list
    }
    let empty: [ScorecardScores] = []
    // Without a finished scorecard every candidate has the same empty result: computed once, its arrays shared.
    var blank: CandidateScore?
    var rows: [ComparisonRow] = []
    rows.reserveCapacity(candidates.count)
    for c in candidates {
      let id = c.id
      let cards = scorecards[id] ?? empty
      if sealed.contains(id) {
        let interviews = cards.reduce(0) { $0 + ($1.finished ? 1 : 0) }
        let result = CandidateScore(
          score: nil, coverage: 0, means: [Double?](repeating: nil, count: questions.count), gaps: all,
          recommendations: [:], interviews: interviews)
        rows.append(ComparisonRow(candidate: c, result: result, sealed: true, scorecards: []))
      } else if !cards.contains(where: \.finished) {
        let result = blank ?? Scoring.candidate(weights: weights, scorecards: [], own: own([]))
        blank = result
        rows.append(ComparisonRow(candidate: c, result: result, sealed: false, scorecards: cards))
      } else {
        let result = Scoring.candidate(weights: Self.weights(weights, cards), scorecards: cards, own: own(cards))
        rows.append(ComparisonRow(candidate: c, result: result, sealed: false, scorecards: cards))
      }
    }
    // Per-tier sums need no order (`tiers` at 100,000 rows).
    guard sorted else { return rows }
    // Sorted by index: a row is large, and the sort key is four numbers.
    let keys = rows.map { RankKey($0.result, id: $0.candidate.id) }
    var order = rows.indices.sorted { RankKey.precedes(keys[$0], keys[$1]) }
    // The order applied in place, a cycle at a time (a second array of rows was a quarter of compare's memory at
    // 1,000,000 candidates).
    for start in order.indices where order[start] != start {
      let first = rows[start]
      var k = start
      while true {
        let source = order[k]
        order[k] = k
        if source == start {
          rows[k] = first
          break
        }
        rows[k] = rows[source]
        k = source
      }
    }
    return rows
  }

  /// The weights a candidate is scored with: each question's weight in the bank versions of their own finished
  /// scorecards (the mean where versions differ), else the comparison's. Scorecards of one version (the common case)
  /// give back the comparison's array itself.
  static func weights(_ base: [Double], _ cards: [ScorecardScores]) -> [Double] {
    guard cards.contains(where: { $0.finished && $0.weights != nil && $0.weights! != base }) else { return base }
    var out = base
    for k in base.indices {
      var sum = 0.0
      var n = 0.0
      for c in cards where c.finished {
        guard let w = c.weights, k < w.count, w[k] > 0 else { continue }
        sum += w[k]
        n += 1
      }
      if n > 0 { out[k] = sum / n }
    }
    return out
  }

  /// "2 strong-yes, 1 no" in a fixed order.
  public static func tallyText(_ tally: [Recommendation: Int], short: Bool = false) -> String {
    if tally.isEmpty { return "" }
    var out = ""
    for r in [Recommendation.strongYes, .yes, .no, .strongNo] {
      guard let n = tally[r], n > 0 else { continue }
      if !out.isEmpty { out += short ? " " : ", " }
      out += String(n)
      switch (r, short) {
      case (.strongYes, true): out += "SY"
      case (.yes, true): out += "Y"
      case (.no, true): out += "N"
      case (.strongNo, true): out += "SN"
      default: out += " " + r.rawValue
      }
    }
    return out
  }
}

/// Simple statistics helpers.
public enum Stats {
  public static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  public static func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let s = values.sorted()
    let m = s.count / 2
    return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
  }
}

/// One sourcing tier's yield: the user's own evidence on which channel gives the best candidates.
public struct TierYield: Sendable, Equatable {
  public var tier: Tier
  public var candidates: Int
  public var interviewed: Int
  public var shortlisted: Int
  public var hired: Int
  public var meanScore: Double?
  public var medianDaysToShortlist: Double?
  public var meanRate: Double?

  /// Yield per tier from a comparison and the first time each candidate reached each milestone.
  public static func compute<Rows: Sequence<ComparisonRow>>(rows: Rows, reached: [Int64: Milestones]) -> [TierYield] {
    var sums = Accumulator()
    sums.add(rows: rows, reached: reached)
    return sums.result
  }

  /// The sums behind the yield, added to slice by slice (`tiers` over a million candidates reads them in slices of
  /// ids, so only a slice's rows are held at once). Scores and rates are summed as they come (the same sum, in the
  /// same order, that `Stats.mean` makes), days to shortlist kept per tier (8 bytes each) for the exact median.
  public struct Accumulator: Sendable {
    struct Sums: Sendable {
      var candidates = 0
      var interviewed = 0
      var shortlisted = 0
      var hired = 0
      var scores = Sum()
      var days: [Double] = []
      var rates = Sum()
    }
    var sums = [Sums](repeating: Sums(), count: Tier.allCases.count)

    /// A running sum, added left to right as `Stats.mean` adds an array: the same mean to the last bit.
    struct Sum: Sendable {
      var total = 0.0
      var count = 0

      mutating func add(_ v: Double) {
        total += v
        count += 1
      }

      var mean: Double? { count == 0 ? nil : total / Double(count) }
    }

    public init() {}

    public mutating func add<Rows: Sequence<ComparisonRow>>(rows: Rows, reached: [Int64: Milestones]) {
      for row in rows { add(row, reached: reached) }
    }

    /// The same over an array, specialized (`tiers` adds a million rows; a generic walk across the module boundary
    /// cost a sixth of it).
    public mutating func add(rows: [ComparisonRow], reached: [Int64: Milestones]) {
      for k in rows.indices { add(rows[k], reached: reached) }
    }

    mutating func add(_ row: ComparisonRow, reached: [Int64: Milestones]) {
      let t = Tier.allCases.firstIndex(of: row.candidate.tier) ?? 0
      sums[t].candidates += 1
      if row.result.interviews > 0 { sums[t].interviewed += 1 }
      if !row.sealed, let score = row.result.score { sums[t].scores.add(score) }
      if let rate = row.candidate.rate { sums[t].rates.add(rate) }
      guard let r = reached[row.candidate.id] else { return }
      if r[.shortlisted] != nil || r[.offer] != nil || r[.hired] != nil { sums[t].shortlisted += 1 }
      if r[.hired] != nil { sums[t].hired += 1 }
      if let end = r[.shortlisted] {
        let start = r[.sourced] ?? row.candidate.createdAt
        sums[t].days.append(max(0, end.timeIntervalSince(start) / 86_400))
      }
    }

    public var result: [TierYield] {
      Tier.allCases.enumerated().map { i, tier in
        let s = sums[i]
        return TierYield(
          tier: tier, candidates: s.candidates, interviewed: s.interviewed, shortlisted: s.shortlisted, hired: s.hired,
          meanScore: s.scores.mean, medianDaysToShortlist: Stats.median(s.days), meanRate: s.rates.mean)
      }
    }
  }
}

/// When a candidate (or one application) first reached the statuses the yield per tier counts, from the history:
/// what happened, never the current status. A value, not a dictionary per person (`tiers` keeps one per candidate).
public struct Milestones: Sendable, Equatable, ExpressibleByDictionaryLiteral {
  public var sourced: Date?
  public var shortlisted: Date?
  public var offer: Date?
  public var hired: Date?

  public init() {}

  /// `[.sourced: t0, .hired: t1]`: statuses that are not milestones are left out.
  public init(dictionaryLiteral elements: (Status, Date)...) {
    for (status, date) in elements { self[status] = date }
  }

  /// The first time `status` was reached; nil for a status that is not a milestone.
  public subscript(status: Status) -> Date? {
    get {
      switch status {
      case .sourced: sourced
      case .shortlisted: shortlisted
      case .offer: offer
      case .hired: hired
      default: nil
      }
    }
    set {
      switch status {
      case .sourced: sourced = newValue
      case .shortlisted: shortlisted = newValue
      case .offer: offer = newValue
      case .hired: hired = newValue
      default: break
      }
    }
  }
}
