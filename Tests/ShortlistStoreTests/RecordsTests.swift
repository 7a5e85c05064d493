import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// A row that does not decode is an error naming its table, id and column, never a silent default and never its
/// values (personal data).
@Suite struct RecordsTests {
  /// GRDB's typed subscripts (`row[0] as String`, `row["name"]`) stop the process on a value they cannot convert; the
  /// Store reads columns through `checked`, `fields`, `Decode` or raw checked rows instead. A textual check over the
  /// Store's sources (row variables are `row`, `$0` or one letter there) keeps new ones out.
  @Test func noColumnIsReadThroughATrappingSubscript() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/ShortlistStore")
    let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
    #expect(files.count > 10)
    let subscriptRead = try Regex(#"(\brow|\$0|\b[a-z])\[([0-9]+|"[^"]*")\]"#)
    for file in files {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      where line.contains(subscriptRead) && !line.contains("as DatabaseValue") {
        Issue.record("\(file):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
  }

  func damaged(_ sql: String) throws -> (AppDatabase, Int64) {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(
      NewCandidate(name: "Secret Name", email: "secret@example.com", tier: .nicheNetwork, source: "x"))
    let id = try db.startInterview(candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "alice")
    try db.addNote(interviewId: id, questionId: "q1", text: "a note")
    try db.write { db in try DamagedFile.plant(db, sql) }
    return (db, id)
  }

  func expectDamaged(_ expected: StoreError, _ body: () throws -> Void) {
    do {
      try body()
      Issue.record("no error for a damaged row")
    } catch let e as StoreError {
      #expect(e == expected)
      let message = e.errorDescription ?? ""
      #expect(!message.contains("Secret") && !message.contains("secret@"), "\(message)")
    } catch {
      Issue.record("not a StoreError: \(error)")
    }
  }

  @Test func anUnknownTierIsAnErrorNotADefault() throws {
    let (db, _) = try damaged("UPDATE candidate SET tier = 9")
    expectDamaged(.damaged(table: "candidate", rowId: 1, column: "tier")) { _ = try db.candidates() }
    expectDamaged(.damaged(table: "candidate", rowId: 1, column: "tier")) { _ = try db.candidate(id: 1) }
  }

  @Test func anUnknownStatusIsAnError() throws {
    let (db, _) = try damaged("UPDATE candidate SET status = 'promoted'")
    expectDamaged(.damaged(table: "candidate", rowId: 1, column: "status")) { _ = try db.candidates() }
    let (history, _) = try damaged("UPDATE status_change SET to_status = 'promoted'")
    expectDamaged(.damaged(table: "status_change", rowId: 1, column: "to_status")) {
      _ = try history.statusHistory(candidateId: 1)
    }
  }

  @Test func aDamagedInterviewIsAnError() throws {
    let (db, id) = try damaged("UPDATE interview SET state = 'half'")
    expectDamaged(.damaged(table: "interview", rowId: id, column: "state")) {
      _ = try db.interviews(viewer: Viewer("alice"))
    }
    let (rec, _) = try damaged("UPDATE interview SET recommendation = 'maybe'")
    expectDamaged(.damaged(table: "interview", rowId: id, column: "recommendation")) {
      _ = try rec.interviews(viewer: Viewer("alice"))
    }
  }

  @Test func aNoteOfTheWrongTypeIsAnError() throws {
    let (db, id) = try damaged("UPDATE note SET at = 'yesterday'")
    expectDamaged(.damaged(table: "note", rowId: 1, column: nil)) {
      _ = try db.interviewDetail(id: id, viewer: Viewer("alice"))
    }
  }

  /// Bytes that are not text where a name belongs: the name resolver's read (every candidate command) says which
  /// row is damaged instead of stopping the process.
  @Test func bytesForANameAreAnError() throws {
    let (db, _) = try damaged("UPDATE candidate SET name = X'FF00FF'")
    expectDamaged(.damaged(table: "candidate", rowId: 1, column: "name")) {
      _ = try db.candidateNames(startingWith: "")
    }
  }

  @Test func theTombstoneKeyIsAHashOfTheUUID() {
    let h = ForgottenRecord.hash(uuid: "01A2B3C4-0000-7000-8000-000000000000")
    #expect(h.count == 64)
    #expect(h == ForgottenRecord.hash(uuid: "01a2b3c4-0000-7000-8000-000000000000"), "case does not matter")
    #expect(!h.contains("01a2b3c4"))
  }
}
