import Foundation
import Testing

@testable import ShortlistCore

/// Reference values computed independently with scipy 1.17.1 (`scipy.stats.spearmanr`, its p value) and Fisher's z
/// with the Bonett-Wright standard error by hand (numpy: `tanh(atanh(r) -+ 1.959963984540054 * sqrt((1 + r**2 / 2) /
/// (n - 3)))`, |r| clamped to .99), written here.
@Suite struct OutcomesTests {
  @Test func spearmanWithTiesMatchesScipy() throws {
    let x = [3.5, 2.0, 4.0, 2.5, 3.0, 1.5, 3.5, 2.0, 4.0, 3.0]
    let y = [3.0, 2, 4, 3, 3, 1, 2, 2, 4, 4]
    let r = RankCorrelation.result(Array(zip(x, y)))
    #expect(abs(try #require(r.rho) - 0.7454649149018704) < 1e-9)
    #expect(abs(try #require(r.low) - 0.12460322329225637) < 1e-9)
    #expect(abs(try #require(r.high) - 0.9468146469584562) < 1e-9)
    #expect(abs(try #require(r.p) - 0.013328157004491937) < 1e-9)
    #expect(r.n == 10 && r.verdict == "predicts")
    // Adjusted for five questions tested at once (Holm), the same rho no longer predicts.
    var adjusted = r
    adjusted.pAdjusted = RankCorrelation.holm([r.p, 0.2, 0.01, 0.5, 0.04])[0]
    #expect(adjusted.pAdjusted.map { abs($0 - 0.053312628017967748) < 1e-12 } == true)
    #expect(adjusted.verdict == "uncertain (positive)")
  }

  @Test func interviewScoresAgainstQualityMatchScipy() throws {
    let x = [55.6, 72.2, 38.9, 88.9, 61.1, 44.4, 94.4]
    let y = [2.0, 3, 1, 4, 3, 2, 3]
    let r = RankCorrelation.result(Array(zip(x, y)))
    #expect(abs(try #require(r.rho) - 0.8794653965640158) < 1e-9)
    #expect(abs(try #require(r.low) - 0.2159281106270645) < 1e-9)
    #expect(abs(try #require(r.high) - 0.9873241948865783) < 1e-9)
    #expect(abs(try #require(r.p) - 0.009069798267023288) < 1e-9)
    // Seven pairs: never `predicts`, however strong.
    #expect(r.verdict == "uncertain (positive)")
  }

  /// Five engagements in two tied groups: rho 1, an interval that is not a point, and no verdict stronger than the
  /// evidence.
  @Test func aPerfectRankOrderFromFivePairsIsNotCertainty() throws {
    let r = RankCorrelation.result([(1, 1), (1, 1), (2, 3), (2, 3), (2, 3)])
    #expect(r.rho == 1 && r.verdict == "uncertain (positive)")
    let low = try #require(r.low)
    let high = try #require(r.high)
    #expect(high - low > 0.2 && low < 0.8, "[\(low), \(high)]")
  }

