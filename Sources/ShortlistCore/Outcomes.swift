import Foundation

/// Rank correlation with honest uncertainty: Spearman's rho (Pearson's r of the ranks, ties given their average rank,
/// as scipy's `spearmanr`), its two-sided p value (Student's t with n - 2 degrees of freedom, as scipy's), and its 95%
/// confidence interval by Fisher's z with Bonett and Wright's (2000) standard error for Spearman's rho.
public enum RankCorrelation {
  public static let minimumN = 5
  /// The fewest pairs for a verdict of `predicts`.
  public static let predictsN = 10
  /// |r| is clamped to this for the interval: a perfect rank order from a handful of pairs is not certainty.
  public static let clamp = 0.99
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

  /// The 95% interval of Spearman's rho by Fisher's z with the Bonett-Wright standard error:
  /// tanh(atanh(r) -+ 1.96 sqrt((1 + r^2/2) / (n - 3))), |r| clamped below 1 so that no interval has zero width;
  /// nil below n = 4.
  public static func fisherInterval(_ r: Double, n: Int) -> (low: Double, high: Double)? {
    guard n > 3, r.isFinite else { return nil }
    let rc = max(-clamp, min(clamp, r))
    let z = atanh(rc)
    let half = z975 * ((1 + rc * rc / 2) / Double(n - 3)).squareRoot()
    return (tanh(z - half), tanh(z + half))
  }

  /// The two-sided p value of a correlation r from n pairs: Student's t = r sqrt((n - 2) / (1 - r^2)), n - 2 degrees
  /// of freedom (scipy's `spearmanr`); nil below 3 pairs.
  public static func pValue(_ r: Double, n: Int) -> Double? {
    guard n > 2, r.isFinite else { return nil }
    let df = Double(n - 2)
    if abs(r) >= 1 { return 0 }
    let t2 = r * r * df / (1 - r * r)
    return Distributions.incompleteBeta(df / (df + t2), df / 2, 0.5)
  }

  /// Holm's step-down adjustment of p values (nil stays nil; the others adjusted over those present).
  public static func holm(_ ps: [Double?]) -> [Double?] {
    let present = ps.enumerated().compactMap { k, p in p.map { (k, $0) } }.sorted { $0.1 < $1.1 }
    let m = present.count
    var out = [Double?](repeating: nil, count: ps.count)
    var running = 0.0
    for (rank, (k, p)) in present.enumerated() {
      running = max(running, min(1, Double(m - rank) * p))
      out[k] = running
    }
    return out
  }

  public struct Result: Sendable, Equatable {
    public var rho: Double?
    public var n: Int
    public var low: Double?
    public var high: Double?
    public var p: Double? = nil
    /// Holm-adjusted over the questions shown (a question's line); nil for one test on its own.
    public var pAdjusted: Double? = nil

    /// `predicts` only with 10 or more pairs, a p value (Holm-adjusted where several were tested) below .05 and the
    /// whole interval above zero; "not enough data" below 5 pairs.
    public var verdict: String {
      guard n >= RankCorrelation.minimumN, let rho else { return "not enough data" }
      let significant = (pAdjusted ?? p).map { $0 < 0.05 } ?? false
      if n >= RankCorrelation.predictsN && significant {
        if let low, low > 0 { return "predicts" }
        if let high, high < 0 { return "predicts the opposite" }
      }
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
    return Result(rho: r, n: n, low: ci?.low, high: ci?.high, p: pValue(r, n: n))
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
    /// Whether any engagement of the tier reported hours (without them the cost is unknown, not zero).
    public var hoursReported = true
    public var costPerMilestone: Double? {
      delivered > 0 && hoursReported ? (freelancerCost + supportCost + coordinationCost) / Double(delivered) : nil
    }
  }

  public struct InterviewerLine: Sendable {
    public var name: String
    public var result: RankCorrelation.Result
    public var offset: Double?
  }

