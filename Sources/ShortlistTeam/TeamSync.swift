import Foundation
import PostgresNIO
import ShortlistStore

/// What one sync did.
public struct SyncResult: Sendable {
  public var pushed = 0
  public var pulled = 0
  public var conflicts: [SyncConflict] = []
  /// Rows the server refused (they stay pending), one line each: `candidate row 01a2...: reason`.
  public var refused: [String] = []
  /// Pulled rows this laptop could not take (skipped; the rest synced).
  public var skipped: [SyncSkip] = []
  /// How long each phase took, in seconds (for `SHORTLIST_TRACE` and the benchmark).
  public var timings: [(phase: String, seconds: Double)] = []
}

/// A sync: pull the rows the server lets this member read that changed since the last pull (applied locally as a
/// merge of an exchange file, with the pull's watermark in the same transaction), then push the local rows the
/// server does not have (upserts in one server transaction; a row already there is left alone, and a candidate or
/// role is overwritten only by a later clock stamp), then mark what was pushed. Each step is idempotent, so a sync
/// killed at any point and run again ends in the same state.
public enum TeamSync {
  /// The pull's watermark: the oldest transaction still running when the previous pull read (`pg_snapshot_xmin`).
  public static let watermarkKey = "team_pull_xmin"
  /// Rows a push sends in one call (a page of the outbox).
  static let pushPage = 20_000
  /// The last sync's refusals and skipped rows, one line each (JSON array of strings), for `team status`.
  public static let refusedKey = "team_refused"
  public static let skippedKey = "team_skipped"
  /// The team's leads (JSON array of names) and the open forget requests this member may see (JSON array of objects
  /// `uuid`, `candidate_uuid`, `requested_by`, `note`, `at`), as of the last sync.
  public static let leadsKey = "team_leads"
  public static let forgetRequestsKey = "team_forget_requests"

  /// `settings` are written with the marks, in the same transaction (when the sync happened).
  public static func run(
    _ server: TeamServer, db: AppDatabase, member: String, full: Bool = false, settings: [String: String] = [:]
  ) throws -> SyncResult {
    var result = SyncResult()
    var clock = Date()
    func lap(_ phase: String) {
      result.timings.append((phase, Date().timeIntervalSince(clock)))
      clock = Date()
    }
    let watermark = full ? nil : try db.setting(watermarkKey)
    // The pull streams: rows are decoded and written into the exchange file a part at a time as they arrive.
    let pulled = PullState()
    let report = try db.applyPull(member: member) { writer in
      try pull(server, since: watermark, into: writer, state: pulled)
      lap("pull (stream \(writer.rowCount) rows)")
      return [watermarkKey: pulled.watermark]
    }
    let skipped = pulled.skipped
    result.skipped = skipped
    lap("pull (merge)")
    result.pulled = report.rowsChanged
    result.conflicts = report.syncConflicts
    // The push goes a page at a time (each page one call, one server transaction, marked when the server has it),
    // so memory stays flat; each page is idempotent, so a sync killed between pages resumes where it stopped.
    var cursor = OutboxCursor()
    var conflicts = report.syncConflicts
    while true {
      let outbox = try db.syncOutbox(member: member, budget: pushPage, after: &cursor)
      let empty = outbox.batch.rowCount + outbox.batch.snapshots.count == 0
      if empty && conflicts.isEmpty { break }
      var pushing = outbox.batch
      // Conflicts this laptop saw go to the server, for every member's `team status`.
      pushing.conflicts = conflicts
      conflicts = []
      let refused = try push(server, pushing)
      // What the server refused is not marked: it stays pending, with its reason kept for `team status`.
      let taken = outbox.removing(refused)
      result.refused += refused.map { outbox.describe($0) }
      result.pushed += taken.batch.rowCount
      try db.markPushed(taken)
      if empty { break }
    }
    lap("push")
    var marks = settings
    marks[refusedKey] = result.refused.isEmpty ? "" : SyncJSON.lines(result.refused)
    marks[skippedKey] = skipped.isEmpty ? "" : SyncJSON.lines(skipped.map(\.line))
    marks[leadsKey] = SyncJSON.lines(pulled.leads)
    marks[forgetRequestsKey] = pulled.forgetRequests
    try db.saveSettings(marks)
    return result
  }

