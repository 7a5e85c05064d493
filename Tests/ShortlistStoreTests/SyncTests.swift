import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// The Store's half of sync: what is pending, what a push marks, how a pull applies (an exchange file merged as the
/// team's copy), last-writer-wins by clock with conflicts, and what a file merge leaves to push.
@Suite final class SyncTests {
  private let dir = NSTemporaryDirectory() + "shortlist-sync-\(UUID().uuidString)"

  init() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
  deinit { try? FileManager.default.removeItem(atPath: dir) }

  func joined(_ name: String, member: String) throws -> AppDatabase {
    let db = try AppDatabase.open(path: dir + "/\(name).sqlite")
    try db.setSetting("team_member", member)
    return db
  }

  @Test func editsAreStampedPendingUntilPushedAndPendingAgainWhenEdited() throws {
    let db = try joined("a", member: "alice")
    var c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let first = try db.syncOutbox(member: "alice")
    #expect(first.batch.candidates.map(\.name) == ["Ada"])
    #expect(HLC(first.batch.candidates[0].hlc)?.node == "alice")
    #expect(first.batch.statusChanges.count == 1)
    try db.markPushed(first)
    #expect(try db.pendingSyncCount(member: "alice") == 0)
    c.rate = 120
    try db.updateCandidate(c)
    let second = try db.syncOutbox(member: "alice")
    #expect(second.batch.candidates.map(\.rate) == [120])
    #expect(second.batch.candidates[0].hlc > first.batch.candidates[0].hlc)
    #expect(second.batch.statusChanges.isEmpty)
  }

  /// Pages of the outbox cover every pending row once, in the server's table order, an interview with its content;
  /// a refused row stays pending but is not read again by the same sync.
  @Test func theOutboxIsReadInPagesThatCoverEveryRowOnce() throws {
    let db = try joined("pages", member: "alice")
    var ids: [Int64] = []
    for k in 0..<23 {
      ids.append(try db.addCandidate(NewCandidate(name: "C\(k)", tier: .nicheNetwork, source: "x")).id)
    }
    for id in ids.prefix(5) {
      let i = try db.startInterview(candidateId: id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "alice")
      try db.addNote(interviewId: i, questionId: "q1", text: "n\(id)")
      try db.setScore(interviewId: i, questionId: "q1", score: 3, comment: nil)
    }
    let whole = try db.syncOutbox(member: "alice")
    var cursor = OutboxCursor()
    var pages: [SyncOutbox] = []
    while true {
      let page = try db.syncOutbox(member: "alice", budget: 7, after: &cursor)
      if page.batch.rowCount == 0 { break }
      #expect(page.batch.rowCount <= 7 + 3, "a page keeps near its budget")
      pages.append(page)
    }
    #expect(pages.count >= 7)
    #expect(pages.flatMap(\.batch.candidates) == whole.batch.candidates)
    #expect(pages.flatMap(\.batch.statusChanges) == whole.batch.statusChanges)
    #expect(pages.flatMap(\.batch.interviews) == whole.batch.interviews)
    for p in pages {
      // An interview travels with its content.
      #expect(Set(p.batch.notes.map(\.interview_uuid)) == Set(p.batch.interviews.map(\.uuid)))
    }
    // The first page refused one candidate: marked pages leave only it pending.
    try db.markPushed(pages[0].removing([SyncRefusal(table: "candidate", index: 1, reason: "no")]))
    for p in pages.dropFirst() { try db.markPushed(p) }
    let left = try db.syncOutbox(member: "alice")
    #expect(left.batch.candidates.map(\.name) == ["C0"] && left.batch.interviews.isEmpty)
  }

  @Test func onlyTheMembersOwnInterviewsArePushedAndAgainWhenTheyChange() throws {
    let db = try joined("b", member: "alice")
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let mine = try db.startInterview(candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "alice")
    _ = try db.startInterview(candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "zed")
    try db.addNote(interviewId: mine, questionId: "q1", text: "first")
    let open = try db.syncOutbox(member: "alice")
    #expect(open.batch.interviews.map(\.owner) == ["alice"])
    #expect(open.batch.notes.map(\.text) == ["first"] && open.batch.snapshots.count == 1)
    try db.markPushed(open)
    #expect(try db.syncOutbox(member: "alice").batch.interviews.isEmpty)
    try db.setScore(interviewId: mine, questionId: "q1", score: 3, comment: nil)
    let scored = try db.syncOutbox(member: "alice")
    #expect(scored.batch.answers.map(\.score) == [3])
    try db.markPushed(scored)
    try db.finishInterview(mine)
    #expect(try db.syncOutbox(member: "alice").batch.interviews.map(\.state) == ["finished"])
  }

