import Foundation
import GRDB
import ShortlistCore

// One record type per table, GRDBDemo's style: a plain struct, its columns, and Codable persistence. Writes of a row
// go through its record (one insert path per table); reads that are not measured hot paths decode through them, and a
// row that does not decode is an error naming its table and id (`Decode`), never a silent default.

struct SettingRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "setting"
  var key: String
  var value: String

  enum Columns {
    static let key = Column(CodingKeys.key)
    static let value = Column(CodingKeys.value)
  }
}

struct RoleRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "role"
  var id: Int64?
  var uuid: String
  var title: String
  var goal: String?
  var metric: String?
  var stack: String?
  var milestone: String?
  var model: String?
  var budgetMin: Double?
  var budgetMax: Double?
  var createdAt: Double
  var archivedAt: Double? = nil
  /// The hybrid logical clock stamp of the last edit, and the one last exchanged with the team server.
  var hlc: String = ""
  var syncedHlc: String? = nil
  var contacts: String? = nil
  var repo: String? = nil
  var board: String? = nil

  enum CodingKeys: String, CodingKey {
    case id, uuid, title, goal, metric, stack, milestone, model
    case budgetMin = "budget_min"
    case budgetMax = "budget_max"
    case createdAt = "created_at"
    case archivedAt = "archived_at"
    case hlc
    case syncedHlc = "synced_hlc"
    case contacts, repo, board
  }

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let uuid = Column(CodingKeys.uuid)
    static let title = Column(CodingKeys.title)
  }

  init(_ role: NewRole) {
    id = nil
    uuid = role.uuid
    title = role.title
    goal = role.goal
    metric = role.metric
    stack = role.stack
    milestone = role.milestone
    model = role.model?.rawValue
    budgetMin = role.budgetMin
    budgetMax = role.budgetMax
    createdAt = role.createdAt.timeIntervalSince1970
    archivedAt = nil
    contacts = role.contacts
    repo = role.repo
    board = role.board
  }

  /// The domain value; a model outside the known ones is a damaged row.
  func role(banks: [String]) throws -> Role {
    let rid = id ?? 0
    var parsedModel: EngagementModel?
    if let model {
      guard let m = EngagementModel(rawValue: model) else {
        throw StoreError.damaged(table: "role", rowId: rid, column: "model")
      }
      parsedModel = m
    }
    var r = Role(
      id: rid, uuid: uuid, title: title, goal: goal, metric: metric, stack: stack, milestone: milestone,
      model: parsedModel, budgetMin: budgetMin, budgetMax: budgetMax,
      createdAt: Date(timeIntervalSince1970: createdAt), banks: banks,
      archivedAt: archivedAt.map(Date.init(timeIntervalSince1970:)))
    r.contacts = contacts
    r.repo = repo
    r.board = board
    return r
  }
}

struct RoleBankRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "role_bank"
  var roleId: Int64
  var bankId: String
  var position: Int

  enum CodingKeys: String, CodingKey {
    case roleId = "role_id"
    case bankId = "bank_id"
    case position
  }

  enum Columns {
    static let roleId = Column(CodingKeys.roleId)
    static let bankId = Column(CodingKeys.bankId)
    static let position = Column(CodingKeys.position)
  }
}

struct CandidateRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "candidate"
  var id: Int64?
  var uuid: String
  var name: String
  var email: String?
  var tier: Int
  var source: String
  var rate: Double?
  var status: String
  /// When `status` was reached.
  var since: Double
  var createdAt: Double
  var forgotten: Bool
  var provenance: String?
  /// `NameKey.fold(name)`: kept by the Store on every name change (`AppDatabase.indexName`).
  var nameKey: String
  /// The hybrid logical clock stamp of the last edit, and the one last exchanged with the team server.
  var hlc: String = ""
  var syncedHlc: String? = nil

  enum CodingKeys: String, CodingKey {
    case id, uuid, name, email, tier, source, rate, status, since
    case createdAt = "created_at"
    case forgotten, provenance
    case nameKey = "name_key"
    case hlc
    case syncedHlc = "synced_hlc"
  }

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let uuid = Column(CodingKeys.uuid)
    static let name = Column(CodingKeys.name)
    static let email = Column(CodingKeys.email)
    static let forgotten = Column(CodingKeys.forgotten)
  }

  init(_ c: NewCandidate, provenance: String? = nil) {
    id = nil
    uuid = c.uuid
    name = c.name
    email = c.email
    tier = c.tier.rawValue
    source = c.source
    rate = c.rate
    status = c.status.rawValue
    since = c.createdAt.timeIntervalSince1970
    createdAt = c.createdAt.timeIntervalSince1970
    forgotten = false
    self.provenance = provenance
    nameKey = NameKey.fold(c.name)
  }

  /// The domain value; a tier or status outside the known ones is a damaged row, never a default.
  func candidate() throws -> Candidate {
    let cid = id ?? 0
    guard let t = Tier(rawValue: tier) else { throw StoreError.damaged(table: "candidate", rowId: cid, column: "tier") }
    guard let s = Status(rawValue: status) else {
      throw StoreError.damaged(table: "candidate", rowId: cid, column: "status")
    }
    return Candidate(
      id: cid, uuid: uuid, name: name, email: email, tier: t, source: source, rate: rate, status: s,
      since: Date(timeIntervalSince1970: since), createdAt: Date(timeIntervalSince1970: createdAt),
      forgotten: forgotten)
  }
}

