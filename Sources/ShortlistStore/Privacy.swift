import Foundation
import GRDB
import ShortlistCore

extension AppDatabase {
  /// The rate band kept after a forget: the 10 USD band the rate fell in, as its midpoint.
  public static func rateBand(_ rate: Double) -> Double { (rate / 10).rounded(.down) * 10 + 5 }

  /// Erases a person: name, email, links, tags, import provenance, notes, comments and status notes. Keeps an
  /// anonymised shell (tier, source, rate band, status history, scores, signals, recommendations). With
  /// secure_delete on and the WAL checkpointed and truncated, the erased text is gone from the files.
  public func forget(candidateId: Int64) throws {
    try write { db in
      guard try CandidateRecord.fetchOne(db, key: candidateId) != nil else {
        throw StoreError.notFound("no candidate #\(candidateId)")
      }
      try Self.erase(db, candidateId: candidateId)
    }
    try purge()
  }

  /// The erasure itself, inside the caller's transaction: records the tombstone (a hash of the UUID the person had),
  /// redacts mentions of their name and email in other free text, and keeps an anonymised shell.
  static func erase(_ db: Database, candidateId: Int64) throws {
    guard let person = try CandidateRecord.fetchOne(db, key: candidateId) else { return }
    try ForgottenRecord(uuidHash: ForgottenRecord.hash(uuid: person.uuid), at: now()).insert(db, onConflict: .ignore)
    try redact(db, mentions: [person.name, person.email].compactMap { $0 })
    try db.execute(
      sql: """
        UPDATE candidate SET name = 'Anonymised #' || id, email = NULL, provenance = NULL, forgotten = 1,
          uuid = lower(hex(randomblob(16))),
          rate = CASE WHEN rate IS NULL THEN NULL ELSE (CAST(rate / 10 AS INTEGER) * 10 + 5) END
        WHERE id = ?
        """, arguments: [candidateId])
    try CandidateLinkRecord.filter(CandidateLinkRecord.Columns.candidateId == candidateId).deleteAll(db)
    try CandidateTagRecord.filter(CandidateTagRecord.Columns.candidateId == candidateId).deleteAll(db)
    try db.execute(sql: "UPDATE status_change SET note = NULL WHERE candidate_id = ?", arguments: [candidateId])
    let interviews = "SELECT id FROM interview WHERE candidate_id = ?"
    try db.execute(sql: "DELETE FROM note WHERE interview_id IN (\(interviews))", arguments: [candidateId])
    try db.execute(
      sql: "UPDATE answer SET comment = NULL, skip_reason = NULL WHERE interview_id IN (\(interviews))",
      arguments: [candidateId])
  }

  /// Replaces mentions of a person (name, email) in every free-text column with "[forgotten]".
  static func redact(_ db: Database, mentions: [String]) throws {
    for mention in mentions where mention.count >= 3 {
      for (table, column) in [("note", "text"), ("answer", "comment"), ("answer", "skip_reason"), ("status_change", "note")] {
        try db.execute(
          sql: "UPDATE \(table) SET \(column) = replace(\(column), ?, '[forgotten]') WHERE instr(\(column), ?) > 0",
          arguments: [mention, mention])
      }
    }
  }

  /// Whether a candidate UUID belongs to a forgotten person.
  static func isForgotten(_ db: Database, uuid: String) throws -> Bool {
    try ForgottenRecord.fetchOne(db, key: ForgottenRecord.hash(uuid: uuid)) != nil
  }

  /// After an erasure: old page images may sit in the WAL or in free pages; checkpoint, vacuum and checkpoint again
  /// so the erased text is gone from the files.
  func purge() throws {
    try checkpoint()
    try writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
    try checkpoint()
  }

  /// Moves everything from the WAL into the database file and truncates the WAL.
  public func checkpoint() throws {
    try writer.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
  }

  /// A consistent copy through SQLite's online backup API, created 0600 and verified with integrity_check.
  /// Returns the copy's size in bytes.
  public func backup(to path: String) throws -> Int {
    guard let queue = writer as? DatabaseQueue else { throw StoreError.invalid("this database cannot be backed up") }
    let partial = path + ".partial"
    try? FileManager.default.removeItem(atPath: partial)
    do {
      try Self.backupTo(queue, path: partial)
      var config = Configuration()
      config.readonly = true
      let copy = try DatabaseQueue(path: partial, configuration: config)
      let result = try copy.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
      try copy.close()
      guard result == "ok" else {
        try? FileManager.default.removeItem(atPath: partial)
        throw StoreError.invalid("the backup failed its integrity check (\(result ?? "no answer")); nothing was kept")
      }
      if rename(partial, path) != 0 {
        throw StoreError.unreadable(path, String(cString: strerror(errno)))
      }
      chmod(path, 0o600)
    } catch let e as StoreError {
      try? FileManager.default.removeItem(atPath: partial)
      throw e
    } catch {
      try? FileManager.default.removeItem(atPath: partial)
      throw StoreError.map(error, context: path)
    }
    return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  }

  public func integrityCheck() throws -> String {
    try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
  }
}
