import GRDB
import GRDBSQLite

/// What an insert does when the row's key is already taken.
enum OnConflict: String {
  /// The write fails (the constraint names what was taken).
  case abort = "INSERT"
  /// The row is not written; `changesCount` tells whether it was.
  case ignore = "INSERT OR IGNORE"
  /// The row replaces the one with its key (every column is written, so this is an upsert).
  case replace = "INSERT OR REPLACE"
}

/// The insert statements of one table, built once: its columns in binding order and the SQL for each conflict rule
/// (always into `main`, even while another database is attached for a merge).
struct InsertStatements: Sendable {
  let columns: [String]
  let table: String
  private let sql: [String]

  init(table: String, columns: [String]) {
    self.columns = columns
    self.table = table
    let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
    sql = [OnConflict.abort, .ignore, .replace].map {
      "\($0.rawValue) INTO main.\(table)(\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }
  }

  /// An insert of the rows a SELECT gives, in the same columns (bulk paths derive rows from rows already written).
  func sql(_ conflict: OnConflict, select: String) -> String {
    "\(conflict.rawValue) INTO main.\(table)(\(columns.joined(separator: ", "))) \(select)"
  }

  func sql(_ conflict: OnConflict) -> String {
    switch conflict {
    case .abort: sql[0]
    case .ignore: sql[1]
    case .replace: sql[2]
    }
  }
}

/// A record written through the one insert path of its table: its columns in order and how its values bind. Add,
/// import, the demo data, merge and the live call all insert rows through `insertRow`, so a table's columns are
/// listed once, here, next to the record.
/// A stored row: read by column name through its coding keys (GRDB's snake-case strategy would spare them, but it
/// builds a dictionary of every column name per row: `merge` of 100,000 candidates went from 31 to 41.5 s with it)
/// and written through its table's one insert path (`InsertableRecord`). GRDB's own persistence (`insert`,
/// `update`, `didInsert`) is not used: every write is a named Store method with its own SQL.
protocol StoredRecord: FetchableRecord, TableRecord, Decodable {}

protocol InsertableRecord: TableRecord {
  /// The table's insert statements (an AUTOINCREMENT id is never one of the columns).
  static var inserts: InsertStatements { get }
  /// Binds the values of `inserts.columns`, 1-based, in the same order.
  func bind(_ statement: RawStatement)
}

extension InsertableRecord {
  static var insertColumns: [String] { inserts.columns }

  /// Inserts the row through the table's cached statement (bound with the C API: no argument arrays per row) and
  /// returns its rowid.
  @discardableResult
  func insertRow(_ db: Database, _ conflict: OnConflict = .abort) throws -> Int64 {
    let statement = try RawStatement(cached: db, Self.inserts.sql(conflict))
    bind(statement)
    try statement.run()
    return db.lastInsertedRowID
  }
}

/// A table's insert statement prepared once for many rows (a bulk import): the same SQL and binding as `insertRow`,
/// without looking the statement up for every row.
final class PreparedInsert<R: InsertableRecord> {
  private let statement: RawStatement
  private let db: Database

  init(_ db: Database, _ conflict: OnConflict = .abort) throws {
    self.db = db
    statement = try RawStatement(db, R.inserts.sql(conflict))
  }

  @discardableResult
  func insert(_ record: R) throws -> Int64 {
    record.bind(statement)
    try statement.run()
    return db.lastInsertedRowID
  }
}

extension SettingRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["key", "value"])
  func bind(_ s: RawStatement) {
    s.bind(1, key)
    s.bind(2, value)
  }
}

extension RoleRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: [
      "uuid", "title", "goal", "metric", "stack", "milestone", "model", "budget_min", "budget_max", "created_at",
      "archived_at", "hlc", "synced_hlc", "contacts", "repo", "board",
    ])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, title)
    s.bind(3, goal)
    s.bind(4, metric)
    s.bind(5, stack)
    s.bind(6, milestone)
    s.bind(7, model)
    s.bind(8, budgetMin)
    s.bind(9, budgetMax)
    s.bind(10, createdAt)
    s.bind(11, archivedAt)
    s.bind(12, hlc)
    s.bind(13, syncedHlc)
    s.bind(14, contacts)
    s.bind(15, repo)
    s.bind(16, board)
  }
}

extension RoleBankRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["role_id", "bank_id", "position"])
  func bind(_ s: RawStatement) {
    s.bind(1, roleId)
    s.bind(2, bankId)
    s.bind(3, position)
  }
}

extension CandidateRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: [
      "uuid", "name", "email", "tier", "source", "rate", "status", "created_at", "forgotten", "provenance", "name_key",
      "since", "hlc", "synced_hlc",
    ])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, name)
    s.bind(3, email)
    s.bind(4, tier)
    s.bind(5, source)
    s.bind(6, rate)
    s.bind(7, status)
    s.bind(8, createdAt)
    s.bind(9, forgotten ? 1 : 0)
    s.bind(10, provenance)
    s.bind(11, nameKey)
    s.bind(12, since)
    s.bind(13, hlc)
    s.bind(14, syncedHlc)
  }
}

extension CandidateNameTokenRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["token", "candidate_id"])
  func bind(_ s: RawStatement) {
    s.bind(1, token)
    s.bind(2, candidateId)
  }
}

extension CandidateLinkRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["candidate_id", "position", "url"])
  func bind(_ s: RawStatement) {
    s.bind(1, candidateId)
    s.bind(2, position)
    s.bind(3, url)
  }
}

