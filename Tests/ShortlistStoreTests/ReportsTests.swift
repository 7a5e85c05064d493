import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

@Suite struct ReportsTests {
  /// A reader who sees everything: these tests are about indexing, not sealing (see `sealedForEveryoneButTheAuthor`).
  static let lead = Viewer("lead", seesEverything: true)

  /// Two candidates, each with a finished interview by alice and bob, and one open interview by carol.
  func interviewed(path: String? = nil) throws -> (AppDatabase, ada: Int64, bob: Int64) {
    let db = try path.map { try AppDatabase.open(path: $0) } ?? AppDatabase.inMemory()
    let ada = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x")).id
    let bob = try db.addCandidate(NewCandidate(name: "Bob", tier: .directOutreach, source: "y")).id
    for (cid, scores) in [(ada, [4, 2, 3]), (bob, [1, 1, 2])] {
      for interviewer in ["alice", "bob"] {
        let id = try db.startInterview(
          candidateId: cid, roleId: nil, bank: InterviewsTests.bank(), interviewer: interviewer)
        for (k, s) in scores.enumerated() {
          try db.setScore(interviewId: id, questionId: "q\(k + 1)", score: s, comment: nil)
          _ = try db.addNote(interviewId: id, questionId: "q\(k + 1)", text: "\(interviewer) on q\(k + 1)")
        }
        try db.finishInterview(id)
      }
    }
    let open = try db.startInterview(candidateId: ada, roleId: nil, bank: InterviewsTests.bank(), interviewer: "carol")
    try db.setScore(interviewId: open, questionId: "q1", score: 1, comment: nil)
    _ = try db.addNote(interviewId: open, questionId: "q1", text: "carol, still open")
    return (db, ada, bob)
  }

  @Test func comparisonDataIndexesScoresByQuestion() throws {
    let (db, ada, _) = try interviewed()
    let data = try db.comparisonData(roleId: nil, tier: nil, viewer: Self.lead)
    #expect(data.questions.map(\.id) == ["q1", "q2", "q3"])
    let cards = try #require(data.scorecards[ada])
    #expect(cards.count == 3)
    #expect(cards.filter(\.finished).allSatisfy { $0.scores == [4, 2, 3] })
    #expect(cards.first { !$0.finished }?.scores == [1, 0, 0], "an open scorecard keeps its scores, unscored as 0")
    let rows = Comparison.rank(candidates: data.candidates, questions: data.questions, scorecards: data.scorecards)
    #expect(rows.map(\.candidate.name) == ["Ada", "Bob"])
    // Ada: means 4, 2, 3 with weights 1, 2, 3: 100 * (3 + 2 + 6) / (3 * 6)
    #expect(abs(rows[0].result.score! - 1100.0 / 18.0) < 1e-9)
    #expect(rows[0].result.interviews == 2, "the open scorecard never counts")
  }

  @Test func milestonesComeWithTheComparisonAsFirstReachedReadsThem() throws {
    let (db, ada, bob) = try interviewed()
    try db.move(candidateId: ada, roleId: nil, to: .shortlisted, note: "n", force: true)
    try db.move(candidateId: ada, roleId: nil, to: .hired, note: "n", force: true)
    try db.move(candidateId: bob, roleId: nil, to: .rejected, note: "n", force: true)
    let data = try db.comparisonData(roleId: nil, tier: nil, viewer: Self.lead, milestones: true)
    #expect(data.reached == (try db.firstReached()))
    #expect(data.reached?[ada]?[.hired] != nil && data.reached?[bob]?[.hired] == nil)
    #expect(try db.comparisonData(roleId: nil, tier: nil, viewer: Self.lead).reached == nil, "only when asked")
  }

  /// Question ids are matched by their bytes, the next question after the last match first, wrapping around; an id
  /// the comparison does not have (or a prefix or extension of one) matches nothing.
  @Test func questionIdsMatchByTheirBytes() {
    var match = QuestionMatcher(["q1", "q2", "design.rag-2"])
    func index(_ text: String) -> Int? {
      let bytes = Array(text.utf8)
      return bytes.withUnsafeBufferPointer { match.index(of: $0) }
    }
    #expect(index("q2") == 1)
    #expect(index("design.rag-2") == 2)
    #expect(index("q1") == 0, "after the last question, the first")
    #expect(index("q1") == 0)
    #expect(index("q") == nil && index("q12") == nil && index("") == nil && index("Q1") == nil)
    var none = QuestionMatcher([])
    #expect(Array("q1".utf8).withUnsafeBufferPointer { none.index(of: $0) } == nil)
  }

  @Test func notesOfThePickedQuestionsOnlyInTypingOrder() throws {
    let (db, ada, bob) = try interviewed()
    let notes = try db.notes(for: [ada: ["q1", "q2"], bob: ["q3"]], viewer: Self.lead)
    #expect(notes[ada] == ["q1": "alice on q1 / bob on q1", "q2": "alice on q2 / bob on q2"])
    #expect(notes[bob] == ["q3": "alice on q3 / bob on q3"])
    #expect(try db.notes(for: [:], viewer: Self.lead).isEmpty)
  }

