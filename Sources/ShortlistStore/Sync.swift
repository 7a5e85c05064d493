import Foundation
import GRDB
import ShortlistCore
import ShortlistSupport

// The rows a laptop exchanges with the team server, by UUID (never a local id), in the server's column names. The
// same types carry a push (the local rows not yet on the server) and a pull (the server's rows this member may read),
// and a pull is applied by writing it into an exchange file with this schema and merging that file: `sync` and
// `merge` are one mechanism.

public struct SyncRole: Codable, Sendable, Equatable {
  public var uuid: String
  public var title: String
  public var goal: String?
  public var metric: String?
  public var stack: String?
  public var milestone: String?
  public var model: String?
  public var budget_min: Double?
  public var budget_max: Double?
  public var banks: [String]
  public var archived_at: Double?
  public var created_at: Double
  public var hlc: String
}

public struct SyncCandidate: Codable, Sendable, Equatable {
  public var uuid: String
  public var name: String
  public var email: String?
  public var tier: Int
  public var source: String
  public var rate: Double?
  public var links: [String]
  public var tags: [String]
  public var created_at: Double
  public var hlc: String
}

public struct SyncApplication: Codable, Sendable, Equatable {
  public var candidate_uuid: String
  public var role_uuid: String
}

public struct SyncStatusChange: Codable, Sendable, Equatable {
  public var candidate_uuid: String
  public var role_uuid: String?
  public var from_status: String?
  public var to_status: String
  public var at: Double
  public var note: String?
  public var forced: Bool
}

public struct SyncSnapshot: Codable, Sendable, Equatable {
  public var sha256: String
  public var bank_id: String
  public var version: Int
  public var title: String
  public var content: String
  public var created_at: Double
}

public struct SyncInterview: Codable, Sendable, Equatable {
  public var uuid: String
  public var candidate_uuid: String
  public var role_uuid: String?
  public var snapshot_sha256: String
  public var owner: String
  public var started_at: Double
  public var finished_at: Double?
  public var state: String
  public var voided_at: Double?
  public var void_note: String?
  public var recommendation: String?
}

public struct SyncAnswer: Codable, Sendable, Equatable {
  public var interview_uuid: String
  public var question_id: String
  public var candidate_uuid: String
  public var score: Int?
  public var comment: String?
  public var skipped: Bool
  public var skip_reason: String?
  public var at: Double
}

public struct SyncSignal: Codable, Sendable, Equatable {
  public var interview_uuid: String
  public var question_id: String
  public var signal_index: Int
  public var candidate_uuid: String
  public var value: String
  public var at: Double
}

public struct SyncNote: Codable, Sendable, Equatable {
  public var uuid: String
  public var interview_uuid: String
  public var candidate_uuid: String
  public var question_id: String
  public var text: String
  public var at: Double
}

public struct SyncCandidateNote: Codable, Sendable, Equatable {
  public var uuid: String
  public var candidate_uuid: String
  public var text: String
  public var author: String?
  public var origin: String?
  public var at: Double
}

public struct SyncTombstone: Codable, Sendable, Equatable {
  public var uuid_hash: String
  public var at: Double
}

/// Two laptops edited one field of the same candidate or role: `kept` won everywhere, `lost_by` made the other edit.
public struct SyncConflict: Codable, Sendable, Equatable {
  public var uuid: String
  public var tbl: String
  public var row_uuid: String
  public var field: String
  public var kept: String?
  public var lost_by: String
  public var at: Double

  public init(
    uuid: String, tbl: String, row_uuid: String, field: String, kept: String?, lost_by: String, at: Double
  ) {
    self.uuid = uuid
    self.tbl = tbl
    self.row_uuid = row_uuid
    self.field = field
    self.kept = kept
    self.lost_by = lost_by
    self.at = at
  }
}

/// A set of rows to exchange.
public struct SyncBatch: Sendable, Equatable {
  public var roles: [SyncRole] = []
  public var candidates: [SyncCandidate] = []
  public var applications: [SyncApplication] = []
  public var statusChanges: [SyncStatusChange] = []
  public var snapshots: [SyncSnapshot] = []
  public var interviews: [SyncInterview] = []
  public var answers: [SyncAnswer] = []
  public var signals: [SyncSignal] = []
  public var notes: [SyncNote] = []
  public var candidateNotes: [SyncCandidateNote] = []
  public var tombstones: [SyncTombstone] = []
  public var conflicts: [SyncConflict] = []

  public init() {}

  /// Rows in the batch (snapshots aside: they are content-addressed copies, not changes).
  public var rowCount: Int {
    roles.count + candidates.count + applications.count + statusChanges.count + interviews.count + answers.count
      + signals.count + notes.count + candidateNotes.count + tombstones.count
  }
}

/// Where a paged read of the outbox has got to: the last id read of each table (rows past it come next). A row the
/// server refused stays pending but is behind the cursor, so one sync sends it once.
public struct OutboxCursor: Sendable, Equatable {
  var role: Int64 = 0
  var candidate: Int64 = 0
  var application: (candidate: Int64, role: Int64) = (0, 0)
  var statusChange: Int64 = 0
  var candidateNote: Int64 = 0
  var tombstone = ""
  var interview: Int64 = 0
  public init() {}
  public static func == (a: OutboxCursor, b: OutboxCursor) -> Bool {
    a.role == b.role && a.candidate == b.candidate && a.application == b.application
      && a.statusChange == b.statusChange && a.candidateNote == b.candidateNote && a.tombstone == b.tombstone
      && a.interview == b.interview
  }
}

/// The local rows not yet on the server, and what to mark once the server has them.
public struct SyncOutbox: Sendable {
  public var batch = SyncBatch()
  var statusChangeIds: [Int64] = []
  var candidateNoteIds: [Int64] = []
  var interviewMarks: [(uuid: String, mark: String)] = []
}

