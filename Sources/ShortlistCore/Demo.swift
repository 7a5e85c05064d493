import Foundation

/// A deterministic demo data set: roles, candidates across the four tiers with plausible rates, status histories,
/// and finished interviews from two or three interviewers whose notes come from the banks' rubric levels.
public struct DemoPlan: Sendable {
  public struct Interview: Sendable {
    public var bank: QuestionBank
    public var interviewer: String
    public var started: Date
    public var finished: Date
    public var scores: [(question: String, score: Int?, comment: String?)]
    public var notes: [(question: String, text: String, at: Date)]
    public var signals: [(question: String, index: Int, mark: SignalMark)]
    public var recommendation: Recommendation
  }

  public struct Person: Sendable {
    public var candidate: NewCandidate
    public var roleIndex: Int
    /// Status moves after `sourced`, in order, with their times.
    public var moves: [(Status, Date)]
    public var interviews: [Interview]
    /// After the hire: the engagement, its weekly reports, risks and (when over) the outcome.
    public var engagement: DemoEngagement? = nil
  }

  public struct DemoEngagement: Sendable {
    public var model: EngagementModel
    public var rate: Double?
    public var cap: Double
    public var budget: Double
    public var start: CivilDay
    public var waived: ContractItem?
    public var onboardingDone: [Int: CivilDay]
    public var reports:
      [(week: CivilDay, hours: Double, coordination: Double, done: String, next: String, blockers: String?)]
    public var risks: [(text: String, severity: RiskSeverity, owner: String, opened: Date, closed: Date?)]
    public var end: CivilDay?
    public var outcome: EngagementOutcome
  }

  public var roles: [NewRole]
  /// How many people `people` makes, one at a time: a million are never held at once.
  public let count: Int
  let seed: UInt64
  let banks: [QuestionBank]
  let now: Date

  /// The people, made one at a time from the seed (the same seed, the same people, in the same order).
  public var people: People { People(plan: self) }

  /// The seeded generator (SplitMix64, shared with the alpha bootstrap): the same seed, the same data everywhere.
  public typealias Random = SplitMix64

  static let first = [
    "Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia",
    "Tim", "Shafi", "Donald", "Hedy", "John", "Sophie", "Guido", "Anita", "Bjarne", "Joan", "Yukihiro", "Evelyn",
    "Amara", "Kwame", "Priya", "Mateo", "Aiko", "Olusegun", "Ingrid", "Rafael", "Leila", "Tomasz", "Chen", "Fatima",
    "Diego", "Nadia", "Sven", "Zainab", "Hiroshi", "Lucia", "Arjun", "Mei", "Kofi", "Elena", "Youssef", "Hana",
  ]
  static let last = [
    "Okafor", "Lindqvist", "Nakamura", "Moreau", "Haddad", "Kowalski", "Fernandes", "Adeyemi", "Petrov", "Castillo",
    "Shapiro", "Mwangi", "Novak", "Sato", "Banerjee", "Oliveira", "Kaur", "Schmidt", "Dubois", "Rossi", "Hansen",
    "Yilmaz", "Nguyen", "Abara", "Costa", "Jensen", "Ivanova", "Mendes", "Tanaka", "Osei", "Brennan", "Varga",
    "Iqbal", "Silva", "Kim", "Achebe", "Horvat", "Laurent", "Mbeki", "Park",
  ]
  static let sources: [Tier: [String]] = [
    .nicheNetwork: ["AI network", "Mercor", "A.Team"],
    .curatedMarketplace: ["Toptal", "Braintrust"],
    .directOutreach: ["referral", "outreach", "network"],
    .generalPlatform: ["Upwork", "Fiverr"],
  ]
  static let rates: [Tier: ClosedRange<Double>] = [
    .nicheNetwork: 110...190, .curatedMarketplace: 90...160, .directOutreach: 70...170, .generalPlatform: 35...95,
  ]
  /// Mean ability (rubric points above 1) by tier: tier 1 a little stronger on average, with wide spread everywhere.
  static let ability: [Tier: Double] = [
    .nicheNetwork: 1.9, .curatedMarketplace: 1.6, .directOutreach: 1.5, .generalPlatform: 1.1,
  ]
  static let interviewers: [(name: String, bias: Double)] = [("alice", 0), ("bob", -0.35), ("carol", 0.6)]

