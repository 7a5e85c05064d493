/// v3: a server that trusts no member. Every object belongs to `shortlist_owner`, a role that cannot log in; member
/// and lead roles keep SELECT (through row-level security) and lose every write privilege, TEMP and CREATE. They
/// write only through `SECURITY DEFINER` functions with a pinned search path that take the writer from
/// `session_user` and check every row, one statement per table: `push(jsonb)` for a laptop's whole outbox,
/// `request_forget` for a member, `add_member` for a lead (a SCRAM verifier, never a password).
extension TeamSchema {
  /// The protocol version the client announces at connect (`shortlist.client`); older clients are told to update.
  public static let clientVersion = 3

  static let statuses = "'sourced','screening','interviewing','shortlisted','offer','hired','rejected','withdrawn'"

  /// The five minutes a laptop's clock may run ahead of the server's.
  static let skewMillis = 300_000

  /// Row limits, the same on the laptop (`SyncLimits`) and the server (CHECK constraints, and the push's reasons).
  static let limitHelpers: [String] = [
    """
    CREATE FUNCTION shortlist.text_ok(t text, n integer) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp AS $$ SELECT t IS NULL OR char_length(t) <= n $$
    """,
    """
    CREATE FUNCTION shortlist.list_ok(a text[], most integer, each integer) RETURNS boolean LANGUAGE sql IMMUTABLE
    PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
      SELECT a IS NOT NULL AND coalesce(array_ndims(a), 1) = 1 AND coalesce(cardinality(a), 0) <= most
        AND array_position(a, NULL) IS NULL
        AND NOT EXISTS (SELECT 1 FROM unnest(a) v WHERE char_length(v) > each OR char_length(v) = 0)
    $$
    """,
    // NaN sorts above Infinity in PostgreSQL: `< 'Infinity'` refuses both.
    """
    CREATE FUNCTION shortlist.positive_ok(x double precision) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp AS $$ SELECT x IS NULL OR (x > 0 AND x < 'Infinity'::float8) $$
    """,
    """
    CREATE FUNCTION shortlist.time_ok(x double precision) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp AS $$ SELECT x IS NULL OR (x >= 0 AND x < 'Infinity'::float8) $$
    """,
    // Why a clock stamp is refused (NULL: it is fine): its form, or a time ahead of the server's by more than the skew.
    """
    CREATE FUNCTION shortlist.stamp_problem(h text) RETURNS text LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp AS $$
      SELECT CASE
        WHEN h IS NULL OR h !~ '^[0-9a-f]{16}-[0-9a-f]{4}-.{1,200}$' THEN 'its clock stamp is not one shortlist writes'
        WHEN substr(h, 1, 16)
             > lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint + \(skewMillis)), 16, '0')
          THEN 'its clock stamp is ahead of the server''s clock by more than 5 minutes; check this laptop''s clock'
      END
    $$
    """,
    // A text that may not be JSON (a snapshot's content): its questions' ids, none when it does not parse.
    """
    CREATE FUNCTION shortlist.question_ids(content text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
      RETURN ARRAY(SELECT q ->> 'id' FROM jsonb_array_elements(content::jsonb -> 'questions') q);
    EXCEPTION WHEN OTHERS THEN RETURN '{}';
    END $$
    """,
  ]

