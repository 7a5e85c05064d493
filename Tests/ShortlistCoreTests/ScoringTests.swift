import Testing

@testable import ShortlistCore

@Suite struct ScoringTests {
  let questions: [(id: String, weight: Double)] = [("a", 2), ("b", 1), ("c", 1)]

  @Test func singleScorecardHandComputed() {
    // a=4 (w2), b=2 (w1), c unscored: 100 * (2*3 + 1*1) / (3 * 3) = 77.777...
    let card = ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a": 4, "b": 2])
    let s = Scoring.candidate(questions: questions, scorecards: [card])
    #expect(abs(s.score! - 700.0 / 9.0) < 1e-12)
    #expect(s.coverage == 0.75)
    #expect(s.gaps == ["c"])
    #expect(s.means["a"] == .some(4.0))
    #expect(s.means["c"] == .some(nil))
    #expect(s.interviews == 1)
  }

  @Test func meansOverSeveralScorecardsAndOpenOnesIgnored() {
    let cards = [
      ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a": 3, "b": 1, "c": 4], recommendation: .yes),
      ScorecardScores(interviewId: 2, interviewer: "y", scores: ["a": 2, "c": 4], recommendation: .strongYes),
      ScorecardScores(interviewId: 3, interviewer: "z", finished: false, scores: ["a": 1, "b": 1, "c": 1],
        recommendation: .strongNo),
    ]
    let s = Scoring.candidate(questions: questions, scorecards: cards)
    // means: a 2.5, b 1, c 4 -> 100 * (2*1.5 + 0 + 3) / (3*4) = 50
    #expect(abs(s.score! - 50) < 1e-12)
    #expect(s.coverage == 1)
    #expect(s.gaps.isEmpty)
    #expect(s.recommendations == [.yes: 1, .strongYes: 1])
    #expect(s.interviews == 2)
  }

  @Test func noScoresMeansNoScoreNotZero() {
    let s = Scoring.candidate(questions: questions, scorecards: [])
    #expect(s.score == nil)
    #expect(s.coverage == 0)
    #expect(s.gaps == ["a", "b", "c"])
  }

  @Test func boundaries() {
    let all1 = ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a": 1, "b": 1, "c": 1])
    let all4 = ScorecardScores(interviewId: 2, interviewer: "x", scores: ["a": 4, "b": 4, "c": 4])
    #expect(Scoring.scorecard(all1, questions: questions) == 0)
    #expect(Scoring.scorecard(all4, questions: questions) == 100)
  }
}
