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
    let (batch, next, skipped) = try pull(server, since: watermark)
    result.skipped = skipped
    lap("pull (server)")
    // Nothing new: only the watermark moves (no exchange file to write and merge).
    let report =
      batch.rowCount + batch.conflicts.count == 0
      ? try db.saveWatermark(watermarkKey, next)
      : try db.applyPull(batch, member: member, settings: [watermarkKey: next])
    lap("pull (apply)")
    result.pulled = report.rowsChanged
    result.conflicts = report.syncConflicts
    let outbox = try db.syncOutbox(member: member)
    lap("push (read local)")
    var pushing = outbox.batch
    // Conflicts this laptop saw go to the server, for every member's `team status`.
    pushing.conflicts = report.syncConflicts
    let refused = try push(server, pushing)
    lap("push (server)")
    // What the server refused is not marked: it stays pending, with its reason kept for `team status`.
    let taken = outbox.removing(refused)
    result.refused = refused.map { outbox.describe($0) }
    var marks = settings
    marks[refusedKey] = result.refused.isEmpty ? "" : SyncJSON.lines(result.refused)
    marks[skippedKey] = skipped.isEmpty ? "" : SyncJSON.lines(skipped.map(\.line))
    marks[leadsKey] = SyncJSON.lines(batch.leads)
    marks[forgetRequestsKey] = batch.forgetRequests
    try db.markPushed(taken, settings: marks)
    lap("push (mark)")
    result.pushed = taken.batch.rowCount
    return result
  }

  // MARK: - Pull

  /// The server's rows changed since `since` (all of them when nil) that this member may read, and the next
  /// watermark. Read in one repeatable-read snapshot; row-level security decides what comes back.
  static func pull(_ server: TeamServer, since: String?) throws -> (SyncBatch, String, [SyncSkip]) {
    // The watermark is put in the SQL text (it is read from the local file: only digits pass).
    let w = since.flatMap { s in s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && !s.isEmpty ? s : nil } ?? "0"
    let all = since == nil || w == "0" ? "true" : "false"
    let changed = "(\(all) OR (x.xid >= '\(w)'::xid8 AND x.made_by <> current_user))"
    let forgotten = "EXISTS (SELECT 1 FROM shortlist.candidate f WHERE f.uuid = x.candidate_uuid AND f.forgotten)"
    // One statement, so one snapshot and one round trip: the watermark and every table's rows as JSON.
    let sql = """
      WITH mine AS (
        SELECT m.candidate_uuid FROM shortlist.interview m
        WHERE m.owner = current_user AND m.state = 'finished' AND m.xid >= '\(w)'::xid8),
      iv AS (
        SELECT x.uuid, x.candidate_uuid, x.role_uuid, x.snapshot_sha256, x.owner, x.started_at, x.finished_at,
          x.state, x.voided_at, x.void_note, r.value AS recommendation
        FROM shortlist.interview x LEFT JOIN shortlist.recommendation r ON r.interview_uuid = x.uuid
        WHERE (\(all) OR (x.owner <> current_user AND (x.xid >= '\(w)'::xid8
          OR x.candidate_uuid IN (SELECT candidate_uuid FROM mine)))) AND NOT \(forgotten)),
      ap AS (SELECT x.candidate_uuid, x.role_uuid FROM shortlist.application x WHERE \(changed)),
      sc AS (
        SELECT x.candidate_uuid, x.role_uuid, x.from_status, x.to_status, x.at, x.note, x.forced
        FROM shortlist.status_change x WHERE \(changed) AND NOT \(forgotten)),
      cn AS (
        SELECT x.uuid, x.candidate_uuid, x.text, x.author, x.origin, x.at FROM shortlist.candidate_note x
        WHERE \(changed)),
      crefs AS (
        SELECT candidate_uuid FROM iv UNION SELECT candidate_uuid FROM ap UNION SELECT candidate_uuid FROM sc
        UNION SELECT candidate_uuid FROM cn),
      rrefs AS (
        SELECT role_uuid FROM iv WHERE role_uuid IS NOT NULL UNION SELECT role_uuid FROM ap
        UNION SELECT role_uuid FROM sc WHERE role_uuid IS NOT NULL)
      SELECT pg_snapshot_xmin(pg_current_snapshot())::text,
        (SELECT coalesce(json_agg(t ORDER BY t.started_at, t.uuid), '[]') FROM iv t)::text,
        (SELECT coalesce(json_agg(t), '[]') FROM (
          SELECT interview_uuid, question_id, candidate_uuid, score, comment, skipped, skip_reason, at
          FROM shortlist.answer WHERE interview_uuid IN (SELECT uuid FROM iv)) t)::text,
        (SELECT coalesce(json_agg(t), '[]') FROM (
          SELECT interview_uuid, question_id, signal_index, candidate_uuid, value, at
          FROM shortlist.signal_mark WHERE interview_uuid IN (SELECT uuid FROM iv)) t)::text,
        (SELECT coalesce(json_agg(t ORDER BY t.at, t.uuid), '[]') FROM (
          SELECT uuid, interview_uuid, candidate_uuid, question_id, text, at
          FROM shortlist.note WHERE interview_uuid IN (SELECT uuid FROM iv)) t)::text,
        (SELECT coalesce(json_agg(t), '[]') FROM ap t)::text,
        (SELECT coalesce(json_agg(t ORDER BY t.at), '[]') FROM sc t)::text,
        (SELECT coalesce(json_agg(t ORDER BY t.at, t.uuid), '[]') FROM cn t)::text,
        (SELECT coalesce(json_agg(t), '[]') FROM (
          SELECT uuid_hash, at FROM shortlist.forgotten x WHERE \(all) OR x.xid >= '\(w)'::xid8) t)::text,
        (SELECT coalesce(json_agg(t), '[]') FROM (
          SELECT uuid, tbl, row_uuid, field, kept, lost_by, at FROM shortlist.sync_conflict x WHERE \(changed)) t)::text,
        (SELECT coalesce(json_agg(t ORDER BY t.created_at, t.uuid), '[]') FROM (
          SELECT uuid, name, email, tier, source, rate, links, tags, created_at, hlc FROM shortlist.candidate x
          WHERE NOT forgotten AND (\(all) OR (xid >= '\(w)'::xid8 AND modified_by <> current_user)
            OR uuid IN (SELECT candidate_uuid FROM crefs))) t)::text,
        (SELECT coalesce(json_agg(t ORDER BY t.created_at, t.uuid), '[]') FROM (
          SELECT uuid, title, goal, metric, stack, milestone, model, budget_min, budget_max, banks, archived_at,
            created_at, hlc FROM shortlist.role x
          WHERE \(all) OR (xid >= '\(w)'::xid8 AND modified_by <> current_user)
            OR uuid IN (SELECT role_uuid FROM rrefs)) t)::text,
        (SELECT coalesce(json_agg(t), '[]') FROM (
          SELECT sha256, bank_id, version, title, content, created_at FROM shortlist.bank_snapshot
          WHERE sha256 IN (SELECT snapshot_sha256 FROM iv)) t)::text,
        (SELECT coalesce(json_agg(name ORDER BY name), '[]') FROM shortlist.member WHERE lead)::text,
        (SELECT coalesce(json_agg(t ORDER BY t.at, t.uuid), '[]') FROM (
          SELECT r.uuid, r.candidate_uuid, r.requested_by, r.note, r.at FROM shortlist.forget_request r
          WHERE NOT EXISTS (SELECT 1 FROM shortlist.candidate c WHERE c.uuid = r.candidate_uuid AND c.forgotten)) t)::text
      """
    let texts = try server.run(PostgresQuery(unsafeSQL: sql)) { row in
      try (0..<15).map { k in try row.makeRandomAccess()[k].decode(String.self) }
    }
    guard let t = texts.first, t.count == 15 else {
      throw TeamError("the team server answered a pull with nothing; is it a Shortlist team server?")
    }
    var b = SyncBatch()
    var skipped: [SyncSkip] = []
    b.interviews = try decode(t[1], "interview", &skipped)
    b.answers = try decode(t[2], "answer", &skipped)
    b.signals = try decode(t[3], "signal_mark", &skipped)
    b.notes = try decode(t[4], "note", &skipped)
    b.applications = try decode(t[5], "application", &skipped)
    b.statusChanges = try decode(t[6], "status_change", &skipped)
    b.candidateNotes = try decode(t[7], "candidate_note", &skipped)
    b.tombstones = try decode(t[8], "forgotten", &skipped)
    b.conflicts = try decode(t[9], "conflict", &skipped)
    b.candidates = try decode(t[10], "candidate", &skipped)
    b.roles = try decode(t[11], "role", &skipped)
    b.snapshots = try decode(t[12], "bank_snapshot", &skipped)
    // Rows about a skipped interview or candidate cannot land either: they are left out with it.
    let lostInterviews = Set(skipped.filter { $0.table == "interview" }.map(\.key))
    if !lostInterviews.isEmpty {
      b.answers.removeAll { lostInterviews.contains($0.interview_uuid) }
      b.signals.removeAll { lostInterviews.contains($0.interview_uuid) }
      b.notes.removeAll { lostInterviews.contains($0.interview_uuid) }
    }
    let lostCandidates = Set(skipped.filter { $0.table == "candidate" }.map(\.key))
    if !lostCandidates.isEmpty {
      b.interviews.removeAll { lostCandidates.contains($0.candidate_uuid) }
      b.answers.removeAll { lostCandidates.contains($0.candidate_uuid) }
      b.signals.removeAll { lostCandidates.contains($0.candidate_uuid) }
      b.notes.removeAll { lostCandidates.contains($0.candidate_uuid) }
      b.applications.removeAll { lostCandidates.contains($0.candidate_uuid) }
      b.statusChanges.removeAll { lostCandidates.contains($0.candidate_uuid) }
      b.candidateNotes.removeAll { lostCandidates.contains($0.candidate_uuid) }
    }
    b.leads = (try? JSONDecoder().decode([String].self, from: Data(t[13].utf8))) ?? []
    b.forgetRequests = t[14]
    return (b, t[0], skipped)
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
    let rows: [Lenient<T>]
    do {
      rows = try JSONDecoder().decode([Lenient<T>].self, from: Data(text.utf8))
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
