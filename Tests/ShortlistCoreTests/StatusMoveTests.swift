import Foundation
import Testing

@testable import ShortlistCore

@Suite struct StatusMoveTests {
  @Test func forwardMovesAndExitsNeedNothing() {
    #expect(StatusMove.check(from: .sourced, to: .screening, hasFinishedScorecard: false) == .allowed)
    #expect(StatusMove.check(from: .sourced, to: .interviewing, hasFinishedScorecard: false) == .allowed)
    #expect(StatusMove.check(from: .interviewing, to: .hired, hasFinishedScorecard: true) == .allowed)
    for from in [Status.sourced, .screening, .interviewing, .shortlisted, .offer] {
      #expect(StatusMove.check(from: from, to: .rejected, hasFinishedScorecard: false) == .allowed)
      #expect(StatusMove.check(from: from, to: .withdrawn, hasFinishedScorecard: false) == .allowed)
    }
    #expect(StatusMove.check(from: .offer, to: .offer, hasFinishedScorecard: true) == .unchanged)
  }

  @Test func backwardsLeavingHiredReopeningAndUnassessedNeedForce() {
    func forced(_ a: Status, _ b: Status, _ card: Bool) -> Bool {
      if case .needsForce = StatusMove.check(from: a, to: b, hasFinishedScorecard: card) { return true }
      return false
    }
    #expect(forced(.hired, .sourced, true))
    #expect(forced(.hired, .rejected, true))
    #expect(forced(.shortlisted, .screening, true))
    #expect(forced(.rejected, .screening, true))
    #expect(forced(.withdrawn, .interviewing, true))
    #expect(forced(.sourced, .hired, false))
    #expect(forced(.interviewing, .shortlisted, false))
    #expect(forced(.sourced, .offer, false))
    #expect(!forced(.interviewing, .shortlisted, true))
  }
}

@Suite struct ClockTests {
  @Test func readsDatesAndDateTimes() {
    #expect(Clock.parse("2026-03-01") == Date(timeIntervalSince1970: 1_772_323_200))
    #expect(Clock.parse("2026-03-01T09:30:00Z") == Date(timeIntervalSince1970: 1_772_323_200 + 34_200))
    #expect(Clock.parse("2026-03-01T09:30Z") == Date(timeIntervalSince1970: 1_772_323_200 + 34_200))
    #expect(Clock.parse("2026-03-01T10:30:00+01:00") == Date(timeIntervalSince1970: 1_772_323_200 + 34_200))
    #expect(Clock.parse("2026-03-01T08:30:00-0100") == Date(timeIntervalSince1970: 1_772_323_200 + 34_200))
    #expect(Clock.parse("2026-03-01T09:30:00.5Z") == Date(timeIntervalSince1970: 1_772_323_200 + 34_200.5))
    for bad in [
      "", "yesterday", "2026-02-30", "2026-13-01", "2026-03-01T25:00:00Z", "2026-03-01T09:30:00Zx", "2026-3-1",
    ] {
      #expect(Clock.parse(bad) == nil, "\(bad)")
    }
  }

  @Test func agreesWithFoundationOverManyDays() {
    let iso = ISO8601DateFormatter()
    var seed: UInt64 = 0x5EED
    for _ in 0..<500 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let t = Double(seed % 8_000_000_000) - 2_000_000_000
      let d = Date(timeIntervalSince1970: t.rounded())
      #expect(Clock.parse(iso.string(from: d)) == d, "seed 0x5EED: \(iso.string(from: d))")
    }
  }

  @Test func daysInStageNeverNegative() {
    let now = Date(timeIntervalSince1970: 1_000_000)
    #expect(Clock.days(since: now.addingTimeInterval(-86_400 * 3 - 5), now: now) == 3)
    #expect(Clock.days(since: now.addingTimeInterval(86_400), now: now) == 0)
  }
}