extension AppDatabase {
  /// The next hybrid logical clock stamp, for an edit made in this transaction (kept in the `hlc_clock` setting, so
  /// stamps only grow, whatever the wall clock does), by the team member or `local`.
  static func stamp(_ db: Database) throws -> String {
    let last = try lastStamp(db)
    let node = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'team_member'") ?? "local"
    let next = HLC.next(after: last, now: now(), node: node).description
    try SettingRecord(key: "hlc_clock", value: next).insertRow(db, .replace)
    return next
  }

  /// The clock's latest stamp (a merge reads it once per row: through the statement cache).
  private static func lastStamp(_ db: Database) throws -> HLC? {
    try (db.cachedValue("SELECT value FROM main.setting WHERE key = 'hlc_clock'", []) as String?).flatMap { HLC($0) }
  }

  /// Moves the clock past a stamp seen from another laptop.
  static func observe(_ db: Database, stamp: String) throws {
    guard let seen = HLC(stamp) else { return }
    let last = try lastStamp(db)
    if last == nil || (last.map { seen > $0 } ?? true) {
      try SettingRecord(key: "hlc_clock", value: seen.description).insertRow(db, .replace)
    }
  }

  // A finished scorecard is fixed but for a void, and a void clears `synced`: only open interviews and those never
  // pushed (or voided since) need their mark computed (`interview_unsynced` finds them).

  /// The SQL of what an interview was last pushed as: its state, void, recommendation and a digest of its content
  /// (counts and latest times of notes, answers and signals), for the interview aliased `i`.
  static let syncMarkSQL = """
    i.state || ':' || coalesce(i.voided_at, '') || ':' || coalesce(i.recommendation, '') || ':' ||
      (SELECT count(*) || '/' || coalesce(max(at), 0) FROM note WHERE interview_id = i.id) || ':' ||
      (SELECT count(*) || '/' || coalesce(max(at), 0) || '/' || coalesce(sum(coalesce(score, 0)), 0)
        FROM answer WHERE interview_id = i.id) || ':' ||
      (SELECT count(*) || '/' || coalesce(max(at), 0) FROM signal_mark WHERE interview_id = i.id)
    """

  /// The rows of this database that the server does not have yet: roles and candidates edited since they were last
  /// exchanged, new applications, status changes and candidate notes, forget tombstones, and `member`'s own
  /// interviews (with their content) changed since last pushed. Forgotten people's rows never leave.
  public func syncOutbox(member: String) throws -> SyncOutbox {
    var cursor = OutboxCursor()
    return try syncOutbox(member: member, budget: Int.max, after: &cursor)
  }

  // Pending applications and status moves through their partial indexes of unsynced rows: ordered by key, the planner
  // chose the table's own order instead and read every row to find none (60 and 10 ms of a 100,000-candidate
  // laptop's incremental sync that had nothing to push). CROSS JOIN keeps the pending rows the outer loop.
  static let pendingApplicationsSQL = """
    SELECT c.uuid, r.uuid, x.candidate_id, x.role_id FROM candidate_role x INDEXED BY candidate_role_unsynced
    CROSS JOIN candidate c ON c.id = x.candidate_id AND c.forgotten = 0 CROSS JOIN role r ON r.id = x.role_id
    WHERE x.synced = 0 AND (x.candidate_id, x.role_id) > (?, ?) ORDER BY x.candidate_id, x.role_id LIMIT ?
    """
  static let pendingStatusChangesSQL = """
    SELECT x.id, c.uuid, r.uuid, x.from_status, x.to_status, x.at, x.note, x.forced
    FROM status_change x INDEXED BY status_change_unsynced
    CROSS JOIN candidate c ON c.id = x.candidate_id AND c.forgotten = 0
    LEFT JOIN role r ON r.id = x.role_id WHERE x.synced = 0 AND x.id > ? ORDER BY x.id LIMIT ?
    """

