import Foundation
import PostgresNIO

/// The team server's schema, versioned with its own migrations and applied by `team init`: the shared tables (rows
/// by UUID), the group roles `shortlist_member` and `shortlist_lead`, and row-level security that seals scorecard
/// content on the server itself: a member reads another member's answers, signal marks, notes and recommendation for
/// a candidate only once they have a finished scorecard of their own for that candidate; a lead reads everything.
public enum TeamSchema {
  public static let migrations: [[String]] = [v1, v2, v3, v4]

  /// Tables whose rows travel; each gets the id of the transaction that last wrote a row (`xid`), so a pull asks
  /// only for what changed since its previous snapshot.
  static let exchanged = [
    "role", "candidate", "status_change", "bank_snapshot", "interview", "recommendation", "answer", "signal_mark",
    "note", "forgotten",
  ]

  /// v2: sync. Change tracking by transaction id; applications, notes about a candidate and conflicts on the
  /// server; `forget`, which erases a person on the server the way `candidate forget` does locally (owned by the
  /// schema's owner, so it reaches every member's rows), and the checks that keep a forgotten person from coming
  /// back through a laptop that has not heard yet.
  static let v2: [String] =
    exchanged.map {
      "ALTER TABLE shortlist.\($0) ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()"
    } + [
      """
      CREATE TABLE shortlist.application (
        candidate_uuid text NOT NULL, role_uuid text NOT NULL, made_by text NOT NULL DEFAULT current_user,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(), PRIMARY KEY (candidate_uuid, role_uuid))
      """,
      """
      CREATE TABLE shortlist.candidate_note (
        uuid text PRIMARY KEY, candidate_uuid text NOT NULL, text text NOT NULL, author text, origin text,
        at double precision NOT NULL, made_by text NOT NULL DEFAULT current_user,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id())
      """,
      """
      CREATE TABLE shortlist.conflict (
        uuid text PRIMARY KEY, tbl text NOT NULL CHECK (tbl IN ('candidate','role')), row_uuid text NOT NULL,
        field text NOT NULL, kept text, lost_by text NOT NULL, at double precision NOT NULL,
        made_by text NOT NULL DEFAULT current_user, xid xid8 NOT NULL DEFAULT pg_current_xact_id())
      """,
      "CREATE INDEX candidate_xid ON shortlist.candidate (xid)",
      "CREATE INDEX interview_xid ON shortlist.interview (xid)",
      "CREATE INDEX application_xid ON shortlist.application (xid)",
      "CREATE INDEX candidate_note_xid ON shortlist.candidate_note (xid)",
      "CREATE INDEX forgotten_xid ON shortlist.forgotten (xid)",
      "CREATE INDEX note_interview ON shortlist.note (interview_uuid)",
      """
      CREATE FUNCTION shortlist.uuid_hash(u text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to('shortlist-forgotten:' || pg_catalog.lower(u),
          'UTF8')), 'hex')
      $$
      """,
      """
      CREATE FUNCTION shortlist.is_forgotten(u text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM shortlist.forgotten WHERE uuid_hash = shortlist.uuid_hash(u))
      $$
      """,
      """
      CREATE FUNCTION shortlist.forget(h text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        c record;
        m text;
      BEGIN
        IF h !~ '^[0-9a-f]{64}$' THEN RAISE EXCEPTION 'not a tombstone'; END IF;
        INSERT INTO shortlist.forgotten (uuid_hash, at) VALUES (h, extract(epoch FROM now())) ON CONFLICT DO NOTHING;
        FOR c IN SELECT uuid, name, email FROM shortlist.candidate
                 WHERE shortlist.uuid_hash(uuid) = h AND NOT forgotten LOOP
          UPDATE shortlist.candidate SET name = 'Anonymised', email = NULL, links = '{}', tags = '{}',
            forgotten = true, rate = CASE WHEN rate IS NULL THEN NULL ELSE floor(rate / 10) * 10 + 5 END,
            xid = pg_current_xact_id()
            WHERE uuid = c.uuid;
          UPDATE shortlist.status_change SET note = NULL WHERE candidate_uuid = c.uuid;
          DELETE FROM shortlist.note WHERE candidate_uuid = c.uuid;
          UPDATE shortlist.answer SET comment = NULL, skip_reason = NULL WHERE candidate_uuid = c.uuid;
          UPDATE shortlist.interview SET void_note = NULL WHERE candidate_uuid = c.uuid;
          DELETE FROM shortlist.candidate_note WHERE candidate_uuid = c.uuid;
          DELETE FROM shortlist.conflict WHERE row_uuid = c.uuid;
          FOREACH m IN ARRAY ARRAY[c.name, c.email] LOOP
            CONTINUE WHEN m IS NULL OR length(m) < 3;
            UPDATE shortlist.note SET text = replace(text, m, '[forgotten]') WHERE strpos(text, m) > 0;
            UPDATE shortlist.answer SET comment = replace(comment, m, '[forgotten]') WHERE strpos(comment, m) > 0;
            UPDATE shortlist.answer SET skip_reason = replace(skip_reason, m, '[forgotten]')
              WHERE strpos(skip_reason, m) > 0;
            UPDATE shortlist.status_change SET note = replace(note, m, '[forgotten]') WHERE strpos(note, m) > 0;
            UPDATE shortlist.candidate_note SET text = replace(text, m, '[forgotten]') WHERE strpos(text, m) > 0;
            UPDATE shortlist.interview SET void_note = replace(void_note, m, '[forgotten]')
              WHERE strpos(void_note, m) > 0;
            UPDATE shortlist.conflict SET kept = replace(kept, m, '[forgotten]') WHERE strpos(kept, m) > 0;
          END LOOP;
        END LOOP;
      END $$
      """,
      "REVOKE ALL ON FUNCTION shortlist.forget(text) FROM PUBLIC",
      "GRANT EXECUTE ON FUNCTION shortlist.forget(text) TO shortlist_member",
      "GRANT EXECUTE ON FUNCTION shortlist.uuid_hash(text), shortlist.is_forgotten(text) TO shortlist_member",
      "GRANT SELECT ON public.shortlist_team_migrations TO shortlist_member",
      """
      GRANT SELECT, INSERT, UPDATE ON shortlist.application, shortlist.candidate_note, shortlist.conflict
        TO shortlist_member
      """,
    ]