struct CandidateLinkRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "candidate_link"
  var candidateId: Int64
  var position: Int
  var url: String

  enum CodingKeys: String, CodingKey {
    case candidateId = "candidate_id"
    case position, url
  }

  enum Columns {
    static let candidateId = Column(CodingKeys.candidateId)
    static let position = Column(CodingKeys.position)
  }
}

struct CandidateTagRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "candidate_tag"
  var candidateId: Int64
  var tag: String

  enum CodingKeys: String, CodingKey {
    case candidateId = "candidate_id"
    case tag
  }

  enum Columns {
    static let candidateId = Column(CodingKeys.candidateId)
    static let tag = Column(CodingKeys.tag)
  }
}

/// One word of a candidate's folded name, so that any word (a surname, a middle name) finds them by index.
struct CandidateNameTokenRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "candidate_name_token"
  var token: String
  var candidateId: Int64

  enum CodingKeys: String, CodingKey {
    case token
    case candidateId = "candidate_id"
  }

  enum Columns {
    static let token = Column(CodingKeys.token)
    static let candidateId = Column(CodingKeys.candidateId)
  }
}

/// An application: a candidate's pipeline for one role, with its status and when it was reached.
struct CandidateRoleRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "candidate_role"
  var candidateId: Int64
  var roleId: Int64
  var status: String
  var since: Double
  /// Exchanged with the team server.
  var synced: Bool = false

  enum CodingKeys: String, CodingKey {
    case candidateId = "candidate_id"
    case roleId = "role_id"
    case status, since, synced
  }

  enum Columns {
    static let candidateId = Column(CodingKeys.candidateId)
    static let roleId = Column(CodingKeys.roleId)
  }
}

struct StatusChangeRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "status_change"
  var id: Int64?
  var candidateId: Int64
  var fromStatus: String?
  var toStatus: String
  var at: Double
  var note: String?
  /// The application's role; nil for the status of a candidate with no role.
  var roleId: Int64? = nil
  var forced: Bool = false
  /// Exchanged with the team server.
  var synced: Bool = false

  enum CodingKeys: String, CodingKey {
    case id
    case candidateId = "candidate_id"
    case fromStatus = "from_status"
    case toStatus = "to_status"
    case at, note
    case roleId = "role_id"
    case forced, synced
  }

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let candidateId = Column(CodingKeys.candidateId)
    static let toStatus = Column(CodingKeys.toStatus)
    static let at = Column(CodingKeys.at)
  }

  func change() throws -> StatusChange {
    let rid = id ?? 0
    guard let to = Status(rawValue: toStatus) else {
      throw StoreError.damaged(table: "status_change", rowId: rid, column: "to_status")
    }
    var from: Status?
    if let fromStatus {
      guard let f = Status(rawValue: fromStatus) else {
        throw StoreError.damaged(table: "status_change", rowId: rid, column: "from_status")
      }
      from = f
    }
    return StatusChange(
      id: rid, candidateId: candidateId, roleId: roleId, from: from, to: to, at: Date(timeIntervalSince1970: at),
      note: note, forced: forced)
  }
}

struct BankSnapshotRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "bank_snapshot"
  var id: Int64?
  var bankId: String
  var version: Int
  var sha256: String
  var title: String
  var content: String
  var createdAt: Double

  enum CodingKeys: String, CodingKey {
    case id
    case bankId = "bank_id"
    case version, sha256, title, content
    case createdAt = "created_at"
  }

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let bankId = Column(CodingKeys.bankId)
    static let version = Column(CodingKeys.version)
    static let sha256 = Column(CodingKeys.sha256)
  }

}