  /// One page of the outbox: up to about `budget` rows past `cursor`, tables in the order the server takes them
  /// (an interview always with all of its content); `cursor` moves past what was read. A sync pushes page after page,
  /// so memory stays flat however much is pending.
  public func syncOutbox(member: String, budget: Int, after cursor: inout OutboxCursor) throws -> SyncOutbox {
    let start = cursor
    var moved = cursor
    let out: SyncOutbox = try read { db in
      var out = SyncOutbox()
      var left = budget
      func limit() -> Int { max(0, min(left, 1 << 30)) }
      var banks: [Int64: [String]] = [:]
      for b in try Row.fetchAll(db, sql: "SELECT role_id, bank_id FROM role_bank ORDER BY role_id, position") {
        let f = b.fields(table: "role_bank", rowId: nil)
        banks[try f.value(0), default: []].append(try f.value(1))
      }
      for row in try Row.fetchAll(
        db, sql: "SELECT * FROM role WHERE synced_hlc IS NOT hlc AND id > ? ORDER BY id LIMIT ?",
        arguments: [start.role, limit()])
      {
        let r: RoleRecord = try Decode.record(row)
        moved.role = r.id ?? moved.role
        left -= 1
        out.batch.roles.append(
          SyncRole(
            uuid: r.uuid, title: r.title, goal: r.goal, metric: r.metric, stack: r.stack, milestone: r.milestone,
            model: r.model, budget_min: r.budgetMin, budget_max: r.budgetMax, banks: banks[r.id ?? 0] ?? [],
            archived_at: r.archivedAt, created_at: r.createdAt, hlc: r.hlc))
      }
      // Candidates with their links and tags, read in three statements however many there are.
      let candidatePage = limit()
      let pendingCandidates = """
        SELECT id FROM candidate WHERE synced_hlc IS NOT hlc AND forgotten = 0 AND id > \(start.candidate)
        ORDER BY id LIMIT \(candidatePage)
        """
      var links: [Int64: [String]] = [:]
      for l in try Row.fetchAll(
        db,
        sql: """
          SELECT candidate_id, url FROM candidate_link WHERE candidate_id IN (\(pendingCandidates))
          ORDER BY candidate_id, position
          """)
      {
        let id: Int64 = try l.checked(0, table: "candidate_link", rowId: nil)
        links[id, default: []].append(try l.checked(1, table: "candidate_link", rowId: id))
      }
      var tags: [Int64: [String]] = [:]
      for t in try Row.fetchAll(
        db,
        sql: """
          SELECT candidate_id, tag FROM candidate_tag WHERE candidate_id IN (\(pendingCandidates))
          ORDER BY candidate_id, tag
          """)
      {
        let id: Int64 = try t.checked(0, table: "candidate_tag", rowId: nil)
        tags[id, default: []].append(try t.checked(1, table: "candidate_tag", rowId: id))
      }
      // Read by position (a measured hot path of a first sync: 10,000 rows).
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT id, uuid, name, email, tier, source, rate, created_at, hlc FROM candidate
          WHERE synced_hlc IS NOT hlc AND forgotten = 0 AND id > ? ORDER BY id LIMIT ?
          """, arguments: [start.candidate, candidatePage])
      while let row = try rows.next() {
        let id: Int64 = try row.checked(0, table: "candidate", rowId: nil)
        moved.candidate = id
        left -= 1
        let f = row.fields(table: "candidate", rowId: id)
        out.batch.candidates.append(
          SyncCandidate(
            uuid: try f.value(1), name: try f.value(2), email: try f.optional(3), tier: try f.value(4),
            source: try f.value(5), rate: try f.optional(6), links: links[id] ?? [], tags: tags[id] ?? [],
            created_at: try f.value(7), hlc: try f.optional(8) ?? ""))
      }
      let live = "JOIN candidate c ON c.id = x.candidate_id AND c.forgotten = 0"
      for row in try Row.fetchAll(
        db,
        sql: Self.pendingApplicationsSQL, arguments: [start.application.candidate, start.application.role, limit()])
      {
        moved.application = (
          try row.checked(2, table: "candidate_role", rowId: nil),
          try row.checked(3, table: "candidate_role", rowId: nil)
        )
        left -= 1
        out.batch.applications.append(
          SyncApplication(
            candidate_uuid: try row.checked(0, table: "candidate", rowId: nil),
            role_uuid: try row.checked(1, table: "role", rowId: nil)))
      }
      for row in try Row.fetchAll(
        db,
        sql: Self.pendingStatusChangesSQL, arguments: [start.statusChange, limit()])
      {
        let id: Int64 = try row.checked(0, table: "status_change", rowId: nil)
        moved.statusChange = id
        left -= 1
        let f = row.fields(table: "status_change", rowId: id)
        out.statusChangeIds.append(id)
        out.batch.statusChanges.append(
          SyncStatusChange(
            candidate_uuid: try f.value(1), role_uuid: try f.optional(2), from_status: try f.optional(3),
            to_status: try f.value(4), at: try f.value(5), note: try f.optional(6), forced: try f.value(7)))
      }
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT x.id, x.uuid, c.uuid, x.text, x.author, x.origin, x.at FROM candidate_note x \(live)
          WHERE x.synced = 0 AND x.id > ? ORDER BY x.id LIMIT ?
          """, arguments: [start.candidateNote, limit()])
      {
        let id: Int64 = try row.checked(0, table: "candidate_note", rowId: nil)
        moved.candidateNote = id
        left -= 1
        let f = row.fields(table: "candidate_note", rowId: id)
        out.candidateNoteIds.append(id)
        out.batch.candidateNotes.append(
          SyncCandidateNote(
            uuid: try f.value(1), candidate_uuid: try f.value(2), text: try f.value(3), author: try f.optional(4),
            origin: try f.optional(5), at: try f.value(6)))
      }
      for row in try Row.fetchAll(
        db, sql: "SELECT uuid_hash, at FROM forgotten WHERE synced = 0 AND uuid_hash > ? ORDER BY uuid_hash LIMIT ?",
        arguments: [start.tombstone, limit()])
      {
        moved.tombstone = try row.checked(0, table: "forgotten", rowId: nil)
        left -= 1
        out.batch.tombstones.append(
          SyncTombstone(
            uuid_hash: try row.checked(0, table: "forgotten", rowId: nil),
            at: try row.checked(1, table: "forgotten", rowId: nil)))
      }
      // The member's own interviews whose state or content changed since last pushed, then their content, each
      // table in one statement over the member's interviews, kept for those in the set.
      var pushed: [Int64: (uuid: String, candidate: String)] = [:]
      var shas: [Int64: String] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM (SELECT i.id, i.uuid, c.uuid AS cuuid, r.uuid AS ruuid, s.sha256, s.id AS sid, i.started_at,
            i.finished_at, i.state, i.voided_at, i.void_note, i.recommendation, i.synced, \(Self.syncMarkSQL) AS mark
          FROM interview i JOIN candidate c ON c.id = i.candidate_id AND c.forgotten = 0
          JOIN bank_snapshot s ON s.id = i.snapshot_id LEFT JOIN role r ON r.id = i.role_id
          WHERE i.interviewer = ? AND (i.synced IS NULL OR i.state = 'open') AND i.id > ?)
          WHERE synced IS NOT mark ORDER BY id LIMIT ?
          """, arguments: [member, start.interview, budget == Int.max ? Int(1 << 30) : (left <= 0 ? 0 : left / 16 + 1)])
      {
        // Read defensively: a value of another type is a damaged row named by table and id, never a trap.
        let id: Int64 = try Decode.value(row, "id", table: "interview", rowId: nil)
        moved.interview = id
        let f = Decode.Fields(row: row, table: "interview", rowId: id)
        let uuid: String = try f.value("uuid")
        let candidate: String = try f.value("cuuid")
        let sha: String = try f.value("sha256")
        pushed[id] = (uuid, candidate)
        out.interviewMarks.append((uuid, try f.value("mark")))
        out.batch.interviews.append(
          SyncInterview(
            uuid: uuid, candidate_uuid: candidate, role_uuid: try f.optional("ruuid"), snapshot_sha256: sha,
            owner: member, started_at: try f.value("started_at"), finished_at: try f.optional("finished_at"),
            state: try f.value("state"), voided_at: try f.optional("voided_at"), void_note: try f.optional("void_note"),
            recommendation: try f.optional("recommendation")))
        shas[try f.value("sid") as Int64] = sha
      }
      for (sid, _) in shas.sorted(by: { $0.key < $1.key }) {
        if let s = try BankSnapshotRecord.fetchOne(db, key: sid) {
          out.batch.snapshots.append(
            SyncSnapshot(
              sha256: s.sha256, bank_id: s.bankId, version: s.version, title: s.title, content: s.content,
              created_at: s.createdAt))
        }
      }
      guard !pushed.isEmpty else { return out }
      let own = "WHERE x.interview_id IN (SELECT value FROM json_each(?))"
      let ids = Self.jsonText(Array(pushed.keys))
      for a in try Row.fetchAll(
        db,
        sql: """
          SELECT x.interview_id, x.question_id, x.score, x.comment, x.skipped, x.skip_reason, x.at FROM answer x \(own)
          ORDER BY x.interview_id, x.question_id
          """, arguments: [ids])
      {
        let f = a.fields(table: "answer", rowId: nil)
        guard let i = pushed[try f.value(0)] else { continue }
        out.batch.answers.append(
          SyncAnswer(
            interview_uuid: i.uuid, question_id: try f.value(1), candidate_uuid: i.candidate, score: try f.optional(2),
            comment: try f.optional(3), skipped: try f.value(4), skip_reason: try f.optional(5), at: try f.value(6)))
      }
      for s in try Row.fetchAll(
        db,
        sql: """
          SELECT x.interview_id, x.question_id, x.signal_index, x.value, x.at FROM signal_mark x \(own)
          ORDER BY x.interview_id, x.question_id, x.signal_index
          """, arguments: [ids])
      {
        let f = s.fields(table: "signal_mark", rowId: nil)
        guard let i = pushed[try f.value(0)] else { continue }
        out.batch.signals.append(
          SyncSignal(
            interview_uuid: i.uuid, question_id: try f.value(1), signal_index: try f.value(2),
            candidate_uuid: i.candidate, value: try f.value(3), at: try f.value(4)))
      }
      for n in try Row.fetchAll(
        db,
        sql: "SELECT x.interview_id, x.uuid, x.question_id, x.text, x.at FROM note x \(own) ORDER BY x.id",
        arguments: [ids])
      {
        let f = n.fields(table: "note", rowId: nil)
        guard let i = pushed[try f.value(0)] else { continue }
        out.batch.notes.append(
          SyncNote(
            uuid: try f.value(1), interview_uuid: i.uuid, candidate_uuid: i.candidate, question_id: try f.value(2),
            text: try f.value(3), at: try f.value(4)))
      }
      return out
    }
    cursor = moved
    return out
  }

  static func syncCandidate(_ db: Database, _ c: CandidateRecord) throws -> SyncCandidate {
    let id = c.id ?? 0
    return SyncCandidate(
      uuid: c.uuid, name: c.name, email: c.email, tier: c.tier, source: c.source, rate: c.rate,
      links: try String.fetchAll(
        db, sql: "SELECT url FROM candidate_link WHERE candidate_id = ? ORDER BY position", arguments: [id]),
      tags: try String.fetchAll(
        db, sql: "SELECT tag FROM candidate_tag WHERE candidate_id = ? ORDER BY tag", arguments: [id]),
      created_at: c.createdAt, hlc: c.hlc)
  }

  /// Marks what the server now has (each row only if it did not change meanwhile), and keeps the sync's conflicts.
  public func markPushed(_ outbox: SyncOutbox, settings: [String: String] = [:]) throws {
    // Each table in one statement over a JSON array of what was pushed (a row changed meanwhile keeps its mark).
    func pairs(_ items: [(String, String)]) -> String {
      Self.jsonText(items.map { [$0.0, $0.1] })
    }
    try write { db in
      try db.execute(
        sql: """
          UPDATE role SET synced_hlc = hlc WHERE (uuid, hlc) IN
            (SELECT value ->> 0, value ->> 1 FROM json_each(?))
          """, arguments: [pairs(outbox.batch.roles.map { ($0.uuid, $0.hlc) })])
      try db.execute(
        sql: """
          UPDATE candidate SET synced_hlc = hlc WHERE (uuid, hlc) IN
            (SELECT value ->> 0, value ->> 1 FROM json_each(?))
          """, arguments: [pairs(outbox.batch.candidates.map { ($0.uuid, $0.hlc) })])
      try db.execute(
        sql: """
          UPDATE candidate_role SET synced = 1 WHERE synced = 0 AND (candidate_id, role_id) IN
            (SELECT c.id, r.id FROM json_each(?) j JOIN candidate c ON c.uuid = j.value ->> 0
             JOIN role r ON r.uuid = j.value ->> 1)
          """, arguments: [pairs(outbox.batch.applications.map { ($0.candidate_uuid, $0.role_uuid) })])
      // Append-only rows, marked by id: a row the server refused stays pending.
      try db.execute(
        sql: "UPDATE status_change SET synced = 1 WHERE synced = 0 AND id IN (SELECT value FROM json_each(?))",
        arguments: [Self.jsonText(outbox.statusChangeIds)])
      try db.execute(
        sql: "UPDATE candidate_note SET synced = 1 WHERE synced = 0 AND id IN (SELECT value FROM json_each(?))",
        arguments: [Self.jsonText(outbox.candidateNoteIds)])
      try db.execute(
        sql: "UPDATE forgotten SET synced = 1 WHERE uuid_hash IN (SELECT value FROM json_each(?))",
        arguments: [Self.jsonText(outbox.batch.tombstones.map(\.uuid_hash))])
      try db.execute(
        sql: """
          UPDATE interview SET synced = j.value ->> 1 FROM json_each(?) j WHERE interview.uuid = j.value ->> 0
          """, arguments: [pairs(outbox.interviewMarks.map { ($0.uuid, $0.mark) })])
      for (key, value) in settings { try SettingRecord(key: key, value: value).insertRow(db, .replace) }
    }
  }

  static func jsonText<T: Encodable>(_ value: T) -> String {
    (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
  }

  /// How many local changes the server does not have yet (what the next push would send, in rows).
  public func pendingSyncCount(member: String) throws -> Int {
    let outbox = try syncOutbox(member: member)
    return outbox.batch.rowCount - outbox.batch.answers.count - outbox.batch.signals.count
      - outbox.batch.notes.count
  }

  /// Interviews recorded under any name but `member` (kept on this laptop; the server takes each member's own).
  public func interviewsNotBy(_ member: String) throws -> Int {
    try read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM interview WHERE interviewer <> ?", arguments: [member]) ?? 0
    }
  }

  /// The conflicts syncs have seen, newest first.
  public func syncConflicts() throws -> [SyncConflict] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT uuid, tbl, row_uuid, field, kept, lost_by, at FROM sync_conflict ORDER BY at DESC, uuid"
      ).map { row in
        let f = row.fields(table: "sync_conflict", rowId: nil)
        return SyncConflict(
          uuid: try f.value(0), tbl: try f.value(1), row_uuid: try f.value(2), field: try f.value(3),
          kept: try f.optional(4), lost_by: try f.value(5), at: try f.value(6))
      }
    }
  }

  /// What each conflict's row is called here (a candidate's name, a role's title), by row UUID.
  /// Candidates' names (`#ID name`) by UUID, for the UUIDs given that this laptop has.
  public func candidateLabels(_ uuids: [String]) throws -> [String: String] {
    guard !uuids.isEmpty else { return [:] }
    return try read { db in
      var out: [String: String] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT uuid, id, name FROM candidate WHERE uuid IN (SELECT value FROM json_each(?))",
        arguments: [Self.jsonText(uuids)])
      {
        let f = row.fields(table: "candidate", rowId: nil)
        out[try f.value(0)] = "#\(try f.value(1) as Int64) \(try f.value(2) as String)"
      }
      return out
    }
  }

  public func syncConflictLabels() throws -> [String: String] {
    try read { db in
      var out: [String: String] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT k.row_uuid, coalesce(c.name, r.title) FROM sync_conflict k
          LEFT JOIN candidate c ON k.tbl = 'candidate' AND c.uuid = k.row_uuid
          LEFT JOIN role r ON k.tbl = 'role' AND r.uuid = k.row_uuid
          """)
      {
        if let label: String = try row.checkedOptional(1, table: "sync_conflict", rowId: nil) {
          out[try row.checked(0, table: "sync_conflict", rowId: nil)] = label
        }
      }
      return out
    }
  }

  /// A pull that brought nothing: its watermark is kept, nothing else changes.
  /// Saves several settings in one transaction.
  public func saveSettings(_ settings: [String: String]) throws {
    try write { db in
      for (key, value) in settings { try SettingRecord(key: key, value: value).insertRow(db, .replace) }
    }
  }

  /// Applies a pull: writes `batch` into an exchange file with this schema (0600, removed afterwards) and merges it
  /// as the team's copy (`MergeMode.sync`): rows arrive marked as exchanged, a newer edit of a candidate or role
  /// wins by clock, other members' interviews take the server's state, tombstones erase. `settings` are written in
  /// the same transaction (the pull's watermark), so a sync killed at any point leaves a consistent database.
  public func applyPull(_ batch: SyncBatch, member: String, settings: [String: String]) throws -> MergeReport {
    try applyPull(member: member) { writer in
      try writer.write(batch)
      return settings
    }
  }

  /// Applies a pull that arrives in parts: `fill` writes them into the exchange file and returns the settings to
  /// save with the merge (the watermark, known once the pull has begun). With nothing pulled, only the settings
  /// are saved.
  public func applyPull(member: String, _ fill: (ExchangeWriter) throws -> [String: String]) throws -> MergeReport {
    if try read({ try Self.holdsNothing($0) }) { return try pullDirectly(fill) }
    let path = exchangePath
    removeExchangeFile()
    defer {
      for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    let exchange = try AppDatabase.open(path: path)
    // A scratch file, removed when the sync ends and by the next one if this one is killed: nothing in it needs to
    // reach the disk, so none of its writes wait for it (a lead's first pull of 20,000 candidates spent about a
    // second in the exchange file's syncs).
    try exchange.writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = OFF") }
    let writer = ExchangeWriter(exchange)
    let settings: [String: String]
    do {
      settings = try fill(writer)
    } catch {
      exchange.close()
      throw error
    }
    exchange.close()
    guard writer.rowCount > 0 else {
      try write { db in
        for (key, value) in settings { try SettingRecord(key: key, value: value).insertRow(db, .replace) }
      }
      return MergeReport()
    }
    return try merge(from: path, dryRun: false, mode: .sync(member: member), settings: settings)
  }

  /// The tables a pull or a merge writes (and the name tokens derived from them).
  static let pulledTables = [
    "forgotten", "role", "role_bank", "candidate", "candidate_link", "candidate_tag", "candidate_role",
    "status_change", "candidate_note", "bank_snapshot", "interview", "note", "answer", "signal_mark", "question_time",
    "engagement", "contract_check", "onboarding_item", "weekly_report", "checkin", "risk", "interview_abort",
    "sync_conflict", "candidate_name_token",
  ]

  /// True when none of those tables has a row: a laptop that has not pulled or recorded anything yet.
  static func holdsNothing(_ db: Database) throws -> Bool {
    for table in pulledTables where try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM main.\(table))") == true {
      return false
    }
    return true
  }

  /// A first pull into a file that holds nothing: written straight into it, not into an exchange file merged after
  /// (every row is new, so writing them twice, once there and once here, was 7 of a lead's 18 s at 100,000
  /// candidates). The watermark is saved last: a pull stopped half-way is pulled again whole by the next sync, which
  /// merges it (a test stops one and compares).
  private func pullDirectly(_ fill: (ExchangeWriter) throws -> [String: String]) throws -> MergeReport {
    let writer = ExchangeWriter(self, direct: true)
    // While the file fills: no sync to the disk per checkpoint (the file held nothing; a machine that loses power
    // half-way loses a pull it can run again) and a 32 MB page cache (the UUID indexes take rows in random order:
    // 2 MB kept re-reading their pages). Both back as they were after, and the log folded into the file with one
    // sync: from there on the file is as durable as any.
    let cacheSize = try read { try Int.fetchOne($0, sql: "PRAGMA cache_size") } ?? -2000
    try self.writer.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA synchronous = OFF")
      try db.execute(sql: "PRAGMA cache_size = -32768")
    }
    defer {
      _ = try? self.writer.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        try db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
        try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
      }
    }
    let settings = try fill(writer)
    var report = writer.report
    try write { db in
      // A tombstone for someone pulled before it (the server sends neither, but a tombstone is never outrun).
      let tombstones = Set(try String.fetchAll(db, sql: "SELECT uuid_hash FROM main.forgotten"))
      if !tombstones.isEmpty {
        var erased: [Int64] = []
        let people = try Row.fetchCursor(db, sql: "SELECT id, uuid FROM main.candidate WHERE forgotten = 0")
        while let row = try people.next() {
          let uuid: String = try row.checked(1, table: "candidate", rowId: nil)
          if tombstones.contains(ForgottenRecord.hash(uuid: uuid)) {
            erased.append(try row.checked(0, table: "candidate", rowId: nil))
          }
        }
        for id in erased { try Self.erase(db, candidateId: id) }
        report.forgottenHere = erased.count
      }
      for (key, value) in settings { try SettingRecord(key: key, value: value).insertRow(db, .replace) }
    }
    if report.forgottenHere > 0 { try purge() }
    return report
  }

  /// The exchange file: beside the database (`FILE.sync-exchange`, 0600), so that one left by a sync killed mid-way
  /// is found and removed by the next sync or by a forget, never left in a shared temporary folder.
  var exchangePath: String {
    path.map { $0 + ".sync-exchange" }
      ?? FileManager.default.temporaryDirectory.path + "/shortlist-exchange-\(UUID().uuidString).sqlite"
  }

  func removeExchangeFile() {
    guard let path else { return }
    for suffix in ["", "-wal", "-shm", "-journal"] {
      try? FileManager.default.removeItem(atPath: path + ".sync-exchange" + suffix)
    }
  }
}