  static let contentTables = ["answer", "signal_mark", "note", "recommendation"]

  static let v1: [String] =
    [
      "CREATE SCHEMA IF NOT EXISTS shortlist",
      """
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shortlist_member') THEN CREATE ROLE shortlist_member NOLOGIN; END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shortlist_lead') THEN CREATE ROLE shortlist_lead NOLOGIN; END IF;
      END $$
      """,
      "GRANT shortlist_member TO shortlist_lead",
      """
      CREATE TABLE shortlist.member (
        name text PRIMARY KEY, lead boolean NOT NULL DEFAULT false, added_by text NOT NULL DEFAULT current_user,
        added_at timestamptz NOT NULL DEFAULT now())
      """,
      """
      CREATE TABLE shortlist.role (
        uuid text PRIMARY KEY, title text NOT NULL, goal text, metric text, stack text, milestone text, model text,
        budget_min double precision, budget_max double precision, banks text[] NOT NULL DEFAULT '{}',
        archived_at double precision, created_at double precision NOT NULL, hlc text NOT NULL,
        modified_by text NOT NULL DEFAULT current_user)
      """,
      """
      CREATE TABLE shortlist.candidate (
        uuid text PRIMARY KEY, name text NOT NULL, email text, tier integer NOT NULL CHECK (tier BETWEEN 1 AND 4),
        source text NOT NULL, rate double precision, links text[] NOT NULL DEFAULT '{}', tags text[] NOT NULL DEFAULT '{}',
        created_at double precision NOT NULL, forgotten boolean NOT NULL DEFAULT false, hlc text NOT NULL,
        modified_by text NOT NULL DEFAULT current_user)
      """,
      """
      CREATE TABLE shortlist.status_change (
        candidate_uuid text NOT NULL, role_uuid text, from_status text, to_status text NOT NULL,
        at double precision NOT NULL, note text, forced boolean NOT NULL DEFAULT false,
        made_by text NOT NULL DEFAULT current_user)
      """,
      // One row per (application, status, time); an expression index, as PostgreSQL 13 has no NULLS NOT DISTINCT.
      """
      CREATE UNIQUE INDEX status_change_key ON shortlist.status_change
        (candidate_uuid, coalesce(role_uuid, ''), to_status, at)
      """,
      """
      CREATE TABLE shortlist.bank_snapshot (
        sha256 text PRIMARY KEY, bank_id text NOT NULL, version integer NOT NULL, title text NOT NULL,
        content text NOT NULL, created_at double precision NOT NULL)
      """,
      """
      CREATE TABLE shortlist.interview (
        uuid text PRIMARY KEY, candidate_uuid text NOT NULL, role_uuid text, snapshot_sha256 text NOT NULL,
        owner text NOT NULL DEFAULT current_user, started_at double precision NOT NULL, finished_at double precision,
        state text NOT NULL CHECK (state IN ('open','finished')), voided_at double precision, void_note text)
      """,
      "CREATE INDEX interview_candidate_owner ON shortlist.interview (candidate_uuid, owner, state)",
      """
      CREATE TABLE shortlist.recommendation (
        interview_uuid text PRIMARY KEY, candidate_uuid text NOT NULL, owner text NOT NULL DEFAULT current_user,
        value text NOT NULL CHECK (value IN ('strong-no','no','yes','strong-yes')))
      """,
      """
      CREATE TABLE shortlist.answer (
        interview_uuid text NOT NULL, question_id text NOT NULL, candidate_uuid text NOT NULL,
        owner text NOT NULL DEFAULT current_user, score integer CHECK (score BETWEEN 1 AND 4), comment text,
        skipped boolean NOT NULL DEFAULT false, skip_reason text, at double precision NOT NULL,
        PRIMARY KEY (interview_uuid, question_id))
      """,
      """
      CREATE TABLE shortlist.signal_mark (
        interview_uuid text NOT NULL, question_id text NOT NULL, signal_index integer NOT NULL,
        candidate_uuid text NOT NULL, owner text NOT NULL DEFAULT current_user,
        value text NOT NULL CHECK (value IN ('yes','partial','no')), at double precision NOT NULL,
        PRIMARY KEY (interview_uuid, question_id, signal_index))
      """,
      """
      CREATE TABLE shortlist.note (
        uuid text PRIMARY KEY, interview_uuid text NOT NULL, candidate_uuid text NOT NULL,
        owner text NOT NULL DEFAULT current_user, question_id text NOT NULL, text text NOT NULL,
        at double precision NOT NULL)
      """,
      "CREATE TABLE shortlist.forgotten (uuid_hash text PRIMARY KEY, at double precision NOT NULL)",
      // The sealing rule, in one place on the server, for the member reading (the policy's current_user).
      """
      CREATE FUNCTION shortlist.may_read(candidate text, author text, reader text) RETURNS boolean
      LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
        SELECT author = reader
          OR pg_has_role(reader, 'shortlist_lead', 'MEMBER')
          OR EXISTS (SELECT 1 FROM shortlist.interview i
                     WHERE i.candidate_uuid = candidate AND i.owner = reader AND i.state = 'finished')
      $$
      """,
      "REVOKE ALL ON FUNCTION shortlist.may_read(text, text, text) FROM PUBLIC",
      "GRANT EXECUTE ON FUNCTION shortlist.may_read(text, text, text) TO shortlist_member",
      "GRANT USAGE ON SCHEMA shortlist TO shortlist_member",
      "GRANT SELECT ON shortlist.member TO shortlist_member",
      """
      GRANT SELECT, INSERT, UPDATE ON shortlist.role, shortlist.candidate, shortlist.status_change,
        shortlist.bank_snapshot, shortlist.interview, shortlist.recommendation, shortlist.answer,
        shortlist.signal_mark, shortlist.note, shortlist.forgotten TO shortlist_member
      """,
      "GRANT INSERT, UPDATE, DELETE ON shortlist.member TO shortlist_lead",
      // Interviews: everyone sees who interviewed whom and when; each member writes only their own.
      "ALTER TABLE shortlist.interview ENABLE ROW LEVEL SECURITY",
      "CREATE POLICY see ON shortlist.interview FOR SELECT TO shortlist_member USING (true)",
      "CREATE POLICY own_insert ON shortlist.interview FOR INSERT TO shortlist_member WITH CHECK (owner = current_user)",
      """
      CREATE POLICY own_update ON shortlist.interview FOR UPDATE TO shortlist_member
        USING (owner = current_user OR pg_has_role(current_user, 'shortlist_lead', 'MEMBER'))
        WITH CHECK (owner = current_user OR pg_has_role(current_user, 'shortlist_lead', 'MEMBER'))
      """,
    ]
    + contentTables.flatMap { t in
      [
        "ALTER TABLE shortlist.\(t) ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY sealed ON shortlist.\(t) FOR SELECT TO shortlist_member USING (shortlist.may_read(candidate_uuid, owner, current_user))",
        "CREATE POLICY own_insert ON shortlist.\(t) FOR INSERT TO shortlist_member WITH CHECK (owner = current_user)",
        """
        CREATE POLICY own_update ON shortlist.\(t) FOR UPDATE TO shortlist_member
          USING (owner = current_user) WITH CHECK (owner = current_user)
        """,
      ]
    }