  @Test func theParallelScanOnASecondConnectionAgreesWithTheDirectRead() throws {
    let dir = NSTemporaryDirectory() + "shortlist-notes-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (db, ada, bob) = try interviewed(path: dir + "/db.sqlite")
    #expect(
      try AppDatabase.inMemory().startNotesScan(viewer: Self.lead) == nil,
      "no second connection to an in-memory database")
    let scan = try #require(db.startNotesScan(viewer: Self.lead))
    let picks: [Int64: [String]] = [ada: ["q2", "q1"], bob: ["q3", "nope"], 999: ["q1"]]
    let direct = try db.notesAligned(for: picks, viewer: Self.lead)
    let parallel = try scan.texts(for: picks)
    #expect(parallel == direct)
    #expect(parallel[ada] == ["alice on q2 / bob on q2", "alice on q1 / bob on q1"])
    #expect(parallel[bob] == ["alice on q3 / bob on q3", nil])
    #expect(parallel[999] == nil)
    #expect(
      try scan.texts(for: [ada: ["q3"]])[ada] == ["alice on q3 / bob on q3"], "a second question does not wait again")
  }

  @Test func notesStoredOutOfTimeOrderStillComeInTypingOrder() throws {
    let (db, ada, _) = try interviewed()
    // A merge can store an older note after newer ones: order is by the time it was typed, not by storage.
    try db.write { db in
      let iid = try Int64.fetchOne(db, sql: "SELECT min(id) FROM interview WHERE candidate_id = ?", arguments: [ada])!
      try db.execute(
        sql: "INSERT INTO note(uuid, interview_id, question_id, text, at) VALUES ('x', ?, 'q1', 'earliest', 1)",
        arguments: [iid])
    }
    #expect(try db.notes(for: [ada: ["q1"]], viewer: Self.lead)[ada]?["q1"] == "earliest / alice on q1 / bob on q1")
  }

  @Test func sealedForEveryoneButTheAuthor() throws {
    let (db, ada, bob) = try interviewed()
    // carol's scorecard for Ada is open: alice, bob and anyone else read none of Ada's scorecards' content.
    for viewer in ["alice", "bob", "dave"].map({ Viewer($0) }) {
      let data = try db.comparisonData(roleId: nil, tier: nil, viewer: viewer)
      #expect(data.sealed == [ada])
      let others = try #require(data.scorecards[ada]).filter { $0.interviewer != viewer.name }
      #expect(others.allSatisfy { $0.scores.allSatisfy { $0 == 0 } && $0.recommendation == nil })
      let own: [String: String]? = viewer.name == "dave" ? nil : ["q1": "\(viewer.name) on q1"]
      #expect(try db.notes(for: [ada: ["q1"], bob: ["q1"]], viewer: viewer)[ada] == own, "only their own notes")
      #expect(try db.notes(for: [bob: ["q1"]], viewer: viewer)[bob]?["q1"] == "alice on q1 / bob on q1")
      for summary in try db.interviews(candidateId: ada, viewer: viewer) where summary.interviewer != viewer.name {
        #expect(summary.sealed && summary.recommendation == nil)
        #expect(throws: StoreError.self) { try db.interviewDetail(id: summary.id, viewer: viewer) }
      }
    }
    // carol reads her own open scorecard; the lead reads everything.
    let carols = try #require(try db.interviews(candidateId: ada, viewer: Viewer("carol")).first { !$0.isFinished })
    #expect(try db.interviewDetail(id: carols.id, viewer: Viewer("carol"))?.notes.first?.text == "carol, still open")
    #expect(try db.comparisonData(roleId: nil, tier: nil, viewer: Self.lead).sealed.isEmpty)
  }

  /// Arrays are sized from a table's largest id, never beyond 2^20 rows (a damaged id asks for no more memory).
  @Test func rowsAtMostComesFromTheLargestIdCapped() throws {
    let q = try DatabaseQueue()
    try q.write { db in
      try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY)")
      #expect(try AppDatabase.rowsAtMost(db, table: "t") == 0)
      try db.execute(sql: "INSERT INTO t(id) VALUES (7), (3)")
      #expect(try AppDatabase.rowsAtMost(db, table: "t") == 7)
      try db.execute(sql: "INSERT INTO t(id) VALUES (1 << 62)")
      #expect(try AppDatabase.rowsAtMost(db, table: "t") == 1 << 20)
      try db.execute(sql: "DELETE FROM t; INSERT INTO t(id) VALUES (-5)")
      #expect(try AppDatabase.rowsAtMost(db, table: "t") == 0)
    }
  }
}