/// Writes pulled rows into an exchange file, a part at a time (each part in its own transaction), in table order:
/// roles, candidates, applications, status changes, snapshots, interviews and their content, candidate notes,
/// tombstones, conflicts. It keeps only the UUID-to-id maps that later parts refer to, so a pull of any size is
/// written in bounded memory.
public final class ExchangeWriter: @unchecked Sendable {
  let exchange: AppDatabase
  /// Writing straight into the laptop's own file, which held nothing (a first pull): each part also gets what a merge
  /// derives (name tokens, current statuses, the clock) and is counted in `report`, so a pull stopped half-way
  /// leaves rows that the next sync's merge matches and completes.
  let direct: Bool
  /// What a direct pull added (a merge's report otherwise).
  private(set) var report = MergeReport()
  private var roles: [String: Int64] = [:]
  private var titles = Set<String>()
  private var candidates: [String: Int64] = [:]
  private var names = Set<String>()
  private var snapshots: [String: Int64] = [:]
  private var interviews: [String: Int64] = [:]
  /// Rows written so far.
  public private(set) var rowCount = 0

  init(_ exchange: AppDatabase, direct: Bool = false) {
    self.exchange = exchange
    self.direct = direct
    report.wroteDirectly = direct
  }

  /// Writes one part of a pull (rows of tables later in the order may refer to rows of earlier parts).
  public func write(_ batch: SyncBatch) throws {
    rowCount += batch.rowCount + batch.conflicts.count
    try exchange.write { db in
      var newest: HLC?
      var moved: [Int64] = []
      func saw(_ stamp: String) {
        if let h = HLC(stamp), newest.map({ h > $0 }) ?? true { newest = h }
      }
      for r in batch.roles {
        var title = r.title
        while !self.titles.insert(title.lowercased()).inserted { title += " (merged)" }
        var record = RoleRecord(
          NewRole(
            uuid: r.uuid, title: title, goal: r.goal, metric: r.metric, stack: r.stack, milestone: r.milestone,
            model: r.model.flatMap(EngagementModel.init(rawValue:)), budgetMin: r.budget_min, budgetMax: r.budget_max,
            banks: []))
        record.createdAt = r.created_at
        record.archivedAt = r.archived_at
        record.hlc = r.hlc
        record.syncedHlc = r.hlc
        let id = try record.insertRow(db)
        self.roles[r.uuid] = id
        self.report.rolesAdded += 1
        saw(r.hlc)
        for (i, bank) in r.banks.enumerated() {
          try RoleBankRecord(roleId: id, bankId: bank, position: i).insertRow(db, .ignore)
        }
      }
      for c in batch.candidates {
        guard let tier = Tier(rawValue: c.tier) else { continue }
        var name = c.name
        while !self.names.insert(name.lowercased()).inserted { name += " (merged)" }
        var record = CandidateRecord(
          NewCandidate(
            uuid: c.uuid, name: name, email: c.email, tier: tier, source: c.source, rate: c.rate,
            createdAt: Date(timeIntervalSince1970: c.created_at)))
        record.hlc = c.hlc
        record.syncedHlc = c.hlc
        let id = try record.insertRow(db)
        self.candidates[c.uuid] = id
        self.report.candidatesAdded += 1
        saw(c.hlc)
        if self.direct { try AppDatabase.indexName(db, id: id, key: record.nameKey, replacing: false) }
        try AppDatabase.insertLinksAndTags(db, id: id, links: c.links, tags: c.tags)
      }
      for a in batch.applications {
        guard let c = self.candidates[a.candidate_uuid], let r = self.roles[a.role_uuid] else { continue }
        try CandidateRoleRecord(candidateId: c, roleId: r, status: "sourced", since: 0, synced: true).insertRow(
          db, .ignore)
        moved.append(c)
      }
      for h in batch.statusChanges {
        guard let c = self.candidates[h.candidate_uuid] else { continue }
        var roleId: Int64?
        if let r = h.role_uuid {
          guard let id = self.roles[r] else { continue }
          roleId = id
        }
        guard Status(rawValue: h.to_status) != nil, h.from_status.map({ Status(rawValue: $0) != nil }) ?? true else {
          continue
        }
        try StatusChangeRecord(
          candidateId: c, fromStatus: h.from_status, toStatus: h.to_status, at: h.at, note: h.note, roleId: roleId,
          forced: h.forced, synced: true
        ).insertRow(db)
        self.report.statusRowsAdded += 1
        moved.append(c)
      }
      if self.direct && !moved.isEmpty { try Self.settleStatuses(db, of: moved) }
      for s in batch.snapshots {
        try BankSnapshotRecord(
          bankId: s.bank_id, version: s.version, sha256: s.sha256, title: s.title, content: s.content,
          createdAt: s.created_at
        ).insertRow(db, .ignore)
        self.report.snapshotsAdded += db.changesCount
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM bank_snapshot WHERE sha256 = ?", arguments: [s.sha256])
        {
          self.snapshots[s.sha256] = id
        }
      }
      for i in batch.interviews {
        guard let c = self.candidates[i.candidate_uuid], let s = self.snapshots[i.snapshot_sha256],
          i.state == "open" || i.state == "finished", (i.state == "finished") == (i.finished_at != nil)
        else { continue }
        let record = InterviewRecord(
          uuid: i.uuid, candidateId: c, roleId: i.role_uuid.flatMap { self.roles[$0] }, snapshotId: s,
          interviewer: i.owner, startedAt: i.started_at, finishedAt: i.finished_at, state: i.state,
          currentQuestion: 0, recommendation: i.recommendation, voidedAt: i.voided_at, voidNote: i.void_note)
        self.interviews[i.uuid] = try record.insertRow(db)
        self.report.interviewsAdded += 1
      }
      for a in batch.answers {
        guard let i = self.interviews[a.interview_uuid] else { continue }
        try AnswerRecord(
          interviewId: i, questionId: a.question_id, score: a.score, comment: a.comment, skipped: a.skipped,
          skipReason: a.skip_reason, at: a.at
        ).insertRow(db, .ignore)
      }
      for s in batch.signals {
        guard let i = self.interviews[s.interview_uuid], s.signal_index >= 1 else { continue }
        try SignalMarkRecord(
          interviewId: i, questionId: s.question_id, signalIndex: s.signal_index, value: s.value, at: s.at
        ).insertRow(db, .ignore)
      }
      for n in batch.notes {
        guard let i = self.interviews[n.interview_uuid] else { continue }
        try NoteRecord(uuid: n.uuid, interviewId: i, questionId: n.question_id, text: n.text, at: n.at).insertRow(
          db, .ignore)
        self.report.notesAdded += db.changesCount
      }
      for n in batch.candidateNotes {
        guard let c = self.candidates[n.candidate_uuid] else { continue }
        try CandidateNoteRecord(
          uuid: n.uuid, candidateId: c, text: n.text, author: n.author, origin: n.origin, at: n.at, synced: true
        ).insertRow(db, .ignore)
        self.report.notesAdded += db.changesCount
      }
      for t in batch.tombstones where t.uuid_hash.utf8.count == 64 {
        try ForgottenRecord(uuidHash: t.uuid_hash, at: t.at, synced: true).insertRow(db, .ignore)
      }
      for k in batch.conflicts where k.tbl == "candidate" || k.tbl == "role" {
        try SyncConflictRecord(
          uuid: k.uuid, table: k.tbl, rowUUID: k.row_uuid, field: k.field, kept: k.kept, lostBy: k.lost_by, at: k.at
        ).insertRow(db, .ignore)
        if db.changesCount > 0 { self.report.syncConflicts.append(k) }
      }
      if self.direct, let newest { try AppDatabase.observe(db, stamp: newest.description) }
    }
  }

