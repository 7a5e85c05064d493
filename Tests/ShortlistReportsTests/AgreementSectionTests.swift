import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

@Suite struct AgreementSectionTests {
  /// Six candidates scored by two raters who agree exactly: alpha 1, a verdict per question, ICC 1.
  func section(candidates: Int = 6) -> AgreementSection {
    let questions = [QuestionRef(id: "q1", title: "Q1", weight: 1, bankId: "b")]
    var cards: [Int64: [ScorecardScores]] = [:]
    var people: [Candidate] = []
    for i in 1...candidates {
      let id = Int64(i)
      people.append(Candidate(id: id, name: "P\(i)", tier: .nicheNetwork, source: "x"))
      let s = UInt8(i % 4 + 1)
      cards[id] = ["alice", "bob"].enumerated().map { k, who in
        ScorecardScores(
          interviewId: id * 10 + Int64(k), interviewer: who, finished: true, scores: [s], recommendation: nil,
          bankId: "b")
      }
    }
    let rows = Comparison.rank(candidates: people, questions: questions, scorecards: cards)
    return AgreementSection.compute(rows: rows, questions: questions, adjusted: true)
  }

  @Test func statisticsFromCoreLaidOutInEveryFormat() throws {
    let s = section()
    let q = try #require(s.perQuestion["q1"])
    #expect(q.interval.value == 1)
    #expect(q.verdict == .reliable)
    let json = JSON.object(s.json(adjusted: true)).render()
    #expect(json.contains(#""verdict""#) && json.contains("reliable"))
    #expect(
      s.table(width: 100, questions: [QuestionRef(id: "q1", title: "Q1", weight: 1, bankId: "b")], adjusted: true)
        .contains("reliable"))
    #expect(
      s.markdown(questions: [QuestionRef(id: "q1", title: "Q1", weight: 1, bankId: "b")], adjusted: false)
        .contains("reliable"))
  }

  @Test func theRewordVerdictIsWordedAsAdvice() {
    #expect(Agreement.Verdict(0.2).advice == "reword this question or its rubric")
    #expect(Agreement.Verdict(nil).advice == "not enough data")
  }

  /// Evidence first: alpha over fewer than five candidates is shown but judged "not enough data", and the ICC line
  /// carries its interval and speaks of "both interviewers".
  @Test func fewCandidatesGiveNoVerdict() throws {
    let s = section(candidates: 3)
    let q = try #require(s.perQuestion["q1"])
    #expect(q.interval.value == 1 && q.interval.units == 3)
    #expect(q.verdict == .notEnoughData)
    let line = s.iccLine()
    #expect(line.contains("scored by both interviewers") && line.contains("over 3 candidates"), "\(line)")
    let json = JSON.object(s.json(adjusted: false)).render()
    #expect(json.contains("icc2_1_ci") && json.contains("icc2_k_ci"))
  }
}
