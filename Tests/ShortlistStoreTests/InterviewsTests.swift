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

  /// In a joined database an empty scorecard is not finished (the server would refuse it for good); a skip is an
  /// answer; alone on a laptop an empty one still finishes, as before.
  @Test func inATeamAnEmptyScorecardIsNotFinished() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let alone = try db.startInterview(candidateId: c.id, roleId: nil, bank: Self.bank(), interviewer: "bob")
    try db.finishInterview(alone)
    try db.setSetting("team_member", "bob")
    let id = try db.startInterview(candidateId: c.id, roleId: nil, bank: Self.bank(version: 2), interviewer: "bob")
    try db.addNote(interviewId: id, questionId: "q1", text: "a note is not an answer")
    #expect(throws: StoreError.self) { try db.finishInterview(id) }
    #expect(try db.interviewDetail(id: id, viewer: Viewer("bob"))?.summary.isFinished == false)
    try db.skip(interviewId: id, questionId: "q2", reason: "no time")
    try db.finishInterview(id)
    #expect(try db.interviewDetail(id: id, viewer: Viewer("bob"))?.summary.isFinished == true)
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

@Suite struct ScorecardScoresTests {
  /// The score `candidate show` printed before, from the whole bank and every answer of the scorecard.
  func fullScore(_ db: AppDatabase, _ id: Int64, viewer: Viewer) throws -> Double? {
    let d = try #require(try db.interviewDetail(id: id, viewer: viewer))
    let means = d.bank.questions.map { q in d.answers[q.id]?.score.map(Double.init) }
    return Scoring.weighted(means: means, weights: d.bank.questions.map(\.weight)).score
  }

  @Test func sameAsFromTheWholeBankAcrossVersionsSealingAndVoids() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    var v2 = InterviewsTests.bank(version: 2)
    v2.questions[0].weight = 5
    v2.questions.append(
      Question(id: "q9", title: "Q9", prompt: "?", weight: 0.5, signals: [], rubric: ["1", "2", "3", "4"]))
    let a = try db.startInterview(candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "alice")
    try db.setScore(interviewId: a, questionId: "q1", score: 4, comment: nil)
    try db.setScore(interviewId: a, questionId: "q3", score: 2, comment: nil)
    try db.finishInterview(a)
    let b = try db.startInterview(candidateId: c.id, roleId: nil, bank: v2, interviewer: "bob")
    try db.setScore(interviewId: b, questionId: "q1", score: 1, comment: nil)
    try db.setScore(interviewId: b, questionId: "q9", score: 3, comment: nil)
    try db.skip(interviewId: b, questionId: "q2", reason: "time")
    try db.finishInterview(b)
    let unscored = try db.startInterview(candidateId: c.id, roleId: nil, bank: v2, interviewer: "dan")
    try db.finishInterview(unscored)
    let voided = try db.startInterview(candidateId: c.id, roleId: nil, bank: v2, interviewer: "erin")
    try db.setScore(interviewId: voided, questionId: "q1", score: 4, comment: nil)
    try db.finishInterview(voided)
    try db.voidInterview(voided, note: "wrong person")

    let everyone = Viewer("carol")
    let scores = try db.scorecardScores(candidateId: c.id, viewer: everyone)
    #expect(scores.keys.sorted() == [a, b])
    #expect(scores[a] == (try fullScore(db, a, viewer: everyone)))
    #expect(scores[b] == (try fullScore(db, b, viewer: everyone)))
    #expect(scores[a] != scores[b])

    // An open scorecard seals the others from everyone but their authors; its own author sees only hers.
    let open = try db.startInterview(candidateId: c.id, roleId: nil, bank: v2, interviewer: "carol")
    #expect(try db.scorecardScores(candidateId: c.id, viewer: Viewer("alice")).keys.sorted() == [a])
    #expect(try db.scorecardScores(candidateId: c.id, viewer: Viewer("carol")).isEmpty)
    try db.setScore(interviewId: open, questionId: "q1", score: 3, comment: nil)
    try db.finishInterview(open)
    #expect(try db.scorecardScores(candidateId: c.id, viewer: everyone).keys.sorted() == [a, b, open])
    #expect(try db.scorecardScores(candidateId: 999, viewer: everyone).isEmpty)
  }

  @Test func aSnapshotThatIsNotABankIsADamagedRow() throws {
    for content in ["not json", #"{"questions": 3}"#, #"{"questions": [{"id": "q1", "weight": "2"}]}"#] {
      let db = try AppDatabase.inMemory()
      let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
      let id = try db.startInterview(
        candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "alice")
      try db.finishInterview(id)
      try db.write { db in try db.execute(sql: "UPDATE bank_snapshot SET content = ?", arguments: [content]) }
      #expect(throws: StoreError.damaged(table: "bank_snapshot", rowId: 1, column: "content")) {
        _ = try db.scorecardScores(candidateId: c.id, viewer: Viewer("alice"))
      }
    }
  }
}
