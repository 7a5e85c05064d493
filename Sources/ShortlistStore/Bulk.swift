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
        let id: Int64 = try row.checked(0, table: "candidate", rowId: nil)
        let name: String = try row.checked(1, table: "candidate", rowId: id)
        names[name.lowercased()] = (id, name)
        if let email: String = try row.checkedOptional(2, table: "candidate", rowId: id) {
          emails[email.lowercased()] = (id, name)
        }
      }
      return (emails, names)
    }
  }

  /// Inserts candidates in one transaction: all of them or none (a `StreamingImport` given everything at once).
  public func importCandidates(_ candidates: [NewCandidate], roleIds: [Int64], provenance: [String]) throws {
    let importer = startImport(roleIds: roleIds, expectedRows: candidates.count)
    importer.add(candidates, provenance: provenance)
    try importer.finish(commit: true)
  }

  /// Writes a demo plan in one transaction. Returns (candidates, interviews) added.
  @discardableResult
  public func insertDemo(_ plan: DemoPlan, playbook: Playbook? = nil) throws -> (Int, Int) {
    try bulkWrite(rows: plan.count) { db in
      var roleIds: [Int64] = []
      for role in plan.roles {
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM role WHERE title = ?", arguments: [role.title]) {
          roleIds.append(existing)
          continue
        }
        roleIds.append(try Self.insertRole(db, role))
      }
      // Names already in the file; the plan's own names are unique among themselves (and never end in a
      // parenthesis), so only these are checked and the set does not grow with the demo.
      let taken = Set(try String.fetchAll(db, sql: "SELECT lower(name) FROM candidate"))
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
        c.status = .sourced
        let roleId = roleIds.isEmpty ? nil : roleIds[person.roleIndex % roleIds.count]
        let id = try Self.insertPerson(db, c, provenance: nil, roleIds: roleId.map { [$0] } ?? [], note: nil)
        candidates += 1
        var current = "sourced"
        var since = c.createdAt.timeIntervalSince1970
        var moves = person.moves.makeIterator()
        var pending = moves.next()
        func applyMoves(until limit: Date?) throws {
          while let (s, at) = pending, limit == nil || at <= limit! {
            try StatusChangeRecord(
              candidateId: id, fromStatus: current, toStatus: s.rawValue, at: at.timeIntervalSince1970, note: nil,
              roleId: roleId
            ).insertRow(db)
            current = s.rawValue
            since = at.timeIntervalSince1970
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
          let finished = iv.finished.timeIntervalSince1970
          let iid = try InterviewRecord(
            uuid: uuid(), candidateId: id, roleId: roleId, snapshotId: sid, interviewer: iv.interviewer,
            startedAt: iv.started.timeIntervalSince1970, finishedAt: finished, state: InterviewState.finished.rawValue,
            currentQuestion: 0, recommendation: iv.recommendation.rawValue
          ).insertRow(db)
          interviews += 1
          for s in iv.scores {
            try AnswerRecord(
              interviewId: iid, questionId: s.question, score: s.score, comment: s.comment, skipped: s.score == nil,
              skipReason: s.score == nil ? "out of time" : nil, at: finished
            ).insertRow(db)
          }
          for n in iv.notes {
            try NoteRecord(
              uuid: uuid(), interviewId: iid, questionId: n.question, text: n.text, at: n.at.timeIntervalSince1970
            ).insertRow(db)
          }
          for g in iv.signals {
            try SignalMarkRecord(
              interviewId: iid, questionId: g.question, signalIndex: g.index, value: g.mark.rawValue, at: finished
            ).insertRow(db)
          }
        }
        try applyMoves(until: nil)
        if let e = person.engagement {
          try Self.insertDemoEngagement(db, e, candidateId: id, roleId: roleId, playbook: playbook, uuid: uuid)
        }
        if current != "sourced" {
          try db.execute(
            sql: "UPDATE candidate SET status = ?, since = ? WHERE id = ?", arguments: [current, since, id])
          try db.execute(
            sql: "UPDATE candidate_role SET status = ?, since = ? WHERE candidate_id = ?",
            arguments: [current, since, id])
        }
      }
      return (candidates, interviews)
    }
  }
}

extension AppDatabase {
  /// One demo engagement with its checklist, First 5 Days, reports, risks and outcome.
  static func insertDemoEngagement(
    _ db: Database, _ e: DemoPlan.DemoEngagement, candidateId: Int64, roleId: Int64?, playbook: Playbook?,
    uuid: () -> String
  ) throws {
    let o = e.outcome
    let id = try EngagementRecord(
      uuid: uuid(), candidateId: candidateId, roleId: roleId, model: e.model.rawValue, rate: e.rate, cap: e.cap,
      budget: e.budget, startDay: e.start.description, endDay: e.end?.description, milestone: o.milestone?.rawValue,
      quality: o.quality, communication: o.communication, again: o.again, totalHours: o.hours, reworkHours: o.rework,
      supportHours: o.support, createdAt: e.start.date.timeIntervalSince1970
    ).insertRow(db)
    for item in ContractItem.allCases {
      let waived = item == e.waived
      try ContractCheckRecord(
        engagementId: id, item: item.rawValue, state: waived ? "waived" : "done",
        reason: waived ? "no access to production data in this engagement" : nil,
        at: e.start.date.timeIntervalSince1970 - 86_400
      ).insertRow(db)
    }
    for (k, item) in (playbook?.items ?? []).enumerated() {
      try OnboardingItemRecord(
        engagementId: id, itemId: item.id, position: k, day: item.day, title: item.title, firstShip: item.firstShip,
        doneDay: e.onboardingDone[item.day]?.description
      ).insertRow(db)
    }
    for r in e.reports {
      try WeeklyReportRecord(
        uuid: uuid(), engagementId: id, week: r.week.description, done: r.done, next: r.next, blockers: r.blockers,
        hours: r.hours, coordination: r.coordination, forced: false,
        at: r.week.adding(days: 4).date.timeIntervalSince1970
      ).insertRow(db)
    }
    for k in e.risks {
      try RiskRecord(
        uuid: uuid(), engagementId: id, text: k.text, severity: k.severity.rawValue, owner: k.owner,
        openedAt: k.opened.timeIntervalSince1970, closedAt: k.closed?.timeIntervalSince1970,
        note: k.closed == nil ? nil : "mitigated"
      ).insertRow(db)
    }
  }
}

