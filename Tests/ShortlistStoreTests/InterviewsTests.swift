import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

@Suite struct InterviewsTests {
  static func bank(version: Int = 1, prompt: String = "Why?") -> QuestionBank {
    QuestionBank(
      id: "demo", title: "Demo", version: version, scenario: "S",
      questions: (1...3).map {
        Question(
          id: "q\($0)", title: "Q\($0)", prompt: prompt, weight: Double($0), signals: ["a", "b"],
          rubric: ["1", "2", "3", "4"])
      })
  }

  @Test func fullInterviewIsStored() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let id = try db.startInterview(candidateId: c.id, roleId: nil, bank: Self.bank(), interviewer: "alice")
    #expect(try db.candidate(id: c.id)?.status == .interviewing)
    try db.addNote(interviewId: id, questionId: "q1", text: "said \"hello\" ✓")
    try db.addNote(interviewId: id, questionId: "q1", text: String(repeating: "x", count: 10_000))
    try db.setSignal(interviewId: id, questionId: "q1", index: 2, mark: .partial)
    try db.setScore(interviewId: id, questionId: "q1", score: 3, comment: "solid")
    try db.skip(interviewId: id, questionId: "q2", reason: "no time")
    try db.recommend(interviewId: id, .yes)
    try db.setCurrentQuestion(interviewId: id, index: 2)
    try db.finishInterview(id)
    let d = try #require(try db.interviewDetail(id: id, viewer: Viewer("alice")))
    #expect(d.notes.count == 2)
    #expect(d.notes[0].text == "said \"hello\" ✓")
    #expect(d.answers["q1"]?.score == 3)
    #expect(d.answers["q2"]?.skipped == true)
    #expect(d.signals["q1"]?[2] == .partial)
    #expect(d.summary.recommendation == .yes)
    #expect(d.summary.isFinished)
    #expect(d.summary.currentQuestion == 2)
    #expect(throws: StoreError.self) { try db.addNote(interviewId: id, questionId: "q1", text: "late") }
  }

  @Test func changedBankWithSameVersionIsRefused() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    _ = try db.startInterview(candidateId: c.id, roleId: nil, bank: Self.bank(), interviewer: "a")
    #expect(throws: StoreError.self) {
      try db.startInterview(candidateId: c.id, roleId: nil, bank: Self.bank(prompt: "Changed"), interviewer: "a")
    }
    let second = try db.startInterview(
      candidateId: c.id, roleId: nil, bank: Self.bank(version: 2, prompt: "Changed"), interviewer: "a")
    // The first interview still reads with the old text.
    #expect(try db.interviewDetail(id: 1, viewer: Viewer("a"))?.bank.questions[0].prompt == "Why?")
    #expect(try db.interviewDetail(id: second, viewer: Viewer("a"))?.bank.questions[0].prompt == "Changed")
  }

  @Test func openScorecardSeals() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let id = try db.startInterview(candidateId: c.id, roleId: nil, bank: Self.bank(), interviewer: "bob")
    #expect(try db.sealedCandidates(viewer: Viewer("alice")) == [c.id])
    #expect(throws: StoreError.self) { try db.interviewDetail(id: id, viewer: Viewer("alice")) }
    #expect(try db.interviewDetail(id: id, viewer: Viewer("bob")) != nil)
    try db.finishInterview(id)
    #expect(try db.sealedCandidates(viewer: Viewer("alice")).isEmpty)
    #expect(try db.interviewDetail(id: id, viewer: Viewer("alice")) != nil)
  }

  @Test func aNulInANoteLosesNothingAfterIt() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let id = try db.startInterview(candidateId: c.id, roleId: nil, bank: Self.bank(), interviewer: "bob")
    try db.addNote(interviewId: id, questionId: "q1", text: "before\0after")
    #expect(try db.interviewDetail(id: id, viewer: Viewer("bob"))?.notes.first?.text == "before\u{2400}after")
  }

  @Test func scoresOutOfRangeAreRefused() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let id = try db.startInterview(candidateId: c.id, roleId: nil, bank: Self.bank(), interviewer: "bob")
    #expect(throws: StoreError.self) { try db.setScore(interviewId: id, questionId: "q1", score: 5, comment: nil) }
  }

  /// Time on a question adds up over notes, moves and sittings, and is part of the scorecard's detail.
  @Test func timeOnEachQuestionAddsUp() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let id = try db.startInterview(candidateId: c.id, roleId: nil, bank: Self.bank(), interviewer: "alice")
    try db.addNote(interviewId: id, questionId: "q1", text: "first", timeSpent: 30)
    try db.addTime(interviewId: id, questionId: "q1", seconds: 12.5)
    try db.addTime(interviewId: id, questionId: "q2", seconds: 60)
    try db.addTime(interviewId: id, questionId: "q2", seconds: -5)  // never negative
    let d = try #require(try db.interviewDetail(id: id, viewer: Viewer("alice")))
    #expect(d.seconds == ["q1": 42.5, "q2": 60])
  }
}