  /// Constraints that mirror the laptop's (NOT VALID: rows already on the server stay; every new write is checked,
  /// and a laptop skips and names an old row it cannot take).
  static let constraints: [String] = [
    (
      "candidate", "candidate_limits",
      """
      char_length(btrim(name)) BETWEEN 1 AND 200 AND shortlist.text_ok(email, 320) AND shortlist.text_ok(source, 200)
      AND shortlist.positive_ok(rate) AND shortlist.list_ok(links, 50, 2000) AND shortlist.list_ok(tags, 50, 100)
      AND shortlist.time_ok(created_at) AND char_length(hlc) <= 240
      """
    ),
    (
      "role", "role_limits",
      """
      char_length(btrim(title)) BETWEEN 1 AND 200 AND shortlist.text_ok(goal, 20000) AND shortlist.text_ok(metric, 20000)
      AND shortlist.text_ok(stack, 20000) AND shortlist.text_ok(milestone, 20000)
      AND (model IS NULL OR model IN ('fixed','tm','retainer')) AND shortlist.positive_ok(budget_min)
      AND shortlist.positive_ok(budget_max) AND shortlist.list_ok(banks, 50, 200) AND shortlist.time_ok(archived_at)
      AND shortlist.time_ok(created_at) AND char_length(hlc) <= 240
      """
    ),
    (
      "status_change", "status_change_limits",
      """
      to_status IN (\(statuses)) AND (from_status IS NULL OR from_status IN (\(statuses)))
      AND shortlist.text_ok(note, 20000) AND shortlist.time_ok(at)
      """
    ),
    (
      "candidate_note", "candidate_note_limits",
      """
      char_length(text) BETWEEN 1 AND 20000 AND shortlist.text_ok(author, 200) AND shortlist.text_ok(origin, 200)
      AND shortlist.time_ok(at)
      """
    ),
    (
      "interview", "interview_limits",
      """
      shortlist.text_ok(void_note, 20000) AND shortlist.time_ok(started_at) AND shortlist.time_ok(finished_at)
      AND shortlist.time_ok(voided_at)
      """
    ),
    (
      "answer", "answer_limits",
      """
      shortlist.text_ok(comment, 20000) AND shortlist.text_ok(skip_reason, 20000) AND char_length(question_id) <= 200
      AND NOT (skipped AND score IS NOT NULL) AND shortlist.time_ok(at)
      """
    ),
    ("signal_mark", "signal_mark_limits", "signal_index BETWEEN 1 AND 100 AND shortlist.time_ok(at)"),
    ("note", "note_limits", "char_length(text) BETWEEN 1 AND 20000 AND shortlist.time_ok(at)"),
    (
      "conflict", "conflict_limits",
      """
      shortlist.text_ok(kept, 20000) AND char_length(field) <= 100 AND char_length(lost_by) <= 200
      AND shortlist.time_ok(at)
      """
    ),
    (
      "bank_snapshot", "bank_snapshot_limits",
      """
      sha256 ~ '^[0-9a-f]{64}$' AND char_length(content) <= 1000000 AND char_length(title) <= 200 AND version > 0
      """
    ),
  ].map { "ALTER TABLE shortlist.\($0.0) ADD CONSTRAINT \($0.1) CHECK (\($0.2)) NOT VALID" }

  /// The sealing rule, inline in each policy so that the planner sees it: an index probe of
  /// `interview (candidate_uuid, owner, state)` per row, never a function called per row.
  static func sealed(_ table: String) -> String {
    """
    CREATE POLICY sealed ON shortlist.\(table) FOR SELECT TO shortlist_member USING (
      owner = current_user OR pg_has_role(current_user, 'shortlist_lead', 'MEMBER')
      OR EXISTS (SELECT 1 FROM shortlist.interview i
                 WHERE i.candidate_uuid = \(table).candidate_uuid AND i.owner = current_user AND i.state = 'finished'))
    """
  }