  /// The validity of structured interviews in the literature (Sackett et al. 2022; Schmidt & Hunter 1998): corrected
  /// meta-analytic validities (for range restriction and criterion unreliability).
  public static let reference = (low: 0.42, high: 0.51)
  /// How the reference is to be read beside a rho from hired people only.
  public static let referenceLabel =
    "corrected meta-analytic validities of structured interviews (Schmidt and Hunter 1998, .51; Sackett et al. 2022, "
    + ".42); an uncorrected rho from hired people only will usually fall below them"

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
    // Several questions tested at once: Holm's adjustment over those with a p value.
    for (k, adjusted) in RankCorrelation.holm(qLines.map(\.result.p)).enumerated() {
      qLines[k].result.pAdjusted = adjusted
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
      var hoursReported = false
      for c in group {
        if c.engagement.outcome.hours != nil || c.engagement.reportedHours > 0 { hoursReported = true }
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
          delivered: withMilestone.filter(\.delivered).count, hoursReported: hoursReported))
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

/// The two documents' decision signals: is this role a freelancer's, an engineering partner's, or a full-time hire's?
/// The freelancer-vs-partner guide gives conditions for a freelancer and for a partner; the hiring playbook's
/// decision matrix gives pairs of rows, a freelancer's column against a full-time hire's.
public enum FitSignal: String, CaseIterable, Sendable {
  // The guide: a freelancer.
  case scope, verifiable
  case noOps = "no-ops"
  case noArchitecture = "no-architecture"
  case short, review
  // The guide: an engineering partner.
  case fromScratch = "from-scratch"
  case regulated
  case aiCore = "ai-core"
  case long, evolving, coordination
  case pushBack = "push-back"
  // The playbook's decision matrix (short and long are its project type): freelancer column, then full-time.
  case urgent, niche, opex, deadline
  case canWait = "can-wait"
  case core, capex, culture

  /// The decision matrix's rows, a freelancer's side against a full-time hire's, with the row's name.
  public static let matrixRows: [(FitSignal, FitSignal, String)] = [
    (.short, .long, "project type"), (.urgent, .canWait, "urgency"), (.niche, .core, "expertise"),
    (.opex, .capex, "budget"), (.deadline, .culture, "team impact"),
  ]

  /// Where a signal comes from.
  public enum Source: String, Sendable { case guide, matrix }

  public var source: Source {
    switch self {
    case .urgent, .niche, .opex, .deadline, .canWait, .core, .capex, .culture: .matrix
    default: .guide
    }
  }

  /// The outcome a signal speaks for (`short` and `long` are in both documents: a freelancer's, and a partner's
  /// in the guide and a full-time hire's in the matrix).
  public var favours: Set<FitVerdict> {
    switch self {
    case .scope, .verifiable, .noOps, .noArchitecture, .review, .urgent, .niche, .opex, .deadline, .short: [.freelancer]
    case .fromScratch, .regulated, .aiCore, .evolving, .coordination, .pushBack: [.partner]
    case .long: [.partner, .fullTime]
    case .canWait, .core, .capex, .culture: [.fullTime]
    }
  }

  public var favoursFreelancer: Bool { favours.contains(.freelancer) }

  public var question: String {
    switch self {
    case .scope: "Is the scope clear and self-contained?"
    case .verifiable: "Can \"done\" be verified without deep knowledge of your systems?"
    case .noOps: "Is there no ongoing operational dependency on the person after delivery?"
    case .noArchitecture: "Is no architecture judgement needed (the design is settled)?"
    case .short: "Is it a short-term project (weeks, not quarters)?"
    case .review: "Is there a team to review and integrate the work?"
    case .fromScratch: "Is it built from scratch, with architectural decisions that will constrain everything after?"
    case .regulated: "Does it touch regulated data, payments or high-stakes business logic?"
    case .aiCore: "Is AI at the core of the product?"
    case .long: "Is it long-term or ongoing (3+ months of sustained context)?"
    case .evolving: "Is the scope likely to evolve?"
    case .coordination: "Does it need constant coordination with the team?"
    case .pushBack: "Do you need someone to push back on your assumptions, not just execute?"
    case .urgent: "Must someone be productive within 2-4 weeks?"
    case .canWait: "Can you afford a 2-3 month hiring cycle?"
    case .niche: "Is it a specialised skill the team does not have?"
    case .core: "Is it a core competency needed indefinitely?"
    case .opex: "Is it paid from a project budget (OpEx, no headcount)?"
    case .capex: "Is there approved permanent headcount (CapEx)?"
    case .deadline: "Is the aim to augment the team to hit a deadline?"
    case .culture: "Is the aim institutional knowledge and long-term culture?"
    }
  }

  public var reason: String {
    switch self {
    case .scope: "the scope is clear and self-contained"
    case .verifiable: "done is verifiable without deep system knowledge"
    case .noOps: "no ongoing operational dependency"
    case .noArchitecture: "no architecture judgement needed"
    case .short: "a short-term project"
    case .review: "a team to review and integrate the work"
    case .fromScratch: "built from scratch: architectural decisions will constrain"
    case .regulated: "regulated data, payments or high-stakes business logic"
    case .aiCore: "AI at the core of the product"
    case .long: "long-term, with 3+ months of sustained context"
    case .evolving: "a scope likely to evolve"
    case .coordination: "constant coordination with the team"
    case .pushBack: "someone to push back on your assumptions, not just execute"
    case .urgent: "productive within 2-4 weeks"
    case .canWait: "can afford a 2-3 month hiring cycle"
    case .niche: "a specialised skill not on the team"
    case .core: "a core competency needed indefinitely"
    case .opex: "a project budget (OpEx)"
    case .capex: "approved permanent headcount (CapEx)"
    case .deadline: "augmenting the team to hit a deadline"
    case .culture: "institutional knowledge and long-term culture"
    }
  }