  /// Each application's status and each candidate's, from the latest move in the history (as a merge settles the
  /// candidates it moved), for the candidates of one part, in two statements.
  static func settleStatuses(_ db: Database, of ids: [Int64]) throws {
    let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
    try db.execute(
      sql: """
        UPDATE main.candidate_role SET (status, since) = (
          SELECT to_status, at FROM main.status_change h
          WHERE h.candidate_id = candidate_role.candidate_id AND +h.role_id = candidate_role.role_id
          ORDER BY at DESC, id DESC LIMIT 1)
        WHERE candidate_id IN (SELECT value FROM json_each(?)) AND EXISTS (SELECT 1 FROM main.status_change h
          WHERE h.candidate_id = candidate_role.candidate_id AND +h.role_id = candidate_role.role_id)
        """, arguments: [list])
    try db.execute(
      sql: """
        UPDATE main.candidate SET (status, since) = (
          SELECT to_status, at FROM main.status_change h WHERE h.candidate_id = candidate.id
          ORDER BY at DESC, id DESC LIMIT 1)
        WHERE id IN (SELECT value FROM json_each(?))
          AND EXISTS (SELECT 1 FROM main.status_change h WHERE h.candidate_id = candidate.id)
        """, arguments: [list])
  }
}

// MARK: - JSON for the server