  static let v3: [String] =
    [
      """
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shortlist_owner') THEN
          CREATE ROLE shortlist_owner NOLOGIN CREATEROLE;
        END IF;
        IF NOT pg_has_role(current_user, 'shortlist_owner', 'MEMBER') THEN
          EXECUTE format('GRANT shortlist_owner TO %I', current_user);
        END IF;
      END $$
      """,
      "GRANT shortlist_member, shortlist_lead TO shortlist_owner WITH ADMIN OPTION",
      """
      CREATE TABLE shortlist.forget_request (
        uuid text PRIMARY KEY, candidate_uuid text NOT NULL, requested_by text NOT NULL, note text NOT NULL
          CHECK (char_length(note) BETWEEN 1 AND 2000), at double precision NOT NULL,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id())
      """,
      "CREATE INDEX status_change_xid ON shortlist.status_change (xid)",
      "CREATE INDEX role_xid ON shortlist.role (xid)",
      "CREATE INDEX conflict_xid ON shortlist.conflict (xid)",
      "CREATE INDEX answer_candidate ON shortlist.answer (candidate_uuid)",
      "CREATE INDEX candidate_uuid_hash ON shortlist.candidate (shortlist.uuid_hash(uuid))",
    ]
    + limitHelpers + constraints
    + [
      // The old per-row sealing function and the write policies go: nobody but the owner writes.
      "DROP POLICY IF EXISTS own_insert ON shortlist.interview",
      "DROP POLICY IF EXISTS own_update ON shortlist.interview",
    ]
    + contentTables.flatMap { t in
      [
        "DROP POLICY IF EXISTS sealed ON shortlist.\(t)", "DROP POLICY IF EXISTS own_insert ON shortlist.\(t)",
        "DROP POLICY IF EXISTS own_update ON shortlist.\(t)", sealed(t),
      ]
    }
    + [
      // Old clients read `conflict` on every pull: they are told to update before they write anything.
      """
      CREATE FUNCTION shortlist.current_client() RETURNS boolean LANGUAGE plpgsql STABLE
      SET search_path = pg_catalog, pg_temp AS $$
      DECLARE v text := current_setting('shortlist.client', true);
      BEGIN
        IF v IS NULL OR v !~ '^[0-9]{1,4}$' OR v::int < \(clientVersion) THEN
          RAISE EXCEPTION 'the team server was upgraded; update shortlist'
            USING HINT = 'psql: SET shortlist.client = \(clientVersion)';
        END IF;
        RETURN true;
      END $$
      """,
      // The table moves; under its old name a view that a client of this version passes (a one-time filter: it
      // is checked even when there are no rows).
      "ALTER TABLE shortlist.conflict RENAME TO sync_conflict",
      "CREATE VIEW shortlist.conflict AS SELECT * FROM shortlist.sync_conflict WHERE shortlist.current_client()",
      "ALTER TABLE shortlist.forget_request ENABLE ROW LEVEL SECURITY",
      """
      CREATE POLICY own ON shortlist.forget_request FOR SELECT TO shortlist_member
        USING (requested_by = current_user OR pg_has_role(current_user, 'shortlist_lead', 'MEMBER'))
      """,
      "DROP FUNCTION IF EXISTS shortlist.may_read(text, text, text)",
      "ALTER FUNCTION shortlist.forget(text) RENAME TO erase",
      "REVOKE ALL ON FUNCTION shortlist.erase(text) FROM PUBLIC, shortlist_member",
      pushFunction, requestForgetFunction, addMemberFunction, voidFunction,
      // Ownership, then privileges: SELECT only, for members; EXECUTE only on the entry points.
      """
      DO $$ DECLARE r record; BEGIN
        EXECUTE 'ALTER SCHEMA shortlist OWNER TO shortlist_owner';
        FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'shortlist' AND c.relkind IN ('r', 'v', 'S') LOOP
          EXECUTE format('ALTER %s shortlist.%I OWNER TO shortlist_owner',
            CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.relname);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'shortlist' LOOP
          EXECUTE format('ALTER FUNCTION %s OWNER TO shortlist_owner', r.f);
          EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', r.f);
        END LOOP;
        EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
        EXECUTE format('REVOKE CREATE ON DATABASE %I FROM PUBLIC', current_database());
        -- Leads of v2 could create roles and hand out membership: a lead now adds members through add_member.
        FOR r IN SELECT m.rolname FROM pg_roles m
                 WHERE pg_has_role(m.oid, 'shortlist_lead', 'MEMBER') AND m.rolcreaterole AND NOT m.rolsuper
                   AND m.rolname NOT IN (current_user, 'shortlist_owner', 'shortlist_lead') LOOP
          EXECUTE format('ALTER ROLE %I NOCREATEROLE', r.rolname);
        END LOOP;
      END $$
      """,
      "REVOKE ALL ON SCHEMA shortlist FROM PUBLIC",
      "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
      "REVOKE ALL ON ALL TABLES IN SCHEMA shortlist FROM PUBLIC, shortlist_member, shortlist_lead",
      "REVOKE ALL ON public.shortlist_team_migrations FROM PUBLIC, shortlist_member, shortlist_lead",
      "GRANT USAGE ON SCHEMA shortlist TO shortlist_member",
      "GRANT SELECT ON ALL TABLES IN SCHEMA shortlist TO shortlist_member",
      "GRANT SELECT ON public.shortlist_team_migrations TO shortlist_member",
      """
      GRANT EXECUTE ON FUNCTION shortlist.push(jsonb), shortlist.request_forget(text, text),
        shortlist.void_interview(text, text), shortlist.uuid_hash(text), shortlist.is_forgotten(text),
        shortlist.current_client() TO shortlist_member
      """,
      "GRANT EXECUTE ON FUNCTION shortlist.add_member(text, text, boolean) TO shortlist_lead",
    ]

