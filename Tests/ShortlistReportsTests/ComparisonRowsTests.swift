import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports
@testable import ShortlistSupport

@Suite struct ComparisonRowsTests {
  static func row(_ id: Int64, score: Double?, coverage: Double, interviews: Int, seed: Int) -> ComparisonRow {
    let names = ["ana", "bö", "chen 陈"]
    var cards: [ScorecardScores] = []
    for k in 0..<interviews {
      var scores: [UInt8] = []
      for q in 0..<5 { scores.append(UInt8((q + k + seed) % 5)) }
      let level: Recommendation? = k % 2 == 0 ? .yes : nil
      let bank: String? = k % 3 == 0 ? nil : "rag-prototype"
      var card = ScorecardScores(
        interviewId: id * 10 + Int64(k), interviewer: names[k % 3], finished: k % 4 != 3, scores: scores,
        recommendation: level, bankId: bank)
      // Scorecards of two bank versions, and one with the comparison's weights (nil).
      card.weights = k % 3 == 2 ? nil : k % 3 == 0 ? [1, 1, 2, 1, 0.5] : [1, 1, 1, 1, 1]
      cards.append(card)
    }
    let candidate = Candidate(
      id: id, uuid: "u-\(id)", name: "Name \(id) \"quoted\" ✓", email: seed % 2 == 0 ? nil : "p\(id)@x.test",
      tier: Tier.allCases[seed % 4], source: "src\(seed)", rate: seed % 3 == 0 ? nil : Double(seed) * 1.25,
      status: Status.allCases[seed % Status.allCases.count], since: Date(timeIntervalSince1970: 1_700_000_000.5),
      createdAt: Date(timeIntervalSince1970: 1_600_000_000.25), forgotten: seed % 5 == 0,
      links: seed % 2 == 0 ? ["https://a.test/\(id)"] : [], tags: ["t\(seed)", "x"], roles: ["Role \(seed)"])
    let result = CandidateScore(
      score: score, coverage: coverage, means: [2.5, nil, 4, nil, 1.0 / 3], gaps: [1, 3],
      recommendations: interviews > 0 ? [.yes: interviews, .strongNo: 1] : [:], interviews: interviews)
    return ComparisonRow(candidate: candidate, result: result, sealed: seed % 7 == 0, scorecards: cards)
  }

  /// Rows 1...count with scores of 10 to 10 * (scores - 1) or none (many ties), coverage 0, 0.5 or 1, and up to
  /// interviews - 1 scorecards.
  static func randomRows(_ count: Int, scores: UInt64, interviews: UInt64, using generator: inout SplitMix64)
    -> [ComparisonRow]
  {
    (1...count).map { id in
      let pick = Int(generator.next() % scores)
      let score: Double? = pick == 0 ? nil : Double(pick * 10)
      return row(
        Int64(id), score: score, coverage: Double(generator.next() % 3) / 2,
        interviews: score == nil ? 0 : Int(generator.next() % interviews), seed: Int(generator.next() % 100))
    }
  }

  static func same(_ a: ComparisonRow, _ b: ComparisonRow) -> Bool {
    a.candidate == b.candidate && a.result == b.result && a.sealed == b.sealed && a.scorecards == b.scorecards
  }

  /// A row its temporary file cannot give back (the disk failing under it) is no trap: it stands in sealed and
  /// nameless, and `checkReads()` then fails the report before its output is kept.
  @Test func aRowTheFileCannotGiveBackFailsTheReport() throws {
    var spiller = ComparisonRows.Spiller(file: try SpillFile())
    try spiller.add([
      Self.row(1, score: 80, coverage: 1, interviews: 2, seed: 1),
      Self.row(2, score: 60, coverage: 1, interviews: 1, seed: 2),
    ])
    spiller.entries[1].offset = 1 << 40
    let rows = try spiller.finish()
    try rows.checkReads()
    let read = Array(rows)
    #expect(read[0].candidate.name.hasPrefix("Name 1"))
    #expect(read[1].candidate.name == "(unreadable)" && read[1].sealed && read[1].candidate.email == nil)
    #expect(throws: SpillFile.Failure.self) { try rows.checkReads() }
  }

  /// Spilled rows read back field for field, in the rank `Comparison.rank` gives (ties and rows without a score
  /// included), however they were added.
  @Test func spilledRowsReadBackInRankOrder() throws {
    var generator = SplitMix64(seed: 33)
    print("seed 33")
    var rows = Self.randomRows(400, scores: 6, interviews: 4, using: &generator)
    rows.shuffle(using: &generator)
    var spiller = ComparisonRows.Spiller(file: try SpillFile())
    try spiller.add(rows[..<150])
    try spiller.add(rows[150...])
    let spilled = try spiller.finish()
    let expected = rows.sorted {
      RankKey.precedes(RankKey($0.result, id: $0.candidate.id), RankKey($1.result, id: $1.candidate.id))
    }
    #expect(spilled.count == expected.count)
    #expect(spilled.ids == expected.map(\.candidate.id))
    for (a, b) in zip(spilled, expected) { #expect(Self.same(a, b), "candidate \(b.candidate.id)") }
    #expect(Self.same(spilled[17], expected[17]))
  }

  /// The rank key orders as the comparison always has: scores high to low, no score last, then coverage,
  /// finished scorecards and id.
  @Test func rankKeyOrder() {
    let none = CandidateScore(score: nil, coverage: 0, means: [], gaps: [], recommendations: [:], interviews: 0)
    var a = none
    a.score = 80
    var b = a
    b.coverage = 0.5
    var c = b
    c.interviews = 2
    let keys = [RankKey(none, id: 1), RankKey(a, id: 9), RankKey(b, id: 3), RankKey(c, id: 4), RankKey(c, id: 2)]
    #expect(keys.sorted(by: RankKey.precedes).map(\.id) == [2, 4, 3, 9, 1])
  }
}
