import Foundation
import GRDB
import ShortlistCore
import ShortlistSupport

extension AppDatabase {
  /// Erases a person: name, email, links, tags, import provenance, notes, comments and status notes. Keeps an
  /// anonymised shell (tier, source, rate band, status history, scores, signals, recommendations). With
  /// secure_delete on and the WAL checkpointed and truncated, the erased text is gone from the files.
  /// Returns false when another session still holds old pages: the erasure is committed, and the bytes leave the
  /// files when that session ends (finished at the next open).
  @discardableResult
  public func forget(candidateId: Int64) throws -> Bool {
    try write { db in
      guard try CandidateRecord.fetchOne(db, key: candidateId) != nil else {
        throw StoreError.notFound("no candidate #\(candidateId)")
      }
      try Self.erase(db, candidateId: candidateId)
    }
    return try purge()
  }

  /// The erasure itself, inside the caller's transaction: records the tombstone (a hash of the UUID the person had),
  /// redacts mentions of their name and email in other free text, and keeps an anonymised shell.
  static func erase(_ db: Database, candidateId: Int64) throws {
    guard let person = try CandidateRecord.fetchOne(db, key: candidateId) else { return }
    try ForgottenRecord(uuidHash: ForgottenRecord.hash(uuid: person.uuid), at: now()).insertRow(db, .ignore)
    // Open interviews are closed: discarded with their audit row, so no later note lands on the anonymised record.
    for open in try Int64.fetchAll(
      db, sql: "SELECT id FROM interview WHERE candidate_id = ? AND state = 'open'", arguments: [candidateId])
    {
      try abortInterview(db, open)
    }
    try redact(db, mentions: [person.name, person.email].compactMap { $0 })
    // Conflicts a sync saw on this person hold their old values.
    try db.execute(sql: "DELETE FROM sync_conflict WHERE row_uuid = ?", arguments: [person.uuid])
    try db.execute(
      sql: """
        UPDATE candidate SET name = 'Anonymised #' || id, email = NULL, provenance = NULL, forgotten = 1,
          uuid = lower(hex(randomblob(16))),
          rate = CASE WHEN rate IS NULL THEN NULL ELSE (CAST(rate / 10 AS INTEGER) * 10 + 5) END
        WHERE id = ?
        """, arguments: [candidateId])
    try indexName(db, id: candidateId, name: "Anonymised #\(candidateId)")
    try CandidateLinkRecord.filter(CandidateLinkRecord.Columns.candidateId == candidateId).deleteAll(db)
    try CandidateTagRecord.filter(CandidateTagRecord.Columns.candidateId == candidateId).deleteAll(db)
    try db.execute(sql: "UPDATE status_change SET note = NULL WHERE candidate_id = ?", arguments: [candidateId])
    try db.execute(sql: "DELETE FROM candidate_note WHERE candidate_id = ?", arguments: [candidateId])
    // Engagement text about the person goes; hours, dates, checklist states and the outcome stay for outcomes.
    let engagements = "SELECT id FROM engagement WHERE candidate_id = ?"
    try db.execute(
      sql: "UPDATE weekly_report SET done = NULL, next = NULL, blockers = NULL WHERE engagement_id IN (\(engagements))",
      arguments: [candidateId])
    try db.execute(
      sql: "UPDATE risk SET text = '[forgotten]', note = NULL WHERE engagement_id IN (\(engagements))",
      arguments: [candidateId])
    try db.execute(
      sql: "UPDATE contract_check SET reason = NULL WHERE engagement_id IN (\(engagements))", arguments: [candidateId])
    try db.execute(
      sql: "UPDATE checkin SET note = NULL WHERE engagement_id IN (\(engagements))", arguments: [candidateId])
    try db.execute(sql: "UPDATE interview SET void_note = NULL WHERE candidate_id = ?", arguments: [candidateId])
    let interviews = "SELECT id FROM interview WHERE candidate_id = ?"
    try db.execute(sql: "DELETE FROM note WHERE interview_id IN (\(interviews))", arguments: [candidateId])
    try db.execute(
      sql: "UPDATE answer SET comment = NULL, skip_reason = NULL WHERE interview_id IN (\(interviews))",
      arguments: [candidateId])
  }