  // MARK: - Pull

  /// What a pull learnt besides its rows.
  final class PullState: @unchecked Sendable {
    var watermark = "0"
    var skipped: [SyncSkip] = []
    var leads: [String] = []
    var forgetRequests = "[]"
  }

  /// Rows are decoded and written this many at a time (one transaction each). 4,096 before: a lead's first pull of
  /// 100,000 candidates 16.2 s, 130 MB; 16,384 (each transaction rewrites fewer index pages): 14.7 s, 175 MB.
  static let partSize = 16384

  /// Streams the server's rows changed since `since` (all of them when nil) that this member may read into
  /// `writer`: one statement (one snapshot, one round trip), each row a JSON object tagged with its table, in table
  /// order; decoded and written a part at a time, so memory stays flat however many rows come. Row-level security
  /// decides what comes back.
  static func pull(_ server: TeamServer, since: String?, into writer: ExchangeWriter, state: PullState) throws {
    // The watermark is put in the SQL text (it is read from the local file: only digits pass).
    let w = since.flatMap { s in s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && !s.isEmpty ? s : nil } ?? "0"
    let all = since == nil || w == "0" ? "true" : "false"
    let full = all == "true"
    // An incremental pull finds its rows through the change-tracking indexes (xid), never a scan of a whole table:
    // a condition with OR across columns would make the planner read every row.
    let changed = full ? "true" : "(x.xid >= '\(w)'::xid8 AND x.made_by <> current_user)"
    let interviews =
      full
      ? "true"
      : """
      x.uuid IN (SELECT y.uuid FROM shortlist.interview y WHERE y.xid >= '\(w)'::xid8
        UNION SELECT y.uuid FROM shortlist.interview y WHERE y.candidate_uuid IN (SELECT candidate_uuid FROM mine))
        AND x.owner <> current_user
      """
    let candidates =
      full
      ? "NOT forgotten"
      : """
      NOT forgotten AND uuid IN (
        SELECT y.uuid FROM shortlist.candidate y WHERE y.xid >= '\(w)'::xid8 AND y.modified_by <> current_user
        UNION SELECT candidate_uuid FROM crefs)
      """
    let forgotten = "EXISTS (SELECT 1 FROM shortlist.candidate f WHERE f.uuid = x.candidate_uuid AND f.forgotten)"
    // One statement, so one snapshot and one round trip: the watermark and every table's rows as JSON.
    let sql = """
      WITH mine AS (
        SELECT m.candidate_uuid FROM shortlist.interview m
        WHERE m.owner = current_user AND m.state = 'finished' AND m.xid >= '\(w)'::xid8),
      iv AS MATERIALIZED (
        SELECT x.uuid, x.candidate_uuid, x.role_uuid, x.snapshot_sha256, x.owner, x.started_at, x.finished_at,
          x.state, x.voided_at, x.void_note, r.value AS recommendation
        FROM shortlist.interview x LEFT JOIN shortlist.recommendation r ON r.interview_uuid = x.uuid
        WHERE \(interviews) AND NOT \(forgotten)),
      ap AS MATERIALIZED (SELECT x.candidate_uuid, x.role_uuid FROM shortlist.application x WHERE \(changed)),
      sc AS MATERIALIZED (
        SELECT x.candidate_uuid, x.role_uuid, x.from_status, x.to_status, x.at, x.note, x.forced
        FROM shortlist.status_change x WHERE \(changed) AND NOT \(forgotten)),
      cn AS MATERIALIZED (
        SELECT x.uuid, x.candidate_uuid, x.text, x.author, x.origin, x.at FROM shortlist.candidate_note x
        WHERE \(changed)),
      crefs AS (
        SELECT candidate_uuid FROM iv UNION SELECT candidate_uuid FROM ap UNION SELECT candidate_uuid FROM sc
        UNION SELECT candidate_uuid FROM cn),
      rrefs AS (
        SELECT role_uuid FROM iv WHERE role_uuid IS NOT NULL UNION SELECT role_uuid FROM ap
        UNION SELECT role_uuid FROM sc WHERE role_uuid IS NOT NULL)
      SELECT 0, pg_snapshot_xmin(pg_current_snapshot())::text
      UNION ALL SELECT 1, (SELECT coalesce(json_agg(name ORDER BY name), '[]') FROM shortlist.member WHERE lead)::text
      UNION ALL SELECT 2, (SELECT coalesce(json_agg(t ORDER BY t.at, t.uuid), '[]') FROM (
          SELECT r.uuid, r.candidate_uuid, r.requested_by, r.note, r.at FROM shortlist.forget_request r
          WHERE NOT EXISTS (SELECT 1 FROM shortlist.candidate c WHERE c.uuid = r.candidate_uuid AND c.forgotten)) t)::text
      UNION ALL (SELECT 3, row_to_json(t)::text FROM (
          SELECT uuid, title, goal, metric, stack, milestone, model, budget_min, budget_max, banks, archived_at,
            created_at, hlc FROM shortlist.role x
          WHERE \(all) OR (xid >= '\(w)'::xid8 AND modified_by <> current_user)
            OR uuid IN (SELECT role_uuid FROM rrefs) ORDER BY created_at, uuid) t)
      UNION ALL (SELECT 4, row_to_json(t)::text FROM (
          SELECT uuid, name, email, tier, source, rate, links, tags, created_at, hlc FROM shortlist.candidate x
          WHERE \(candidates) ORDER BY created_at, uuid) t)
      UNION ALL (SELECT 5, row_to_json(t)::text FROM ap t)
      UNION ALL (SELECT 6, row_to_json(t)::text FROM (SELECT * FROM sc ORDER BY at) t)
      UNION ALL (SELECT 7, row_to_json(t)::text FROM (
          SELECT sha256, bank_id, version, title, content, created_at FROM shortlist.bank_snapshot
          WHERE sha256 IN (SELECT snapshot_sha256 FROM iv)) t)
      UNION ALL (SELECT 8, row_to_json(t)::text FROM (SELECT * FROM iv ORDER BY started_at, uuid) t)
      UNION ALL (SELECT 9, row_to_json(t)::text FROM (
          SELECT interview_uuid, question_id, candidate_uuid, score, comment, skipped, skip_reason, at
          FROM shortlist.answer WHERE interview_uuid IN (SELECT uuid FROM iv)) t)
      UNION ALL (SELECT 10, row_to_json(t)::text FROM (
          SELECT interview_uuid, question_id, signal_index, candidate_uuid, value, at
          FROM shortlist.signal_mark WHERE interview_uuid IN (SELECT uuid FROM iv)) t)
      UNION ALL (SELECT 11, row_to_json(t)::text FROM (
          SELECT uuid, interview_uuid, candidate_uuid, question_id, text, at
          FROM shortlist.note WHERE interview_uuid IN (SELECT uuid FROM iv) ORDER BY at, uuid) t)
      UNION ALL (SELECT 12, row_to_json(t)::text FROM (SELECT * FROM cn ORDER BY at, uuid) t)
      UNION ALL (SELECT 13, row_to_json(t)::text FROM (
          SELECT uuid_hash, at FROM shortlist.forgotten x WHERE \(all) OR x.xid >= '\(w)'::xid8) t)
      UNION ALL (SELECT 14, row_to_json(t)::text FROM (
          SELECT uuid, tbl, row_uuid, field, kept, lost_by, at FROM shortlist.sync_conflict x WHERE \(changed)) t)
      """
    // Append runs its branches in order; the connection allows no parallel plan that could interleave them.
    let stream = PullStream(writer: writer, state: state)
    // However the stream ends, no part is still being written when the exchange file is closed.
    defer { stream.drain() }
    try server.stream(PostgresQuery(unsafeSQL: sql)) { row in
      let r = row.makeRandomAccess()
      try stream.take(kind: try r[0].decode(Int.self), text: try r[1].decode(String.self))
    }
    try stream.finish()
    guard stream.sawWatermark else {
      throw TeamError("the team server answered a pull with nothing; is it a Shortlist team server?")
    }
  }

