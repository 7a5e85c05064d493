import Foundation
import GRDB
import ShortlistCore

/// A first pull into a file that holds nothing yet (a laptop joining a team): every row of the exchange file is new
/// here and keeps its id, so the tables are copied whole, one `INSERT ... SELECT` each, instead of matched a row at a
/// time (a lead's first pull of 100,000 candidates spent most of its time matching rows against an empty file). What
/// the row-at-a-time path derives is derived after, the same way: name keys and tokens computed here (the other
/// file's are not trusted), current statuses from the history, the clock moved past the newest stamp.
enum MergeIntoEmpty {
  /// The tables a merge writes, parents first (an id copied before the rows that refer to it).
  static let tables = [
    "forgotten", "role", "role_bank", "candidate", "candidate_link", "candidate_tag", "candidate_role",
    "status_change", "candidate_note", "bank_snapshot", "interview", "note", "answer", "signal_mark", "question_time",
    "engagement", "contract_check", "onboarding_item", "weekly_report", "checkin", "risk", "interview_abort",
    "sync_conflict",
  ]

  /// Copies the other file in and says what it added; nil (nothing written) when this file is not empty or the
  /// other holds a row the general path treats specially (a forgotten person, or a candidate a tombstone names).
  static func run(_ db: Database) throws -> MergeReport? {
    for table in tables + ["candidate_name_token"] {
      if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM main.\(table))") == true { return nil }
    }
    if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM other.candidate WHERE forgotten <> 0)") == true {
      return nil
    }
    let tombstones = Set(try String.fetchAll(db, sql: "SELECT uuid_hash FROM other.forgotten"))
    if !tombstones.isEmpty {
      let uuids = try String.fetchCursor(db, sql: "SELECT uuid FROM other.candidate")
      while let uuid = try uuids.next() {
        if tombstones.contains(ForgottenRecord.hash(uuid: uuid)) { return nil }
      }
    }
    var report = MergeReport()
    report.copiedWhole = true
    for table in tables {
      // Columns by name: the two files' tables may list them in another order.
      let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?, 'main')", arguments: [table])
        .map { "\"" + (($0[0] as String?) ?? "") + "\"" }.joined(separator: ", ")
      try db.execute(sql: "INSERT INTO main.\(table) (\(columns)) SELECT \(columns) FROM other.\(table)")
      let added = db.changesCount
      switch table {
      case "role": report.rolesAdded = added
      case "candidate": report.candidatesAdded = added
      case "status_change": report.statusRowsAdded = added
      case "candidate_note", "note": report.notesAdded += added
      case "bank_snapshot": report.snapshotsAdded = added
      case "interview": report.interviewsAdded = added
      case "engagement": report.engagementsAdded = added
      case "interview_abort": report.abortsAdded = added
      default: break
      }
    }
    // Name keys and search tokens, computed from each name here.
    let names = try Row.fetchCursor(db, sql: "SELECT id, name, name_key FROM main.candidate")
    var rekeyed: [(Int64, String)] = []
    while let row = try names.next() {
      let id: Int64 = try Decode.value(row, "id", table: "candidate", rowId: nil)
      let name: String = try Decode.value(row, "name", table: "candidate", rowId: id)
      let key = NameKey.fold(name)
      if (try? Decode.value(row, "name_key", table: "candidate", rowId: id) as String) != key {
        rekeyed.append((id, key))
      }
      for word in NameKey.words(key) {
        try db.cachedExecute(
          "INSERT OR IGNORE INTO main.candidate_name_token (token, candidate_id) VALUES (?, ?)", [word, id])
      }
    }
    for (id, key) in rekeyed {
      try db.cachedExecute("UPDATE main.candidate SET name_key = ? WHERE id = ?", [key, id])
    }
    // Current statuses from the history, as the row-at-a-time path settles each candidate it moved.
    try db.execute(
      sql: """
        UPDATE main.candidate_role SET (status, since) = (
          SELECT to_status, at FROM main.status_change h
          WHERE h.candidate_id = candidate_role.candidate_id AND +h.role_id = candidate_role.role_id
          ORDER BY at DESC, id DESC LIMIT 1)
        WHERE EXISTS (SELECT 1 FROM main.status_change h
          WHERE h.candidate_id = candidate_role.candidate_id AND +h.role_id = candidate_role.role_id)
        """)
    try db.execute(
      sql: """
        UPDATE main.candidate SET (status, since) = (
          SELECT to_status, at FROM main.status_change h WHERE h.candidate_id = candidate.id
          ORDER BY at DESC, id DESC LIMIT 1)
        WHERE EXISTS (SELECT 1 FROM main.status_change h WHERE h.candidate_id = candidate.id)
        """)
    // The clock past every stamp that came in.
    var newest: HLC?
    let stamps = try String.fetchCursor(
      db,
      sql:
        "SELECT hlc FROM main.role WHERE hlc IS NOT NULL UNION ALL SELECT hlc FROM main.candidate WHERE hlc IS NOT NULL"
    )
    while let stamp = try stamps.next() {
      if let h = HLC(stamp), newest.map({ h > $0 }) ?? true { newest = h }
    }
    if let newest { try AppDatabase.observe(db, stamp: newest.description) }
    let conflicts = try Row.fetchCursor(db, sql: "SELECT * FROM main.sync_conflict")
    while let row = try conflicts.next() {
      let k: SyncConflictRecord = try Decode.record(row)
      report.syncConflicts.append(
        SyncConflict(
          uuid: k.uuid, tbl: k.table, row_uuid: k.rowUUID, field: k.field, kept: k.kept, lost_by: k.lostBy, at: k.at))
    }
    return report
  }
}
