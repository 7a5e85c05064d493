import Foundation
import GRDB
import ShortlistCore
import ShortlistSupport

/// Bulk writes: imports and the demo data set, each in one transaction with cached statements.
extension AppDatabase {
  /// Existing emails (lowercased) and names (lowercased) with their ids, to find duplicates before an import.
  public func identityIndex() throws -> (emails: [String: (Int64, String)], names: [String: (Int64, String)]) {
    try read { db in
      var emails: [String: (Int64, String)] = [:]
      var names: [String: (Int64, String)] = [:]
      let cursor = try Row.fetchCursor(db, sql: "SELECT id, name, email FROM candidate")
      while let row = try cursor.next() {
        let id: Int64 = row[0]
        let name: String = row[1]
        names[name.lowercased()] = (id, name)
        if let email: String = row[2] { emails[email.lowercased()] = (id, name) }
      }
      return (emails, names)
    }
  }

  /// Inserts candidates in one transaction: all of them or none (a `StreamingImport` given everything at once).
  public func importCandidates(_ candidates: [Candidate], roleIds: [Int64], provenance: [String]) throws {
    let importer = startImport(roleIds: roleIds, expectedRows: candidates.count)
    importer.add(candidates, provenance: provenance)
    try importer.finish(commit: true)
  }

  /// Writes a demo plan in one transaction. Returns (candidates, interviews) added.
  @discardableResult
  public func insertDemo(_ plan: DemoPlan) throws -> (Int, Int) {
    try bulkWrite(rows: plan.people.count) { db in
      var roleIds: [Int64] = []
      for role in plan.roles {
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM role WHERE title = ?", arguments: [role.title]) {
          roleIds.append(existing)
          continue
        }
        roleIds.append(try Self.insertRole(db, role))
      }
      var taken = Set(try String.fetchAll(db, sql: "SELECT lower(name) FROM candidate"))
      let insert = try db.cachedStatement(
        sql: """
          INSERT INTO candidate(uuid, name, email, tier, source, rate, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """)
      let history = try db.cachedStatement(
        sql: "INSERT INTO status_change(candidate_id, from_status, to_status, at, note) VALUES (?, ?, ?, ?, NULL)")
      let status = try db.cachedStatement(sql: "UPDATE candidate SET status = ? WHERE id = ?")
      let link = try db.cachedStatement(sql: "INSERT INTO candidate_link(candidate_id, position, url) VALUES (?, ?, ?)")
      let tag = try db.cachedStatement(sql: "INSERT OR IGNORE INTO candidate_tag(candidate_id, tag) VALUES (?, ?)")
      let crole = try db.cachedStatement(
        sql: "INSERT OR IGNORE INTO candidate_role(candidate_id, role_id) VALUES (?, ?)")
      let interview = try db.cachedStatement(
        sql: """
          INSERT INTO interview(uuid, candidate_id, role_id, snapshot_id, interviewer, started_at, finished_at, state,
            current_question, recommendation) VALUES (?, ?, ?, ?, ?, ?, ?, 'finished', 0, ?)
          """)
      let note = try db.cachedStatement(
        sql: "INSERT INTO note(uuid, interview_id, question_id, text, at) VALUES (?, ?, ?, ?, ?)")
      let answer = try db.cachedStatement(
        sql:
          "INSERT INTO answer(interview_id, question_id, score, comment, skipped, skip_reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)"
      )
      let signal = try db.cachedStatement(
        sql: "INSERT INTO signal_mark(interview_id, question_id, signal_index, value, at) VALUES (?, ?, ?, ?, ?)")
      var snapshots: [String: Int64] = [:]
      var candidates = 0
      var interviews = 0
      var ids = UUIDv7Generator()
      func uuid() -> String { ids.next() }
      for person in plan.people {
        var c = person.candidate
        if taken.contains(c.name.lowercased()) {
          var k = 2
          while taken.contains("\(c.name) (\(k))".lowercased()) { k += 1 }
          c.name = "\(c.name) (\(k))"
          c.uuid = uuid()
        }
        taken.insert(c.name.lowercased())
        let created = c.createdAt.timeIntervalSince1970
        try insert.execute(arguments: [c.uuid, c.name, c.email, c.tier.rawValue, c.source, c.rate, "sourced", created])
        let id = db.lastInsertedRowID
        candidates += 1
        try history.execute(arguments: [id, nil as String?, "sourced", created])
        for (p, url) in c.links.enumerated() { try link.execute(arguments: [id, p, url]) }
        for t in c.tags { try tag.execute(arguments: [id, t]) }
        let roleId = roleIds.isEmpty ? nil : roleIds[person.roleIndex % roleIds.count]
        if let roleId { try crole.execute(arguments: [id, roleId]) }
        var current = "sourced"
        var moves = person.moves.makeIterator()
        var pending = moves.next()
        func applyMoves(until limit: Date?) throws {
          while let (s, at) = pending, limit == nil || at <= limit! {
            try history.execute(arguments: [id, current, s.rawValue, at.timeIntervalSince1970])
            current = s.rawValue
            pending = moves.next()
          }
        }
        for iv in person.interviews {
          try applyMoves(until: iv.started)
          let sid: Int64
          if let known = snapshots[iv.bank.id] {
            sid = known
          } else {
            sid = try Self.snapshot(db, iv.bank)
            snapshots[iv.bank.id] = sid
          }
          try interview.execute(arguments: [
            uuid(), id, roleId, sid, iv.interviewer, iv.started.timeIntervalSince1970,
            iv.finished.timeIntervalSince1970,
            iv.recommendation.rawValue,
          ])
          let iid = db.lastInsertedRowID
          interviews += 1
          for s in iv.scores {
            try answer.execute(arguments: [
              iid, s.question, s.score, s.comment, s.score == nil ? 1 : 0, s.score == nil ? "out of time" : nil,
              iv.finished.timeIntervalSince1970,
            ])
          }
          for n in iv.notes {
            try note.execute(arguments: [uuid(), iid, n.question, n.text, n.at.timeIntervalSince1970])
          }
          for g in iv.signals {
            try signal.execute(arguments: [
              iid, g.question, g.index, g.mark.rawValue, iv.finished.timeIntervalSince1970,
            ])
          }
        }
        try applyMoves(until: nil)
        if current != "sourced" { try status.execute(arguments: [current, id]) }
      }
      return (candidates, interviews)
    }
  }
}

