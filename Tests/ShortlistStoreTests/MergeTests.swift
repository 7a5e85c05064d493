import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// Merge at the Store: rows by UUID, forget tombstones honoured both ways, nothing of a forgotten person copied.
@Suite final class MergeTests {
  private let dir = NSTemporaryDirectory() + "shortlist-merge-\(UUID().uuidString)"

  init() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
  deinit { try? FileManager.default.removeItem(atPath: dir) }

  func interviewed(_ db: AppDatabase, _ name: String, by interviewer: String, note: String) throws -> Int64 {
    let c = try db.addCandidate(
      NewCandidate(name: name, email: "\(name.lowercased())@example.com", tier: .nicheNetwork, source: "x"))
    let id = try db.startInterview(
      candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: interviewer)
    try db.addNote(interviewId: id, questionId: "q1", text: note)
    try db.setScore(interviewId: id, questionId: "q1", score: 3, comment: nil)
    try db.finishInterview(id)
    return c.id
  }

  @Test func rowsComeAcrossOnceAndAgainChangesNothing() throws {
    let a = try AppDatabase.open(path: dir + "/a.sqlite")
    let b = try AppDatabase.open(path: dir + "/b.sqlite")
    _ = try interviewed(a, "Ada", by: "alice", note: "a note")
    _ = try interviewed(b, "Bea", by: "bob", note: "b note")
    b.close()
    let first = try a.merge(from: dir + "/b.sqlite", dryRun: false)
    #expect(first.candidatesAdded == 1 && first.interviewsAdded == 1 && first.notesAdded == 1)
    let again = try a.merge(from: dir + "/b.sqlite", dryRun: false)
    #expect(!again.changed && again.interviewsAlreadyHere == 1)
    #expect(try a.candidates().map(\.name) == ["Ada", "Bea"])
  }

  /// Applications, forced moves, voids and aborts made on a colleague's copy come across; the latest move wins.
  @Test func applicationsForcedMovesAndVoidsComeAcross() throws {
    let a = try AppDatabase.open(path: dir + "/a.sqlite")
    let role = try a.addRole(NewRole(title: "RAG"))
    let c = try a.addCandidate(NewCandidate(name: "Linus", tier: .nicheNetwork, source: "x"), roleIds: [role.id])
    let first = try a.startInterview(candidateId: c.id, roleId: role.id, bank: InterviewsTests.bank(), interviewer: "a")
    try a.setScore(interviewId: first, questionId: "q1", score: 3, comment: nil)
    try a.finishInterview(first)
    a.close()
    try FileManager.default.copyItem(atPath: dir + "/a.sqlite", toPath: dir + "/b.sqlite")
    let b = try AppDatabase.open(path: dir + "/b.sqlite")
    try b.move(candidateId: c.id, roleId: role.id, to: .sourced, note: "restart", force: true)
    try b.voidInterview(first, note: "wrong bank")
    let open = try b.startInterview(candidateId: c.id, roleId: role.id, bank: InterviewsTests.bank(), interviewer: "b")
    try b.abortInterview(open)
    b.close()
    let here = try AppDatabase.open(path: dir + "/a.sqlite")
    let report = try here.merge(from: dir + "/b.sqlite", dryRun: false)
    #expect(report.voidsApplied == 1 && report.abortsAdded == 1)
    let app = try #require(try here.application(candidateId: c.id, roleId: role.id))
    #expect(app.status == .interviewing, "the aborted interview's start moved it last")
    let history = try here.statusHistory(candidateId: c.id, roleId: role.id)
    #expect(history.contains { $0.forced && $0.note == "restart" && $0.to == .sourced })
    #expect(try here.interview(id: first, viewer: Viewer("a"))?.isVoid == true)
    let again = try here.merge(from: dir + "/b.sqlite", dryRun: false)
    #expect(!again.changed)
  }