struct InterviewRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "interview"
  var id: Int64?
  var uuid: String
  var candidateId: Int64
  var roleId: Int64?
  var snapshotId: Int64
  var interviewer: String
  var startedAt: Double
  var finishedAt: Double?
  var state: String
  var currentQuestion: Int
  var recommendation: String?
  /// A finished scorecard taken out of every score (kept, marked void), with why.
  var voidedAt: Double? = nil
  var voidNote: String? = nil
  /// What was last pushed to the team server (`AppDatabase.syncMark`); nil: never.
  var synced: String? = nil

  enum CodingKeys: String, CodingKey {
    case id, uuid
    case candidateId = "candidate_id"
    case roleId = "role_id"
    case snapshotId = "snapshot_id"
    case interviewer
    case startedAt = "started_at"
    case finishedAt = "finished_at"
    case state
    case currentQuestion = "current_question"
    case recommendation
    case voidedAt = "voided_at"
    case voidNote = "void_note"
    case synced
  }

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let uuid = Column(CodingKeys.uuid)
    static let candidateId = Column(CodingKeys.candidateId)
    static let state = Column(CodingKeys.state)
    static let interviewer = Column(CodingKeys.interviewer)
  }

}

struct NoteRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "note"
  var id: Int64?
  var uuid: String
  var interviewId: Int64
  var questionId: String
  var text: String
  var at: Double

  enum CodingKeys: String, CodingKey {
    case id, uuid
    case interviewId = "interview_id"
    case questionId = "question_id"
    case text, at
  }

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let interviewId = Column(CodingKeys.interviewId)
    static let questionId = Column(CodingKeys.questionId)
    static let at = Column(CodingKeys.at)
  }

}

struct AnswerRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "answer"
  var interviewId: Int64
  var questionId: String
  var score: Int?
  var comment: String?
  var skipped: Bool
  var skipReason: String?
  var at: Double

  enum CodingKeys: String, CodingKey {
    case interviewId = "interview_id"
    case questionId = "question_id"
    case score, comment, skipped
    case skipReason = "skip_reason"
    case at
  }

  enum Columns {
    static let interviewId = Column(CodingKeys.interviewId)
    static let questionId = Column(CodingKeys.questionId)
  }
}

struct SignalMarkRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "signal_mark"
  var interviewId: Int64
  var questionId: String
  var signalIndex: Int
  var value: String
  var at: Double

  enum CodingKeys: String, CodingKey {
    case interviewId = "interview_id"
    case questionId = "question_id"
    case signalIndex = "signal_index"
    case value, at
  }

  enum Columns {
    static let interviewId = Column(CodingKeys.interviewId)
  }

  func mark() throws -> SignalMark {
    guard let m = SignalMark(rawValue: value) else {
      throw StoreError.damaged(table: "signal_mark", rowId: interviewId, column: "value")
    }
    return m
  }
}

/// A user's change to the source map: a source and its tier, or a default removed (tier nil).
struct SourceTierRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "source_tier"
  var name: String
  var tier: Int?
}

/// Seconds spent on one question of an interview (summed over sittings).
struct QuestionTimeRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "question_time"
  var interviewId: Int64
  var questionId: String
  var seconds: Double

  enum CodingKeys: String, CodingKey {
    case interviewId = "interview_id"
    case questionId = "question_id"
    case seconds
  }

  enum Columns {
    static let interviewId = Column(CodingKeys.interviewId)
  }
}

/// A forgotten person: a keyed hash of the UUID they had, and nothing else. `merge` (and later `sync`) never brings
/// a person with such a UUID back.
struct ForgottenRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "forgotten"
  var uuidHash: String
  var at: Double
  /// Exchanged with the team server.
  var synced: Bool = false

  enum CodingKeys: String, CodingKey {
    case uuidHash = "uuid_hash"
    case at, synced
  }

  enum Columns {
    static let uuidHash = Column(CodingKeys.uuidHash)
  }

  /// The tombstone's key for a candidate UUID: SHA-256 of a fixed label and the UUID, so the table holds nothing
  /// that names anyone, and two databases that shared the person agree on it.
  static func hash(uuid: String) -> String {
    SHA256.hex(Array(("shortlist-forgotten:" + uuid.lowercased()).utf8))
  }
}

/// Decoding rows defensively: a value of the wrong type, a NULL where one is required or an unknown state is a
/// `StoreError.damaged` naming the table, the row id and the column, never the row's values (personal data).
enum Decode {
  static func records<R: FetchableRecord & TableRecord>(_ db: Database, _ request: QueryInterfaceRequest<R>) throws
    -> [R]
  {
    try Row.fetchAll(db, request).map { try record($0) }
  }

  static func record<R: FetchableRecord & TableRecord>(_ row: Row) throws -> R {
    do {
      return try R(row: row)
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.damaged(table: R.databaseTableName, rowId: rowId(row), column: nil)
    }
  }