  @Test func aPullAppliesTheLaterEditAndReportsAConflictWithAnUnpushedOne() throws {
    let db = try joined("c", member: "alice")
    var c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x", rate: 100))
    try db.markPushed(try db.syncOutbox(member: "alice"))
    c.rate = 110
    try db.updateCandidate(c)  // not pushed yet
    var pulled = SyncBatch()
    let theirs = try #require(try db.syncOutbox(member: "alice").batch.candidates.first)
    var later = theirs
    later.rate = 130
    later.hlc = HLC(millis: (HLC(theirs.hlc)?.millis ?? 0) + 5_000, counter: 0, node: "bob").description
    pulled.candidates = [later]
    let report = try db.applyPull(pulled, member: "alice", settings: ["team_pull_xmin": "42"])
    #expect(report.rowsUpdated == 1)
    #expect(report.syncConflicts.map(\.field) == ["rate"] && report.syncConflicts.first?.lost_by == "alice")
    #expect(try db.candidate(id: c.id)?.rate == 130)
    #expect(try db.setting("team_pull_xmin") == "42")
    #expect(try db.pendingSyncCount(member: "alice") == 0)
    #expect(try db.syncConflicts().count == 1)
    // The same pull again changes nothing and reports nothing new.
    let again = try db.applyPull(pulled, member: "alice", settings: [:])
    #expect(again.rowsUpdated == 0 && again.syncConflicts.isEmpty)
    // An older edit from the team loses to the one here.
    var older = later
    older.rate = 90
    older.hlc = HLC(millis: 1, counter: 0, node: "carol").description
    pulled.candidates = [older]
    _ = try db.applyPull(pulled, member: "alice", settings: [:])
    #expect(try db.candidate(id: c.id)?.rate == 130)
    #expect(!FileManager.default.fileExists(atPath: dir + "/c.sqlite.sync-exchange"))
  }

  @Test func rowsMergedFromAFileArePendingForTheNextPush() throws {
    let a = try joined("d", member: "alice")
    try a.markPushed(try a.syncOutbox(member: "alice"))
    let other = try AppDatabase.open(path: dir + "/other.sqlite")
    _ = try other.addCandidate(NewCandidate(name: "Bea", tier: .curatedMarketplace, source: "x"))
    try other.setSetting("team_member", "bob")
    try other.markPushed(try other.syncOutbox(member: "bob"))  // exchanged there, not here
    other.close()
    _ = try a.merge(from: dir + "/other.sqlite", dryRun: false)
    let outbox = try a.syncOutbox(member: "alice")
    #expect(outbox.batch.candidates.map(\.name) == ["Bea"] && outbox.batch.statusChanges.count == 1)
  }

  /// The push's own JSON writer reads back, through the same Codable the pull uses, as what it wrote.
  @Test func theJSONWriterRoundTrips() throws {
    let hostile = "Zoë \"Z\" O'Neil\\ \u{1B}]0;title\u{7}\n\r\t\u{0}😀"
    let candidates = [
      SyncCandidate(
        uuid: "u1", name: hostile, email: nil, tier: 2, source: "x", rate: 95.5, links: ["https://a/b?c=\"d\""],
        tags: [], created_at: 1_700_000_000.123456, hlc: "h"),
      SyncCandidate(
        uuid: "u2", name: "", email: "e@x", tier: 4, source: hostile, rate: nil, links: [], tags: ["a", hostile],
        created_at: 0.1 + 0.2, hlc: ""),
    ]
    #expect(try JSONDecoder().decode([SyncCandidate].self, from: Data(candidates.json.utf8)) == candidates)
    let changes = [
      SyncStatusChange(
        candidate_uuid: "c", role_uuid: nil, from_status: nil, to_status: "sourced", at: 1e-7, note: hostile,
        forced: true)
    ]
    #expect(try JSONDecoder().decode([SyncStatusChange].self, from: Data(changes.json.utf8)) == changes)
    #expect([SyncTombstone]().json == "[]")
  }

