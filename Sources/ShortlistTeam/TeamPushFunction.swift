/// `shortlist.push(jsonb)`: a laptop's whole outbox in one call (one round trip), checked and written one statement
/// per table. The writer is `session_user`; every author, owner, stamp and change-tracking column is the server's.
/// Returns `{"refused": [{"table", "index", "reason"}]}`: the rows it did not take (index: 1-based in the array sent),
/// which the laptop keeps pending.
extension TeamSchema {
  /// One array of the batch as rows with their 1-based position `n`: `x(n, fields...)`.
  static func rows(_ key: String, _ fields: String) -> String {
    """
    SELECT e.n, t.* FROM jsonb_array_elements(coalesce(b -> '\(key)', '[]'::jsonb)) WITH ORDINALITY e(v, n),
      jsonb_to_record(e.v) AS t(\(fields))
    """
  }

  /// Appends the refusals of check CTE `c` (rows whose `why` is not NULL and not empty) for `table`.
  static func refusals(_ table: String) -> String {
    """
    SELECT _refused || coalesce(jsonb_agg(jsonb_build_object('table', '\(table)', 'index', c.n, 'reason', c.why)
      ORDER BY c.n) FILTER (WHERE c.why <> ''), '[]'::jsonb) INTO _refused FROM c
    """
  }

  static let live = "EXISTS (SELECT 1 FROM shortlist.candidate k WHERE k.uuid = x.candidate_uuid AND NOT k.forgotten)"
  static let rowId = "'^[0-9A-Za-z_-]{1,64}$'"
  static let badTime = "'a time is not a number of seconds'"

