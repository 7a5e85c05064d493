import Foundation
import GRDB
import ShortlistCore

/// The database schema, one named migration per released version. A shipped migration is never edited: a change
/// is a new migration appended to `migrations`. Migrations use SQL only, never app types.
enum Schema {
  /// (identifier, body) in order; the schema version is the number of migrations applied.
  static let migrations: [(String, @Sendable (Database) throws -> Void)] = [
    ("v1", v1),
    ("v2", v2),
    ("v3", v3),
    ("v4", v4),
    ("v5", v5),
    ("v6", v6),
    ("v7", v7),
    ("v8", v8),
    ("v9", v9),
    ("v10", v10),
    ("v11", v11),
    ("v12", v12),
    ("v13", v13),
    ("v14", v14),
    ("v15", v15),
  ]

  static var currentVersion: Int { migrations.count }

  static func migrator() -> DatabaseMigrator {
    var migrator = DatabaseMigrator()
    for (name, body) in migrations { migrator.registerMigration(name, migrate: body) }
    return migrator
  }

  private static let statuses =
    "'sourced','screening','interviewing','shortlisted','offer','hired','rejected','withdrawn'"

  @Sendable private static func v1(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE setting (
          key TEXT PRIMARY KEY NOT NULL,
          value TEXT NOT NULL
        );

        CREATE TABLE role (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(title)) > 0),
          goal TEXT, metric TEXT, stack TEXT, milestone TEXT,
          model TEXT CHECK (model IS NULL OR model IN ('fixed','tm','retainer')),
          budget_min REAL CHECK (budget_min IS NULL OR budget_min > 0),
          budget_max REAL CHECK (budget_max IS NULL OR budget_max > 0),
          created_at REAL NOT NULL,
          CHECK (budget_min IS NULL OR budget_max IS NULL OR budget_min <= budget_max)
        );

        CREATE TABLE role_bank (
          role_id INTEGER NOT NULL REFERENCES role(id) ON DELETE CASCADE,
          bank_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (role_id, bank_id)
        );

        CREATE TABLE candidate (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
          email TEXT COLLATE NOCASE,
          tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 4),
          source TEXT NOT NULL,
          rate REAL CHECK (rate IS NULL OR rate > 0),
          status TEXT NOT NULL DEFAULT 'sourced' CHECK (status IN (\(statuses))),
          created_at REAL NOT NULL,
          forgotten INTEGER NOT NULL DEFAULT 0 CHECK (forgotten IN (0, 1)),
          provenance TEXT
        );
        CREATE INDEX candidate_tier ON candidate(tier);
        CREATE INDEX candidate_email ON candidate(email);

        CREATE TABLE candidate_link (
          candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          url TEXT NOT NULL,
          PRIMARY KEY (candidate_id, position)
        );

        CREATE TABLE candidate_tag (
          candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
          tag TEXT NOT NULL COLLATE NOCASE,
          PRIMARY KEY (candidate_id, tag)
        );
        CREATE INDEX candidate_tag_tag ON candidate_tag(tag);

        CREATE TABLE candidate_role (
          candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
          role_id INTEGER NOT NULL REFERENCES role(id) ON DELETE CASCADE,
          PRIMARY KEY (candidate_id, role_id)
        );
        CREATE INDEX candidate_role_role ON candidate_role(role_id);

        CREATE TABLE status_change (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
          from_status TEXT CHECK (from_status IS NULL OR from_status IN (\(statuses))),
          to_status TEXT NOT NULL CHECK (to_status IN (\(statuses))),
          at REAL NOT NULL,
          note TEXT
        );
        CREATE INDEX status_change_candidate ON status_change(candidate_id, at);

        CREATE TABLE bank_snapshot (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          bank_id TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version > 0),
          sha256 TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL,
          content TEXT NOT NULL,
          created_at REAL NOT NULL,
          UNIQUE (bank_id, version)
        );

        CREATE TABLE interview (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
          role_id INTEGER REFERENCES role(id) ON DELETE SET NULL,
          snapshot_id INTEGER NOT NULL REFERENCES bank_snapshot(id) ON DELETE RESTRICT,
          interviewer TEXT NOT NULL CHECK (length(interviewer) > 0),
          started_at REAL NOT NULL,
          finished_at REAL,
          state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','finished')),
          current_question INTEGER NOT NULL DEFAULT 0 CHECK (current_question >= 0),
          recommendation TEXT CHECK (recommendation IS NULL OR
            recommendation IN ('strong-no','no','yes','strong-yes')),
          CHECK ((state = 'finished') = (finished_at IS NOT NULL))
        );
        CREATE INDEX interview_candidate ON interview(candidate_id);

        CREATE TABLE note (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          interview_id INTEGER NOT NULL REFERENCES interview(id) ON DELETE CASCADE,
          question_id TEXT NOT NULL,
          text TEXT NOT NULL,
          at REAL NOT NULL
        );
        CREATE INDEX note_interview ON note(interview_id, question_id);

        CREATE TABLE answer (
          interview_id INTEGER NOT NULL REFERENCES interview(id) ON DELETE CASCADE,
          question_id TEXT NOT NULL,
          score INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 4),
          comment TEXT,
          skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
          skip_reason TEXT,
          at REAL NOT NULL,
          PRIMARY KEY (interview_id, question_id),
          CHECK (NOT (skipped = 1 AND score IS NOT NULL))
        );

        CREATE TABLE signal_mark (
          interview_id INTEGER NOT NULL REFERENCES interview(id) ON DELETE CASCADE,
          question_id TEXT NOT NULL,
          signal_index INTEGER NOT NULL CHECK (signal_index >= 1),
          value TEXT NOT NULL CHECK (value IN ('yes','partial','no')),
          at REAL NOT NULL,
          PRIMARY KEY (interview_id, question_id, signal_index)
        );
        """)
  }

  /// v2: indexes for comparisons by role and per-tier yield.
  @Sendable private static func v2(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE INDEX interview_role ON interview(role_id);
        CREATE INDEX status_change_status ON status_change(to_status, candidate_id);
        """)
  }

  /// v3: forget tombstones (a keyed hash of a forgotten person's UUID, nothing personal), so that merge and sync never
  /// bring them back; a partial index for the sealing rule's "has an open scorecard".
  @Sendable private static func v3(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE forgotten (
          uuid_hash TEXT PRIMARY KEY NOT NULL CHECK (length(uuid_hash) = 64),
          at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX interview_open ON interview(candidate_id) WHERE state = 'open';
        """)
  }

  /// v4: one person in constant time. `candidate.name_key` (the name folded as `NameKey.fold` does: lowercase, no
  /// accents, no apostrophes) and one row per word of it in `candidate_name_token`, both indexed, so resolving a
  /// typed name is a few index lookups however many candidates there are; a covering index for the first time each
  /// candidate reached a status (`tiers`). The keys are derived data, filled here for existing rows and kept by the
  /// Store on every name change.
  @Sendable private static func v4(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE candidate ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
        CREATE INDEX candidate_name_key ON candidate(name_key);
        CREATE TABLE candidate_name_token (
          token TEXT NOT NULL,
          candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
          PRIMARY KEY (token, candidate_id)
        ) WITHOUT ROWID;
        DROP INDEX status_change_status;
        CREATE INDEX status_change_reached ON status_change(to_status, candidate_id, at);
        """)
    let rows = try Row.fetchAll(db, sql: "SELECT id, name FROM candidate")
    let update = try db.makeStatement(sql: "UPDATE candidate SET name_key = ? WHERE id = ?")
    let token = try db.makeStatement(
      sql: "INSERT OR IGNORE INTO candidate_name_token(token, candidate_id) VALUES (?, ?)")
    for row in rows {
      let id: Int64 = try row.checked(0, table: "candidate", rowId: nil)
      let key = NameKey.fold(try row.checkedOptional(1, table: "candidate", rowId: id) ?? "")
      try update.execute(arguments: [key, id])
      for word in NameKey.words(key) { try token.execute(arguments: [word, id]) }
    }
  }

  /// v5: time spent on each question of an interview, kept as the interview goes (with every note and every move),
  /// so the clock survives /pause, resume and a crash.
  @Sendable private static func v5(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE question_time (
          interview_id INTEGER NOT NULL REFERENCES interview(id) ON DELETE CASCADE,
          question_id TEXT NOT NULL,
          seconds REAL NOT NULL CHECK (seconds >= 0),
          PRIMARY KEY (interview_id, question_id)
        ) WITHOUT ROWID;
        """)
  }

  /// v6: the user's own source map: sources added or re-tiered (`tier` 1-4), or defaults removed (`tier` NULL).
  @Sendable private static func v6(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE source_tier (
          name TEXT PRIMARY KEY NOT NULL CHECK (length(trim(name)) > 0 AND name = lower(name)),
          tier INTEGER CHECK (tier IS NULL OR tier BETWEEN 1 AND 4)
        ) WITHOUT ROWID;
        """)
  }

  /// v7: the pipeline per role. A status belongs to an application, one (candidate, role) pair: `candidate_role` gains
  /// the application's `status` and `since` (when it reached it), every status change names its role (NULL: the
  /// status of a candidate with no role) and whether it was forced past the pipeline rule. `candidate.status` and
  /// `candidate.since` keep the candidate's own status (no role) or their latest move. Roles can be archived;
  /// finished interviews can be voided (kept, out of every score); an aborted interview leaves an audit row.
  /// Today's single status becomes one application per attached role, with its history copied to each.
  @Sendable private static func v7(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE candidate ADD COLUMN since REAL NOT NULL DEFAULT 0;
        ALTER TABLE candidate_role ADD COLUMN status TEXT NOT NULL DEFAULT 'sourced' CHECK (status IN (\(statuses)));
        ALTER TABLE candidate_role ADD COLUMN since REAL NOT NULL DEFAULT 0;
        ALTER TABLE status_change ADD COLUMN role_id INTEGER REFERENCES role(id) ON DELETE CASCADE;
        ALTER TABLE status_change ADD COLUMN forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1));
        ALTER TABLE role ADD COLUMN archived_at REAL;
        ALTER TABLE interview ADD COLUMN voided_at REAL;
        ALTER TABLE interview ADD COLUMN void_note TEXT;
        CREATE TABLE interview_abort (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
          role_id INTEGER REFERENCES role(id) ON DELETE SET NULL,
          bank_id TEXT NOT NULL,
          bank_version INTEGER NOT NULL,
          interviewer TEXT NOT NULL,
          started_at REAL NOT NULL,
          aborted_at REAL NOT NULL,
          notes_erased INTEGER NOT NULL CHECK (notes_erased >= 0)
        );

        UPDATE candidate SET since = coalesce(
          (SELECT max(at) FROM status_change WHERE candidate_id = candidate.id), created_at);
        UPDATE candidate_role SET
          status = (SELECT status FROM candidate WHERE id = candidate_role.candidate_id),
          since = (SELECT since FROM candidate WHERE id = candidate_role.candidate_id);
        INSERT INTO status_change (candidate_id, from_status, to_status, at, note, role_id, forced)
          SELECT sc.candidate_id, sc.from_status, sc.to_status, sc.at, sc.note, cr.role_id, 0
          FROM status_change sc JOIN candidate_role cr ON cr.candidate_id = sc.candidate_id
          WHERE sc.role_id IS NULL ORDER BY sc.id, cr.role_id;
        DELETE FROM status_change
          WHERE role_id IS NULL AND candidate_id IN (SELECT candidate_id FROM candidate_role);

        CREATE INDEX status_change_role ON status_change(role_id, to_status, candidate_id, at);
        CREATE INDEX candidate_role_since ON candidate_role(role_id, since);
        """)
  }

  /// v8: notes about a candidate outside any interview: the recruiter's sourcing note from an imported sheet's
  /// Notes column, or `candidate note NAME TEXT`. Personal: erased by `forget` with the rest.
  @Sendable private static func v8(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE candidate_note (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
          text TEXT NOT NULL,
          author TEXT,
          origin TEXT,
          at REAL NOT NULL
        );
        CREATE INDEX candidate_note_candidate ON candidate_note(candidate_id, at);
        """)
  }

  /// v9: after the hire. An engagement per hire (model, rate, weekly hour cap, budget, start; the outcome review
  /// when it ends), its contract checklist (the four protections), the First 5 Days items with their done dates,
  /// weekly reports (hours, and the founder's coordination hours; `forced` when logged with the checklist open) and
  /// the shared risk log.
  @Sendable private static func v9(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE engagement (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
          role_id INTEGER REFERENCES role(id) ON DELETE SET NULL,
          model TEXT CHECK (model IS NULL OR model IN ('fixed','tm','retainer')),
          rate REAL CHECK (rate IS NULL OR rate > 0),
          cap REAL CHECK (cap IS NULL OR cap > 0),
          budget REAL CHECK (budget IS NULL OR budget > 0),
          start_day TEXT NOT NULL CHECK (length(start_day) = 10),
          end_day TEXT CHECK (end_day IS NULL OR length(end_day) = 10),
          milestone TEXT CHECK (milestone IS NULL OR milestone IN ('yes','late','no')),
          quality INTEGER CHECK (quality IS NULL OR quality BETWEEN 1 AND 4),
          communication INTEGER CHECK (communication IS NULL OR communication BETWEEN 1 AND 4),
          again INTEGER CHECK (again IS NULL OR again IN (0, 1)),
          total_hours REAL CHECK (total_hours IS NULL OR total_hours >= 0),
          rework_hours REAL CHECK (rework_hours IS NULL OR rework_hours >= 0),
          support_hours REAL CHECK (support_hours IS NULL OR support_hours >= 0),
          created_at REAL NOT NULL
        );
        CREATE INDEX engagement_candidate ON engagement(candidate_id);
        CREATE TABLE contract_check (
          engagement_id INTEGER NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
          item TEXT NOT NULL CHECK (item IN ('ip','nda','data','acceptance')),
          state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','done','waived')),
          reason TEXT,
          at REAL,
          PRIMARY KEY (engagement_id, item)
        ) WITHOUT ROWID;
        CREATE TABLE onboarding_item (
          engagement_id INTEGER NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
          item_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 5),
          title TEXT NOT NULL,
          first_ship INTEGER NOT NULL DEFAULT 0 CHECK (first_ship IN (0, 1)),
          done_day TEXT CHECK (done_day IS NULL OR length(done_day) = 10),
          PRIMARY KEY (engagement_id, item_id)
        ) WITHOUT ROWID;
        CREATE TABLE weekly_report (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          engagement_id INTEGER NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
          week TEXT NOT NULL CHECK (length(week) = 10),
          done TEXT, next TEXT, blockers TEXT,
          hours REAL CHECK (hours IS NULL OR hours >= 0),
          coordination REAL CHECK (coordination IS NULL OR coordination >= 0),
          forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
          at REAL NOT NULL
        );
        CREATE INDEX weekly_report_engagement ON weekly_report(engagement_id, week);
        CREATE TABLE risk (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          engagement_id INTEGER NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
          text TEXT NOT NULL,
          severity TEXT NOT NULL CHECK (severity IN ('low','medium','high')),
          owner TEXT,
          opened_at REAL NOT NULL,
          closed_at REAL,
          note TEXT
        );
        CREATE INDEX risk_engagement ON risk(engagement_id);
        """)
  }

  /// v10: the fit check of a role (the playbook's decision signals) with its verdict and reasons.
  @Sendable private static func v10(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE role_fit (
          role_id INTEGER PRIMARY KEY REFERENCES role(id) ON DELETE CASCADE,
          answers TEXT NOT NULL,
          verdict TEXT NOT NULL CHECK (verdict IN ('freelancer','partner','full-time')),
          reasons TEXT NOT NULL,
          at REAL NOT NULL
        );
        """)
  }

  /// v11: team sync. Candidates and roles carry a hybrid logical clock stamp (`hlc`, set by every edit) and the
  /// stamp last exchanged with the team server (`synced_hlc`): a row whose two differ has a change not yet pushed, and
  /// two edits of one row resolve last-writer-wins by stamp. Append-only rows (applications, status changes, notes
  /// about a candidate, forget tombstones) carry `synced`; an interview carries the state it was last pushed in.
  /// Conflicts seen by a sync are kept for `team status` (their values are personal: erased by forget).
  @Sendable private static func v11(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE candidate ADD COLUMN hlc TEXT NOT NULL DEFAULT '';
        ALTER TABLE candidate ADD COLUMN synced_hlc TEXT;
        ALTER TABLE role ADD COLUMN hlc TEXT NOT NULL DEFAULT '';
        ALTER TABLE role ADD COLUMN synced_hlc TEXT;
        ALTER TABLE candidate_role ADD COLUMN synced INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1));
        ALTER TABLE status_change ADD COLUMN synced INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1));
        ALTER TABLE candidate_note ADD COLUMN synced INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1));
        ALTER TABLE forgotten ADD COLUMN synced INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1));
        ALTER TABLE interview ADD COLUMN synced TEXT;
        CREATE INDEX status_change_unsynced ON status_change(candidate_id) WHERE synced = 0;
        CREATE TABLE sync_conflict (
          uuid TEXT PRIMARY KEY NOT NULL,
          tbl TEXT NOT NULL CHECK (tbl IN ('candidate','role')),
          row_uuid TEXT NOT NULL,
          field TEXT NOT NULL,
          kept TEXT,
          lost_by TEXT NOT NULL,
          at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX sync_conflict_row ON sync_conflict(row_uuid);
        """)
  }

  /// v12: what a sync pushes, found by partial indexes instead of scans (an incremental sync of a 10,000-candidate
  /// database reads only the few changed rows).
  @Sendable private static func v12(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE INDEX candidate_unsynced ON candidate(id) WHERE synced_hlc IS NOT hlc;
        CREATE INDEX candidate_role_unsynced ON candidate_role(candidate_id) WHERE synced = 0;
        CREATE INDEX candidate_note_unsynced ON candidate_note(id) WHERE synced = 0;
        CREATE INDEX interview_unsynced ON interview(interviewer, id) WHERE synced IS NULL OR state = 'open';
        """)
  }

  /// v13: a fit check may be undecided (fewer than three signals, or a tie), and may carry the One-Pager's links.
  /// SQLite cannot change a CHECK in place: the table is copied into its new shape, every row kept.
  @Sendable private static func v13(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE role_fit_new (
          role_id INTEGER PRIMARY KEY REFERENCES role(id) ON DELETE CASCADE,
          answers TEXT NOT NULL,
          verdict TEXT NOT NULL CHECK (verdict IN ('freelancer','partner','full-time','undecided')),
          reasons TEXT NOT NULL,
          at REAL NOT NULL
        );
        INSERT INTO role_fit_new SELECT role_id, answers, verdict, reasons, at FROM role_fit;
        DROP TABLE role_fit;
        ALTER TABLE role_fit_new RENAME TO role_fit;
        ALTER TABLE role ADD COLUMN contacts TEXT;
        ALTER TABLE role ADD COLUMN repo TEXT;
        ALTER TABLE role ADD COLUMN board TEXT;
        """)
  }

  /// v14: the weekly 30-minute sync call (check-ins), the third part of the governance rhythm.
  @Sendable private static func v14(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE checkin (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid TEXT NOT NULL UNIQUE,
          engagement_id INTEGER NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
          day TEXT NOT NULL CHECK (length(day) = 10),
          note TEXT,
          at REAL NOT NULL
        );
        CREATE INDEX checkin_engagement ON checkin(engagement_id, day);
        """)
  }

  /// Every table and index any version of the schema created (SQLite's own `sqlite_*` objects aside). Shortlist
  /// creates no triggers and no views: a file holding one, or a table or index not named here, carries objects of
  /// someone else's, which would run or answer on every read and write the tool makes.
  static let knownObjects: Set<String> = [
    "table grdb_migrations", "table setting", "table role", "table role_bank", "table candidate",
    "table candidate_link", "table candidate_tag", "table candidate_role", "table status_change",
    "table bank_snapshot", "table interview", "table note", "table answer", "table signal_mark", "table forgotten",
    "table candidate_name_token", "table question_time", "table source_tier", "table interview_abort",
    "table candidate_note",
    "index candidate_tier", "index candidate_email", "index candidate_tag_tag", "index candidate_role_role",
    "index status_change_candidate", "index interview_candidate", "index note_interview", "index interview_role",
    "index status_change_status", "index interview_open", "index candidate_name_key", "index status_change_reached",
    "index status_change_role", "index candidate_role_since", "index candidate_note_candidate",
    "table engagement", "table contract_check", "table onboarding_item", "table weekly_report", "table risk",
    "index engagement_candidate", "index weekly_report_engagement", "index risk_engagement", "table role_fit",
    "index status_change_unsynced", "table sync_conflict", "index sync_conflict_row", "index candidate_unsynced",
    "index candidate_role_unsynced", "index candidate_note_unsynced", "index interview_unsynced",
    "table checkin", "index checkin_engagement",
  ]

  /// The objects of the file that Shortlist did not create ("trigger 'zz_keep'"), in the file's order.
  static func foreignObjects(_ db: Database) throws -> [String] {
    var out: [String] = []
    try db.eachRawRow("SELECT type, name FROM sqlite_master ORDER BY rowid") { row in
      if let object = foreignObject(type: row.string(0), name: row.string(1)) { out.append(object) }
    }
    return out
  }

  /// "trigger 'zz_keep'" for an object Shortlist did not create; nil for its own and SQLite's.
  static func foreignObject(type: String, name: String) -> String? {
    if name.hasPrefix("sqlite_") { return nil }
    return knownObjects.contains("\(type) \(name)") ? nil : "\(type) '\(name)'"
  }

  /// Every table becomes STRICT: a value of another type than its column's is refused when written (before, a text
  /// in an INTEGER column was stored, and the raw hot paths read it as 0). Each table is rebuilt by SQLite's
  /// procedure for a changed table (foreign keys are off during a migration, so nothing cascades): a STRICT copy,
  /// its rows, the old table dropped, the copy renamed, its indexes and its AUTOINCREMENT counter put back. A value
  /// that cannot be stored strictly (a damaged row) stops the migration: the transaction leaves the file as it was,
  /// and the backup made before migrating is there too.
  @Sendable private static func v15(_ db: Database) throws {
    let tables = try Row.fetchAll(
      db,
      sql: """
        SELECT name, sql FROM sqlite_master
        WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name
        """)
    // A new file (every table empty: a first run, and every sync's exchange file) needs no copies: the tables are
    // declared STRICT in place, which took creating a file from 70 back to about 20 ms. Safe only because no row
    // exists to be of another type; a file with rows takes the rebuild below.
    var empty = true
    for table in tables {
      guard let name: String = table["name"] else { continue }
      if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(name))") ?? true {
        empty = false
        break
      }
    }
    if empty {
      let names = tables.compactMap { (entry: Row) -> String? in entry["name"] }
      let list = names.map { "'\($0)'" }.joined(separator: ", ")
      try db.execute(sql: "PRAGMA writable_schema = ON")
      try db.execute(
        sql: """
          UPDATE sqlite_master SET sql = sql || CASE WHEN upper(sql) LIKE '%WITHOUT ROWID' THEN ', STRICT' ELSE ' STRICT' END
          WHERE type = 'table' AND name IN (\(list)) AND upper(sql) NOT LIKE '%STRICT'
          """)
      try db.execute(sql: "PRAGMA writable_schema = RESET")
      return
    }
    for table in tables {
      guard let name: String = table["name"], let create: String = table["sql"] else { continue }
      let trimmed = create.trimmingCharacters(in: .whitespacesAndNewlines)
      if trimmed.uppercased().hasSuffix("STRICT") { continue }
      let copy = name + "_strict"
      guard let open = trimmed.firstIndex(of: "(") else { continue }
      var strict = "CREATE TABLE \(copy) " + trimmed[open...]
      strict += trimmed.uppercased().hasSuffix("WITHOUT ROWID") ? ", STRICT" : " STRICT"
      let dependents = try String.fetchAll(
        db,
        sql: "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        arguments: [name])
      let hasSequence =
        try Bool.fetchOne(
          db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'sqlite_sequence'") ?? false
      let sequence =
        hasSequence
        ? try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [name]) : nil
      try db.execute(sql: strict)
      try db.execute(sql: "INSERT INTO \(copy) SELECT * FROM \(name)")
      try db.execute(sql: "DROP TABLE \(name)")
      try db.execute(sql: "ALTER TABLE \(copy) RENAME TO \(name)")
      for sql in dependents { try db.execute(sql: sql) }
      if let sequence {
        try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name IN (?, ?)", arguments: [name, copy])
        try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [name, sequence])
      }
    }
  }
}