  @Test func forgetErasesTheConflictsThatNamedThePerson() throws {
    let db = try joined("e", member: "alice")
    let c = try db.addCandidate(NewCandidate(name: "Zelda Quux", tier: .nicheNetwork, source: "x"))
    let uuid = try #require(try db.syncOutbox(member: "alice").batch.candidates.first?.uuid)
    var pulled = SyncBatch()
    pulled.conflicts = [
      SyncConflict(
        uuid: "k1", tbl: "candidate", row_uuid: uuid, field: "name", kept: "Zelda Quux", lost_by: "bob", at: 1)
    ]
    _ = try db.applyPull(pulled, member: "alice", settings: [:])
    #expect(try db.syncConflicts().count == 1)
    try db.forget(candidateId: c.id)
    #expect(try db.syncConflicts().isEmpty)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/e.sqlite"))
    #expect(bytes.range(of: Data("Zelda Quux".utf8)) == nil)
  }

  /// A first pull into an empty file (a laptop joining a team) copies the exchange file's tables whole; it leaves
  /// what the row-at-a-time merge leaves in a file that already held something: every table compared through UUIDs,
  /// name tokens, current statuses, the clock and the report.
  @Test func aFirstPullIntoAnEmptyFileLeavesWhatTheRowAtATimeMergeLeaves() throws {
    let source = try joined("source", member: "bob")
    let bank = InterviewsTests.bank()
    try source.insertDemo(DemoPlan.make(candidates: 80, seed: 5, roles: [("RAG", bank), ("Backend", bank)]))
    let ada = try source.addCandidate(
      NewCandidate(
        name: "Ada Lovelace-Émile", email: "ada@example.com", tier: .directOutreach, source: "x", rate: 95,
        links: ["https://a.example", "https://b.example"], tags: ["rag", "go"]))
    _ = try source.addCandidateNote(candidateId: ada.id, text: "met at the meetup", author: "bob")
    var pulled = try source.syncOutbox(member: "bob").batch
    #expect(pulled.interviews.count > 5 && pulled.answers.count > 20 && pulled.statusChanges.count > 80)
    pulled.conflicts = [
      SyncConflict(
        uuid: "k1", tbl: "candidate", row_uuid: pulled.candidates[0].uuid, field: "rate", kept: "90", lost_by: "carol",
        at: 5)
    ]
    pulled.tombstones = [SyncTombstone(uuid_hash: String(repeating: "a", count: 64), at: 3)]

    let empty = try joined("empty", member: "alice")
    let copied = try empty.applyPull(pulled, member: "alice", settings: [:])
    // The general path: a file that already holds one tombstone (of nobody here).
    let seeded = try joined("seeded", member: "alice")
    var first = SyncBatch()
    first.tombstones = [SyncTombstone(uuid_hash: String(repeating: "b", count: 64), at: 1)]
    _ = try seeded.applyPull(first, member: "alice", settings: [:])
    let merged = try seeded.applyPull(pulled, member: "alice", settings: [:])
    #expect(copied.wroteDirectly && !merged.wroteDirectly)
    #expect(copied.rowsChanged == merged.rowsChanged && copied.rowsChanged > 0)
    let counts = { (r: MergeReport) -> [Int] in
      [r.rolesAdded, r.candidatesAdded, r.statusRowsAdded, r.notesAdded, r.interviewsAdded, r.snapshotsAdded]
    }
    #expect(counts(copied) == counts(merged))
    #expect(copied.syncConflicts == merged.syncConflicts && copied.syncConflicts.count == 1)
    // A first pull stopped half-way (the candidates and their history written, then the connection lost): the next
    // sync finds the file not empty, merges the whole pull again and ends where an uninterrupted pull does.
    let stopped = try joined("stopped", member: "alice")
    struct Lost: Error {}
    #expect(throws: Lost.self) {
      _ = try stopped.applyPull(member: "alice") { writer in
        var part = SyncBatch()
        part.roles = pulled.roles
        part.candidates = Array(pulled.candidates.prefix(40))
        part.statusChanges = pulled.statusChanges.filter { s in part.candidates.contains { $0.uuid == s.candidate_uuid }
        }
        try writer.write(part)
        throw Lost()
      }
    }
    #expect(try stopped.setting("team_pull_xmin") == nil)
    let resumed = try stopped.applyPull(pulled, member: "alice", settings: [:])
    #expect(!resumed.wroteDirectly && resumed.candidatesAdded == pulled.candidates.count - 40)