@Suite struct BulkImportTests {
  @Test func importAddsHistoryRolesLinksAndTagsForEveryRow() throws {
    let db = try AppDatabase.inMemory()
    let role = try db.addRole(NewRole(title: "RAG"))
    _ = try db.addCandidate(NewCandidate(name: "Already here", tier: .nicheNetwork, source: "x"))
    let people = (1...3000).map { i in
      NewCandidate(
        name: "Person \(i)", email: "p\(i)@example.com", tier: .directOutreach, source: "referral", rate: Double(i),
        links: ["https://example.com/\(i)", "https://github.com/p\(i)"], tags: ["python", "rag"])
    }
    try db.importCandidates(people, roleIds: [role.id], provenance: people.indices.map { "import s.csv:\($0 + 2)" })
    let all = try db.candidates(CandidateFilter(roleId: role.id))
    #expect(all.count == 3000)
    #expect(all.first?.links == ["https://example.com/1", "https://github.com/p1"])
    #expect(all.last?.tags == ["python", "rag"])
    #expect(all.allSatisfy { $0.roles == ["RAG"] })
    let history = try db.statusHistory(candidateId: all[1234].id)
    #expect(history.count == 1 && history[0].to == .sourced && history[0].note == "imported")
    #expect(try db.statusHistory(candidateId: 1).first?.note == nil, "the candidate who was already there is untouched")
    #expect(Set(all.map(\.uuid)).count == 3000)
  }

  @Test func aFailingRowLeavesNothingBehind() throws {
    let db = try AppDatabase.inMemory()
    let people = [
      NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"),
      NewCandidate(name: "ada", tier: .nicheNetwork, source: "x"),
    ]
    #expect(throws: StoreError.self) { try db.importCandidates(people, roleIds: [], provenance: []) }
    #expect(try db.candidateCount() == 0)
  }
}

@Suite struct StreamingImportTests {
  func people(_ range: ClosedRange<Int>) -> [NewCandidate] {
    range.map { NewCandidate(name: "Person \($0)", tier: .generalPlatform, source: "Upwork", tags: ["t\($0 % 3)"]) }
  }

  @Test func batchesHandedOverWhileReadingAreCommittedTogether() throws {
    let db = try AppDatabase.inMemory()
    let role = try db.addRole(NewRole(title: "RAG"))
    let importer = db.startImport(roleIds: [role.id], expectedRows: 5000)
    for start in stride(from: 1, through: 5000, by: 1000) {
      importer.add(people(start...(start + 999)), provenance: [])
    }
    try importer.finish(commit: true)
    let all = try db.candidates(CandidateFilter(roleId: role.id))
    #expect(all.count == 5000)
    #expect(all.map(\.name) == (1...5000).map { "Person \($0)" }, "in the order handed over")
    #expect(try db.statusHistory(candidateId: all[4999].id).count == 1)
  }

  @Test func aBadRowFoundLaterRollsEveryBatchBack() throws {
    let db = try AppDatabase.inMemory()
    let importer = db.startImport(roleIds: [], expectedRows: 3000)
    importer.add(people(1...2000), provenance: [])
    importer.add(people(2001...3000), provenance: [])
    try importer.finish(commit: false)
    #expect(try db.candidateCount() == 0)
    // The database is usable again afterwards.
    _ = try db.addCandidate(NewCandidate(name: "After", tier: .nicheNetwork, source: "x"))
    #expect(try db.candidateCount() == 1)
  }

  @Test func whatTheDatabaseRefusesIsThrownAtFinishAndNothingStays() throws {
    let db = try AppDatabase.inMemory()
    let importer = db.startImport(roleIds: [], expectedRows: 10)
    importer.add(people(1...5), provenance: [])
    importer.add(people(5...6), provenance: [])  // "Person 5" twice: the unique name refuses it
    importer.add(people(7...8), provenance: [])  // after the failure: ignored, never waits forever
    #expect(throws: StoreError.self) { try importer.finish(commit: true) }
    #expect(try db.candidateCount() == 0)
  }
}

/// Strengths and concerns are judged by each note's own author: José's case from the issue.
@Suite struct EvidenceTests {
  @Test func eachNoteIsJudgedByItsAuthorsScoreAndSealingHolds() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "José", tier: .nicheNetwork, source: "x"))
    let a = try db.startInterview(candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "alice")
    try db.addNote(interviewId: a, questionId: "q1", text: "looked at the data first")
    try db.setScore(interviewId: a, questionId: "q1", score: 3, comment: nil)
    try db.addNote(interviewId: a, questionId: "q2", text: "unscored question, not evidence")
    try db.finishInterview(a)
    let b = try db.startInterview(candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "bob")
    try db.setScore(interviewId: b, questionId: "q1", score: 1, comment: "jumped to tools")
    try db.finishInterview(b)
    let lines = try db.evidence(for: [c.id], viewer: Viewer("alice"))[c.id] ?? []
    #expect(lines.map(\.line) == ["alice (q1, 3): looked at the data first", "bob (q1, 1): jumped to tools"])
    #expect(lines.map(\.isStrength) == [true, false])
    // Carol's own scorecard is open: the others' evidence is sealed from her.
    _ = try db.startInterview(candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "carol")
    #expect(try db.evidence(for: [c.id], viewer: Viewer("carol"))[c.id] == nil)
  }
}
