import Foundation
import GRDB
import Testing

@testable import ShortlistTeam

/// The team server against a member who holds psql and her own password, and against a tampered laptop file: every
/// attack fails and leaves the server as it was; the honest members' work is untouched and still syncs.
@Suite(.serialized) struct TeamAttackTests {
  typealias Laptop = TeamSyncTests.Laptop

  /// Lead (admin) with a role and two candidates, members m1 and m2; m1 finished a scorecard for Grace and synced.
  func team(_ pg: PostgresCluster) throws -> (lead: Laptop, m1: Laptop, m2: Laptop) {
    let laptops = try TeamSyncTests().team(pg, members: 3)
    try laptops[1].interview("Grace", score: 4, note: "strong on retrieval")
    _ = try laptops[1].sync()
    for l in laptops { _ = try l.sync() }
    return (laptops[0], laptops[1], laptops[2])
  }

  /// Runs SQL as a member through psql; returns its output, or the error text when psql failed.
  func psql(_ pg: PostgresCluster, _ who: Laptop, _ sql: String) -> (ok: Bool, text: String) {
    do {
      return (true, try pg.psql(["-d", "team", "-c", sql], user: who.name, password: who.password))
    } catch {
      return (false, String(describing: error))
    }
  }

  func value(_ pg: PostgresCluster, _ sql: String) throws -> String {
    try pg.psql(["-d", "team", "-c", sql], user: "admin", password: pg.adminPassword)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Every table's rows, in a fixed order: what "the server is unchanged" compares.
  func snapshot(_ pg: PostgresCluster) throws -> String {
    try [
      "member", "role", "candidate", "status_change", "bank_snapshot", "interview", "recommendation", "answer",
      "signal_mark", "note", "forgotten", "application", "candidate_note", "sync_conflict", "forget_request",
    ].map { t in
      try value(pg, "SELECT coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '') FROM shortlist.\(t) x")
    }.joined(separator: "\n--\n")
  }

  /// v4's push deletes notes a push no longer carries, in the caller's own open interviews only: a member who
  /// pushes another member's open interview with no notes (or a note of her own under its id) deletes nothing.
  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func aMemberCannotTakeBackAnotherMembersNotes() throws {
    let pg = try PostgresCluster()
    let (_, m1, m2) = try team(pg)
    let open = try m1.run([], stdin: "interview start Linus --bank rag-prototype\nm1 says: careful with scope\n")
    #expect(open.status == 0, "\(open.err)")
    _ = try m1.sync()
    let interview = try value(pg, "SELECT uuid FROM shortlist.interview WHERE owner = 'm1' AND state = 'open'")
    let linus = try value(pg, "SELECT candidate_uuid FROM shortlist.interview WHERE uuid = '\(interview)'")
    let sha = try value(pg, "SELECT snapshot_sha256 FROM shortlist.interview WHERE uuid = '\(interview)'")
    #expect(try value(pg, "SELECT count(*) FROM shortlist.note WHERE interview_uuid = '\(interview)'") == "1")
    let before = try snapshot(pg)
    for notes in [
      "[]",
      #"[{"uuid": "n-m2", "interview_uuid": "\#(interview)", "question_id": "first-moves", "text": "x", "at": 5}]"#,
    ] {
      let r = psql(
        pg, m2,
        """
        SELECT shortlist.push('{"interviews": [{"uuid": "\(interview)", "candidate_uuid": "\(linus)",
          "snapshot_sha256": "\(sha)", "started_at": 1, "state": "open"}], "notes": \(notes)}'::jsonb)
        """)
      #expect(r.ok && r.text.contains("another member's"), "\(r.text)")
    }
    #expect(try snapshot(pg) == before, "m2's push changed m1's open interview")
  }

  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func aMemberWithPsqlCanNeitherReadSealedContentNorWriteOthersRows() throws {
    let pg = try PostgresCluster()
    let (lead, m1, m2) = try team(pg)
    let interview = try value(pg, "SELECT uuid FROM shortlist.interview WHERE owner = 'm1'")
    let grace = try value(pg, "SELECT candidate_uuid FROM shortlist.interview WHERE owner = 'm1'")
    let sha = try value(pg, "SELECT sha256 FROM shortlist.bank_snapshot LIMIT 1")
    let before = try snapshot(pg)

    // Tables: no write of any kind, no temporary objects, no functions of her own.
    let refusedStatements = [
      // The ON CONFLICT ... WHERE read of the other member's row (it needs INSERT and UPDATE).
      """
      INSERT INTO shortlist.answer AS t (interview_uuid, question_id, candidate_uuid, score, at)
        VALUES ('\(interview)', 'first-moves', '\(grace)', 1, 1)
        ON CONFLICT (interview_uuid, question_id) DO UPDATE SET score = 1 WHERE t.comment LIKE '%'
      """,
      "CREATE TEMP TABLE loot (t text)",
      "CREATE FUNCTION public.peek(t text) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
      "CREATE SCHEMA mine",
      "UPDATE shortlist.interview SET state = 'open' WHERE uuid = '\(interview)'",
      """
      INSERT INTO shortlist.interview (uuid, candidate_uuid, snapshot_sha256, started_at, finished_at, state)
        VALUES ('fake', '\(grace)', 'made-up', 1, 2, 'finished')
      """,
      "UPDATE shortlist.candidate SET name = 'Renamed', tier = 4, hlc = 'ffffffffffffffff-0000-m2'",
      "UPDATE shortlist.forgotten SET uuid_hash = 'x'",
      "UPDATE shortlist.status_change SET made_by = 'admin'",
      "INSERT INTO shortlist.candidate_note (uuid, candidate_uuid, text, at, made_by) VALUES ('n', '\(grace)', 'x', 1, 'admin')",
      "UPDATE shortlist.candidate SET xid = '0'",
      "DELETE FROM shortlist.member",
      "TRUNCATE shortlist.note",
      "SELECT shortlist.erase(shortlist.uuid_hash('\(grace)'))",
      "SELECT shortlist.add_member('eve', NULL, true)",
      "SET ROLE shortlist_owner",
      // Storage of her own outside the tables: large objects (the server's admin ran `team init`, a superuser).
      "SELECT lo_create(0)", "SELECT lo_creat(-1)", "SELECT lo_from_bytea(0, 'loot')",
    ]
    for sql in refusedStatements {
      let r = psql(pg, m2, sql)
      #expect(!r.ok, "m2 could run: \(sql)")
    }

    // The push function: the writer is her session; nothing of another member's is taken.
    func push(_ json: String) throws -> String {
      let r = psql(pg, m2, "SELECT shortlist.push('\(json)'::jsonb)")
      #expect(r.ok, "\(r.text)")
      return r.text
    }
    let planted = try push(
      """
      {"interviews": [{"uuid": "\(interview)", "candidate_uuid": "\(grace)", "snapshot_sha256": "\(sha)",
        "started_at": 1, "state": "open", "recommendation": "strong-no"}],
       "answers": [{"interview_uuid": "\(interview)", "question_id": "first-moves", "score": 1, "skipped": false,
        "at": 5}],
       "notes": [{"uuid": "n-planted", "interview_uuid": "\(interview)", "question_id": "first-moves",
        "text": "planted", "at": 5}]}
      """)
    #expect(planted.contains("another member's") && planted.contains("not this member's open interview"), "\(planted)")
    let empty = try push(
      """
      {"interviews": [{"uuid": "fake-1", "candidate_uuid": "\(grace)", "snapshot_sha256": "\(sha)", "started_at": 1,
        "finished_at": 2, "state": "finished"}]}
      """)
    #expect(empty.contains("at least one answer"), "\(empty)")
    let madeUp = try push(
      """
      {"interviews": [{"uuid": "fake-2", "candidate_uuid": "\(grace)", "snapshot_sha256": "made-up",
        "started_at": 1, "finished_at": 2, "state": "finished"}]}
      """)
    #expect(madeUp.contains("bank snapshot is not on the team server"), "\(madeUp)")
    let future = try push(
      """
      {"candidates": [{"uuid": "\(grace)", "name": "Renamed", "tier": 4, "source": "x", "created_at": 1,
        "hlc": "00000ec7a2a0a000-0000-m2"}]}
      """)
    #expect(future.contains("check this laptop's clock"), "\(future)")
    let forget = try push("{\"tombstones\": [{\"uuid_hash\": \"\(String(repeating: "0", count: 64))\"}]}")
    #expect(forget.contains("only a lead forgets"), "\(forget)")
    let huge = try push(
      """
      {"candidate_notes": [{"uuid": "huge", "candidate_uuid": "\(grace)", "text": "\(String(repeating: "x", count: 20_001))", "at": 1}],
       "candidates": [{"uuid": "nan-1", "name": "N", "tier": 2, "source": "x", "rate": "NaN", "created_at": 1,
        "hlc": "0000000000000001-0000-m2", "links": [null]}]}
      """)
    #expect(huge.contains("1 to 20,000 characters") && huge.contains("a rate is a positive number"), "\(huge)")
    // Leaking through a policy needs a function of her own: she cannot make one, and the rows stay sealed.
    #expect(psql(pg, m2, "SELECT count(*) FROM shortlist.answer").text.hasPrefix("0"))
    #expect(psql(pg, m2, "SELECT count(*) FROM shortlist.recommendation").text.hasPrefix("0"))
    #expect(try snapshot(pg) == before, "an attack changed the server")

    // The honest members are untouched: m1's scorecard is what she recorded, and syncs go on.
    for l in [m1, m2, lead] { _ = try l.sync() }
    let compare = try lead.compare()
    #expect(compare.contains("\"Grace Hopper\""), "\(compare)")
    #expect(try value(pg, "SELECT string_agg(value, ',') FROM shortlist.recommendation") == "yes")
    #expect(try value(pg, "SELECT count(*) FROM shortlist.answer WHERE owner <> 'm1'") == "0")
  }

  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func membersAndLeadsHoldNoWritePrivilegeAndEveryDefinerPinsItsPath() throws {
    let pg = try PostgresCluster()
    let (_, m1, _) = try team(pg)
    for role in ["shortlist_member", "shortlist_lead", "m1", "m2"] {
      let writable = try value(
        pg,
        """
        SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('shortlist', 'public') AND c.relkind IN ('r', 'v', 'p')
          AND has_table_privilege('\(role)', c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE')
        """)
      #expect(writable == "0", "\(role) may write \(writable) tables")
      #expect(try value(pg, "SELECT has_database_privilege('\(role)', 'team', 'TEMP')") == "f", "\(role) has TEMP")
      #expect(try value(pg, "SELECT has_database_privilege('\(role)', 'team', 'CREATE')") == "f")
      for schema in ["shortlist", "public"] {
        #expect(try value(pg, "SELECT has_schema_privilege('\(role)', '\(schema)', 'CREATE')") == "f")
      }
    }
    let definers = try value(
      pg,
      """
      SELECT string_agg(p.proname || ':' || r.rolname || ':' || r.rolcanlogin || ':' ||
        coalesce(array_to_string(p.proconfig, ','), ''), ' | ' ORDER BY p.proname)
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_roles r ON r.oid = p.proowner
      WHERE n.nspname = 'shortlist' AND p.prosecdef
      """)
    let each = definers.components(separatedBy: " | ")
    #expect(each.count >= 5, "\(definers)")
    for d in each {
      #expect(d.contains(":shortlist_owner:false:") && d.contains("search_path=pg_catalog, pg_temp"), "\(d)")
    }
    // The sealing check is an index probe of interview (candidate_uuid, owner, state), not a function per row.
    let plan = psql(
      pg, m1, "SET enable_seqscan = off; EXPLAIN SELECT * FROM shortlist.answer WHERE candidate_uuid = 'x'"
    ).text
    #expect(plan.contains("interview_candidate_owner"), "\(plan)")
    #expect(!plan.contains("may_read"), "\(plan)")
  }

  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func aTamperedLaptopIsRefusedAndItsRowsStayPending() throws {
    let pg = try PostgresCluster()
    let (lead, m1, m2) = try team(pg)
    let interview = try value(pg, "SELECT uuid FROM shortlist.interview WHERE owner = 'm1'")
    let before = try snapshot(pg)
    // m2 edits her file: m1's scorecard relabelled as hers and reopened, and a candidate stamped in 2099.
    let queue = try DatabaseQueue(path: m2.bin.db)
    try queue.write { db in
      try db.execute(
        sql:
          "UPDATE interview SET interviewer = 'm2', state = 'open', finished_at = NULL, synced = NULL WHERE uuid = ?",
        arguments: [interview])
      try db.execute(
        sql: "UPDATE candidate SET name = 'Hacked', hlc = '00000ec7a2a0a000-0000-m2' WHERE name = 'Linus Torvalds'")
    }
    try queue.close()
    let r = try m2.run(["sync"])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.err.contains("the server refused interview row") && r.err.contains("another member's"), "\(r.err)")
    #expect(r.err.contains("check this laptop's clock"), "\(r.err)")
    #expect(try snapshot(pg) == before, "a tampered push changed the server")
    let status = try m2.run(["team", "status", "--format", "json"]).out
    #expect(!status.contains("\"pending\": 0") && status.contains("refused"), "\(status)")
    // Everyone else still converges on the truth.
    for l in [m1, lead] {
      _ = try l.sync()
      #expect(try l.run(["candidate", "show", "Linus"]).out.contains("Linus Torvalds"))
    }
  }

  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func aRowTheLaptopCannotReadIsSkippedAndNamedWhileTheRestSyncs() throws {
    let pg = try PostgresCluster()
    let (lead, m1, m2) = try team(pg)
    // Rows from before the limits (written by the server's owner): a NaN rate, a NULL inside links, a long note.
    try pg.psql(
      [
        "-d", "team", "-c",
        """
        ALTER TABLE shortlist.candidate DROP CONSTRAINT candidate_limits;
        ALTER TABLE shortlist.candidate_note DROP CONSTRAINT candidate_note_limits;
        UPDATE shortlist.candidate SET rate = 'NaN', xid = pg_current_xact_id() WHERE name = 'Linus Torvalds';
        INSERT INTO shortlist.candidate_note (uuid, candidate_uuid, text, at, made_by)
          SELECT 'long', uuid, repeat('x', 50000), 1, 'admin' FROM shortlist.candidate WHERE name = 'Grace Hopper';
        """,
      ], user: "admin", password: pg.adminPassword)
    #expect(try lead.run(["candidate", "add", "Ada Lovelace", "--tier", "2"]).status == 0)
    _ = try lead.sync()
    let r = try m2.run(["sync", "--full"])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.err.contains("skipped 1 candidate row") && r.err.contains("rate is not a number"), "\(r.err)")
    #expect(r.err.contains("skipped 1 candidate_note row"), "\(r.err)")
    #expect(try m2.run(["candidate", "show", "Ada"]).status == 0, "the rest synced")
    #expect(!(try m2.run(["candidate", "show", "Grace"]).out.contains("xxxxxxxxxx")))
    let status = try m2.run(["team", "status"]).out
    #expect(status.contains("skipped") && status.contains("rate is not a number"), "\(status)")
    // Scorecards still push: m2 finishes hers and m1 sees it.
    try m2.interview("Grace", score: 2)
    _ = try m2.sync()
    _ = try m1.sync()
    #expect(try m1.run(["interview", "list", "--format", "json"]).out.contains("\"m2\""))
  }

  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func onlyALeadForgetsAndAMemberFilesARequest() throws {
    let pg = try PostgresCluster()
    let (lead, _, m2) = try team(pg)
    let refused = try m2.run(["candidate", "forget", "Linus", "--yes"])
    #expect(
      refused.status == 1 && refused.err.contains("only a lead") && refused.err.contains("admin"), "\(refused.err)")
    let asked = try m2.run(["candidate", "forget", "Linus", "--request", "--note", "asked to be removed"])
    #expect(asked.status == 0, "\(asked.err)")
    _ = try lead.sync()
    let status = try lead.run(["team", "status", "--format", "json"]).out
    let object = try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any]
    let requests = object?["forget_requests"] as? [[String: Any]] ?? []
    #expect(requests.count == 1 && requests.first?["requested_by"] as? String == "m2", "\(status)")
    #expect(requests.first?["note"] as? String == "asked to be removed")
    // The request carries the candidate's id only: no name, email or links on the server.
    #expect(try value(pg, "SELECT count(*) FROM shortlist.forget_request WHERE note LIKE '%Linus%'") == "0")
    #expect(try lead.run(["candidate", "forget", "Linus", "--yes"]).status == 0)
    _ = try lead.sync()
    _ = try m2.sync()
    #expect(!(try m2.run(["candidate", "list", "--all-roles"]).out.contains("Linus")))
    // A tombstone cannot be undone: no member may touch it, and the person's UUID is refused for good.
    #expect(!psql(pg, m2, "DELETE FROM shortlist.forgotten").ok)
    let uuid = try value(pg, "SELECT uuid FROM shortlist.candidate WHERE forgotten")
    let back = psql(
      pg, m2,
      """
      SELECT shortlist.push('{"candidates": [{"uuid": "\(uuid)", "name": "Linus Torvalds", "tier": 3, "source": "x",
        "created_at": 1, "hlc": "0000000000000009-0000-m2"}]}'::jsonb)
      """)
    #expect(back.text.contains("forgotten"), "\(back.text)")
    #expect(try value(pg, "SELECT count(*) FROM shortlist.candidate WHERE name LIKE 'Linus%'") == "0")
  }

  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func newMembersPasswordsNeverReachTheServersStatementLog() throws {
    let pg = try PostgresCluster(statementLog: true)
    let lead = try Binary()
    #expect(try lead.run(["team", "init", pg.url("admin")], env: ["PGPASSWORD": pg.adminPassword]).status == 0)
    var printed: [String] = []
    for name in ["alice", "bob"] {
      let out = try lead.run(["team", "member", "add", name], env: ["PGPASSWORD": pg.adminPassword]).out
      printed.append(try #require(TeamSyncTests.password(in: out), "\(out)"))
    }
    let log = pg.log
    #expect(log.contains("add_member"), "the statement log is on")
    for p in printed { #expect(!log.contains(p), "a password is in the server's log") }
    // The verifier works: each member logs in with the printed password.
    for (name, p) in zip(["alice", "bob"], printed) {
      #expect(try pg.psql(["-d", "team", "-c", "SELECT current_user"], user: name, password: p).contains(name))
    }
  }

  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func aVersion2ServerIsUpgradedInPlaceAndOldClientsAreToldToUpdate() throws {
    let pg = try PostgresCluster()
    // A server as the previous version left it: schema v2 and a member's rows, written the old way.
    let v2 = (TeamSchema.migrations[0] + TeamSchema.migrations[1]).joined(separator: ";\n")
    try pg.psql(
      [
        "-d", "team", "-c",
        """
        CREATE TABLE public.shortlist_team_migrations (version integer PRIMARY KEY,
          applied_at timestamptz NOT NULL DEFAULT now());
        \(v2);
        INSERT INTO public.shortlist_team_migrations (version) VALUES (1), (2);
        CREATE ROLE old LOGIN PASSWORD 'old-pass' CREATEROLE;
        GRANT shortlist_member TO old; GRANT shortlist_lead TO old WITH ADMIN OPTION;
        INSERT INTO shortlist.member (name, lead) VALUES ('old', true);
        INSERT INTO shortlist.candidate (uuid, name, tier, source, created_at, hlc, modified_by)
          VALUES ('c-old', 'Grace Hopper', 1, 'referral', 1, '0000000000000001-0000-old', 'old');
        INSERT INTO shortlist.status_change (candidate_uuid, to_status, at, made_by) VALUES ('c-old', 'sourced', 1, 'old');
        """,
      ], user: "admin", password: pg.adminPassword)
    let lead = try Binary()
    let up = try lead.run(["team", "init", pg.url("admin")], env: ["PGPASSWORD": pg.adminPassword])
    #expect(up.status == 0 && up.out.contains("schema v\(TeamSchema.migrations.count)"), "\(up.out)\(up.err)")
    #expect(try value(pg, "SELECT count(*) FROM shortlist.candidate") == "1")
    #expect(try value(pg, "SELECT count(*) FROM shortlist.status_change") == "1")
    // The v2 lead lost what let a lead hand out roles; they add members through the server's function now.
    #expect(try value(pg, "SELECT rolcreaterole FROM pg_roles WHERE rolname = 'old'") == "f")
    let old = TeamSyncTests.Laptop(bin: try Binary(), name: "old", password: "old-pass")
    #expect(
      !psql(pg, old, "INSERT INTO shortlist.status_change (candidate_uuid, to_status, at) VALUES ('c-old', 'hired', 2)")
        .ok)
    // A previous version's pull reads `conflict` without announcing itself: one clear line.
    let oldPull = psql(pg, old, "SELECT count(*) FROM shortlist.conflict")
    #expect(!oldPull.ok && oldPull.text.contains("the team server was upgraded; update shortlist"), "\(oldPull.text)")
    // This version joins and syncs the kept rows.
    let joined = try old.run(["team", "join", pg.url("old")])
    #expect(joined.status == 0 && joined.out.contains("pulled"), "\(joined.err)")
    #expect(try old.run(["candidate", "show", "Grace"]).out.contains("Grace Hopper"))
  }
}