  /// Creates or upgrades the schema (each migration in one transaction), and makes the caller a lead.
  /// Returns the schema version.
  @discardableResult
  public static func apply(_ server: TeamServer) throws -> Int {
    try server.exec(
      "CREATE TABLE IF NOT EXISTS public.shortlist_team_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
    )
    let applied = Set(
      try server.run("SELECT version FROM public.shortlist_team_migrations") { try $0.decode(Int.self) })
    for (k, statements) in migrations.enumerated() where !applied.contains(k + 1) {
      try server.exec("BEGIN")
      do {
        for s in statements { try server.exec(PostgresQuery(unsafeSQL: s)) }
        try server.exec("INSERT INTO public.shortlist_team_migrations (version) VALUES (\(k + 1))")
        try server.exec("COMMIT")
      } catch {
        try? server.exec("ROLLBACK")
        throw error
      }
    }
    try server.exec(PostgresQuery(unsafeSQL: largeObjects))
    let me = server.url.user
    _ = try TeamServer.checkRoleName(me.hasPrefix("shortlist_") ? "x" : me)
    try server.exec(PostgresQuery(unsafeSQL: "GRANT shortlist_lead TO \(quoteIdent(me))"))
    try server.exec(
      "INSERT INTO shortlist.member (name, lead) VALUES (\(me), true) ON CONFLICT (name) DO UPDATE SET lead = true")
    return migrations.count
  }