/// Inserts imported candidates row by row (candidate, links, tags and name tokens through each table's prepared
/// insert), then everyone's roles and "imported" first status-history row in one statement each. Used inside one
/// transaction.
final class CandidateInserter {
  let db: Database
  let roleIds: [Int64]
  private var firstId: Int64?
  private let candidate: PreparedInsert<CandidateRecord>
  private let link: PreparedInsert<CandidateLinkRecord>
  private let tag: PreparedInsert<CandidateTagRecord>
  private let token: PreparedInsert<CandidateNameTokenRecord>
  private let note: PreparedInsert<CandidateNoteRecord>
  private var ids = UUIDv7Generator()
  /// One clock stamp for the whole import (one transaction, one edit).
  private let hlc: String

  init(db: Database, roleIds: [Int64]) throws {
    self.db = db
    self.roleIds = roleIds
    candidate = try PreparedInsert(db)
    link = try PreparedInsert(db)
    tag = try PreparedInsert(db, .ignore)
    token = try PreparedInsert(db, .ignore)
    note = try PreparedInsert(db)
    hlc = try AppDatabase.stamp(db)
  }

  func add(_ candidates: [NewCandidate], provenance: [String]) throws {
    for (i, c) in candidates.enumerated() {
      try AppDatabase.checkLimits(c)
      var record = CandidateRecord(c, provenance: i < provenance.count ? provenance[i] : nil)
      record.hlc = hlc
      let id = try candidate.insert(record)
      if firstId == nil { firstId = id }
      for word in NameKey.words(record.nameKey) {
        try token.insert(CandidateNameTokenRecord(token: word, candidateId: id))
      }
      for (p, url) in c.links.enumerated() {
        try link.insert(CandidateLinkRecord(candidateId: id, position: p, url: url))
      }
      for t in c.tags { try tag.insert(CandidateTagRecord(candidateId: id, tag: t)) }
      if let text = c.note {
        try note.insert(
          CandidateNoteRecord(
            uuid: ids.next(), candidateId: id, text: text, author: nil, origin: record.provenance,
            at: c.createdAt.timeIntervalSince1970))
      }
    }
  }

  /// Everyone's roles and first status-history row ("imported"), in one statement each: the new rows
  /// are the candidates from the first new id on (ids only grow, and the transaction holds the write lock).
  func finish() throws {
    guard let firstId else { return }
    try AppDatabase.completePeople(db, from: firstId, roleIds: roleIds, note: "imported")
  }
}

/// An import whose rows are inserted on the second core while the caller is still reading and checking the sheet,
/// all in one transaction: `finish(commit: true)` commits it, `finish(commit: false)` (a bad row was found) rolls
/// every row back, so the import stays all-or-nothing. The database is not to be used by the caller in between.
public final class StreamingImport: @unchecked Sendable {
  private let condition = NSCondition()
  // Guarded by `condition`.
  private var batches: [(candidates: [NewCandidate], provenance: [String])] = []
  private var closed = false
  private var commit = false
  private var outcome: Background<StoreError?>!

  private struct RolledBack: Error {}

  init(database: AppDatabase, roleIds: [Int64], expectedRows: Int) {
    outcome = Background { [self] in
      do {
        try database.bulkWrite(rows: expectedRows) { db in
          let inserter = try CandidateInserter(db: db, roleIds: roleIds)
          while let batch = nextBatch() { try inserter.add(batch.candidates, provenance: batch.provenance) }
          guard shouldCommit() else { throw RolledBack() }
          try inserter.finish()
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

  /// At most this many batches wait for the writer: a reader faster than the inserts waits for them, so memory
  /// stays flat on a sheet of any size.
  static let maxWaiting = 4

  /// Hands over rows to insert (in order); waits while the writer is `maxWaiting` batches behind.
  public func add(_ candidates: [NewCandidate], provenance: [String]) {
    condition.lock()
    while batches.count >= Self.maxWaiting && !closed { condition.wait() }
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

  private func nextBatch() -> (candidates: [NewCandidate], provenance: [String])? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && !closed { condition.wait() }
    if !commit && closed { return nil }  // rolling back: the rest need not be inserted
    guard !batches.isEmpty else { return nil }
    condition.broadcast()  // a reader waiting for room may go on
    return batches.removeFirst()
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
