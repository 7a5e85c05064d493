import Foundation
import GRDB
import ShortlistCore

/// What a merge did (or would do, with a dry run).
public struct MergeReport: Sendable {
  public var rolesAdded = 0
  public var rolesMatched = 0
  public var candidatesAdded = 0
  public var candidatesMatched = 0
  /// Candidates matched by email or exact name rather than UUID: worth a look.
  public var matchedLoosely: [String] = []
  public var snapshotsAdded = 0
  public var interviewsAdded = 0
  public var interviewsAlreadyHere = 0
  public var notesAdded = 0
  public var statusRowsAdded = 0
  /// People of the other file who were forgotten here (or there): never brought back, with nothing of theirs.
  public var forgottenSkipped = 0
  /// People here whom the other file had forgotten: erased here too.
  public var forgottenHere = 0
  public var conflicts: [String] = []

  public var changed: Bool {
    rolesAdded + candidatesAdded + snapshotsAdded + interviewsAdded + notesAdded + statusRowsAdded + forgottenHere > 0
  }
}

extension AppDatabase {
  /// Brings another Shortlist database's roles, candidates, bank snapshots, interviews, notes, signals and scores
  /// into this one, in one transaction. Candidates match by UUID, then email, then exact name; everything else by
  /// UUID (snapshots by content hash). Merging the same file twice changes nothing. A scorecard with the same UUID
  /// but different content is a conflict: reported, skipped, never overwritten.
  public func merge(from path: String, dryRun: Bool) throws -> MergeReport {
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw StoreError.unreadable(path, "no such readable file")
    }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw StoreError.unreadable(path, "it is a folder; merge takes another Shortlist database file")
    }
    if let p = self.path, URL(fileURLWithPath: p).standardizedFileURL == URL(fileURLWithPath: path).standardizedFileURL
    {
      throw StoreError.invalid("cannot merge a database into itself")
    }
    // Check the other file the same way `open` does, read-only.
    do {
      var config = Configuration()
      config.readonly = true
      let probe = try DatabaseQueue(path: path, configuration: config)
      defer { try? probe.close() }
      let tables = try probe.read {
        try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
      }
      guard tables.contains("grdb_migrations"), tables.contains("candidate") else {
        throw StoreError.invalid("'\(path)' is not a Shortlist database; merge takes another Shortlist database file")
      }
      let applied = Set(try probe.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") })
      let known = Set(Schema.migrations.map(\.0))
      guard applied.isSubset(of: known) else {
        throw StoreError.newerSchema(path: path, found: applied.count, known: known.count)
      }
      guard applied == known else {
        throw StoreError.invalid(
          "'\(path)' has an older schema; open it once with this shortlist (`shortlist --db \(path) role list`) to migrate it, then merge"
        )
      }
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.map(error, context: path)
    }
    let report: MergeReport
    do {
      report = try writer.writeWithoutTransaction { db in
        try db.execute(sql: "ATTACH DATABASE ? AS other", arguments: [path])
        defer { try? db.execute(sql: "DETACH DATABASE other") }
        var report = MergeReport()
        try db.inTransaction {
          report = try Self.mergeRows(db)
          return dryRun ? .rollback : .commit
        }
        return report
      }
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.map(error, context: path)
    }
    // Text that named a forgotten person was redacted in the transaction: purge the old pages from the files.
    if !dryRun && (report.forgottenHere > 0 || report.forgottenSkipped > 0) { try purge() }
    return report
  }

  private static func mergeRows(_ db: Database) throws -> MergeReport {
    var report = MergeReport()
    // Forget tombstones: the other file's come here too. A person forgotten on either side is never brought back, and
    // one forgotten there is erased here.
    let theirs = Set(try String.fetchAll(db, sql: "SELECT uuid_hash FROM other.forgotten"))
    try db.execute(sql: "INSERT OR IGNORE INTO main.forgotten(uuid_hash, at) SELECT uuid_hash, at FROM other.forgotten")
    if !theirs.isEmpty {
      for c in try Decode.records(db, CandidateRecord.filter(CandidateRecord.Columns.forgotten == false))
      where theirs.contains(ForgottenRecord.hash(uuid: c.uuid)) {
        try erase(db, candidateId: c.id ?? 0)
        report.forgottenHere += 1
      }
    }
    var skipped = Set<Int64>()
    var skippedMentions: [String] = []
    // Roles: by UUID, then by title.
    var roleMap: [Int64: Int64] = [:]
    for r in try Row.fetchAll(db, sql: "SELECT * FROM other.role ORDER BY id") {
      let otherId: Int64 = r["id"]
      if let id = try Int64.fetchOne(
        db, sql: "SELECT id FROM main.role WHERE uuid = ? OR title = ? ORDER BY uuid = ? DESC LIMIT 1",
        arguments: [r["uuid"], r["title"], r["uuid"]])
      {
        roleMap[otherId] = id
        report.rolesMatched += 1
        continue
      }
      try db.execute(
        sql: """
          INSERT INTO main.role(uuid, title, goal, metric, stack, milestone, model, budget_min, budget_max, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          r["uuid"], r["title"], r["goal"], r["metric"], r["stack"], r["milestone"], r["model"], r["budget_min"],
          r["budget_max"], r["created_at"],
        ])
      let id = db.lastInsertedRowID
      roleMap[otherId] = id
      report.rolesAdded += 1
      try copyRows(db, "role_bank", key: "role_id", columns: "bank_id, position", from: otherId, to: id, orIgnore: true)
    }
    // Candidates: by UUID, then email, then exact name.
    var candidateMap: [Int64: Int64] = [:]
    for c in try Row.fetchAll(db, sql: "SELECT * FROM other.candidate ORDER BY id") {
      let otherId: Int64 = c["id"]
      let name: String = c["name"]
      let email: String? = c["email"]
      let forgotten: Bool = c["forgotten"]
      if try isForgotten(db, uuid: c["uuid"]) {
        skipped.insert(otherId)
        skippedMentions += [name] + (email.map { [$0] } ?? [])
        report.forgottenSkipped += 1
        continue
      }
      var match = try Int64.fetchOne(db, sql: "SELECT id FROM main.candidate WHERE uuid = ?", arguments: [c["uuid"]])
      if match == nil, let email {
        match = try Int64.fetchOne(
          db, sql: "SELECT id FROM main.candidate WHERE email = ? COLLATE NOCASE", arguments: [email])
        if match != nil { report.matchedLoosely.append("\(name) (by email)") }
      }
      if match == nil, !forgotten {
        match = try Int64.fetchOne(
          db, sql: "SELECT id FROM main.candidate WHERE name = ? COLLATE BINARY", arguments: [name])
        if match != nil { report.matchedLoosely.append("\(name) (by exact name)") }
      }
      if let id = match {
        candidateMap[otherId] = id
        report.candidatesMatched += 1
      } else {
        var newName = name
        if try Int.fetchOne(db, sql: "SELECT 1 FROM main.candidate WHERE name = ?", arguments: [name]) != nil {
          if !forgotten {
            report.conflicts.append(
              "candidate '\(name)' differs from the one here with that name (case); kept as '\(name) (merged)'")
          }
          newName = forgotten ? "Anonymised (merged \(UUID().uuidString.prefix(8)))" : "\(name) (merged)"
        }
        try db.execute(
          sql: """
            INSERT INTO main.candidate(uuid, name, email, tier, source, rate, status, created_at, forgotten, provenance)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            c["uuid"], newName, email, c["tier"], c["source"], c["rate"], c["status"], c["created_at"], c["forgotten"],
            c["provenance"],
          ])
        let id = db.lastInsertedRowID
        if forgotten {
          try db.execute(sql: "UPDATE main.candidate SET name = 'Anonymised #' || id WHERE id = ?", arguments: [id])
        }
        candidateMap[otherId] = id
        report.candidatesAdded += 1
        try copyRows(db, "candidate_link", key: "candidate_id", columns: "position, url", from: otherId, to: id)
        try copyRows(db, "candidate_tag", key: "candidate_id", columns: "tag", from: otherId, to: id, orIgnore: true)
      }
      let id = candidateMap[otherId]!
      for roleId in try Int64.fetchAll(
        db, sql: "SELECT role_id FROM other.candidate_role WHERE candidate_id = ?", arguments: [otherId])
      {
        if let mapped = roleMap[roleId] {
          try db.execute(
            sql: "INSERT OR IGNORE INTO main.candidate_role(candidate_id, role_id) VALUES (?, ?)",
            arguments: [id, mapped])
        }
      }
      // Status history: rows not here yet (same status at the same time) come across; the latest move wins.
      for h in try Row.fetchAll(
        db, sql: "SELECT * FROM other.status_change WHERE candidate_id = ? ORDER BY at, id", arguments: [otherId])
      {
        let exists =
          try Int.fetchOne(
            db, sql: "SELECT 1 FROM main.status_change WHERE candidate_id = ? AND to_status = ? AND at = ?",
            arguments: [id, h["to_status"], h["at"]]) != nil
        if exists { continue }
        try db.execute(
          sql: "INSERT INTO main.status_change(candidate_id, from_status, to_status, at, note) VALUES (?, ?, ?, ?, ?)",
          arguments: [id, h["from_status"], h["to_status"], h["at"], h["note"]])
        report.statusRowsAdded += 1
      }
      if let latest = try String.fetchOne(
        db, sql: "SELECT to_status FROM main.status_change WHERE candidate_id = ? ORDER BY at DESC, id DESC LIMIT 1",
        arguments: [id])
      {
        try db.execute(
          sql: "UPDATE main.candidate SET status = ? WHERE id = ? AND status <> ?", arguments: [latest, id, latest])
      }
    }
    // Bank snapshots: by content hash; the same id and version with other content is a conflict.
    var snapshotMap: [Int64: Int64] = [:]
    for s in try Row.fetchAll(db, sql: "SELECT * FROM other.bank_snapshot ORDER BY id") {
      let otherId: Int64 = s["id"]
      if let id = try Int64.fetchOne(
        db, sql: "SELECT id FROM main.bank_snapshot WHERE sha256 = ?", arguments: [s["sha256"]])
      {
        snapshotMap[otherId] = id
        continue
      }
      if try Int.fetchOne(
        db, sql: "SELECT 1 FROM main.bank_snapshot WHERE bank_id = ? AND version = ?",
        arguments: [s["bank_id"], s["version"]]) != nil
      {
        report.conflicts.append(
          "bank '\(s["bank_id"] as String)' v\(s["version"] as Int) has different content in the two databases; its interviews were skipped"
        )
        continue
      }
      try db.execute(
        sql:
          "INSERT INTO main.bank_snapshot(bank_id, version, sha256, title, content, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [s["bank_id"], s["version"], s["sha256"], s["title"], s["content"], s["created_at"]])
      snapshotMap[otherId] = db.lastInsertedRowID
      report.snapshotsAdded += 1
    }
    // Interviews by UUID, with their notes, answers and signals.
    for i in try Row.fetchAll(db, sql: "SELECT * FROM other.interview ORDER BY id") {
      let otherId: Int64 = i["id"]
      let uuid: String = i["uuid"]
      if skipped.contains(i["candidate_id"]) { continue }
      if let here = try Int64.fetchOne(db, sql: "SELECT id FROM main.interview WHERE uuid = ?", arguments: [uuid]) {
        if try fingerprint(db, schema: "main", id: here) == fingerprint(db, schema: "other", id: otherId) {
          report.interviewsAlreadyHere += 1
        } else {
          report.conflicts.append(
            "scorecard \(uuid) (#\(here) here) differs between the two databases; skipped, nothing overwritten")
        }
        continue
      }
      guard let candidateId = candidateMap[i["candidate_id"]], let snapshotId = snapshotMap[i["snapshot_id"]] else {
        continue
      }
      let roleId: Int64? = (i["role_id"] as Int64?).flatMap { roleMap[$0] }
      try db.execute(
        sql: """
          INSERT INTO main.interview(uuid, candidate_id, role_id, snapshot_id, interviewer, started_at, finished_at, state,
            current_question, recommendation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          uuid, candidateId, roleId, snapshotId, i["interviewer"], i["started_at"], i["finished_at"], i["state"],
          i["current_question"], i["recommendation"],
        ])
      let id = db.lastInsertedRowID
      report.interviewsAdded += 1
      try copyRows(
        db, "note", key: "interview_id", columns: "uuid, question_id, text, at", from: otherId, to: id, orIgnore: true)
      report.notesAdded += db.changesCount
      try copyRows(
        db, "answer", key: "interview_id", columns: "question_id, score, comment, skipped, skip_reason, at",
        from: otherId, to: id)
      try copyRows(
        db, "signal_mark", key: "interview_id", columns: "question_id, signal_index, value, at", from: otherId, to: id)
    }
    // Notes about others that the other file still holds may name a forgotten person.
    try redact(db, mentions: skippedMentions)
    return report
  }

  /// Copies the child rows of `other.table` whose `key` is `from` to `main.table` under the key `to`. Column names are
  /// constants of this file, never user text.
  private static func copyRows(
    _ db: Database, _ table: String, key: String, columns: String, from: Int64, to: Int64, orIgnore: Bool = false
  ) throws {
    try db.execute(
      sql: """
        INSERT \(orIgnore ? "OR IGNORE " : "")INTO main.\(table)(\(key), \(columns))
        SELECT ?, \(columns) FROM other.\(table) WHERE \(key) = ?
        """,
      arguments: [to, from])
  }

  /// The content of a scorecard, for telling "the same" from "a conflict".
  private static func fingerprint(_ db: Database, schema: String, id: Int64) throws -> String {
    var parts: [String] = []
    if let i = try Row.fetchOne(
      db, sql: "SELECT interviewer, state, finished_at, recommendation FROM \(schema).interview WHERE id = ?",
      arguments: [id])
    {
      parts.append("\(i[0] as String?)|\(i[1] as String?)|\(i[2] as Double?)|\(i[3] as String?)")
    }
    for a in try Row.fetchAll(
      db,
      sql:
        "SELECT question_id, score, comment, skipped FROM \(schema).answer WHERE interview_id = ? ORDER BY question_id",
      arguments: [id])
    {
      parts.append("a:\(a[0] as String)|\(a[1] as Int?)|\(a[2] as String?)|\(a[3] as Int)")
    }
    for s in try Row.fetchAll(
      db,
      sql: "SELECT question_id, signal_index, value FROM \(schema).signal_mark WHERE interview_id = ? ORDER BY 1, 2",
      arguments: [id])
    {
      parts.append("s:\(s[0] as String)|\(s[1] as Int)|\(s[2] as String)")
    }
    for n in try Row.fetchAll(
      db, sql: "SELECT uuid, text FROM \(schema).note WHERE interview_id = ? ORDER BY uuid", arguments: [id])
    {
      parts.append("n:\(n[0] as String)|\(n[1] as String)")
    }
    return parts.joined(separator: "\n")
  }
}
