import Foundation

/// Rank correlation with honest uncertainty: Spearman's rho (Pearson's r of the ranks, ties given their average rank,
/// as scipy's `spearmanr`) and its 95% confidence interval by Fisher's z.
public enum RankCorrelation {
  public static let minimumN = 5
  /// The 97.5% quantile of the standard normal.
  static let z975 = 1.959_963_984_540_054

  /// 1-based ranks, ties given the mean of the ranks they span.
  public static func ranks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var out = [Double](repeating: 0, count: values.count)
    var k = 0
    while k < order.count {
      var j = k
      while j + 1 < order.count && values[order[j + 1]] == values[order[k]] { j += 1 }
      let rank = Double(k + j) / 2 + 1
      for m in k...j { out[order[m]] = rank }
      k = j + 1
    }
    return out
  }

  public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
    guard x.count == y.count, x.count >= 2 else { return nil }
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for i in x.indices {
      let dx = x[i] - mx
      let dy = y[i] - my
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
  }

  /// Spearman's rho; nil when fewer than 2 pairs or either side is constant.
  public static func spearman(_ x: [Double], _ y: [Double]) -> Double? { pearson(ranks(x), ranks(y)) }

  /// The 95% interval of a correlation by Fisher's z: tanh(atanh(r) -+ 1.96 / sqrt(n - 3)); nil below n = 4.
  public static func fisherInterval(_ r: Double, n: Int) -> (low: Double, high: Double)? {
    guard n > 3, r.isFinite else { return nil }
    if abs(r) >= 1 { return (r, r) }
    let z = atanh(r)
    let half = z975 / Double(n - 3).squareRoot()
    return (tanh(z - half), tanh(z + half))
  }

  public struct Result: Sendable, Equatable {
    public var rho: Double?
    public var n: Int
    public var low: Double?
    public var high: Double?

    public var verdict: String {
      guard n >= RankCorrelation.minimumN, let rho else { return "not enough data" }
      if let low, low > 0 { return "predicts" }
      if let high, high < 0 { return "predicts the opposite" }
      return rho > 0 ? "uncertain (positive)" : rho < 0 ? "uncertain (negative)" : "uncertain"
    }
  }

  /// rho, n and the interval, with rho withheld (nil) below `minimumN` pairs.
  public static func result(_ pairs: [(Double, Double)]) -> Result {
    let n = pairs.count
    guard n >= minimumN, let r = spearman(pairs.map(\.0), pairs.map(\.1)) else {
      return Result(rho: nil, n: n, low: nil, high: nil)
    }
    let ci = fisherInterval(r, n: n)
    return Result(rho: r, n: n, low: ci?.low, high: ci?.high)
  }
}

/// One ended engagement joined with the interviews of its candidate: what `outcomes` computes from.
public struct OutcomeCase: Sendable {
  public var engagement: Engagement
  public var tier: Tier
  /// The candidate's weighted interview score (0-100) and mean per question id (1-4), over finished scorecards.
  public var score: Double?
  public var questionMeans: [String: Double]
  /// Each interviewer's own weighted score of the candidate (their scorecards' mean).
  public var interviewerScores: [String: Double]

  public init(
    engagement: Engagement, tier: Tier, score: Double?, questionMeans: [String: Double],
    interviewerScores: [String: Double]
  ) {
    self.engagement = engagement
    self.tier = tier
    self.score = score
    self.questionMeans = questionMeans
    self.interviewerScores = interviewerScores
  }
}

/// Did the interviews predict the work? Per question, overall, per tier and per interviewer.
public struct OutcomeAnalysis: Sendable {
  public struct QuestionLine: Sendable {
    public var id: String
    public var title: String
    public var result: RankCorrelation.Result
  }

  public struct TierLine: Sendable {
    public var tier: Tier
    public var engagements: Int
    /// Share with the first milestone met on time (`yes`), of those with a milestone recorded.
    public var milestoneMet: Double?
    public var quality: Double?
    public var again: Double?
    public var daysToFirstShip: Double?
    /// (hours, rework included, + support) x rate, + coordination hours x own rate, over the milestones delivered.
    public var freelancerCost: Double
    public var supportCost: Double
    public var coordinationCost: Double
    public var delivered: Int
    public var costPerMilestone: Double? {
      delivered > 0 ? (freelancerCost + supportCost + coordinationCost) / Double(delivered) : nil
    }
  }

  public struct InterviewerLine: Sendable {
    public var name: String
    public var result: RankCorrelation.Result
    public var offset: Double?
  }

  /// The validity of structured interviews in the literature (Sackett et al. 2022; Schmidt & Hunter 1998).
  public static let reference = (low: 0.42, high: 0.51)

  public var questions: [QuestionLine]
  public var overall: RankCorrelation.Result
  public var tiers: [TierLine]
  public var interviewers: [InterviewerLine]
  public var cases: [OutcomeCase]
  public var ownRate: Double