  /// The fixed day a demo ends on unless `SHORTLIST_NOW` says another (2026-09-21).
  public static let defaultNow = Date(timeIntervalSince1970: 1_790_000_000)

  /// Builds the plan. `banks` are (role title, bank) pairs; each role interviews with its bank. Its dates end at
  /// `now`: engagements, reports and moves all lie before it.
  public static func make(
    candidates count: Int, seed: UInt64, roles roleBanks: [(title: String, bank: QuestionBank)],
    now: Date = DemoPlan.defaultNow
  ) -> DemoPlan {
    var roles: [NewRole] = []
    for (i, rb) in roleBanks.enumerated() {
      let rag = rb.bank.id == "rag-prototype"
      roles.append(
        NewRole(
          title: rb.title,
          goal: rag
            ? "Support agents get drafted, cited answers from the knowledge base"
            : "Ship the integration for the launch customer",
          metric: rag
            ? ">70% of drafted answers judged correct by pilot users; median handle time down"
            : "Labels and tracking live for all three carriers",
          stack: rag ? "Python, Postgres + pgvector, OpenAI or open models" : "TypeScript, Node, Postgres, queues",
          milestone: rag ? "Week 6: pilot with 10 agents" : "Week 3: one carrier end to end",
          model: i % 2 == 0 ? .tm : .fixed, budgetMin: rag ? 90 : 70, budgetMax: rag ? 160 : 130,
          createdAt: now.addingTimeInterval(-120 * 86_400), banks: [rb.bank.id]))
    }
    return DemoPlan(roles: roles, count: count, seed: seed, banks: roleBanks.map(\.bank), now: now)
  }

  /// The people of a plan, one at a time. Names are unique without a set of every name made: a first and last name
  /// pair, then one with a middle initial, each used once (bit tables of fixed size), then the pair with the
  /// person's number, which no other person has.
  public struct People: Sequence, IteratorProtocol {
    let plan: DemoPlan
    var rng: Random
    var index = 0
    var plainUsed: [Bool]
    var initialUsed: [Bool]
    /// 18 hex digits from the seed, so two seeds never share a UUID and their files merge into a larger one.
    let uuidPrefix: (UInt64, UInt64, UInt64)

    init(plan: DemoPlan) {
      self.plan = plan
      rng = Random(seed: plan.seed)
      plainUsed = [Bool](repeating: false, count: DemoPlan.first.count * DemoPlan.last.count)
      initialUsed = [Bool](repeating: false, count: DemoPlan.first.count * 26 * DemoPlan.last.count)
      var mix = Random(seed: plan.seed ^ 0x5EED_0D1D)
      let h = mix.next()
      uuidPrefix = (h >> 32, (h >> 16) & 0xffff, h & 0xfff)
    }

    public mutating func next() -> Person? {
      guard index < plan.count else { return nil }
      defer { index += 1 }
      return make(index)
    }

    func uuid(_ index: Int) -> String {
      String(
        format: "%08llx-%04llx-4%03llx-8%03llx-%012llx", uuidPrefix.0, uuidPrefix.1, uuidPrefix.2,
        UInt64(index >> 48) & 0xfff, UInt64(index + 1) & 0xffff_ffff_ffff)
    }