/// Inserts candidates with their links and tags row by row through prepared statements; `finish` adds everyone's
/// first status-history row and role links in one statement each. Used inside one transaction.
final class CandidateInserter {
  private let db: Database
  private let insert: RawStatement
  private let link: RawStatement
  private let tag: RawStatement
  private var firstId: Int64?

  init(_ db: Database) throws {
    self.db = db
    insert = try RawStatement(
      db,
      """
      INSERT INTO candidate(uuid, name, email, tier, source, rate, status, created_at, provenance)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    link = try RawStatement(db, "INSERT INTO candidate_link(candidate_id, position, url) VALUES (?, ?, ?)")
    tag = try RawStatement(db, "INSERT OR IGNORE INTO candidate_tag(candidate_id, tag) VALUES (?, ?)")
  }

  func add(_ candidates: [Candidate], provenance: [String]) throws {
    for (i, c) in candidates.enumerated() {
      insert.bind(1, c.uuid)
      insert.bind(2, c.name)
      insert.bind(3, c.email)
      insert.bind(4, c.tier.rawValue)
      insert.bind(5, c.source)
      insert.bind(6, c.rate)
      insert.bind(7, c.status.rawValue)
      insert.bind(8, c.createdAt.timeIntervalSince1970)
      insert.bind(9, i < provenance.count ? provenance[i] : nil)
      try insert.run()
      let id = db.lastInsertedRowID
      if firstId == nil { firstId = id }
      for (p, url) in c.links.enumerated() {
        link.bind(1, id)
        link.bind(2, p)
        link.bind(3, url)
        try link.run()
      }
      for t in c.tags {
        tag.bind(1, id)
        tag.bind(2, t)
        try tag.run()
      }
    }
  }

  /// The first status-history row and the roles of everyone added, in one statement each: the new rows are the
  /// candidates from the first new id on (ids only grow, and the transaction holds the write lock).
  func finish(roleIds: [Int64]) throws {
    guard let firstId else { return }
    try db.execute(
      sql: """
        INSERT INTO status_change(candidate_id, from_status, to_status, at, note)
        SELECT id, NULL, status, created_at, 'imported' FROM candidate WHERE id >= ? ORDER BY id
        """, arguments: [firstId])
    for r in roleIds {
      try db.execute(
        sql: "INSERT OR IGNORE INTO candidate_role(candidate_id, role_id) SELECT id, ? FROM candidate WHERE id >= ?",
        arguments: [r, firstId])
    }
  }
}

/// An import whose rows are inserted on the second core while the caller is still reading and checking the sheet,
/// all in one transaction: `finish(commit: true)` commits it, `finish(commit: false)` (a bad row was found) rolls
/// every row back, so the import stays all-or-nothing. The database is not to be used by the caller in between.
public final class StreamingImport: @unchecked Sendable {
  private let condition = NSCondition()
  // Guarded by `condition`.
  private var batches: [(candidates: [Candidate], provenance: [String])] = []
  private var closed = false
  private var commit = false
  private var outcome: Background<StoreError?>!

  private struct RolledBack: Error {}

  init(database: AppDatabase, roleIds: [Int64], expectedRows: Int) {
    outcome = Background { [self] in
      do {
        try database.bulkWrite(rows: expectedRows) { db in
          let inserter = try CandidateInserter(db)
          while let batch = nextBatch() { try inserter.add(batch.candidates, provenance: batch.provenance) }
          guard shouldCommit() else { throw RolledBack() }
          try inserter.finish(roleIds: roleIds)
        }
        return nil
      } catch is RolledBack {
        return nil
      } catch {
        // Stop taking batches; the caller learns of the failure at `finish`.
        close(commit: false)
        if let e = error as? StoreError { return e }
        return (StoreError.map(error) as? StoreError) ?? .invalid("the import failed: \(error)")
      }
    }
  }

  /// Hands over rows to insert (in order).
  public func add(_ candidates: [Candidate], provenance: [String]) {
    condition.lock()
    if !closed { batches.append((candidates, provenance)) }
    condition.signal()
    condition.unlock()
  }

  /// Ends the import: commits every row handed over, or rolls all of them back. Throws what the database refused.
  public func finish(commit: Bool) throws {
    close(commit: commit)
    if let failure = outcome.result { throw failure }
  }

  private func close(commit: Bool) {
    condition.lock()
    if !closed {
      closed = true
      self.commit = commit
    }
    condition.signal()
    condition.unlock()
  }

  private func nextBatch() -> (candidates: [Candidate], provenance: [String])? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && !closed { condition.wait() }
    if !commit && closed { return nil }  // rolling back: the rest need not be inserted
    return batches.isEmpty ? nil : batches.removeFirst()
  }

  private func shouldCommit() -> Bool {
    condition.lock()
    defer { condition.unlock() }
    return commit
  }
}

extension AppDatabase {
  /// Starts an import whose rows are inserted while they are still being read (see `StreamingImport`).
  public func startImport(roleIds: [Int64], expectedRows: Int) -> StreamingImport {
    StreamingImport(database: self, roleIds: roleIds, expectedRows: expectedRows)
  }
}
