import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

@Suite struct AgreementSectionTests {
  /// Six candidates scored by two raters who agree exactly: alpha 1, a verdict per question, ICC 1.
  /// `disagree`: the second rater gives the mirror score (5 - s), so alpha is below zero.
  func section(candidates: Int = 6, disagree: Bool = false) -> AgreementSection {
    let questions = [QuestionRef(id: "q1", title: "Q1", weight: 1, bankId: "b")]
    var cards: [Int64: [ScorecardScores]] = [:]
    var people: [Candidate] = []
    for i in 1...candidates {
      let id = Int64(i)
      people.append(Candidate(id: id, name: "P\(i)", tier: .nicheNetwork, source: "x"))
      let s = UInt8(i % 4 + 1)
      cards[id] = ["alice", "bob"].enumerated().map { k, who in
        ScorecardScores(
          interviewId: id * 10 + Int64(k), interviewer: who, finished: true, scores: [disagree && k == 1 ? 5 - s : s],
          recommendation: nil,
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

  /// At 80 columns no number and no verdict is cut: a verdict too long for its column wraps under itself.
  @Test func atEightyColumnsNothingIsCut() throws {
    let questions = [QuestionRef(id: "q1", title: "Q1", weight: 1, bankId: "b")]
    for (candidates, disagree) in [(3, false), (6, false), (40, true)] {
      let s = section(candidates: candidates, disagree: disagree)
      let text = s.table(width: 80, questions: questions, adjusted: false)
      let lines = text.split(separator: "\n").map(String.init)
      #expect(lines.allSatisfy { TextTable.width($0) <= 80 } && !text.contains("…"), "\(text)")
      let row = try #require(lines.firstIndex { $0.hasPrefix("Q1 q1") }, "\(text)")
      let verdict = try #require(s.perQuestion["q1"]).verdict.advice
      let header = try #require(lines.first { $0.hasPrefix("question") })
      let start = try #require(header.range(of: "verdict")).lowerBound.utf16Offset(in: header)
      let said = lines[row...].prefix { $0 == lines[row] || $0.prefix(start).allSatisfy { $0 == " " } }
      #expect(said.map { String($0.dropFirst(start)) }.joined(separator: " ") == verdict, "\(text)")
    }
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