/// A JSON writer for the rows a push sends (Foundation's JSONEncoder took half a second for a 100,000-row first
/// sync; this writes the same text in a fraction of it). Strings are escaped as RFC 8259 asks; a number that is not
/// finite is written as null.
public struct SyncJSON {
  public private(set) var bytes: [UInt8] = []
  private var first = true

  public init() {}

  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// An array of objects, each written by `body`.
  public static func array<T>(_ rows: [T], _ body: (inout SyncJSON, T) -> Void) -> String {
    var out = SyncJSON()
    out.bytes.reserveCapacity(rows.count * 160 + 2)
    out.bytes.append(UInt8(ascii: "["))
    for (k, row) in rows.enumerated() {
      if k > 0 { out.bytes.append(UInt8(ascii: ",")) }
      out.bytes.append(UInt8(ascii: "{"))
      out.first = true
      body(&out, row)
      out.bytes.append(UInt8(ascii: "}"))
    }
    out.bytes.append(UInt8(ascii: "]"))
    return out.text
  }

  private mutating func key(_ name: StaticString) {
    if !first { bytes.append(UInt8(ascii: ",")) }
    first = false
    bytes.append(UInt8(ascii: "\""))
    name.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
  }

  private mutating func string(_ s: String) { JSONText.escape(s, into: &bytes) }