  static let pushFunction = """
    CREATE FUNCTION shortlist.push(b jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      _me text := session_user;
      _lead boolean := pg_has_role(session_user, 'shortlist_lead', 'MEMBER');
      _refused jsonb := '[]'::jsonb;
      _horizon double precision := extract(epoch FROM clock_timestamp()) + \(skewMillis / 1000);
      _ok text[];
      _open text[];
      _new text[];
      _unfinished text[];
    BEGIN
      IF NOT pg_has_role(_me, 'shortlist_member', 'MEMBER') THEN
        RAISE EXCEPTION 'not a member of the team' USING ERRCODE = '42501';
      END IF;
      IF jsonb_typeof(b) IS DISTINCT FROM 'object' THEN RAISE EXCEPTION 'a push is one JSON object'; END IF;

      -- Forget tombstones: a lead's act; insert-only (erase adds the tombstone and erases the person).
      WITH x AS (\(rows("tombstones", "uuid_hash text"))),
      c AS (SELECT x.n, CASE
          WHEN NOT _lead THEN 'only a lead forgets someone; a member files a request (candidate forget NAME --request)'
          WHEN x.uuid_hash IS NULL OR x.uuid_hash !~ '^[0-9a-f]{64}$' THEN 'not a tombstone'
          ELSE '' END AS why, x.uuid_hash FROM x),
      e AS (SELECT shortlist.erase(c.uuid_hash) FROM c WHERE c.why = '')
      \(refusals("forgotten")) WHERE (SELECT count(*) FROM e) >= 0;

      -- Roles: last writer wins by a clock stamp the server bounds.
      WITH x AS (\(rows("roles", """
        uuid text, title text, goal text, metric text, stack text, milestone text, model text, budget_min float8,
        budget_max float8, banks text[], archived_at float8, created_at float8, hlc text
        """))),
      c AS (SELECT x.*, CASE
          WHEN x.uuid IS NULL OR x.uuid !~ \(rowId) THEN 'not a row id'
          WHEN x.title IS NULL OR char_length(btrim(x.title)) NOT BETWEEN 1 AND 200 THEN 'a title is 1 to 200 characters'
          WHEN NOT (shortlist.text_ok(x.goal, 20000) AND shortlist.text_ok(x.metric, 20000)
            AND shortlist.text_ok(x.stack, 20000) AND shortlist.text_ok(x.milestone, 20000))
            THEN 'goal, metric, stack and milestone are at most 20,000 characters'
          WHEN x.model IS NOT NULL AND x.model NOT IN ('fixed','tm','retainer') THEN 'model is fixed, tm or retainer'
          WHEN NOT (shortlist.positive_ok(x.budget_min) AND shortlist.positive_ok(x.budget_max))
            OR x.budget_min > x.budget_max THEN 'a budget is a positive number, its low end not above its high end'
          WHEN NOT shortlist.list_ok(coalesce(x.banks, '{}'), 50, 200) THEN 'at most 50 banks, each named in 200 characters'
          WHEN x.created_at IS NULL OR NOT shortlist.time_ok(x.created_at) OR NOT shortlist.time_ok(x.archived_at)
            THEN \(badTime)
          ELSE coalesce(shortlist.stamp_problem(x.hlc), '') END AS why
        FROM x),
      u AS (
        INSERT INTO shortlist.role AS t (uuid, title, goal, metric, stack, milestone, model, budget_min, budget_max,
          banks, archived_at, created_at, hlc, modified_by, xid)
        SELECT DISTINCT ON (c.uuid) c.uuid, c.title, c.goal, c.metric, c.stack, c.milestone, c.model, c.budget_min,
          c.budget_max, coalesce(c.banks, '{}'), c.archived_at, c.created_at, c.hlc, _me, pg_current_xact_id()
        FROM c WHERE c.why = '' ORDER BY c.uuid, c.hlc DESC
        ON CONFLICT (uuid) DO UPDATE SET title = EXCLUDED.title, goal = EXCLUDED.goal, metric = EXCLUDED.metric,
          stack = EXCLUDED.stack, milestone = EXCLUDED.milestone, model = EXCLUDED.model,
          budget_min = EXCLUDED.budget_min, budget_max = EXCLUDED.budget_max, banks = EXCLUDED.banks,
          archived_at = EXCLUDED.archived_at, hlc = EXCLUDED.hlc, modified_by = _me, xid = pg_current_xact_id()
        WHERE t.hlc < EXCLUDED.hlc
        RETURNING 1)
      \(refusals("role")) WHERE (SELECT count(*) FROM u) >= 0;

      -- Candidates: never a forgotten person's UUID; last writer wins as for roles.
      WITH x AS (\(rows("candidates", """
        uuid text, name text, email text, tier int, source text, rate float8, links text[], tags text[],
        created_at float8, hlc text
        """))),
      c AS (SELECT x.*, CASE
          WHEN x.uuid IS NULL OR x.uuid !~ \(rowId) THEN 'not a row id'
          WHEN EXISTS (SELECT 1 FROM shortlist.forgotten f WHERE f.uuid_hash = shortlist.uuid_hash(x.uuid))
            OR EXISTS (SELECT 1 FROM shortlist.candidate f WHERE f.uuid = x.uuid AND f.forgotten)
            THEN 'this person was forgotten on the team server'
          WHEN x.name IS NULL OR char_length(btrim(x.name)) NOT BETWEEN 1 AND 200 THEN 'a name is 1 to 200 characters'
          WHEN NOT shortlist.text_ok(x.email, 320) THEN 'an email is at most 320 characters'
          WHEN x.source IS NULL OR NOT shortlist.text_ok(x.source, 200) THEN 'a source is at most 200 characters'
          WHEN x.tier IS NULL OR x.tier NOT BETWEEN 1 AND 4 THEN 'a tier is 1 to 4'
          WHEN NOT shortlist.positive_ok(x.rate) THEN 'a rate is a positive number'
          WHEN NOT shortlist.list_ok(coalesce(x.links, '{}'), 50, 2000) THEN 'at most 50 links of 2,000 characters each'
          WHEN NOT shortlist.list_ok(coalesce(x.tags, '{}'), 50, 100) THEN 'at most 50 tags of 100 characters each'
          WHEN x.created_at IS NULL OR NOT shortlist.time_ok(x.created_at) THEN \(badTime)
          ELSE coalesce(shortlist.stamp_problem(x.hlc), '') END AS why
        FROM x),
      u AS (
        INSERT INTO shortlist.candidate AS t (uuid, name, email, tier, source, rate, links, tags, created_at, hlc,
          modified_by, xid)
        SELECT DISTINCT ON (c.uuid) c.uuid, c.name, c.email, c.tier, c.source, c.rate, coalesce(c.links, '{}'),
          coalesce(c.tags, '{}'), c.created_at, c.hlc, _me, pg_current_xact_id()
        FROM c WHERE c.why = '' ORDER BY c.uuid, c.hlc DESC
        ON CONFLICT (uuid) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, tier = EXCLUDED.tier,
          source = EXCLUDED.source, rate = EXCLUDED.rate, links = EXCLUDED.links, tags = EXCLUDED.tags,
          hlc = EXCLUDED.hlc, modified_by = _me, xid = pg_current_xact_id()
        WHERE t.hlc < EXCLUDED.hlc AND NOT t.forgotten
        RETURNING 1)
      \(refusals("candidate")) WHERE (SELECT count(*) FROM u) >= 0;

      -- Applications, status moves and notes about a candidate: stamped with the caller, insert-only.
      WITH x AS (\(rows("applications", "candidate_uuid text, role_uuid text"))),
      c AS (SELECT x.*, CASE
          WHEN NOT \(live) OR NOT EXISTS (SELECT 1 FROM shortlist.role o WHERE o.uuid = x.role_uuid)
            THEN 'its candidate or role is not on the team server'
          ELSE '' END AS why FROM x),
      u AS (
        INSERT INTO shortlist.application (candidate_uuid, role_uuid, made_by, xid)
        SELECT c.candidate_uuid, c.role_uuid, _me, pg_current_xact_id() FROM c WHERE c.why = ''
        ON CONFLICT DO NOTHING RETURNING 1)
      \(refusals("application")) WHERE (SELECT count(*) FROM u) >= 0;

      WITH x AS (\(rows("status_changes", """
        candidate_uuid text, role_uuid text, from_status text, to_status text, at float8, note text, forced boolean
        """))),
      c AS (SELECT x.*, CASE
          WHEN NOT \(live) THEN 'its candidate is not on the team server'
          WHEN x.role_uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM shortlist.role o WHERE o.uuid = x.role_uuid)
            THEN 'its role is not on the team server'
          WHEN x.to_status IS NULL OR x.to_status NOT IN (\(statuses))
            OR (x.from_status IS NOT NULL AND x.from_status NOT IN (\(statuses))) THEN 'not a status'
          WHEN NOT shortlist.text_ok(x.note, 20000) THEN 'a note is at most 20,000 characters'
          WHEN x.at IS NULL OR NOT shortlist.time_ok(x.at) OR x.at > _horizon THEN \(badTime)
          ELSE '' END AS why FROM x),
      u AS (
        INSERT INTO shortlist.status_change (candidate_uuid, role_uuid, from_status, to_status, at, note, forced,
          made_by, xid)
        SELECT c.candidate_uuid, c.role_uuid, c.from_status, c.to_status, c.at, c.note, coalesce(c.forced, false),
          _me, pg_current_xact_id() FROM c WHERE c.why = ''
        ON CONFLICT DO NOTHING RETURNING 1)
      \(refusals("status_change")) WHERE (SELECT count(*) FROM u) >= 0;

      WITH x AS (\(rows("candidate_notes", "uuid text, candidate_uuid text, text text, origin text, at float8"))),
      c AS (SELECT x.*, CASE
          WHEN x.uuid IS NULL OR x.uuid !~ \(rowId) THEN 'not a row id'
          WHEN NOT \(live) THEN 'its candidate is not on the team server'
          WHEN x.text IS NULL OR char_length(x.text) NOT BETWEEN 1 AND 20000 THEN 'a note is 1 to 20,000 characters'
          WHEN NOT shortlist.text_ok(x.origin, 200) THEN 'an origin is at most 200 characters'
          WHEN x.at IS NULL OR NOT shortlist.time_ok(x.at) OR x.at > _horizon THEN \(badTime)
          WHEN EXISTS (SELECT 1 FROM shortlist.candidate_note o WHERE o.uuid = x.uuid AND o.made_by <> _me)
            THEN 'a note with this id is another member''s'
          ELSE '' END AS why FROM x),
      u AS (
        INSERT INTO shortlist.candidate_note (uuid, candidate_uuid, text, author, origin, at, made_by, xid)
        SELECT c.uuid, c.candidate_uuid, c.text, _me, c.origin, c.at, _me, pg_current_xact_id() FROM c WHERE c.why = ''
        ON CONFLICT DO NOTHING RETURNING 1)
      \(refusals("candidate_note")) WHERE (SELECT count(*) FROM u) >= 0;

      -- Bank snapshots are content-addressed: the server checks the address.
      WITH x AS (\(rows("snapshots", """
        sha256 text, bank_id text, version int, title text, content text, created_at float8
        """))),
      c AS (SELECT x.*, CASE
          WHEN x.content IS NULL OR char_length(x.content) > 1000000 THEN 'a bank is at most 1,000,000 characters'
          WHEN x.sha256 IS DISTINCT FROM encode(sha256(convert_to(x.content, 'UTF8')), 'hex')
            THEN 'its sha256 is not its content''s'
          WHEN x.bank_id IS NULL OR char_length(x.bank_id) NOT BETWEEN 1 AND 200 OR x.title IS NULL
            OR char_length(x.title) > 200 OR x.version IS NULL OR x.version < 1 THEN 'not a bank snapshot'
          WHEN x.created_at IS NULL OR NOT shortlist.time_ok(x.created_at) THEN \(badTime)
          ELSE '' END AS why FROM x),
      u AS (
        INSERT INTO shortlist.bank_snapshot (sha256, bank_id, version, title, content, created_at)
        SELECT c.sha256, c.bank_id, c.version, c.title, c.content, c.created_at FROM c WHERE c.why = ''
        ON CONFLICT DO NOTHING RETURNING 1)
      \(refusals("bank_snapshot")) WHERE (SELECT count(*) FROM u) >= 0;

      -- Interviews: each member's own; a new one starts open (it is finished below, once its content is in).
      WITH x AS (\(rows("interviews", """
        uuid text, candidate_uuid text, role_uuid text, snapshot_sha256 text, started_at float8, finished_at float8,
        state text, voided_at float8, void_note text, recommendation text
        """))),
      c AS (SELECT x.*, o.owner AS o_owner, CASE
          WHEN x.uuid IS NULL OR x.uuid !~ \(rowId) THEN 'not a row id'
          WHEN o.uuid IS NOT NULL AND o.owner <> _me THEN 'this interview is another member''s'
          WHEN NOT \(live) THEN 'its candidate is not on the team server'
          WHEN o.uuid IS NOT NULL AND (o.candidate_uuid <> x.candidate_uuid
            OR o.snapshot_sha256 IS DISTINCT FROM x.snapshot_sha256 OR o.role_uuid IS DISTINCT FROM x.role_uuid)
            THEN 'an interview''s candidate, role and bank do not change'
          WHEN NOT EXISTS (SELECT 1 FROM shortlist.bank_snapshot s WHERE s.sha256 = x.snapshot_sha256)
            THEN 'its bank snapshot is not on the team server'
          WHEN x.role_uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM shortlist.role r WHERE r.uuid = x.role_uuid)
            THEN 'its role is not on the team server'
          WHEN x.state IS NULL OR x.state NOT IN ('open', 'finished') THEN 'a state is open or finished'
          WHEN o.state = 'finished' AND x.state = 'open' THEN 'a finished scorecard is final; it cannot be reopened'
          WHEN x.voided_at IS NOT NULL AND x.state <> 'finished' THEN 'only a finished scorecard is voided'
          WHEN x.voided_at IS NOT NULL AND o.voided_at IS NULL AND NOT _lead
            THEN 'only a lead voids a finished scorecard'
          WHEN x.recommendation IS NOT NULL AND x.recommendation NOT IN ('strong-no', 'no', 'yes', 'strong-yes')
            THEN 'not a recommendation'
          WHEN NOT shortlist.text_ok(x.void_note, 20000) THEN 'a note is at most 20,000 characters'
          WHEN x.started_at IS NULL OR NOT shortlist.time_ok(x.started_at) OR NOT shortlist.time_ok(x.finished_at)
            OR NOT shortlist.time_ok(x.voided_at) THEN \(badTime)
          ELSE '' END AS why
        FROM x LEFT JOIN shortlist.interview o ON o.uuid = x.uuid),
      u AS (
        INSERT INTO shortlist.interview (uuid, candidate_uuid, role_uuid, snapshot_sha256, owner, started_at,
          finished_at, state, xid)
        SELECT DISTINCT ON (c.uuid) c.uuid, c.candidate_uuid, c.role_uuid, c.snapshot_sha256, _me,
          least(c.started_at, _horizon), NULL, 'open', pg_current_xact_id()
        FROM c WHERE c.why = '' AND c.o_owner IS NULL
        ON CONFLICT DO NOTHING RETURNING uuid)
      SELECT _refused || coalesce(jsonb_agg(jsonb_build_object('table', 'interview', 'index', c.n, 'reason', c.why)
          ORDER BY c.n) FILTER (WHERE c.why <> ''), '[]'::jsonb),
        coalesce(array_agg(c.uuid) FILTER (WHERE c.why = ''), '{}'), (SELECT coalesce(array_agg(u.uuid), '{}') FROM u)
        INTO _refused, _ok, _new FROM c;
      SELECT coalesce(array_agg(i.uuid), '{}') INTO _open FROM shortlist.interview i
        WHERE i.uuid = ANY (_ok) AND i.owner = _me AND i.state = 'open';

      -- Scorecard content only into the caller's own open interview; into a finished one, what is there already is
      -- let be (a laptop pushing its scorecard again) and anything new is refused.
      WITH x AS (\(rows("answers", """
        interview_uuid text, question_id text, score int, comment text, skipped boolean, skip_reason text, at float8
        """))),
      c AS (SELECT x.*, i.candidate_uuid AS cand, CASE
          WHEN NOT (x.interview_uuid = ANY (_open)) THEN
            CASE WHEN x.interview_uuid = ANY (_ok) AND EXISTS (SELECT 1 FROM shortlist.answer a
                   WHERE a.interview_uuid = x.interview_uuid AND a.question_id = x.question_id) THEN 'kept'
                 ELSE 'its interview is not this member''s open interview on the team server' END
          WHEN x.question_id IS NULL OR char_length(x.question_id) NOT BETWEEN 1 AND 200 THEN 'not a question id'
          WHEN x.score IS NOT NULL AND x.score NOT BETWEEN 1 AND 4 THEN 'a score is 1 to 4'
          WHEN coalesce(x.skipped, false) AND x.score IS NOT NULL THEN 'a skipped question has no score'
          WHEN NOT (shortlist.text_ok(x.comment, 20000) AND shortlist.text_ok(x.skip_reason, 20000))
            THEN 'a comment is at most 20,000 characters'
          WHEN x.at IS NULL OR NOT shortlist.time_ok(x.at) THEN \(badTime)
          ELSE '' END AS why
        FROM x LEFT JOIN shortlist.interview i ON i.uuid = x.interview_uuid),
      u AS (
        INSERT INTO shortlist.answer AS t (interview_uuid, question_id, candidate_uuid, owner, score, comment, skipped,
          skip_reason, at, xid)
        SELECT DISTINCT ON (c.interview_uuid, c.question_id) c.interview_uuid, c.question_id, c.cand, _me, c.score,
          c.comment, coalesce(c.skipped, false), c.skip_reason, least(c.at, _horizon), pg_current_xact_id()
        FROM c WHERE c.why = '' ORDER BY c.interview_uuid, c.question_id, c.at DESC
        ON CONFLICT (interview_uuid, question_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment,
          skipped = EXCLUDED.skipped, skip_reason = EXCLUDED.skip_reason, at = EXCLUDED.at, owner = _me,
          candidate_uuid = EXCLUDED.candidate_uuid, xid = pg_current_xact_id()
        RETURNING 1)
      SELECT _refused || coalesce(jsonb_agg(jsonb_build_object('table', 'answer', 'index', c.n, 'reason', c.why)
        ORDER BY c.n) FILTER (WHERE c.why NOT IN ('', 'kept')), '[]'::jsonb) INTO _refused FROM c
        WHERE (SELECT count(*) FROM u) >= 0;

      WITH x AS (\(rows("signals", "interview_uuid text, question_id text, signal_index int, value text, at float8"))),
      c AS (SELECT x.*, i.candidate_uuid AS cand, CASE
          WHEN NOT (x.interview_uuid = ANY (_open)) THEN
            CASE WHEN x.interview_uuid = ANY (_ok) AND EXISTS (SELECT 1 FROM shortlist.signal_mark a
                   WHERE a.interview_uuid = x.interview_uuid AND a.question_id = x.question_id
                     AND a.signal_index = x.signal_index) THEN 'kept'
                 ELSE 'its interview is not this member''s open interview on the team server' END
          WHEN x.question_id IS NULL OR char_length(x.question_id) NOT BETWEEN 1 AND 200 THEN 'not a question id'
          WHEN x.signal_index IS NULL OR x.signal_index NOT BETWEEN 1 AND 100 THEN 'a signal is numbered 1 to 100'
          WHEN x.value IS NULL OR x.value NOT IN ('yes', 'partial', 'no') THEN 'a signal is yes, partial or no'
          WHEN x.at IS NULL OR NOT shortlist.time_ok(x.at) THEN \(badTime)
          ELSE '' END AS why
        FROM x LEFT JOIN shortlist.interview i ON i.uuid = x.interview_uuid),
      u AS (
        INSERT INTO shortlist.signal_mark AS t (interview_uuid, question_id, signal_index, candidate_uuid, owner, value,
          at, xid)
        SELECT DISTINCT ON (c.interview_uuid, c.question_id, c.signal_index) c.interview_uuid, c.question_id,
          c.signal_index, c.cand, _me, c.value, least(c.at, _horizon), pg_current_xact_id()
        FROM c WHERE c.why = '' ORDER BY c.interview_uuid, c.question_id, c.signal_index, c.at DESC
        ON CONFLICT (interview_uuid, question_id, signal_index) DO UPDATE SET value = EXCLUDED.value,
          at = EXCLUDED.at, owner = _me, candidate_uuid = EXCLUDED.candidate_uuid, xid = pg_current_xact_id()
        RETURNING 1)
      SELECT _refused || coalesce(jsonb_agg(jsonb_build_object('table', 'signal_mark', 'index', c.n, 'reason', c.why)
        ORDER BY c.n) FILTER (WHERE c.why NOT IN ('', 'kept')), '[]'::jsonb) INTO _refused FROM c
        WHERE (SELECT count(*) FROM u) >= 0;

      WITH x AS (\(rows("notes", "uuid text, interview_uuid text, question_id text, text text, at float8"))),
      c AS (SELECT x.*, i.candidate_uuid AS cand, CASE
          WHEN x.uuid IS NULL OR x.uuid !~ \(rowId) THEN 'not a row id'
          WHEN EXISTS (SELECT 1 FROM shortlist.note o WHERE o.uuid = x.uuid
                       AND (o.owner <> _me OR o.interview_uuid <> x.interview_uuid))
            THEN 'a note with this id is in another interview'
          WHEN NOT (x.interview_uuid = ANY (_open)) THEN
            CASE WHEN x.interview_uuid = ANY (_ok) AND EXISTS (SELECT 1 FROM shortlist.note a WHERE a.uuid = x.uuid)
                 THEN 'kept'
                 ELSE 'its interview is not this member''s open interview on the team server' END
          WHEN x.question_id IS NULL OR char_length(x.question_id) NOT BETWEEN 1 AND 200 THEN 'not a question id'
          WHEN x.text IS NULL OR char_length(x.text) NOT BETWEEN 1 AND 20000 THEN 'a note is 1 to 20,000 characters'
          WHEN x.at IS NULL OR NOT shortlist.time_ok(x.at) THEN \(badTime)
          ELSE '' END AS why
        FROM x LEFT JOIN shortlist.interview i ON i.uuid = x.interview_uuid),
      u AS (
        INSERT INTO shortlist.note AS t (uuid, interview_uuid, candidate_uuid, owner, question_id, text, at, xid)
        SELECT DISTINCT ON (c.uuid) c.uuid, c.interview_uuid, c.cand, _me, c.question_id, c.text,
          least(c.at, _horizon), pg_current_xact_id()
        FROM c WHERE c.why = '' ORDER BY c.uuid, c.at DESC
        ON CONFLICT (uuid) DO UPDATE SET text = EXCLUDED.text, xid = pg_current_xact_id()
        WHERE t.owner = _me AND t.interview_uuid = EXCLUDED.interview_uuid
        RETURNING 1)
      SELECT _refused || coalesce(jsonb_agg(jsonb_build_object('table', 'note', 'index', c.n, 'reason', c.why)
        ORDER BY c.n) FILTER (WHERE c.why NOT IN ('', 'kept')), '[]'::jsonb) INTO _refused FROM c
        WHERE (SELECT count(*) FROM u) >= 0;
      -- A note taken back during the call (`/undo`) is gone from the laptop. An open interview of the caller's comes
      -- with every note it holds, so a note of it the push no longer carries is deleted, and the interview is marked
      -- changed: laptops that pulled the note take the interview's content again at their next sync.
      WITH gone AS (
        DELETE FROM shortlist.note n WHERE n.interview_uuid = ANY (_open) AND n.owner = _me
          AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(coalesce(b -> 'notes', '[]'::jsonb)) AS y(uuid text)
                          WHERE y.uuid = n.uuid)
        RETURNING n.interview_uuid)
      UPDATE shortlist.interview i SET xid = pg_current_xact_id() WHERE i.uuid IN (SELECT interview_uuid FROM gone);

      -- Recommendations: into the caller's own open interview.
      INSERT INTO shortlist.recommendation AS t (interview_uuid, candidate_uuid, owner, value, xid)
      SELECT DISTINCT ON (x.uuid) x.uuid, i.candidate_uuid, _me, x.recommendation, pg_current_xact_id()
      FROM jsonb_to_recordset(coalesce(b -> 'interviews', '[]'::jsonb)) AS x(uuid text, recommendation text)
      JOIN shortlist.interview i ON i.uuid = x.uuid
      WHERE x.uuid = ANY (_open) AND x.recommendation IN ('strong-no', 'no', 'yes', 'strong-yes')
      ON CONFLICT (interview_uuid) DO UPDATE SET value = EXCLUDED.value, owner = _me, xid = pg_current_xact_id();

      -- Finishing: the caller's own open interview, against its stored bank snapshot, with at least one answer to
      -- one of that bank's questions (an empty scorecard opens no sealing).
      WITH x AS (\(rows("interviews", "uuid text, finished_at float8, state text"))),
      c AS (SELECT x.n, x.uuid, x.finished_at, CASE
          WHEN NOT EXISTS (SELECT 1 FROM shortlist.answer a JOIN shortlist.bank_snapshot s ON s.sha256 = i.snapshot_sha256
                           WHERE a.interview_uuid = i.uuid AND (a.score IS NOT NULL OR a.skipped)
                             AND a.question_id = ANY (shortlist.question_ids(s.content)))
            THEN 'a scorecard is finished with at least one answer to its bank''s questions'
          ELSE '' END AS why
        FROM x JOIN shortlist.interview i ON i.uuid = x.uuid
        WHERE x.state = 'finished' AND x.uuid = ANY (_open)),
      u AS (
        UPDATE shortlist.interview i SET state = 'finished',
          finished_at = least(coalesce(c.finished_at, _horizon), _horizon), xid = pg_current_xact_id()
        FROM c WHERE c.why = '' AND i.uuid = c.uuid AND i.state = 'open' RETURNING 1)
      SELECT _refused || coalesce(jsonb_agg(jsonb_build_object('table', 'interview', 'index', c.n, 'reason', c.why)
          ORDER BY c.n) FILTER (WHERE c.why <> ''), '[]'::jsonb),
        coalesce(array_agg(c.uuid) FILTER (WHERE c.why <> '' AND c.uuid = ANY (_new)), '{}')
        INTO _refused, _unfinished FROM c WHERE (SELECT count(*) FROM u) >= 0;
      -- A scorecard that came to be finished and could not be leaves nothing behind (it would seal its candidate).
      IF cardinality(_unfinished) > 0 THEN
        DELETE FROM shortlist.answer WHERE interview_uuid = ANY (_unfinished);
        DELETE FROM shortlist.signal_mark WHERE interview_uuid = ANY (_unfinished);
        DELETE FROM shortlist.note WHERE interview_uuid = ANY (_unfinished);
        DELETE FROM shortlist.recommendation WHERE interview_uuid = ANY (_unfinished);
        DELETE FROM shortlist.interview WHERE uuid = ANY (_unfinished);
      END IF;

      -- A lead voids her own finished scorecard with a note everyone sees (anyone's through void_interview).
      IF _lead THEN
        UPDATE shortlist.interview i SET voided_at = least(x.voided_at, _horizon), void_note = x.void_note,
          xid = pg_current_xact_id()
        FROM jsonb_to_recordset(coalesce(b -> 'interviews', '[]'::jsonb)) AS x(uuid text, voided_at float8, void_note text)
        WHERE i.uuid = x.uuid AND x.uuid = ANY (_ok) AND i.state = 'finished' AND i.voided_at IS NULL
          AND x.voided_at IS NOT NULL;
      END IF;

      -- Conflicts a laptop saw, for every member's `team status`.
      WITH x AS (\(rows("conflicts", """
        uuid text, tbl text, row_uuid text, field text, kept text, lost_by text, at float8
        """))),
      c AS (SELECT x.*, CASE
          WHEN x.uuid IS NULL OR x.uuid !~ \(rowId) THEN 'not a row id'
          WHEN x.tbl IS NULL OR x.tbl NOT IN ('candidate', 'role') THEN 'not a conflict'
          WHEN x.field IS NULL OR char_length(x.field) > 100 OR x.lost_by IS NULL OR char_length(x.lost_by) > 200
            OR NOT shortlist.text_ok(x.kept, 20000) THEN 'not a conflict'
          WHEN x.at IS NULL OR NOT shortlist.time_ok(x.at) THEN \(badTime)
          WHEN EXISTS (SELECT 1 FROM shortlist.candidate k WHERE k.uuid = x.row_uuid AND k.forgotten) THEN 'kept'
          ELSE '' END AS why FROM x),
      u AS (
        INSERT INTO shortlist.sync_conflict (uuid, tbl, row_uuid, field, kept, lost_by, at, made_by, xid)
        SELECT c.uuid, c.tbl, c.row_uuid, c.field, c.kept, c.lost_by, least(c.at, _horizon), _me, pg_current_xact_id()
        FROM c WHERE c.why = '' ON CONFLICT DO NOTHING RETURNING 1)
      SELECT _refused || coalesce(jsonb_agg(jsonb_build_object('table', 'conflict', 'index', c.n, 'reason', c.why)
        ORDER BY c.n) FILTER (WHERE c.why NOT IN ('', 'kept')), '[]'::jsonb) INTO _refused FROM c
        WHERE (SELECT count(*) FROM u) >= 0;

      RETURN jsonb_build_object('refused', _refused);
    END $$
    """
}
