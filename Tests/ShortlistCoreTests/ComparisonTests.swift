import Foundation
import Testing

@testable import ShortlistCore

@Suite struct ComparisonTests {
  let questions = [
    QuestionRef(id: "a1", title: "A1", weight: 1, bankId: "a"),
    QuestionRef(id: "a2", title: "A2", weight: 1, bankId: "a"),
    QuestionRef(id: "b1", title: "B1", weight: 2, bankId: "b"),
  ]

  var ids: [String] { questions.map(\.id) }

  func people() -> [Candidate] {
    (1...4).map {
      Candidate(
        id: Int64($0), name: "P\($0)", tier: Tier(rawValue: ($0 - 1) % 4 + 1)!, source: "x", rate: Double(50 * $0))
    }
  }

  @Test func ranksByScoreWithTheUninterviewedLast() {
    let cards: [Int64: [ScorecardScores]] = [
      1: [ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a1": 2, "a2": 2], order: ids, bankId: "a")],
      2: [ScorecardScores(interviewId: 2, interviewer: "x", scores: ["a1": 4, "a2": 3], order: ids, bankId: "a")],
      3: [
        ScorecardScores(interviewId: 3, interviewer: "x", finished: false, scores: ["a1": 4], order: ids, bankId: "a")
      ],
    ]
    let rows = Comparison.rank(candidates: people(), questions: questions, scorecards: cards)
    #expect(rows.map(\.candidate.name) == ["P2", "P1", "P3", "P4"])
    #expect(rows[2].result.score == nil, "an open scorecard never counts")
  }

  /// Ranked in place: the same order as sorting every row by (score, coverage, interviews, id), on random panels with
  /// ties, the uninterviewed and shuffled input.
  @Test func theRankIsTheOrderOfItsKey() {
    let seed = UInt64(Date().timeIntervalSince1970 * 1000)
    var rng = SplitMix64(seed: seed)
    for round in 0..<30 {
      let n = 1 + Int(rng.next() % 200)
      var people = (1...n).map {
        Candidate(id: Int64($0), name: "P\($0)", tier: .nicheNetwork, source: "x")
      }
      people.shuffle(using: &rng)
      var cards: [Int64: [ScorecardScores]] = [:]
      for p in people where rng.next() % 3 > 0 {
        cards[p.id] = (0..<Int(1 + rng.next() % 3)).map { k in
          ScorecardScores(
            interviewId: p.id * 10 + Int64(k), interviewer: "x", finished: rng.next() % 5 > 0,
            scores: ["a1": Int(1 + rng.next() % 4), "a2": Int(1 + rng.next() % 4)].filter { _ in rng.next() % 4 > 0 },
            order: ids, bankId: "a")
        }
      }
      let rows = Comparison.rank(candidates: people, questions: questions, scorecards: cards)
      let reference = Comparison.rank(candidates: people, questions: questions, scorecards: cards, sorted: false)
        .sorted { a, b in
          let (x, y) = (a.result, b.result)
          if x.score != y.score { return (x.score ?? -1) > (y.score ?? -1) }
          if x.coverage != y.coverage { return x.coverage > y.coverage }
          if x.interviews != y.interviews { return x.interviews > y.interviews }
          return a.candidate.id < b.candidate.id
        }
      #expect(rows.map(\.candidate.id) == reference.map(\.candidate.id), "seed \(seed) round \(round)")
      #expect(Set(rows.map(\.candidate.id)).count == n)
    }
  }

  /// Candidates without a finished scorecard share one computed result: it is the one each would get on their own,
  /// with and without a role's banks.
  @Test func theUninterviewedGetTheirOwnEmptyResult() {
    let cards: [Int64: [ScorecardScores]] = [
      1: [ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a1": 4], order: ids, bankId: "a")],
      3: [
        ScorecardScores(interviewId: 3, interviewer: "x", finished: false, scores: ["b1": 4], order: ids, bankId: "b")
      ],
    ]
    for roleBanks in [nil, ["b"]] as [[String]?] {
      let rows = Comparison.rank(
        candidates: people(), questions: questions, scorecards: cards, roleBanks: roleBanks, sorted: false)
      let own = roleBanks == nil ? [0, 1, 2] : [2]
      for id: Int64 in [2, 3, 4] {
        let row = rows.first { $0.candidate.id == id }
        let alone = Scoring.candidate(weights: questions.map(\.weight), scorecards: cards[id] ?? [], own: own)
        #expect(row?.result == alone, "candidate \(id), role banks \(String(describing: roleBanks))")
        #expect(row?.scorecards.count == cards[id]?.count ?? 0)
      }
    }
  }

  @Test func otherBanksQuestionsAreNotGaps() {
    let cards: [Int64: [ScorecardScores]] = [
      1: [ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a1": 4], order: ids, bankId: "a")],
      2: [ScorecardScores(interviewId: 2, interviewer: "x", scores: ["b1": 1], order: ids, bankId: "b")],
    ]
    let rows = Comparison.rank(candidates: Array(people().prefix(2)), questions: questions, scorecards: cards)
    #expect(rows[0].result.gaps == [1])
    #expect(rows[0].result.coverage == 0.5)
    #expect(rows[0].result.means == [4, nil, nil], "every question of the comparison has an entry")
    #expect(rows[1].result.gaps.isEmpty)
    #expect(rows[1].result.coverage == 1)
  }

  @Test func sealedCandidatesShowNoScores() {
    let cards: [Int64: [ScorecardScores]] = [
      1: [ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a1": 4], order: ids, bankId: "a")]
    ]
    let rows = Comparison.rank(
      candidates: Array(people().prefix(1)), questions: questions, scorecards: cards, sealed: [1])
    #expect(rows[0].sealed)
    #expect(rows[0].result.score == nil)
    #expect(rows[0].scorecards.isEmpty)
  }

  @Test func tierYield() {
    let day = 86_400.0
    let t0 = Date(timeIntervalSince1970: 0)
    let cards: [Int64: [ScorecardScores]] = [
      1: [ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a1": 4, "a2": 4], order: ids, bankId: "a")],
      2: [ScorecardScores(interviewId: 2, interviewer: "x", scores: ["a1": 1, "a2": 1], order: ids, bankId: "a")],
    ]
    var candidates = people()
    candidates.append(Candidate(id: 5, name: "P5", tier: .nicheNetwork, source: "x", rate: 150))
    let rows = Comparison.rank(candidates: candidates, questions: questions, scorecards: cards)
    let reached: [Int64: Milestones] = [
      1: [.sourced: t0, .shortlisted: t0.addingTimeInterval(10 * day), .hired: t0.addingTimeInterval(20 * day)],
      5: [.sourced: t0, .shortlisted: t0.addingTimeInterval(4 * day)],
    ]
    let y = TierYield.compute(rows: rows, reached: reached)
    #expect(y[0].candidates == 2 && y[0].interviewed == 1 && y[0].shortlisted == 2 && y[0].hired == 1)
    #expect(y[0].meanScore == 100)
    #expect(y[0].medianDaysToShortlist == 7)
    #expect(y[0].meanRate == 100)
    #expect(y[1].meanScore == 0)
    #expect(y[2].meanScore == nil && y[2].interviewed == 0)
  }
}

@Suite struct TallyTextTests {
  @Test func fixedOrderLongAndShort() {
    let tally: [Recommendation: Int] = [.no: 1, .strongYes: 2, .yes: 1, .strongNo: 0]
    #expect(Comparison.tallyText(tally) == "2 strong-yes, 1 yes, 1 no")
    #expect(Comparison.tallyText(tally, short: true) == "2SY 1Y 1N")
    #expect(Comparison.tallyText([:]) == "")
    #expect(Comparison.tallyText([.strongNo: 3], short: true) == "3SN")
  }
}