  /// Large objects are the one place PostgreSQL lets any role store what it likes outside our tables: PUBLIC holds
  /// EXECUTE on `lo_create` and its kin in every database. Only their owner, a superuser, can take that back; `team
  /// init` run by one does, in this database only (on every run: it is not a schema change). Run by a database owner
  /// who is not a superuser, it cannot, and says nothing: a member's large objects are hers alone to read
  /// (`lo_compat_privileges` is off) and touch none of the team's rows.
  static let largeObjects = """
    DO $$ DECLARE f regprocedure; BEGIN
      IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        FOREACH f IN ARRAY ARRAY['pg_catalog.lo_create(oid)', 'pg_catalog.lo_creat(integer)',
            'pg_catalog.lo_from_bytea(oid, bytea)', 'pg_catalog.lo_import(text)', 'pg_catalog.lo_import(text, oid)']
            ::regprocedure[] LOOP
          EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        END LOOP;
      END IF;
    END $$
    """

  static func quoteIdent(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

  /// Whether the connected user is a member of the team (a lead is one too).
  public static func isMember(_ server: TeamServer) throws -> Bool {
    try server.run("SELECT pg_has_role(current_user, 'shortlist_member', 'MEMBER')") { try $0.decode(Bool.self) }
      .first ?? false
  }

  /// Whether the connected user is a lead.
  public static func isLead(_ server: TeamServer) throws -> Bool {
    try server.run("SELECT pg_has_role(current_user, 'shortlist_lead', 'MEMBER')") { try $0.decode(Bool.self) }
      .first ?? false
  }

  /// Creates server role NAME (LOGIN, with a generated password, returned to be printed once) or, when it exists,
  /// grants it membership. Leads only, through `shortlist.add_member`: the server receives a SCRAM-SHA-256
  /// verifier computed here, never the password.
  public static func addMember(_ server: TeamServer, name: String, lead: Bool) throws -> String? {
    guard try isLead(server) else {
      throw TeamError("only a lead can add members; ask a lead to run `team member add \(name)`")
    }
    let role = try TeamServer.checkRoleName(name)
    let password = generatedPassword()
    let verifier = try SCRAM.verifier(password: password)
    let created =
      try server.run(
        "SELECT shortlist.add_member(\(role), \(verifier), \(lead))"
      ) { try $0.decode(Bool.self) }.first ?? false
    return created ? password : nil
  }

  /// Files a member's request that the leads forget a candidate (the candidate's id and why; nothing else).
  public static func requestForget(_ server: TeamServer, candidate: String, note: String) throws {
    try server.exec("SELECT shortlist.request_forget(\(candidate), \(note))")
  }

  /// A lead voids anyone's finished scorecard on the server, with a note everyone sees.
  public static func voidInterview(_ server: TeamServer, uuid: String, note: String) throws {
    try server.exec("SELECT shortlist.void_interview(\(uuid), \(note))")
  }

  static func generatedPassword() -> String {
    let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    var rng = SystemRandomNumberGenerator()
    return String((0..<24).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
  }

  /// The schema version on the server (0: not a team server yet).
  public static func version(_ server: TeamServer) throws -> Int {
    let exists =
      try server.run("SELECT to_regclass('public.shortlist_team_migrations') IS NOT NULL") {
        try $0.decode(Bool.self)
      }.first ?? false
    guard exists else { return 0 }
    return try server.run("SELECT coalesce(max(version), 0) FROM public.shortlist_team_migrations") {
      try $0.decode(Int.self)
    }.first ?? 0
  }
}
