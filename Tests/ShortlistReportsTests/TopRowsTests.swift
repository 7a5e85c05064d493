import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

@Suite struct TopRowsTests {
  /// However the rows come (a slice of ids at a time, or shuffled), the kept rows are the ranking's first `limit`,
  /// and the count is every row offered.
  @Test func keepsTheFirstRowsOfTheRankingWhateverTheOrder() {
    let seed: UInt64 = 71
    print("seed \(seed)")
    var generator = SplitMix64(seed: seed)
    // Many ties on score and coverage: the id decides them.
    let rows = ComparisonRowsTests.randomRows(700, scores: 8, interviews: 3, using: &generator)
    let ranked = rows.sorted {
      RankKey.precedes(RankKey($0.result, id: $0.candidate.id), RankKey($1.result, id: $1.candidate.id))
    }
    for limit in [0, 1, 7, 100, 699, 700, 1_000] {
      var shuffled = rows
      shuffled.shuffle(using: &generator)
      for order in [rows, shuffled, ranked] {
        var top = TopRows(limit: limit)
        for row in order { top.add(row) }
        #expect(top.count == 700)
        #expect(top.rows.map(\.candidate.id) == ranked.prefix(limit).map(\.candidate.id), "limit \(limit)")
        #expect(zip(top.rows, ranked).allSatisfy(ComparisonRowsTests.same), "limit \(limit)")
      }
    }
  }

  /// A lean selection keeps what a page shows of each row (name, status, tier, rate, scores), not scorecards or
  /// contact details.
  @Test func leanRowsLeaveOutScorecardsAndContactDetails() {
    var top = TopRows(limit: 2, lean: true)
    let row = ComparisonRowsTests.row(5, score: 50, coverage: 1, interviews: 2, seed: 1)
    #expect(row.candidate.email != nil && !row.scorecards.isEmpty && !row.candidate.tags.isEmpty)
    top.add(row)
    let kept = top.rows[0]
    #expect(kept.scorecards.isEmpty && kept.candidate.email == nil && kept.candidate.tags.isEmpty)
    #expect(kept.candidate.links.isEmpty && kept.candidate.roles.isEmpty)
    #expect(kept.candidate.name == row.candidate.name && kept.result == row.result)
    #expect(kept.candidate.status == row.candidate.status && kept.candidate.rate == row.candidate.rate)
  }
}