  /// Replaces mentions of a person (name, email) in every free-text column with "[forgotten]".
  static func redact(_ db: Database, mentions: [String]) throws {
    for mention in mentions where mention.count >= 3 {
      for (table, column) in [
        ("note", "text"), ("answer", "comment"), ("answer", "skip_reason"), ("status_change", "note"),
        ("candidate_note", "text"), ("interview", "void_note"), ("weekly_report", "done"), ("weekly_report", "next"),
        ("weekly_report", "blockers"), ("risk", "text"), ("risk", "note"), ("contract_check", "reason"),
        ("checkin", "note"),
      ] {
        try db.execute(
          sql: "UPDATE \(table) SET \(column) = replace(\(column), ?, '[forgotten]') WHERE instr(\(column), ?) > 0",
          arguments: [mention, mention])
      }
    }
  }

  /// After an erasure: old page images may sit in the WAL or in free pages; checkpoint, vacuum and checkpoint again
  /// so the erased text is gone from the files.
  /// Rewrites the file without free pages and truncates the WAL, so erased text is gone from both. Another
  /// connection reading an old snapshot keeps the WAL alive: then the purge is marked pending (finished at the next
  /// open) and false is returned, never a claim that the bytes are gone.
  @discardableResult
  func purge() throws -> Bool {
    // A pull's exchange file left by a sync killed mid-way may hold the person too.
    removeExchangeFile()
    var complete = try checkpoint()
    try writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
    complete = try checkpoint() && complete
    try writer.writeWithoutTransaction { db in
      if complete {
        try db.execute(sql: "DELETE FROM setting WHERE key = 'purge_pending'")
      } else {
        try SettingRecord(key: "purge_pending", value: "1").insertRow(db, .replace)
      }
    }
    if !complete { return false }
    return try checkpoint()
  }

  /// Moves everything from the WAL into the database file and truncates the WAL; false when another connection kept
  /// it from completing.
  @discardableResult
  public func checkpoint() throws -> Bool {
    try writer.writeWithoutTransaction { db in
      guard let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") else { return true }
      let busy: Int = try row.checkedOptional(0, table: "wal_checkpoint", rowId: nil) ?? 0
      let log: Int = try row.checkedOptional(1, table: "wal_checkpoint", rowId: nil) ?? 0
      let done: Int = try row.checkedOptional(2, table: "wal_checkpoint", rowId: nil) ?? 0
      return busy == 0 && (log <= 0 || done >= log)
    }
  }

  /// A purge that another session held up earlier, finished now (at open).
  func finishPendingPurge() throws {
    guard try setting("purge_pending") != nil else { return }
    try purge()
  }

  /// A consistent copy through SQLite's online backup API, written through `OutputFile` (a new 0600 file beside the
  /// target, renamed into place once verified with integrity_check). Refuses the database itself, its -wal, -shm and
  /// -journal, and anything that is the same file, even with `force`. Returns the copy's size in bytes.
  public func backup(to path: String, force: Bool) throws -> Int {
    guard let queue = writer as? DatabaseQueue else { throw StoreError.invalid("this database cannot be backed up") }
    if let own = self.path {
      let standard = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.path }
      for suffix in ["", "-wal", "-shm", "-journal"] {
        if standard(path) == standard(own + suffix) || OutputFile.sameFile(path, own + suffix) {
          throw StoreError.invalid(
            "'\(path)' is the database\(suffix.isEmpty ? "" : "'s \(suffix.dropFirst()) file") itself; give the backup another file"
          )
        }
      }
    }
    let file: OutputFile
    do {
      file = try OutputFile(path, force: force, what: "backup")
    } catch {
      throw StoreError.invalid(error.localizedDescription)
    }
    defer { file.abandon() }
    file.closeDescriptor()
    do {
      try Self.backupTo(queue, path: file.temporaryPath)
      var config = Configuration()
      config.readonly = true
      let copy = try DatabaseQueue(path: file.temporaryPath, configuration: config)
      let result = try copy.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
      try copy.close()
      guard result == "ok" else {
        throw StoreError.invalid("the backup failed its integrity check (\(result ?? "no answer")); nothing was kept")
      }
      try file.commit()
    } catch let e as StoreError {
      throw e
    } catch let e as OutputFile.Refusal {
      throw StoreError.invalid(e.message)
    } catch {
      throw StoreError.map(error, context: path)
    }
    var info = stat()
    return lstat(path, &info) == 0 ? Int(info.st_size) : 0
  }

  public func integrityCheck() throws -> String {
    try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
  }
}