  private mutating func null() { bytes.append(contentsOf: Array("null".utf8)) }

  public mutating func field(_ name: StaticString, _ value: String?) {
    key(name)
    if let value { string(value) } else { null() }
  }

  public mutating func field(_ name: StaticString, _ value: Double?) {
    key(name)
    if let value, value.isFinite { bytes.append(contentsOf: Array(value.description.utf8)) } else { null() }
  }

  public mutating func field(_ name: StaticString, _ value: Int?) {
    key(name)
    if let value { bytes.append(contentsOf: Array(String(value).utf8)) } else { null() }
  }

  public mutating func field(_ name: StaticString, _ value: Bool) {
    key(name)
    bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
  }

  public mutating func field(_ name: StaticString, _ value: [String]) {
    key(name)
    bytes.append(UInt8(ascii: "["))
    for (k, s) in value.enumerated() {
      if k > 0 { bytes.append(UInt8(ascii: ",")) }
      string(s)
    }
    bytes.append(UInt8(ascii: "]"))
  }
}

/// Each row type's JSON, in the server's column names (the same keys its `Codable` conformance reads back).
public protocol SyncRow {
  func write(_ out: inout SyncJSON)
}

extension Array where Element: SyncRow {
  public var json: String { SyncJSON.array(self) { out, row in row.write(&out) } }
}