    let c = "(SELECT uuid FROM candidate WHERE id = candidate_id)"
    let r = "(SELECT uuid FROM role WHERE id = role_id)"
    let i = "(SELECT uuid FROM interview WHERE id = interview_id)"
    let queries = [
      "SELECT uuid, name, email, tier, source, rate, status, created_at, forgotten, provenance, name_key, since, hlc, synced_hlc FROM candidate",
      "SELECT uuid, title, goal, metric, stack, milestone, model, budget_min, budget_max, created_at, archived_at, hlc, synced_hlc, contacts, repo, board FROM role",
      "SELECT \(r), bank_id, position FROM role_bank",
      "SELECT \(c), position, url FROM candidate_link",
      "SELECT \(c), tag FROM candidate_tag",
      "SELECT \(c), token FROM candidate_name_token",
      "SELECT \(c), \(r), status, since, synced FROM candidate_role",
      "SELECT \(c), from_status, to_status, at, note, \(r), forced, synced FROM status_change",
      "SELECT uuid, \(c), text, author, origin, at, synced FROM candidate_note",
      "SELECT bank_id, version, sha256, title, content, created_at FROM bank_snapshot",
      "SELECT uuid, \(c), \(r), (SELECT sha256 FROM bank_snapshot s WHERE s.id = snapshot_id), interviewer, started_at, finished_at, state, current_question, recommendation, voided_at, void_note, synced FROM interview",
      "SELECT \(i), question_id, score, comment, skipped, skip_reason, at FROM answer",
      "SELECT uuid, \(i), question_id, text, at FROM note",
      "SELECT \(i), question_id, signal_index, value, at FROM signal_mark",
      "SELECT uuid_hash, at, synced FROM forgotten WHERE uuid_hash <> '\(String(repeating: "b", count: 64))'",
      "SELECT uuid, tbl, row_uuid, field, kept, lost_by, at FROM sync_conflict",
      "SELECT value FROM setting WHERE key = 'hlc_clock'",
    ]
    for sql in queries {
      // Every column of every row as one line, sorted: the order rows were written in is not compared.
      let dump = { (db: AppDatabase) in
        try db.read { db in
          try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(\.description).joined(separator: "|") }
            .sorted()
        }
      }
      let (a, b) = (try dump(empty), try dump(seeded))
      #expect(a == b, "\(sql)")
      #expect(try dump(stopped) == a, "stopped and resumed: \(sql)")
      #expect(!a.isEmpty, "\(sql)")
    }
  }

  /// What an incremental sync reads to find nothing to push is found through the indexes of unsynced rows, never a
  /// pass over every application or status move (the plans, on a file with many of both).
  @Test func pendingRowsAreFoundThroughTheirIndexes() throws {
    let db = try joined("plans", member: "alice")
    let bank = InterviewsTests.bank()
    try db.insertDemo(DemoPlan.make(candidates: 300, seed: 9, roles: [("RAG", bank)]))
    // Without statistics (the tool never gathers them) and with them (a file someone ran ANALYZE on).
    for (analyzed, sql) in [false, true].flatMap({ a in
      [AppDatabase.pendingApplicationsSQL, AppDatabase.pendingStatusChangesSQL].map { (a, $0) }
    }) {
      if analyzed { try db.write { try $0.execute(sql: "ANALYZE") } }
      let arguments: StatementArguments = sql.contains("(?, ?)") ? [0, 0, 100] : [0, 100]
      let plan = try db.read { db in
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map {
          $0["detail"] as String? ?? ""
        }
      }
      #expect(plan.first?.contains("_unsynced") == true, "\(plan)")
      // Scans only of the partial index itself (pending rows) and of roles (a handful).
      #expect(
        !plan.contains {
          ($0.hasPrefix("SCAN c") || $0.hasPrefix("SCAN x") && !$0.contains("_unsynced")) || $0.contains("(rowid>?)")
        }, "\(plan)")
    }
  }
}