  /// What should give pause when this signal holds beside a freelancer verdict.
  var freelancerCaveat: String? {
    switch self {
    case .regulated: "regulated: security and compliance review needs someone with ownership of the whole system"
    case .fromScratch: "from-scratch: early architectural decisions constrain everything after; someone must own them"
    case .aiCore: "ai-core: AI at the core needs sustained ownership of its models, data and evaluation"
    case .long: "long: 3+ months of context leaves with a freelancer at the end of the engagement"
    case .evolving: "evolving: an evolving scope suits time and materials, not a fixed price"
    case .coordination: "coordination: constant coordination is costly across a freelance engagement"
    case .pushBack: "push-back: a freelancer executes the brief; nobody is there to challenge your assumptions"
    default: nil
    }
  }
}

public enum FitVerdict: String, Sendable, CaseIterable {
  case freelancer, partner
  case fullTime = "full-time"
  case undecided
}

public enum RoleFit {
  /// The verdict from the signals that hold: the outcome with the most signals for it (`short` counts for a
  /// freelancer, `long` for a partner and for a full-time hire); `partner` needs two or more of the guide's partner
  /// signals and `full-time` two or more of the matrix's full-time column; `undecided` with fewer than three signals
  /// or a tie at the top. Reasons list the signals for the verdict and those against it; caveats what should give
  /// pause.
  public static func verdict(_ yes: Set<FitSignal>) -> (verdict: FitVerdict, reasons: [String], caveats: [String]) {
    let given = FitSignal.allCases.filter(yes.contains)
    func signals(_ v: FitVerdict) -> [FitSignal] { given.filter { $0.favours.contains(v) } }
    let counts: [(FitVerdict, Int)] = [
      (.freelancer, signals(.freelancer).count),
      (.partner, signals(.partner).count >= 2 ? signals(.partner).count : 0),
      (.fullTime, signals(.fullTime).count >= 2 ? signals(.fullTime).count : 0),
    ]
    let sorted = counts.sorted { $0.1 > $1.1 }
    let verdict: FitVerdict
    if given.count < 3 || sorted[0].1 == 0 || sorted[0].1 == sorted[1].1 {
      verdict = .undecided
    } else {
      verdict = sorted[0].0
    }
    func line(_ v: FitVerdict, _ list: [FitSignal]) -> String {
      "for \(v == .fullTime ? "a full-time hire" : v == .partner ? "an engineering partner" : "a freelancer"): "
        + list.map { "\($0.rawValue) (\($0.reason))" }.joined(separator: ", ")
    }
    var reasons: [String] = []
    if verdict == .undecided {
      reasons.append(
        given.count < 3
          ? "fewer than three signals (\(given.count)); answer more of them" : "the signals are evenly split")
    }
    let order: [FitVerdict] =
      verdict == .undecided ? [.freelancer, .partner, .fullTime] : [verdict] + [.freelancer, .partner, .fullTime]
    var seen = Set<FitVerdict>()
    for v in order where seen.insert(v).inserted {
      let list = v == verdict ? signals(v) : signals(v).filter { !$0.favours.contains(verdict) }
      guard !list.isEmpty else { continue }
      reasons.append((v == verdict || verdict == .undecided ? "" : "against: ") + line(v, list))
    }
    if verdict == .partner { reasons.append("you need a team with ownership") }
    var caveats: [String] = []
    if verdict == .freelancer {
      caveats += given.compactMap(\.freelancerCaveat)
      if !yes.contains(.review) {
        caveats.append("no team to review and integrate the work: a freelancer's output needs one")
      }
    }
    if verdict == .fullTime && yes.contains(.urgent) {
      caveats.append("urgent: a full-time hire takes a 2-3 month hiring cycle; cover the gap")
    }
    if verdict == .partner && yes.contains(.opex) && !yes.contains(.capex) {
      caveats.append("opex: a partner's sustained engagement still needs a budget that lasts")
    }
    // The matrix's rows are pairs: both sides of one said to hold is an answer to check, not two signals to trust.
    for (a, b, row) in FitSignal.matrixRows where yes.contains(a) && yes.contains(b) {
      caveats.append("\(a.rawValue) and \(b.rawValue) both hold: the decision matrix's \(row) row is one or the other")
    }
    return (verdict, reasons, caveats)
  }
}