  static func value<T: DatabaseValueConvertible>(_ row: Row, _ column: String, table: String, rowId: Int64?) throws
    -> T
  {
    guard let v = T.fromDatabaseValue(row[column] as DatabaseValue) else {
      throw StoreError.damaged(table: table, rowId: rowId, column: column)
    }
    return v
  }

  static func optional<T: DatabaseValueConvertible>(_ row: Row, _ column: String, table: String, rowId: Int64?)
    throws -> T?
  {
    let dbValue: DatabaseValue = row[column]
    if dbValue.isNull { return nil }
    guard let v = T.fromDatabaseValue(dbValue) else {
      throw StoreError.damaged(table: table, rowId: rowId, column: column)
    }
    return v
  }

  /// One row's columns read by name, each checked as `value` and `optional` are, naming `table` and `rowId`.
  struct Fields {
    let row: Row
    let table: String
    let rowId: Int64?

    func value<T: DatabaseValueConvertible>(_ column: String) throws -> T {
      try Decode.value(row, column, table: table, rowId: rowId)
    }

    func optional<T: DatabaseValueConvertible>(_ column: String) throws -> T? {
      try Decode.optional(row, column, table: table, rowId: rowId)
    }
  }

  static func rowId(_ row: Row) -> Int64? {
    guard row.hasColumn("id") else { return nil }
    return Int64.fromDatabaseValue(row["id"] as DatabaseValue)
  }
}

/// What remains of an interview discarded with `/abort`: who, whom, which bank and when; no notes, no scores.
struct InterviewAbortRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "interview_abort"
  var id: Int64?
  var uuid: String
  var candidateId: Int64
  var roleId: Int64?
  var bankId: String
  var bankVersion: Int
  var interviewer: String
  var startedAt: Double
  var abortedAt: Double
  var notesErased: Int

  enum CodingKeys: String, CodingKey {
    case id, uuid
    case candidateId = "candidate_id"
    case roleId = "role_id"
    case bankId = "bank_id"
    case bankVersion = "bank_version"
    case interviewer
    case startedAt = "started_at"
    case abortedAt = "aborted_at"
    case notesErased = "notes_erased"
  }

  enum Columns {
    static let candidateId = Column(CodingKeys.candidateId)
  }

}

/// A note about a candidate outside any interview (a sourcing note, or one added by hand).
struct CandidateNoteRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "candidate_note"
  var id: Int64?
  var uuid: String
  var candidateId: Int64
  var text: String
  var author: String?
  /// Where it came from: "import FILE:LINE", or nil when typed.
  var origin: String?
  var at: Double
  /// Exchanged with the team server.
  var synced: Bool = false

  enum CodingKeys: String, CodingKey {
    case id, uuid
    case candidateId = "candidate_id"
    case text, author, origin, at, synced
  }

  enum Columns {
    static let candidateId = Column(CodingKeys.candidateId)
    static let at = Column(CodingKeys.at)
  }

}

extension Row {
  /// The value at `index`, checked: NULL or a value of another type is `StoreError.damaged` naming the table, the row
  /// and the column, never a trap (GRDB's typed subscripts stop the process on a value they cannot convert).
  func checked<T: DatabaseValueConvertible>(_ index: Int, table: String, rowId: Int64?) throws -> T {
    guard let v = T.fromDatabaseValue(self[index] as DatabaseValue) else {
      throw StoreError.damaged(table: table, rowId: rowId, column: Array(columnNames)[index])
    }
    return v
  }

  /// The row's columns read by position, each checked as `checked` and `checkedOptional` are, naming `table` and
  /// `rowId` (nil: the row's id is unknown or is itself the value being read).
  func fields(table: String, rowId: Int64?) -> Fields { Fields(row: self, table: table, rowId: rowId) }

  struct Fields {
    let row: Row
    let table: String
    let rowId: Int64?

    func value<T: DatabaseValueConvertible>(_ index: Int) throws -> T {
      try row.checked(index, table: table, rowId: rowId)
    }

    func optional<T: DatabaseValueConvertible>(_ index: Int) throws -> T? {
      try row.checkedOptional(index, table: table, rowId: rowId)
    }
  }

  /// The same for a column that may be NULL.
  func checkedOptional<T: DatabaseValueConvertible>(_ index: Int, table: String, rowId: Int64?) throws -> T? {
    let value: DatabaseValue = self[index]
    if value.isNull { return nil }
    guard let v = T.fromDatabaseValue(value) else {
      throw StoreError.damaged(table: table, rowId: rowId, column: Array(columnNames)[index])
    }
    return v
  }
}
