import Foundation
import PostgresNIO
import ShortlistStore

/// What one sync did.
public struct SyncResult: Sendable {
  public var pushed = 0
  public var pulled = 0
  public var conflicts: [SyncConflict] = []
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
    let (batch, next) = try pull(server, since: watermark)
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
    try push(server, pushing, lap: lap)
    lap("push (server)")
    try db.markPushed(outbox, settings: settings)
    lap("push (mark)")
    result.pushed = outbox.batch.rowCount
    return result
  }

  // MARK: - Pull

  /// The server's rows changed since `since` (all of them when nil) that this member may read, and the next
  /// watermark. Read in one repeatable-read snapshot; row-level security decides what comes back.
  static func pull(_ server: TeamServer, since: String?) throws -> (SyncBatch, String) {
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
          SELECT uuid, tbl, row_uuid, field, kept, lost_by, at FROM shortlist.conflict x WHERE \(changed)) t)::text,
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
          WHERE sha256 IN (SELECT snapshot_sha256 FROM iv)) t)::text
      """
    let texts = try server.run(PostgresQuery(unsafeSQL: sql)) { row in
      try (0..<13).map { k in try row.makeRandomAccess()[k].decode(String.self) }
    }
    guard let t = texts.first, t.count == 13 else {
      throw TeamError("the team server answered a pull with nothing; is it a Shortlist team server?")
    }
    var b = SyncBatch()
    b.interviews = try decode(t[1])
    b.answers = try decode(t[2])
    b.signals = try decode(t[3])
    b.notes = try decode(t[4])
    b.applications = try decode(t[5])
    b.statusChanges = try decode(t[6])
    b.candidateNotes = try decode(t[7])
    b.tombstones = try decode(t[8])
    b.conflicts = try decode(t[9])
    b.candidates = try decode(t[10])
    b.roles = try decode(t[11])
    b.snapshots = try decode(t[12])
    return (b, t[0])
  }

  /// One table's rows as JSON (`json_agg`), decoded into `T`. A row the server holds that does not decode is an
  /// error naming the table, never a crash.
  static func decode<T: Decodable>(_ text: String) throws -> [T] {
    do {
      return try JSONDecoder().decode([T].self, from: Data(text.utf8))
    } catch {
      throw TeamError("the team server holds rows this shortlist cannot read (\(T.self)); is it a newer version?")
    }
  }

  // MARK: - Push

  /// Upserts a batch in one server transaction: forget tombstones first (a forgotten person's rows are refused
  /// after), then roles and candidates, then everything about them in one statement (data-modifying CTEs): a few
  /// round trips however many rows.
  static func push(_ server: TeamServer, _ b: SyncBatch, lap: (String) -> Void = { _ in }) throws {
    guard b.rowCount + b.conflicts.count + b.snapshots.count > 0 else { return }
    var tombstones: [(sql: String, rows: String)] = []
    var parents: [(sql: String, rows: String)] = []
    var children: [(sql: String, rows: String)] = []
    if !b.tombstones.isEmpty {
      tombstones.append(
        (
          """
          SELECT shortlist.forget(t.uuid_hash) FROM json_to_recordset($JSON::json) AS t(uuid_hash text)
          """, b.tombstones.json
        ))
    }
    if !b.roles.isEmpty {
      parents.append(
        (
          """
          INSERT INTO shortlist.role AS t (uuid, title, goal, metric, stack, milestone, model, budget_min, budget_max,
            banks, archived_at, created_at, hlc)
          SELECT x.uuid, x.title, x.goal, x.metric, x.stack, x.milestone, x.model, x.budget_min, x.budget_max,
            coalesce(x.banks, '{}'), x.archived_at, x.created_at, x.hlc
          FROM json_to_recordset($JSON::json) AS x(uuid text, title text, goal text, metric text,
            stack text, milestone text, model text, budget_min float8, budget_max float8, banks text[],
            archived_at float8, created_at float8, hlc text)
          ON CONFLICT (uuid) DO UPDATE SET title = EXCLUDED.title, goal = EXCLUDED.goal, metric = EXCLUDED.metric,
            stack = EXCLUDED.stack, milestone = EXCLUDED.milestone, model = EXCLUDED.model,
            budget_min = EXCLUDED.budget_min, budget_max = EXCLUDED.budget_max, banks = EXCLUDED.banks,
            archived_at = EXCLUDED.archived_at, hlc = EXCLUDED.hlc, modified_by = current_user,
            xid = pg_current_xact_id()
          WHERE t.hlc < EXCLUDED.hlc
          """, b.roles.json
        ))
    }
    if !b.candidates.isEmpty {
      parents.append(
        (
          """
          INSERT INTO shortlist.candidate AS t (uuid, name, email, tier, source, rate, links, tags, created_at, hlc)
          SELECT x.uuid, x.name, x.email, x.tier, x.source, x.rate, coalesce(x.links, '{}'), coalesce(x.tags, '{}'),
            x.created_at, x.hlc
          FROM json_to_recordset($JSON::json) AS x(uuid text, name text, email text, tier int,
            source text, rate float8, links text[], tags text[], created_at float8, hlc text)
          WHERE NOT EXISTS (SELECT 1 FROM shortlist.forgotten) OR NOT shortlist.is_forgotten(x.uuid)
          ON CONFLICT (uuid) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, tier = EXCLUDED.tier,
            source = EXCLUDED.source, rate = EXCLUDED.rate, links = EXCLUDED.links, tags = EXCLUDED.tags,
            hlc = EXCLUDED.hlc, modified_by = current_user, xid = pg_current_xact_id()
          WHERE t.hlc < EXCLUDED.hlc AND NOT t.forgotten
          """, b.candidates.json
        ))
    }
    if !b.applications.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.application (candidate_uuid, role_uuid)
          SELECT x.candidate_uuid, x.role_uuid
          FROM json_to_recordset($JSON::json) AS x(candidate_uuid text, role_uuid text)
          WHERE \(liveParent)
          ON CONFLICT DO NOTHING
          """, b.applications.json
        ))
    }
    if !b.statusChanges.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.status_change (candidate_uuid, role_uuid, from_status, to_status, at, note, forced)
          SELECT x.candidate_uuid, x.role_uuid, x.from_status, x.to_status, x.at, x.note, x.forced
          FROM json_to_recordset($JSON::json) AS x(candidate_uuid text, role_uuid text,
            from_status text, to_status text, at float8, note text, forced boolean)
          WHERE \(liveParent)
          ON CONFLICT DO NOTHING
          """, b.statusChanges.json
        ))
    }
    if !b.candidateNotes.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.candidate_note (uuid, candidate_uuid, text, author, origin, at)
          SELECT x.uuid, x.candidate_uuid, x.text, x.author, x.origin, x.at
          FROM json_to_recordset($JSON::json) AS x(uuid text, candidate_uuid text,
            text text, author text, origin text, at float8)
          WHERE \(liveParent)
          ON CONFLICT DO NOTHING
          """, b.candidateNotes.json
        ))
    }
    if !b.snapshots.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.bank_snapshot (sha256, bank_id, version, title, content, created_at)
          SELECT x.sha256, x.bank_id, x.version, x.title, x.content, x.created_at
          FROM json_to_recordset($JSON::json) AS x(sha256 text, bank_id text, version int,
            title text, content text, created_at float8)
          ON CONFLICT DO NOTHING
          """, b.snapshots.json
        ))
    }
    if !b.interviews.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.interview AS t (uuid, candidate_uuid, role_uuid, snapshot_sha256, started_at,
            finished_at, state, voided_at, void_note)
          SELECT x.uuid, x.candidate_uuid, x.role_uuid, x.snapshot_sha256, x.started_at, x.finished_at, x.state,
            x.voided_at, x.void_note
          FROM json_to_recordset($JSON::json) AS x(uuid text, candidate_uuid text, role_uuid text,
            snapshot_sha256 text, started_at float8, finished_at float8, state text, voided_at float8, void_note text)
          WHERE \(liveParent)
          ON CONFLICT (uuid) DO UPDATE SET finished_at = EXCLUDED.finished_at, state = EXCLUDED.state,
            voided_at = EXCLUDED.voided_at, void_note = EXCLUDED.void_note, xid = pg_current_xact_id()
          WHERE t.owner = current_user
          """, b.interviews.json
        ))
    }
    if !b.interviews.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.recommendation AS t (interview_uuid, candidate_uuid, value)
          SELECT x.uuid, x.candidate_uuid, x.recommendation
          FROM json_to_recordset($JSON::json) AS x(uuid text, candidate_uuid text, recommendation text)
          WHERE x.recommendation IS NOT NULL AND \(liveParent)
          ON CONFLICT (interview_uuid) DO UPDATE SET value = EXCLUDED.value, xid = pg_current_xact_id()
          WHERE t.owner = current_user
          """, b.interviews.json
        ))
    }
    if !b.answers.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.answer AS t (interview_uuid, question_id, candidate_uuid, score, comment, skipped,
            skip_reason, at)
          SELECT x.interview_uuid, x.question_id, x.candidate_uuid, x.score, x.comment, x.skipped, x.skip_reason, x.at
          FROM json_to_recordset($JSON::json) AS x(interview_uuid text, question_id text,
            candidate_uuid text, score int, comment text, skipped boolean, skip_reason text, at float8)
          WHERE \(liveParent)
          ON CONFLICT (interview_uuid, question_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment,
            skipped = EXCLUDED.skipped, skip_reason = EXCLUDED.skip_reason, at = EXCLUDED.at,
            xid = pg_current_xact_id()
          WHERE t.owner = current_user
          """, b.answers.json
        ))
    }
    if !b.signals.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.signal_mark AS t (interview_uuid, question_id, signal_index, candidate_uuid, value, at)
          SELECT x.interview_uuid, x.question_id, x.signal_index, x.candidate_uuid, x.value, x.at
          FROM json_to_recordset($JSON::json) AS x(interview_uuid text, question_id text,
            signal_index int, candidate_uuid text, value text, at float8)
          WHERE \(liveParent)
          ON CONFLICT (interview_uuid, question_id, signal_index) DO UPDATE SET value = EXCLUDED.value,
            at = EXCLUDED.at, xid = pg_current_xact_id()
          WHERE t.owner = current_user
          """, b.signals.json
        ))
    }
    if !b.notes.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.note AS t (uuid, interview_uuid, candidate_uuid, question_id, text, at)
          SELECT x.uuid, x.interview_uuid, x.candidate_uuid, x.question_id, x.text, x.at
          FROM json_to_recordset($JSON::json) AS x(uuid text, interview_uuid text,
            candidate_uuid text, question_id text, text text, at float8)
          WHERE \(liveParent)
          ON CONFLICT (uuid) DO UPDATE SET text = EXCLUDED.text, xid = pg_current_xact_id()
          WHERE t.owner = current_user
          """, b.notes.json
        ))
    }
    if !b.conflicts.isEmpty {
      children.append(
        (
          """
          INSERT INTO shortlist.conflict (uuid, tbl, row_uuid, field, kept, lost_by, at)
          SELECT x.uuid, x.tbl, x.row_uuid, x.field, x.kept, x.lost_by, x.at
          FROM json_to_recordset($JSON::json) AS x(uuid text, tbl text, row_uuid text,
            field text, kept text, lost_by text, at float8)
          WHERE NOT EXISTS (SELECT 1 FROM shortlist.candidate c WHERE c.uuid = x.row_uuid AND c.forgotten)
          ON CONFLICT DO NOTHING
          """, b.conflicts.json
        ))
    }
    lap("push (encode)")
    // One statement is atomic on its own: no transaction round trips for the common incremental push.
    if tombstones.isEmpty && (parents.isEmpty || children.isEmpty) {
      try statement(server, parents.isEmpty ? children : parents)
      return
    }
    try server.exec("BEGIN")
    do {
      // A forget is a function call that reaches every member's rows: its own statement, before the upserts.
      for t in tombstones { try statement(server, [t], returning: false) }
      try statement(server, parents)
      try statement(server, children)
      try server.exec("COMMIT")
    } catch {
      try? server.exec("ROLLBACK")
      throw error
    }
  }

  /// One statement of several upserts (data-modifying CTEs), each over its own JSON array (`$JSON` in its SQL).
  static func statement(_ server: TeamServer, _ parts: [(sql: String, rows: String)], returning: Bool = true) throws {
    guard !parts.isEmpty else { return }
    var binds = PostgresBindings()
    if !returning, parts.count == 1 {
      binds.append(parts[0].rows)
      try server.exec(
        PostgresQuery(unsafeSQL: parts[0].sql.replacingOccurrences(of: "$JSON", with: "$1"), binds: binds))
      return
    }
    var ctes: [String] = []
    for (k, part) in parts.enumerated() {
      binds.append(part.rows)
      ctes.append("u\(k) AS (\(part.sql.replacingOccurrences(of: "$JSON", with: "$\(k + 1)")) RETURNING 1)")
    }
    try server.exec(PostgresQuery(unsafeSQL: "WITH " + ctes.joined(separator: ",\n") + "\nSELECT 1", binds: binds))
  }

  /// A row about a candidate is taken only when the candidate is on the server and not forgotten (candidates are
  /// upserted first in the same transaction, and a forgotten person's UUID is refused there by its tombstone).
  static let liveParent =
    "EXISTS (SELECT 1 FROM shortlist.candidate c WHERE c.uuid = x.candidate_uuid AND NOT c.forgotten)"
}
