import Testing

@testable import ShortlistCore

@Suite struct ScoringTests {
  let order = ["a", "b", "c"]
  let weights: [Double] = [2, 1, 1]

  @Test func singleScorecardHandComputed() {
    // a=4 (w2), b=2 (w1), c unscored: 100 * (2*3 + 1*1) / (3 * 3) = 77.777...
    let card = ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a": 4, "b": 2], order: order)
    let s = Scoring.candidate(weights: weights, scorecards: [card])
    #expect(abs(s.score! - 700.0 / 9.0) < 1e-12)
    #expect(s.coverage == 0.75)
    #expect(s.gaps == [2])
    #expect(s.means == [4.0, 2.0, nil])
    #expect(s.interviews == 1)
  }

  @Test func meansOverSeveralScorecardsAndOpenOnesIgnored() {
    let cards = [
      ScorecardScores(
        interviewId: 1, interviewer: "x", scores: ["a": 3, "b": 1, "c": 4], order: order, recommendation: .yes),
      ScorecardScores(
        interviewId: 2, interviewer: "y", scores: ["a": 2, "c": 4], order: order, recommendation: .strongYes),
      ScorecardScores(
        interviewId: 3, interviewer: "z", finished: false, scores: ["a": 1, "b": 1, "c": 1], order: order,
        recommendation: .strongNo),
    ]
    let s = Scoring.candidate(weights: weights, scorecards: cards)
    // means: a 2.5, b 1, c 4 -> 100 * (2*1.5 + 0 + 3) / (3*4) = 50
    #expect(abs(s.score! - 50) < 1e-12)
    #expect(s.coverage == 1)
    #expect(s.gaps.isEmpty)
    #expect(s.recommendations == [.yes: 1, .strongYes: 1])
    #expect(s.interviews == 2)
  }

  @Test func noScoresMeansNoScoreNotZero() {
    let s = Scoring.candidate(weights: weights, scorecards: [])
    #expect(s.score == nil)
    #expect(s.coverage == 0)
    #expect(s.gaps == [0, 1, 2])
    #expect(s.means == [nil, nil, nil])
  }

  @Test func boundaries() {
    let all1 = ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a": 1, "b": 1, "c": 1], order: order)
    let all4 = ScorecardScores(interviewId: 2, interviewer: "x", scores: ["a": 4, "b": 4, "c": 4], order: order)
    #expect(Scoring.scorecard(all1, weights: weights) == 0)
    #expect(Scoring.scorecard(all4, weights: weights) == 100)
  }

  @Test func ownQuestionsOnlyAndOutOfRangeScoresDropped() {
    // Only a and c are the candidate's questions: b's score is neither counted nor a gap.
    let card = ScorecardScores(interviewId: 1, interviewer: "x", scores: ["a": 2, "b": 4, "c": 9], order: order)
    #expect(card.scores == [2, 4, 0])
    let s = Scoring.candidate(weights: weights, scorecards: [card], own: [0, 2])
    #expect(s.means == [2.0, nil, nil])
    #expect(s.gaps == [2])
    // 100 * 2*(2-1) / (3*2) = 33.33...; coverage 2 of 3
    #expect(abs(s.score! - 100.0 / 3.0) < 1e-12)
    #expect(abs(s.coverage - 2.0 / 3.0) < 1e-12)
  }
}