  /// Collects a pull's rows of one table until a part is full, then decodes them (one JSON array per part), skips
  /// and names what cannot be taken, and writes the rest. Parts are written on another thread, in order, while the
  /// next one arrives and is decoded (a lead's first pull of 100,000 candidates: 5.3 s receiving and decoding, 8 s
  /// writing, one after the other before); at most two wait to be written, so memory stays bounded.
  final class PullStream: @unchecked Sendable {
    let writer: ExchangeWriter
    let state: PullState
    var kind = -1
    var buffer: [UInt8] = []
    var count = 0
    var sawWatermark = false
    private let writing = DispatchQueue(label: "shortlist.pull.write")
    private let slots = DispatchSemaphore(value: 2)
    private let inFlight = DispatchGroup()
    private let lock = NSLock()
    // The first write that failed; later parts are not written. Guarded by `lock`.
    private var failure: (any Error)?

    private func failed() -> (any Error)? { lock.withLock { failure } }

    /// Hands a decoded part to the writing thread (waiting while two are queued); a failed write is thrown here.
    private func enqueue(_ batch: SyncBatch) throws {
      if let failure = failed() { throw failure }
      slots.wait()
      inFlight.enter()
      writing.async { [self] in
        defer {
          slots.signal()
          inFlight.leave()
        }
        guard failed() == nil else { return }
        do {
          try writer.write(batch)
        } catch {
          lock.withLock { failure = failure ?? error }
        }
      }
    }

