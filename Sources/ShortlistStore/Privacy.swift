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
      guard let person = try Row.fetchOne(db, sql: "SELECT name, email FROM candidate WHERE id = ?", arguments: [candidateId])
      else {
        throw StoreError.notFound("no candidate #\(candidateId)")
      }
      // Mentions of the person in other free text (another candidate's notes, comments) are redacted too.
      let mentions = [person["name"] as String?, person["email"] as String?].compactMap { $0 }.filter { $0.count >= 3 }
      for mention in mentions {
        for (table, column) in [("note", "text"), ("answer", "comment"), ("answer", "skip_reason"), ("status_change", "note")] {
          try db.execute(
            sql: "UPDATE \(table) SET \(column) = replace(\(column), ?, '[forgotten]') WHERE instr(\(column), ?) > 0",
            arguments: [mention, mention])
        }
      }
      try db.execute(
        sql: """
          UPDATE candidate SET name = 'Anonymised #' || id, email = NULL, provenance = NULL, forgotten = 1,
            uuid = lower(hex(randomblob(16))),
            rate = CASE WHEN rate IS NULL THEN NULL ELSE (CAST(rate / 10 AS INTEGER) * 10 + 5) END
          WHERE id = ?
          """, arguments: [candidateId])
      try db.execute(sql: "DELETE FROM candidate_link WHERE candidate_id = ?", arguments: [candidateId])
      try db.execute(sql: "DELETE FROM candidate_tag WHERE candidate_id = ?", arguments: [candidateId])
      try db.execute(sql: "UPDATE status_change SET note = NULL WHERE candidate_id = ?", arguments: [candidateId])
      let interviews = "SELECT id FROM interview WHERE candidate_id = ?"
      try db.execute(sql: "DELETE FROM note WHERE interview_id IN (\(interviews))", arguments: [candidateId])
      try db.execute(
        sql: "UPDATE answer SET comment = NULL, skip_reason = NULL WHERE interview_id IN (\(interviews))",
        arguments: [candidateId])
    }
    try checkpoint()
    // Old page images may sit in free pages: vacuum rewrites the file without them.
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