  /// Engagements count when ended with a quality recorded. Questions ranked by rho (no rho last).
  public static func compute(
    cases all: [OutcomeCase], questions: [(id: String, title: String)], ownRate: Double,
    leniency: [String: Double] = [:]
  ) -> OutcomeAnalysis {
    let cases = all.filter { $0.engagement.end != nil }
    let rated = cases.filter { $0.engagement.outcome.quality != nil }
    func quality(_ c: OutcomeCase) -> Double { Double(c.engagement.outcome.quality ?? 0) }
    var qLines = questions.map { q in
      QuestionLine(
        id: q.id, title: q.title,
        result: RankCorrelation.result(rated.compactMap { c in c.questionMeans[q.id].map { ($0, quality(c)) } }))
    }
    qLines.sort { a, b in
      switch (a.result.rho, b.result.rho) {
      case let (x?, y?): return x > y
      case (_?, nil): return true
      case (nil, _?): return false
      default: return a.result.n > b.result.n
      }
    }
    let overall = RankCorrelation.result(rated.compactMap { c in c.score.map { ($0, quality(c)) } })
    var tiers: [TierLine] = []
    for tier in Tier.allCases {
      let group = cases.filter { $0.tier == tier }
      guard !group.isEmpty else { continue }
      func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
      let withMilestone = group.compactMap(\.engagement.outcome.milestone)
      var freelancer = 0.0
      var support = 0.0
      var coordination = 0.0
      for c in group {
        let e = c.engagement
        let rate = e.rate ?? 0
        freelancer += (e.outcome.hours ?? e.reportedHours) * rate
        support += (e.outcome.support ?? 0) * rate
        coordination += e.coordinationHours * ownRate
      }
      tiers.append(
        TierLine(
          tier: tier, engagements: group.count,
          milestoneMet: withMilestone.isEmpty
            ? nil : Double(withMilestone.filter { $0 == .yes }.count) / Double(withMilestone.count),
          quality: mean(group.compactMap { $0.engagement.outcome.quality.map(Double.init) }),
          again: mean(group.compactMap { $0.engagement.outcome.again.map { $0 ? 1 : 0 } }),
          daysToFirstShip: mean(group.compactMap { $0.engagement.daysToFirstShip.map(Double.init) }),
          freelancerCost: freelancer, supportCost: support, coordinationCost: coordination,
          delivered: withMilestone.filter(\.delivered).count))
    }
    let names = Set(rated.flatMap { $0.interviewerScores.keys }).sorted()
    let interviewers = names.map { name in
      InterviewerLine(
        name: name,
        result: RankCorrelation.result(rated.compactMap { c in c.interviewerScores[name].map { ($0, quality(c)) } }),
        offset: leniency[name])
    }
    return OutcomeAnalysis(
      questions: qLines, overall: overall, tiers: tiers, interviewers: interviewers, cases: cases, ownRate: ownRate)
  }
}

/// The playbook's decision signals: is this role a freelancer's, an engineering partner's, or a full-time hire's?
public enum FitSignal: String, CaseIterable, Sendable {
  case scope, verifiable
  case noOps = "no-ops"
  case noArchitecture = "no-architecture"
  case short, review
  case fromScratch = "from-scratch"
  case regulated
  case aiCore = "ai-core"
  case long, evolving, coordination

  public var favoursFreelancer: Bool {
    switch self {
    case .scope, .verifiable, .noOps, .noArchitecture, .short, .review: true
    default: false
    }
  }

  public var question: String {
    switch self {
    case .scope: "Is the scope clear and self-contained?"
    case .verifiable: "Can \"done\" be verified without deep knowledge of your systems?"
    case .noOps: "Is there no ongoing operational dependency on the person after delivery?"
    case .noArchitecture: "Is no architecture judgement needed (the design is settled)?"
    case .short: "Is the timeline short (weeks, not quarters)?"
    case .review: "Is there a team to review the work?"
    case .fromScratch: "Is it built from scratch?"
    case .regulated: "Does it touch regulated data or payments?"
    case .aiCore: "Is AI at the core of the product?"
    case .long: "Will it take 3+ months with sustained context?"
    case .evolving: "Is the scope likely to evolve?"
    case .coordination: "Does it need constant coordination with the team?"
    }
  }

  public var reason: String {
    switch self {
    case .scope: "the scope is clear and self-contained"
    case .verifiable: "done is verifiable without deep system knowledge"
    case .noOps: "no ongoing operational dependency"
    case .noArchitecture: "no architecture judgement needed"
    case .short: "a short timeline"
    case .review: "a team to review the work"
    case .fromScratch: "built from scratch"
    case .regulated: "regulated data or payments"
    case .aiCore: "AI at the core of the product"
    case .long: "3+ months with sustained context"
    case .evolving: "a scope likely to evolve"
    case .coordination: "constant coordination"
    }
  }
}

public enum FitVerdict: String, Sendable {
  case freelancer, partner
  case fullTime = "full-time"
}

public enum RoleFit {
  /// The verdict and its reasons from the signals that hold. Partner signals weigh more: one wrong freelancer on
  /// regulated, core or long work costs more than a partner on simple work.
  public static func verdict(_ yes: Set<FitSignal>) -> (verdict: FitVerdict, reasons: [String]) {
    let forFreelancer = FitSignal.allCases.filter { $0.favoursFreelancer && yes.contains($0) }
    let against = FitSignal.allCases.filter { !$0.favoursFreelancer && yes.contains($0) }
    let verdict: FitVerdict
    if against.count >= 4 || (yes.contains(.long) && yes.contains(.coordination) && against.count >= 3) {
      verdict = .fullTime
    } else if against.count >= 2 || forFreelancer.count < 3 {
      verdict = .partner
    } else {
      verdict = .freelancer
    }
    var reasons: [String] = []
    if !forFreelancer.isEmpty {
      reasons.append("for a freelancer: " + forFreelancer.map(\.reason).joined(separator: ", "))
    }
    if !against.isEmpty {
      reasons.append("for a partner or a full-time hire: " + against.map(\.reason).joined(separator: ", "))
    }
    let missing = FitSignal.allCases.filter { $0.favoursFreelancer && !yes.contains($0) }
    if verdict != .freelancer && !missing.isEmpty {
      reasons.append("missing for a freelancer: " + missing.map(\.reason).joined(separator: ", "))
    }
    return (verdict, reasons)
  }
}