    mutating func make(_ index: Int) -> Person {
      let count = plan.count
      let now = plan.now
      let first = DemoPlan.first
      let last = DemoPlan.last
      let tierWeights: [(Tier, Double)] = [
        (.nicheNetwork, 0.18), (.curatedMarketplace, 0.27), (.directOutreach, 0.3), (.generalPlatform, 0.25),
      ]
      // For a small set everybody gets interviewed; for a large one about a third.
      let interviewShare = count <= 60 ? 0.75 : 0.33
      do {
        var f = Int(rng.next() % UInt64(first.count))
        var l = Int(rng.next() % UInt64(last.count))
        var name = "\(first[f]) \(last[l])"
        if plainUsed[f * last.count + l] {
          f = Int(rng.next() % UInt64(first.count))
          let x = Int(rng.next() % 26)
          l = Int(rng.next() % UInt64(last.count))
          name = "\(first[f]) \(Character(UnicodeScalar(65 + x)!)). \(last[l])"
          let k = (f * 26 + x) * last.count + l
          if initialUsed[k] { name += " \(index)" } else { initialUsed[k] = true }
        } else {
          plainUsed[f * last.count + l] = true
        }
        var r = rng.unit()
        var tier = Tier.generalPlatform
        for (t, w) in tierWeights {
          if r < w {
            tier = t
            break
          }
          r -= w
        }
        let range = DemoPlan.rates[tier]!
        let rate = (range.lowerBound + rng.unit() * (range.upperBound - range.lowerBound)).rounded()
        let created = now.addingTimeInterval(-Double(20 + Int(rng.next() % 90)) * 86_400)
        let email =
          name.lowercased().replacingOccurrences(of: ". ", with: ".").replacingOccurrences(of: " ", with: ".")
          + "@example.com"
        let candidate = NewCandidate(
          uuid: uuid(index),
          name: name, email: email, tier: tier, source: rng.pick(DemoPlan.sources[tier]!), rate: rate, status: .sourced,
          createdAt: created,
          links: [
            "https://github.com/"
              + name.lowercased().replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: ".", with: "")
          ],
          tags: rng.unit() < 0.5 ? ["python"] : ["typescript"])
        let roleIndex = plan.banks.isEmpty ? 0 : index % plan.banks.count
        var person = Person(candidate: candidate, roleIndex: roleIndex, moves: [], interviews: [])
        var t = created.addingTimeInterval(Double(1 + rng.next() % 5) * 86_400)
        if rng.unit() < 0.85 {
          person.moves.append((.screening, t))
        } else {
          if rng.unit() < 0.4 { person.moves.append((.withdrawn, t)) }
          return person
        }
        guard !plan.banks.isEmpty, rng.unit() < interviewShare else {
          if rng.unit() < 0.3 { person.moves.append((.rejected, t.addingTimeInterval(2 * 86_400))) }
          return person
        }
        t = t.addingTimeInterval(Double(2 + rng.next() % 6) * 86_400)
        person.moves.append((.interviewing, t))
        let bank = plan.banks[roleIndex]
        let skill = Swift.max(0.2, Swift.min(2.9, DemoPlan.ability[tier]! + rng.normal() * 0.6))
        let panel = rng.unit() < 0.5 ? 2 : 3
        let start = Int(rng.next() % 3)
        var total = 0.0
        for k in 0..<panel {
          let who = DemoPlan.interviewers[(start + k) % DemoPlan.interviewers.count]
          let began = t.addingTimeInterval(Double(k) * 86_400 + 3600)
          var scores: [(String, Int?, String?)] = []
          var notes: [(String, String, Date)] = []
          var signals: [(String, Int, SignalMark)] = []
          var sum = 0.0
          for (qi, q) in bank.questions.enumerated() {
            let at = began.addingTimeInterval(Double(qi) * 420 + 60)
            if rng.unit() < 0.06 {
              scores.append((q.id, nil, nil))
              notes.append((q.id, "Ran out of time before this one.", at))
              continue
            }
            let raw = 1 + skill + who.bias + rng.normal() * 0.55
            let score = Int(Swift.max(1, Swift.min(4, raw.rounded())))
            sum += Double(score)
            scores.append(
              (q.id, score, score >= 4 ? "clear, specific, and tied to outcomes" : score <= 1 ? "no evidence" : nil))
            notes.append((q.id, "Observed: " + q.rubric[score - 1], at))
            if rng.unit() < 0.5 { notes.append((q.id, rng.pick(DemoPlan.demoRemarks), at.addingTimeInterval(90))) }
            for s in 1...q.signals.count {
              let mark: SignalMark = score >= 3 ? (rng.unit() < 0.8 ? .yes : .partial) : score == 2 ? .partial : .no
              signals.append((q.id, s, mark))
            }
          }
          let avg = sum / Double(Swift.max(1, scores.filter { $0.1 != nil }.count))
          total += avg
          let rec: Recommendation = avg >= 3.4 ? .strongYes : avg >= 2.6 ? .yes : avg >= 1.8 ? .no : .strongNo
          person.interviews.append(
            Interview(
              bank: bank, interviewer: who.name, started: began, finished: began.addingTimeInterval(3000),
              scores: scores.map { ($0.0, $0.1, $0.2) }, notes: notes.map { ($0.0, $0.1, $0.2) },
              signals: signals.map { ($0.0, $0.1, $0.2) }, recommendation: rec))
        }
        let mean = total / Double(panel)
        t = t.addingTimeInterval(Double(panel + 2 + Int(rng.next() % 8)) * 86_400)
        if mean >= 3.0 {
          person.moves.append((.shortlisted, t))
          if rng.unit() < 0.45 {
            person.moves.append((.offer, t.addingTimeInterval(3 * 86_400)))
            if rng.unit() < 0.6 { person.moves.append((.hired, t.addingTimeInterval(6 * 86_400))) }
          }
        } else if mean < 2.2 {
          person.moves.append((.rejected, t))
        }
        // A generator of its own, so engagements never change the interviews of a seed.
        var erng = Random(seed: plan.seed ^ 0xE4_6A6E ^ UInt64(index) &* 0x9E37_79B9)
        // Half of those left on the shortlist are hired too, so that even a small demo has engagements to follow.
        if person.moves.last?.0 == .shortlisted, let listed = person.moves.last?.1, erng.unit() < 0.5 {
          person.moves.append((.offer, listed.addingTimeInterval(2 * 86_400)))
          person.moves.append((.hired, listed.addingTimeInterval(5 * 86_400)))
        }
        if let hired = person.moves.first(where: { $0.0 == .hired })?.1 {
          person.engagement = DemoPlan.engagement(
            hired: hired, skill: skill, rate: person.candidate.rate, now: now, rng: &erng)
        }
        // Nothing happens after the demo's day: a person whose next step would fall later has not reached it yet.
        person.moves = Array(person.moves.prefix { $0.1 <= now })
        person.interviews = person.interviews.filter { $0.finished <= now }
        if let e = person.engagement, e.start.date > now { person.engagement = nil }
        return person
      }
    }
  }

  /// Six weeks of work after a hire: reports every week (now and then one missing), a risk or two, and, once over,
  /// an outcome that follows the skill the interviews measured, with noise (interviews predict, not decide).
  static func engagement(hired: Date, skill: Double, rate: Double?, now: Date, rng: inout Random) -> DemoEngagement {
    let start = CivilDay(hired.addingTimeInterval(7 * 86_400))
    let cap = [15.0, 20, 25, 30][Int(rng.next() % 4)]
    let weeks = 6
    let today = CivilDay(now)
    var reports: [(CivilDay, Double, Double, String, String, String?)] = []
    var week = start.monday
    var k = 0
    while k < weeks && week.adding(days: 4) <= today {
      if rng.unit() > 0.12 {
        let hours = max(2, (cap * (0.7 + rng.unit() * 0.45)).rounded())
        reports.append(
          (
            week, hours, max(0.5, (3.5 - skill + rng.normal() * 0.6).rounded()), rng.pick(demoDone), rng.pick(demoNext),
            rng.unit() < 0.3 ? rng.pick(demoBlockers) : nil
          ))
      }
      week = week.adding(days: 7)
      k += 1
    }
    var risks: [(String, RiskSeverity, String, Date, Date?)] = []
    for _ in 0..<Int(rng.next() % 3) {
      let opened = start.date.addingTimeInterval(Double(rng.next() % 20) * 86_400 + 36_000)
      guard opened < now else { continue }
      let closed = rng.unit() < 0.5 ? opened.addingTimeInterval(Double(2 + rng.next() % 6) * 86_400) : nil
      risks.append(
        (
          rng.pick(demoRisks), rng.pick(RiskSeverity.allCases), rng.pick(["cto", "founder", "lead"]), opened,
          closed.flatMap { $0 < now ? $0 : nil }
        ))
    }
    var onboarding: [Int: CivilDay] = [:]
    let slip = rng.unit() < 0.25 ? 2 : 0
    for day in 1...5 {
      let due = CivilDay.workingDay(day, from: start)
      let done = CivilDay.workingDay(day + (day == 5 ? slip : 0), from: start)
      if done <= today && due <= today.adding(days: 7) { onboarding[day] = done }
    }
    let endDay = CivilDay.workingDay(weeks * 5, from: start)
    var outcome = EngagementOutcome()
    var end: CivilDay?
    if endDay <= today {
      end = endDay
      // Hires are the stronger candidates: quality spreads around their skill, so the interviews predict it.
      let quality = Int(max(1, min(4, (3 + (skill - 2.1) * 1.6 + rng.normal() * 0.35).rounded())))
      outcome.quality = quality
      outcome.communication = Int(max(1, min(4, (1.2 + skill * 0.7 + rng.normal() * 0.6).rounded())))
      outcome.milestone = quality >= 3 ? (rng.unit() < 0.25 ? .late : .yes) : quality == 2 ? .late : .no
      outcome.again = quality >= 3 && rng.unit() < 0.9
      let hours = reports.reduce(0) { $0 + $1.1 }
      outcome.hours = hours
      outcome.rework = ((4 - Double(quality)) * hours * 0.06).rounded()
      outcome.support = Double(Int(rng.next() % 4) + (4 - quality) * 2)
    }
    return DemoEngagement(
      model: rng.pick([.tm, .tm, .fixed, .retainer]), rate: rate, cap: cap,
      budget: ((rate ?? 100) * cap * Double(weeks) * 1.1).rounded(), start: start,
      waived: rng.unit() < 0.2 ? .data : nil, onboardingDone: onboarding,
      reports: reports.map { (week: $0.0, hours: $0.1, coordination: $0.2, done: $0.3, next: $0.4, blockers: $0.5) },
      risks: risks.map { (text: $0.0, severity: $0.1, owner: $0.2, opened: $0.3, closed: $0.4) }, end: end,
      outcome: outcome)
  }

  static let demoDone = [
    "Ingestion pipeline for the Confluence export, with dedup.", "Eval set of 50 real tickets, labelled.",
    "Retrieval baseline with citations; 61% correct on the eval set.", "Reranker added; 72% on the eval set.",
    "Pilot build deployed for 10 agents.", "Handover notes and runbook.",
  ]
  static let demoNext = [
    "Metadata-aware ranking for stale articles.", "Run the eval weekly in CI.", "Pilot feedback loop.",
    "Cost per answer under 2 cents.", "Hand over to the in-house team.",
  ]
  static let demoBlockers = [
    "Waiting on Zendesk API access.", "Staging data is three months old.", "No owner for conflicting articles.",
  ]
  static let demoRisks = [
    "Staging data is stale; evals may flatter the model.", "Only one person knows the deploy pipeline.",
    "The pilot group has not been picked yet.", "Token costs above the budget at full load.",
  ]

  static let demoRemarks = [
    "Asked who owns the content before proposing anything.",
    "Talked about tools first; steered back to the users twice.",
    "Gave a concrete number from a past project.",
    "Quick to name the risk, slower to name the mitigation.",
    "Said \"I'd measure it against real tickets\" without prompting.",
    "Vague on cost; good on failure modes.",
  ]
}

extension SplitMix64 {
  mutating func unit() -> Double { nextUnit() }
  mutating func normal() -> Double {
    let u1 = max(unit(), 1e-12)
    let u2 = unit()
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
  }
  mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
}