    /// Waits until every queued part is written (or skipped after a failure).
    func drain() { inFlight.wait() }

    /// The last part decoded and every part written; the first failed write, if any, is thrown.
    func finish() throws {
      try flush()
      drain()
      if let failure = failed() { throw failure }
    }

    init(writer: ExchangeWriter, state: PullState) {
      self.writer = writer
      self.state = state
    }

    func take(kind: Int, text: String) throws {
      switch kind {
      case 0:
        sawWatermark = true
        state.watermark = text
        return
      case 1:
        state.leads = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
        return
      case 2:
        state.forgetRequests = text
        return
      default: break
      }
      guard kind >= self.kind else {
        throw TeamError("the team server sent a pull out of table order; sync again")
      }
      if kind != self.kind || count >= TeamSync.partSize { try flush() }
      self.kind = kind
      buffer.append(count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
      buffer.append(contentsOf: text.utf8)
      count += 1
    }

    func flush() throws {
      guard count > 0 else { return }
      buffer.append(UInt8(ascii: "]"))
      let text = buffer
      buffer.removeAll(keepingCapacity: true)
      count = 0
      var b = SyncBatch()
      switch kind {
      case 3: b.roles = try decode(text, "role", &state.skipped)
      case 4: b.candidates = try decode(text, "candidate", &state.skipped)
      case 5: b.applications = try decode(text, "application", &state.skipped)
      case 6: b.statusChanges = try decode(text, "status_change", &state.skipped)
      case 7: b.snapshots = try decode(text, "bank_snapshot", &state.skipped)
      case 8: b.interviews = try decode(text, "interview", &state.skipped)
      case 9: b.answers = try decode(text, "answer", &state.skipped)
      case 10: b.signals = try decode(text, "signal_mark", &state.skipped)
      case 11: b.notes = try decode(text, "note", &state.skipped)
      case 12: b.candidateNotes = try decode(text, "candidate_note", &state.skipped)
      case 13: b.tombstones = try decode(text, "forgotten", &state.skipped)
      case 14: b.conflicts = try decode(text, "conflict", &state.skipped)
      default: return
      }
      try enqueue(b)
    }
  }

  /// One row of a table as the server sent it: decoded on its own, so that one bad row is skipped and named while
  /// the rest are read.
  struct Lenient<T: Decodable & SyncCheckable>: Decodable {
    var row: T?
    var key: String
    var problem: String?