  @Test func aForgottenPersonIsSkippedAndAForgetThereErasesHere() throws {
    let a = try AppDatabase.open(path: dir + "/a.sqlite")
    let zed = try interviewed(a, "Zed", by: "alice", note: "Zed knows RAG")
    _ = try interviewed(a, "Kim", by: "alice", note: "better than Zed")
    _ = try a.backup(to: dir + "/old.sqlite", force: false)
    try a.forget(candidateId: zed)
    let report = try a.merge(from: dir + "/old.sqlite", dryRun: false)
    #expect(report.forgottenSkipped == 1)
    #expect(report.candidatesAdded == 0)
    #expect(try a.candidates().map(\.name).sorted() == ["Anonymised #1", "Kim"])
    // The tombstone holds a hash, nothing personal.
    let hashes = try a.reader.read { try String.fetchAll($0, sql: "SELECT uuid_hash FROM forgotten") }
    #expect(hashes.count == 1 && hashes[0].count == 64)
    a.close()
    // The old copy learns of the forget from the database that did it.
    let old = try AppDatabase.open(path: dir + "/old.sqlite")
    let back = try old.merge(from: dir + "/a.sqlite", dryRun: false)
    #expect(back.forgottenHere == 1)
    #expect(try old.candidates().contains { $0.name == "Zed" } == false)
    let notes = try old.notes(for: [2: ["q1"]], viewer: Viewer("alice"))
    #expect(notes[2]?["q1"] == "better than [forgotten]", "mentions in other people's notes are redacted too")
  }

  /// The other file is read a row at a time while this one is written: many candidates, each with an application
  /// and moves, come across with the latest move as their status, and a second merge changes nothing.
  @Test func manyCandidatesComeAcrossWithTheirLatestMove() throws {
    let b = try AppDatabase.open(path: dir + "/b.sqlite")
    let role = try b.addRole(NewRole(title: "RAG"))
    for k in 0..<300 {
      let c = try b.addCandidate(
        NewCandidate(name: "Person \(k)", tier: .nicheNetwork, source: "x"), roleIds: [role.id])
      if k % 3 == 0 { try b.move(candidateId: c.id, roleId: role.id, to: .screening, note: nil, force: false) }
      if k % 3 == 1 { try b.move(candidateId: c.id, roleId: role.id, to: .rejected, note: "no", force: false) }
    }
    b.close()
    let a = try AppDatabase.open(path: dir + "/a.sqlite")
    let report = try a.merge(from: dir + "/b.sqlite", dryRun: false)
    #expect(report.candidatesAdded == 300 && report.rolesAdded == 1)
    let here = try #require(try a.roles().first)
    for (k, expected) in [(0, Status.screening), (1, .rejected), (2, .sourced), (298, .rejected)] {
      let c = try #require(try a.candidates().first { $0.name == "Person \(k)" })
      #expect(try a.application(candidateId: c.id, roleId: here.id)?.status == expected, "Person \(k)")
    }
    #expect(!(try a.merge(from: dir + "/b.sqlite", dryRun: false)).changed)
  }

  /// A scorecard here whose copy there holds a value of another type (a comment stored as bytes) is a conflict,
  /// reported and skipped, never a crash.
  @Test func aDamagedCopyOfAScorecardIsAConflict() throws {
    let a = try AppDatabase.open(path: dir + "/a.sqlite")
    _ = try interviewed(a, "Ada", by: "alice", note: "a note")
    a.close()
    try FileManager.default.copyItem(atPath: dir + "/a.sqlite", toPath: dir + "/b.sqlite")
    let raw = try DatabaseQueue(path: dir + "/b.sqlite")
    try raw.write { try DamagedFile.plant($0, "UPDATE answer SET comment = X'00FF'") }
    try raw.close()
    let here = try AppDatabase.open(path: dir + "/a.sqlite")
    let report = try here.merge(from: dir + "/b.sqlite", dryRun: false)
    #expect(report.conflicts.count == 1 && report.conflicts[0].contains("differs"))
    #expect(!report.changed)
  }

  @Test func aDryRunChangesNothing() throws {
    let a = try AppDatabase.open(path: dir + "/a.sqlite")
    let b = try AppDatabase.open(path: dir + "/b.sqlite")
    _ = try interviewed(b, "Bea", by: "bob", note: "b note")
    b.close()
    let dry = try a.merge(from: dir + "/b.sqlite", dryRun: true)
    #expect(dry.candidatesAdded == 1)
    #expect(try a.candidates().isEmpty)
  }
}