  @Test func holmAdjustsAsStatsmodelsDoes() {
    // Holm (1979) by hand: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1, then the running maximum.
    let out = RankCorrelation.holm([0.01, 0.04, nil, 0.03, 0.005])
    let expected: [Double?] = [0.03, 0.06, nil, 0.06, 0.02]
    for (a, b) in zip(out, expected) { #expect(a.map { abs($0 - (b ?? -1)) < 1e-12 } ?? (b == nil)) }
  }

  @Test func smallOrFlatSamplesSayNotEnoughData() {
    let four = RankCorrelation.result([(1, 1), (2, 2), (3, 3), (4, 4)])
    #expect(four.rho == nil && four.n == 4 && four.verdict == "not enough data")
    #expect(RankCorrelation.spearman([1, 2, 3], [2, 2, 2]) == nil)
    #expect(RankCorrelation.spearman([1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]) == -1)
    #expect(RankCorrelation.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
  }

  @Test func costPerMilestoneCountsEveryPart() {
    func e(_ id: Int64, rate: Double, hours: Double, support: Double, coordination: Double, m: MilestoneOutcome)
      -> OutcomeCase
    {
      OutcomeCase(
        engagement: Engagement(
          id: id, uuid: "\(id)", candidateId: id, candidateName: "c\(id)", roleId: nil, roleTitle: nil, model: .tm,
          rate: rate, cap: nil, budget: nil, start: CivilDay("2026-01-05")!, end: CivilDay("2026-02-13")!,
          outcome: EngagementOutcome(milestone: m, quality: 3, hours: hours, rework: 5, support: support),
          checklist: [:], reportedHours: hours, coordinationHours: coordination, lastReport: nil, firstShip: nil),
        tier: .nicheNetwork, score: 70, questionMeans: [:], interviewerScores: [:])
    }
    let a = OutcomeAnalysis.compute(
      cases: [
        e(1, rate: 100, hours: 100, support: 10, coordination: 8, m: .yes),
        e(2, rate: 150, hours: 40, support: 0, coordination: 4, m: .no),
      ], questions: [], ownRate: 150)
    let t = a.tiers[0]
    // (100 x 100 + 40 x 150) + 10 x 100 + (8 + 4) x 150 over 1 milestone delivered.
    #expect(t.freelancerCost == 16_000 && t.supportCost == 1_000 && t.coordinationCost == 1_800)
    #expect(t.costPerMilestone == 18_800 && t.milestoneMet == 0.5 && t.delivered == 1)
    // No hours reported: the cost is unknown, not $0.
    var silent = e(3, rate: 100, hours: 0, support: 0, coordination: 0, m: .yes)
    silent.engagement.outcome.hours = nil
    let none = OutcomeAnalysis.compute(cases: [silent], questions: [], ownRate: 150).tiers[0]
    #expect(none.delivered == 1 && !none.hoursReported && none.costPerMilestone == nil)
  }
}

@Suite struct RoleFitTests {
  @Test func verdictsFollowThePlaybooksSignals() {
    let freelancer = RoleFit.verdict([.scope, .verifiable, .short, .review])
    #expect(freelancer.verdict == .freelancer && freelancer.caveats.isEmpty)
    // The guide's conditions for a partner make a partner, never a full-time hire.
    let guide = RoleFit.verdict([.fromScratch, .regulated, .aiCore, .long])
    #expect(guide.verdict == .partner && guide.reasons.contains("you need a team with ownership"))
    #expect(RoleFit.verdict([.long, .coordination, .evolving]).verdict == .partner)
    // Full-time only from the matrix's full-time column.
    #expect(RoleFit.verdict([.long, .canWait, .core, .capex, .culture]).verdict == .fullTime)
    #expect(RoleFit.verdict([.short, .urgent, .niche, .opex, .deadline]).verdict == .freelancer)
    // Regulated beside six freelancer signals: a freelancer, with the guide's caveat.
    let regulated = RoleFit.verdict([.scope, .verifiable, .noOps, .noArchitecture, .short, .review, .regulated])
    #expect(regulated.verdict == .freelancer)
    #expect(regulated.caveats.contains { $0.contains("security and compliance review needs someone with ownership") })
    #expect(regulated.reasons.contains { $0.hasPrefix("against: for an engineering partner: regulated") })
    // Fewer than three signals, or a tie: undecided.
    #expect(RoleFit.verdict([.aiCore, .evolving]).verdict == .undecided)
    #expect(RoleFit.verdict([]).verdict == .undecided)
    #expect(RoleFit.verdict([.scope, .verifiable, .fromScratch, .regulated]).verdict == .undecided)
    // No team to review: a caveat on a freelancer verdict.
    #expect(RoleFit.verdict([.scope, .verifiable, .short]).caveats.contains { $0.contains("no team to review") })
    // Both sides of a matrix row: said, whatever the verdict; one side only: nothing said.
    let both = RoleFit.verdict([.short, .long, .urgent, .canWait, .core])
    #expect(
      both.caveats.contains("short and long both hold: the decision matrix's project type row is one or the other"))
    #expect(both.caveats.contains { $0.hasPrefix("urgent and can-wait both hold") })
    #expect(!RoleFit.verdict([.long, .canWait, .core, .capex]).caveats.contains { $0.contains("both hold") })
  }
}