  /// A lead adds a member: the role is created with the SCRAM verifier the laptop computed (the password never
  /// leaves the laptop), or an existing role is granted membership. Returns whether the role was created.
  static let addMemberFunction = """
    CREATE FUNCTION shortlist.add_member(p_name text, p_verifier text, p_lead boolean) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      me text := session_user;
      made boolean := false;
    BEGIN
      IF NOT pg_has_role(me, 'shortlist_lead', 'MEMBER') THEN
        RAISE EXCEPTION 'only a lead can add members' USING ERRCODE = '42501';
      END IF;
      IF p_name IS NULL OR p_name !~ '^[a-z_][a-z0-9_]{0,62}$' OR p_name ~ '^(pg_|shortlist_)' THEN
        RAISE EXCEPTION 'a member name is lowercase letters, digits and _ (not starting pg_ or shortlist_)';
      END IF;
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name AND (rolsuper OR rolname = 'shortlist_owner')) THEN
        RAISE EXCEPTION '% is a server administrator role, not a member', p_name USING ERRCODE = '42501';
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
        IF p_verifier IS NULL OR p_verifier !~ '^SCRAM-SHA-256\\$[0-9]{4,7}:[A-Za-z0-9+/=]{8,64}\\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$' THEN
          RAISE EXCEPTION 'a new member needs a SCRAM-SHA-256 verifier';
        END IF;
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_name, p_verifier);
        made := true;
      END IF;
      EXECUTE format('GRANT shortlist_member TO %I', p_name);
      IF p_lead THEN EXECUTE format('GRANT shortlist_lead TO %I', p_name); END IF;
      INSERT INTO shortlist.member AS m (name, lead, added_by) VALUES (p_name, p_lead, me)
        ON CONFLICT ON CONSTRAINT member_pkey DO UPDATE SET lead = m.lead OR EXCLUDED.lead;
      RETURN made;
    END $$
    """

  /// A member asks the leads to forget someone: only the candidate's id and why.
  static let requestForgetFunction = """
    CREATE FUNCTION shortlist.request_forget(p_candidate text, p_why text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
      IF NOT pg_has_role(session_user, 'shortlist_member', 'MEMBER') THEN
        RAISE EXCEPTION 'not a member of the team' USING ERRCODE = '42501';
      END IF;
      IF p_why IS NULL OR char_length(btrim(p_why)) = 0 OR char_length(p_why) > 2000 THEN
        RAISE EXCEPTION 'a forget request needs a note of 1 to 2,000 characters';
      END IF;
      IF NOT EXISTS (SELECT 1 FROM shortlist.candidate c WHERE c.uuid = p_candidate AND NOT c.forgotten) THEN
        RAISE EXCEPTION 'no such candidate on the team server (sync first)';
      END IF;
      INSERT INTO shortlist.forget_request (uuid, candidate_uuid, requested_by, note, at)
        VALUES (md5(p_candidate || session_user || clock_timestamp()::text), p_candidate, session_user, p_why,
                extract(epoch FROM now()));
    END $$
    """

  /// A lead voids a finished scorecard (anyone's), with a note everyone sees.
  static let voidFunction = """
    CREATE FUNCTION shortlist.void_interview(p_interview text, p_why text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
      IF NOT pg_has_role(session_user, 'shortlist_lead', 'MEMBER') THEN
        RAISE EXCEPTION 'only a lead voids a finished scorecard' USING ERRCODE = '42501';
      END IF;
      IF p_why IS NULL OR char_length(btrim(p_why)) = 0 OR char_length(p_why) > 20000 THEN
        RAISE EXCEPTION 'voiding a scorecard needs a note of 1 to 20,000 characters';
      END IF;
      UPDATE shortlist.interview i SET voided_at = extract(epoch FROM now()), void_note = p_why,
        xid = pg_current_xact_id()
        WHERE i.uuid = p_interview AND i.state = 'finished' AND i.voided_at IS NULL;
      IF NOT FOUND THEN RAISE EXCEPTION 'no finished scorecard % that is not void already', p_interview; END IF;
    END $$
    """
}