extension SyncRole: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("uuid", uuid)
    o.field("title", title)
    o.field("goal", goal)
    o.field("metric", metric)
    o.field("stack", stack)
    o.field("milestone", milestone)
    o.field("model", model)
    o.field("budget_min", budget_min)
    o.field("budget_max", budget_max)
    o.field("banks", banks)
    o.field("archived_at", archived_at)
    o.field("created_at", created_at)
    o.field("hlc", hlc)
  }
}

extension SyncCandidate: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("uuid", uuid)
    o.field("name", name)
    o.field("email", email)
    o.field("tier", tier)
    o.field("source", source)
    o.field("rate", rate)
    o.field("links", links)
    o.field("tags", tags)
    o.field("created_at", created_at)
    o.field("hlc", hlc)
  }
}

extension SyncApplication: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("candidate_uuid", candidate_uuid)
    o.field("role_uuid", role_uuid)
  }
}

extension SyncStatusChange: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("candidate_uuid", candidate_uuid)
    o.field("role_uuid", role_uuid)
    o.field("from_status", from_status)
    o.field("to_status", to_status)
    o.field("at", at)
    o.field("note", note)
    o.field("forced", forced)
  }
}

extension SyncSnapshot: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("sha256", sha256)
    o.field("bank_id", bank_id)
    o.field("version", version)
    o.field("title", title)
    o.field("content", content)
    o.field("created_at", created_at)
  }
}

extension SyncInterview: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("uuid", uuid)
    o.field("candidate_uuid", candidate_uuid)
    o.field("role_uuid", role_uuid)
    o.field("snapshot_sha256", snapshot_sha256)
    o.field("owner", owner)
    o.field("started_at", started_at)
    o.field("finished_at", finished_at)
    o.field("state", state)
    o.field("voided_at", voided_at)
    o.field("void_note", void_note)
    o.field("recommendation", recommendation)
  }
}

extension SyncAnswer: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("interview_uuid", interview_uuid)
    o.field("question_id", question_id)
    o.field("candidate_uuid", candidate_uuid)
    o.field("score", score)
    o.field("comment", comment)
    o.field("skipped", skipped)
    o.field("skip_reason", skip_reason)
    o.field("at", at)
  }
}

extension SyncSignal: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("interview_uuid", interview_uuid)
    o.field("question_id", question_id)
    o.field("signal_index", signal_index)
    o.field("candidate_uuid", candidate_uuid)
    o.field("value", value)
    o.field("at", at)
  }
}

extension SyncNote: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("uuid", uuid)
    o.field("interview_uuid", interview_uuid)
    o.field("candidate_uuid", candidate_uuid)
    o.field("question_id", question_id)
    o.field("text", text)
    o.field("at", at)
  }
}

extension SyncCandidateNote: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("uuid", uuid)
    o.field("candidate_uuid", candidate_uuid)
    o.field("text", text)
    o.field("author", author)
    o.field("origin", origin)
    o.field("at", at)
  }
}

extension SyncTombstone: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("uuid_hash", uuid_hash)
    o.field("at", at)
  }
}

extension SyncConflict: SyncRow {
  public func write(_ o: inout SyncJSON) {
    o.field("uuid", uuid)
    o.field("tbl", tbl)
    o.field("row_uuid", row_uuid)
    o.field("field", field)
    o.field("kept", kept)
    o.field("lost_by", lost_by)
    o.field("at", at)
  }
}