    private struct AnyKey: CodingKey {
      var stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
      do {
        let r = try T(from: decoder)
        row = r
        key = r.syncKey
        problem = r.syncProblem
      } catch {
        row = nil
        let c = try? decoder.container(keyedBy: AnyKey.self)
        key =
          ["uuid", "interview_uuid", "candidate_uuid", "uuid_hash", "sha256"].lazy.compactMap {
            try? c?.decodeIfPresent(String.self, forKey: AnyKey(stringValue: $0))
          }.first ?? "?"
        problem = Self.explain(error)
      }
    }

    /// What was wrong with a row, in a few words: which field, and what it held.
    static func explain(_ error: any Error) -> String {
      switch error {
      case DecodingError.typeMismatch(let type, let c), DecodingError.valueNotFound(let type, let c):
        // The path inside the row (its place in the array first): `rate`, `links[0]`.
        let field = c.codingPath.dropFirst().reduce(into: "") { out, key in
          if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        if type == Double.self { return "\(field) is not a number" }
        if case DecodingError.valueNotFound = error { return "\(field) holds a null" }
        return "\(field) is not a \(type)"
      case DecodingError.keyNotFound(let k, _): return "\(k.stringValue) is missing"
      default: return "it cannot be read"
      }
    }
  }

  /// One table's rows as JSON (`json_agg`): every row that decodes and keeps the limits; the others are skipped and
  /// added to `skipped`. Only a document that is not a JSON array at all is an error.
  static func decode<T: Decodable & SyncCheckable>(_ text: String, _ table: String, _ skipped: inout [SyncSkip]) throws
    -> [T]
  {
    try decode(Array(text.utf8), table, &skipped)
  }

  /// The same from the bytes as they came (`RowJSON`: Foundation's decoder was a quarter of a first pull).
  static func decode<T: Decodable & SyncCheckable>(_ text: [UInt8], _ table: String, _ skipped: inout [SyncSkip])
    throws -> [T]
  {
    let rows: [Lenient<T>]
    do {
      rows = try RowJSON.decodeArray(Lenient<T>.self, from: text)
    } catch {
      throw TeamError("the team server sent \(table) rows that are not JSON; is it a Shortlist team server?")
    }
    var out: [T] = []
    out.reserveCapacity(rows.count)
    for r in rows {
      if let row = r.row, r.problem == nil {
        out.append(row)
      } else {
        skipped.append(SyncSkip(table: table, key: r.key, reason: r.problem ?? "it cannot be read"))
      }
    }
    return out
  }

  // MARK: - Push

  /// Sends a batch to `shortlist.push` in one call (one round trip, one server transaction): the server checks every
  /// row, writes what it accepts under this member's name and returns what it refused.
  static func push(_ server: TeamServer, _ b: SyncBatch) throws -> [SyncRefusal] {
    guard b.rowCount + b.conflicts.count + b.snapshots.count > 0 else { return [] }
    var json = "{"
    let parts: [(String, String)] = [
      ("tombstones", b.tombstones.json), ("roles", b.roles.json), ("candidates", b.candidates.json),
      ("applications", b.applications.json), ("status_changes", b.statusChanges.json),
      ("candidate_notes", b.candidateNotes.json), ("snapshots", b.snapshots.json), ("interviews", b.interviews.json),
      ("answers", b.answers.json), ("signals", b.signals.json), ("notes", b.notes.json),
      ("conflicts", b.conflicts.json),
    ]
    for (k, (key, rows)) in parts.enumerated() {
      json += (k == 0 ? "\"" : ",\"") + key + "\":" + rows
    }
    json += "}"
    var binds = PostgresBindings()
    binds.append(json)
    let answer = try server.run(PostgresQuery(unsafeSQL: "SELECT shortlist.push($1::jsonb)::text", binds: binds)) {
      try $0.decode(String.self)
    }
    struct Answer: Decodable { var refused: [SyncRefusal] }
    guard let text = answer.first, let decoded = try? JSONDecoder().decode(Answer.self, from: Data(text.utf8)) else {
      throw TeamError("the team server answered a push with something this shortlist cannot read; update shortlist")
    }
    return decoded.refused
  }
}