extension CandidateTagRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["candidate_id", "tag"])
  func bind(_ s: RawStatement) {
    s.bind(1, candidateId)
    s.bind(2, tag)
  }
}

extension CandidateRoleRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["candidate_id", "role_id", "status", "since", "synced"])
  func bind(_ s: RawStatement) {
    s.bind(1, candidateId)
    s.bind(2, roleId)
    s.bind(3, status)
    s.bind(4, since)
    s.bind(5, synced ? 1 : 0)
  }
}

extension StatusChangeRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["candidate_id", "from_status", "to_status", "at", "note", "role_id", "forced", "synced"])
  func bind(_ s: RawStatement) {
    s.bind(1, candidateId)
    s.bind(2, fromStatus)
    s.bind(3, toStatus)
    s.bind(4, at)
    s.bind(5, note)
    s.bind(6, roleId)
    s.bind(7, forced ? 1 : 0)
    s.bind(8, synced ? 1 : 0)
  }
}

extension BankSnapshotRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["bank_id", "version", "sha256", "title", "content", "created_at"])
  func bind(_ s: RawStatement) {
    s.bind(1, bankId)
    s.bind(2, version)
    s.bind(3, sha256)
    s.bind(4, title)
    s.bind(5, content)
    s.bind(6, createdAt)
  }
}

extension InterviewRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: [
      "uuid", "candidate_id", "role_id", "snapshot_id", "interviewer", "started_at", "finished_at", "state",
      "current_question", "recommendation", "voided_at", "void_note", "synced",
    ])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, candidateId)
    s.bind(3, roleId)
    s.bind(4, snapshotId)
    s.bind(5, interviewer)
    s.bind(6, startedAt)
    s.bind(7, finishedAt)
    s.bind(8, state)
    s.bind(9, currentQuestion)
    s.bind(10, recommendation)
    s.bind(11, voidedAt)
    s.bind(12, voidNote)
    s.bind(13, synced)
  }
}

extension NoteRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["uuid", "interview_id", "question_id", "text", "at"])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, interviewId)
    s.bind(3, questionId)
    s.bind(4, text)
    s.bind(5, at)
  }
}

extension AnswerRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["interview_id", "question_id", "score", "comment", "skipped", "skip_reason", "at"])
  func bind(_ s: RawStatement) {
    s.bind(1, interviewId)
    s.bind(2, questionId)
    s.bind(3, score)
    s.bind(4, comment)
    s.bind(5, skipped ? 1 : 0)
    s.bind(6, skipReason)
    s.bind(7, at)
  }
}

extension SignalMarkRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["interview_id", "question_id", "signal_index", "value", "at"])
  func bind(_ s: RawStatement) {
    s.bind(1, interviewId)
    s.bind(2, questionId)
    s.bind(3, signalIndex)
    s.bind(4, value)
    s.bind(5, at)
  }
}

extension SourceTierRecord: InsertableRecord {
  static let inserts = InsertStatements(table: databaseTableName, columns: ["name", "tier"])
  func bind(_ s: RawStatement) {
    s.bind(1, name)
    s.bind(2, tier)
  }
}

extension QuestionTimeRecord: InsertableRecord {
  static let inserts = InsertStatements(table: databaseTableName, columns: ["interview_id", "question_id", "seconds"])
  func bind(_ s: RawStatement) {
    s.bind(1, interviewId)
    s.bind(2, questionId)
    s.bind(3, seconds)
  }
}

extension ForgottenRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["uuid_hash", "at", "synced"])
  func bind(_ s: RawStatement) {
    s.bind(1, uuidHash)
    s.bind(2, at)
    s.bind(3, synced ? 1 : 0)
  }
}

extension InterviewAbortRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: [
      "uuid", "candidate_id", "role_id", "bank_id", "bank_version", "interviewer", "started_at", "aborted_at",
      "notes_erased",
    ])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, candidateId)
    s.bind(3, roleId)
    s.bind(4, bankId)
    s.bind(5, bankVersion)
    s.bind(6, interviewer)
    s.bind(7, startedAt)
    s.bind(8, abortedAt)
    s.bind(9, notesErased)
  }
}

extension CandidateNoteRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName, columns: ["uuid", "candidate_id", "text", "author", "origin", "at", "synced"])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, candidateId)
    s.bind(3, text)
    s.bind(4, author)
    s.bind(5, origin)
    s.bind(6, at)
    s.bind(7, synced ? 1 : 0)
  }
}

/// A conflict a sync saw: two laptops edited one field of the same candidate or role; `kept` won everywhere.
struct SyncConflictRecord: Codable, Equatable, FetchableRecord, StoredRecord, InsertableRecord {
  static let databaseTableName = "sync_conflict"
  var uuid: String
  var table: String
  var rowUUID: String
  var field: String
  var kept: String?
  var lostBy: String
  var at: Double

  enum CodingKeys: String, CodingKey {
    case uuid
    case table = "tbl"
    case rowUUID = "row_uuid"
    case field, kept
    case lostBy = "lost_by"
    case at
  }

  static let inserts = InsertStatements(
    table: databaseTableName, columns: ["uuid", "tbl", "row_uuid", "field", "kept", "lost_by", "at"])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, table)
    s.bind(3, rowUUID)
    s.bind(4, field)
    s.bind(5, kept)
    s.bind(6, lostBy)
    s.bind(7, at)
  }
}
