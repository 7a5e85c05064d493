import Foundation
import GRDB
import ShortlistCore
import ShortlistSupport

/// The one Shortlist database: migrations run when it opens, every write is a named method in one transaction.
public struct AppDatabase: Sendable {
  let writer: any DatabaseWriter
  public let path: String?
  /// Opened by `openForReading`: nothing is ever written through it (a write fails).
  public let isReadOnly: Bool
  /// Something the user should hear once about the file (its mode was tightened).
  public let notice: String?

  /// Set by `interrupt()`: long loops (a merge) stop at their next row even between statements.
  let interruption: Interruption

  init(
    writer: any DatabaseWriter, path: String?, isReadOnly: Bool = false, notice: String? = nil,
    interruption: Interruption = Interruption()
  ) {
    self.writer = writer
    self.path = path
    self.isReadOnly = isReadOnly
    self.notice = notice
    self.interruption = interruption
  }

  /// A second connection to the same file that only reads, for a report that reads its slices on two cores at once;
  /// nil for a database in memory, or when the file cannot be opened again (the report then reads on one). It
  /// shares this database's stop (Ctrl-C stops both). `close()` it when done.
  public func companionReader() -> AppDatabase? {
    guard let path, let queue = try? DatabaseQueue(path: path, configuration: Self.readOnlyConfiguration()) else {
      return nil
    }
    interruption.attach(queue)
    return AppDatabase(writer: queue, path: path, isReadOnly: true, interruption: interruption)
  }

  /// The database as a reader, for reports.
  public var reader: any DatabaseReader { writer }

  public static var schemaVersion: Int { Schema.currentVersion }

  /// Opens (creating if needed) the database file at `path`, 0600 in a 0700 folder when created. An older schema is
  /// backed up beside the file (`FILE.pre-vN.bak`) and migrated; a newer one is refused and left untouched.
  public static func open(path: String) throws -> AppDatabase {
    let fm = FileManager.default
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    try checkNotAFolder(path)
    if !fm.fileExists(atPath: folder) {
      do {
        try PrivateFile.makeFolder(folder)
      } catch {
        throw StoreError.unreadable(path, "cannot create the folder \(folder)")
      }
    }
    let existed = fm.fileExists(atPath: path)
    var notice: String?
    if existed {
      try checkRegularFile(path)
      notice = tightenMode(path)
      try checkHeader(path)
    } else {
      do {
        try PrivateFile.touch(path)
      } catch {
        throw StoreError.unreadable(path, (error as? PrivateFile.Failure)?.reason ?? "cannot create it")
      }
    }
    if existed {
      try recoverHotJournal(path)
    }
    if existed {
      // Check with a read-only connection first: a foreign or newer database must not be touched at all.
      do {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(15)
        let probe = try DatabaseQueue(path: path, configuration: config)
        defer { try? probe.close() }
        if try preflight(probe, path: path) == .older { try backUpBeforeMigrating(probe, path: path) }
      } catch let e as StoreError {
        throw e
      } catch {
        throw StoreError.map(error, context: path)
      }
    }
    let queue: DatabaseQueue
    do {
      queue = try DatabaseQueue(path: path, configuration: configuration())
      try migrate(queue)
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.map(error, context: path)
    }
    let db = AppDatabase(writer: queue, path: path, notice: notice)
    // A forget whose old pages another session was still reading is finished now.
    try? db.finishPendingPurge()
    return db
  }

  /// Opens the database for a command that only reads: a read-only connection (no WAL set-up, no migration check that
  /// writes, no write of any kind), which in WAL mode never waits on another process's writer. A file that does not
  /// exist is not created: the reader sees an empty database in memory. A file with an older schema is opened as
  /// `open` does (backed up, then migrated), since today's queries need today's schema.
  public static func openForReading(path: String) throws -> AppDatabase {
    try checkNotAFolder(path)
    guard FileManager.default.fileExists(atPath: path) else {
      let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
      var isDir: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
        throw StoreError.unreadable(path, "there is no folder \(folder)")
      }
      return try inMemory()
    }
    try checkRegularFile(path)
    let notice = tightenMode(path)
    try checkHeader(path)
    // A journal left by a crash mid-write (rollback mode) is hot: only a read-write open can roll it back.
    var journal = stat()
    if stat(path + "-journal", &journal) == 0, journal.st_size > 0 { return try open(path: path) }
    let queue: DatabaseQueue
    do {
      queue = try DatabaseQueue(path: path, configuration: readOnlyConfiguration())
      switch try preflight(queue, path: path) {
      case .current: break
      case .empty:
        try queue.close()
        return try inMemory()
      case .older:
        try queue.close()
        return try open(path: path)
      }
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.map(error, context: path)
    }
    return AppDatabase(writer: queue, path: path, isReadOnly: true, notice: notice)
  }

  /// A journal left by a crash mid-write (rollback mode) is hot: SQLite rolls it back on the first read of a
  /// read-write connection, restoring the file as it was before that write. Read-only connections cannot, and would
  /// call the database read-only.
  private static func recoverHotJournal(_ path: String) throws {
    var journal = stat()
    guard stat(path + "-journal", &journal) == 0, journal.st_size > 0 else { return }
    do {
      var config = Configuration()
      config.journalMode = .default
      config.busyMode = .timeout(15)
      let queue = try DatabaseQueue(path: path, configuration: config)
      _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
      try queue.close()
    } catch {
      throw StoreError.unreadable(
        path,
        "a write was interrupted (\((path as NSString).lastPathComponent)-journal) and cannot be rolled back here: \(StoreError.map(error, context: path).localizedDescription); check the folder is writable, or restore a backup"
      )
    }
  }

  /// A FIFO, device or socket as the database would hang or misbehave on open: refused before it is opened.
  private static func checkRegularFile(_ path: String) throws {
    var info = stat()
    guard stat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) != S_IFREG {
      throw StoreError.unreadable(path, "it is not a regular file (a pipe, a device or a socket); give a database file")
    }
  }

  /// A database file of ours readable by others (0644 from an old copy or a restore) is made 0600, with its -wal
  /// and -shm; says so (once: the next open finds it private).
  static func tightenMode(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o077 != 0 else { return nil }
    let old = String(info.st_mode & 0o777, radix: 8)
    for p in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: p) {
      _ = chmod(p, 0o600)
    }
    return "'\(path)' was readable by others (mode \(old)); made it private (0600)"
  }

  private static func checkNotAFolder(_ path: String) throws {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
      throw StoreError.unreadable(path, "it is a folder; give a file path")
    }
  }

  /// An existing file must be readable and, unless empty, start with SQLite's header.
  private static func checkHeader(_ path: String) throws {
    guard let header = PrivateFile.head(path, count: 16) else {
      throw StoreError.unreadable(path, "permission denied")
    }
    // An empty file is a new database; anything else must start with SQLite's header.
    if !header.isEmpty && header != Array("SQLite format 3\0".utf8) { throw StoreError.notADatabase(path) }
  }

  /// A fresh in-memory database, for tests.
  public static func inMemory() throws -> AppDatabase {
    let queue = try DatabaseQueue(configuration: configuration())
    try migrate(queue)
    return AppDatabase(writer: queue, path: nil)
  }

  /// Runs the migrations and records the schema version in `PRAGMA user_version` too, where any SQLite tool sees it.
  private static func migrate(_ queue: DatabaseQueue) throws {
    try Schema.migrator().migrate(queue)
    let version = Schema.currentVersion
    try queue.write { db in
      if try Int.fetchOne(db, sql: "PRAGMA user_version") != version {
        try db.execute(sql: "PRAGMA user_version = \(version)")
      }
    }
  }

  static func configuration() -> Configuration {
    var config = Configuration()
    config.foreignKeysEnabled = true
    config.journalMode = .wal
    config.busyMode = .timeout(15)
    config.publicStatementArguments = false
    config.label = "shortlist"
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA secure_delete = ON")
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      // SQL functions with side effects never run from a file's views or triggers.
      try db.execute(sql: "PRAGMA trusted_schema = OFF")
    }
    return config
  }

  /// A connection that cannot write: no journal-mode change (GRDB's WAL set-up writes), only reads.
  static func readOnlyConfiguration() -> Configuration {
    var config = Configuration()
    config.readonly = true
    config.foreignKeysEnabled = true
    config.busyMode = .timeout(15)
    config.publicStatementArguments = false
    config.label = "shortlist-read"
    config.prepareDatabase { db in try db.execute(sql: "PRAGMA trusted_schema = OFF") }
    return config
  }

  /// What a file's schema is, next to this program's.
  enum SchemaState { case current, empty, older }

  /// Refuses foreign or newer databases before any write.
  private static func preflight(_ queue: DatabaseQueue, path: String) throws -> SchemaState {
    // Raw rows (the C API): this runs before every command, where GRDB's typed fetches cost more to set up (the
    // first use of their generic code) than reading these few rows.
    let (tables, applied, userVersion, foreign) = try queue.read { db in
      var tables: Set<String> = []
      var foreign: [String] = []
      try db.eachRawRow("SELECT type, name FROM sqlite_master ORDER BY rowid") { row in
        let (type, name) = (row.string(0), row.string(1))
        if type == "table" { tables.insert(name) }
        if let object = Schema.foreignObject(type: type, name: name) { foreign.append(object) }
      }
      var applied: Set<String> = []
      if tables.contains("grdb_migrations") {
        try db.eachRawRow("SELECT identifier FROM grdb_migrations") { applied.insert($0.string(0)) }
      }
      var userVersion = 0
      try db.eachRawRow("PRAGMA user_version") { userVersion = Int($0.int64(0)) }
      return (tables, applied, userVersion, foreign)
    }
    if tables.isEmpty && foreign.isEmpty { return .empty }
    if !tables.contains("grdb_migrations") { throw StoreError.notShortlist(path) }
    // Before any write or migration: a trigger or view of someone else's would run inside the tool's transactions.
    if !foreign.isEmpty { throw StoreError.foreignObjects(path: path, objects: foreign) }
    let known = Schema.migrations.map(\.0)
    let unknown = applied.subtracting(known)
    if !unknown.isEmpty || userVersion > known.count {
      throw StoreError.newerSchema(path: path, found: max(applied.count, userVersion), known: known.count)
    }
    return applied.count < known.count ? .older : .current
  }

  /// Backs up an older database beside it before it is migrated.
  private static func backUpBeforeMigrating(_ queue: DatabaseQueue, path: String) throws {
    let known = Schema.migrations.map(\.0)
    do {
      // Never over an earlier backup: FILE.pre-vN.bak, else FILE.pre-vN.2.bak, ...
      var backup = "\(path).pre-v\(known.count).bak"
      var n = 2
      while OutputFile.existing(backup) != .nothing {
        backup = "\(path).pre-v\(known.count).\(n).bak"
        n += 1
      }
      let file: OutputFile
      do {
        file = try OutputFile(backup, force: false, what: "the migration backup")
      } catch {
        throw StoreError.unreadable(path, "cannot write its backup before migrating: \(error.localizedDescription)")
      }
      defer { file.abandon() }
      file.closeDescriptor()
      try backupTo(queue, path: file.temporaryPath)
      do { try file.commit() } catch { throw StoreError.unreadable(backup, error.localizedDescription) }
    }
  }

  /// Copies `source` into the file at `path` (an empty file made by `OutputFile`) with SQLite's online backup.
  static func backupTo(_ source: DatabaseQueue, path: String) throws {
    var config = Configuration()
    config.journalMode = .default
    let destination = try DatabaseQueue(path: path, configuration: config)
    try source.backup(to: destination)
    // The copy carries the source's WAL flag; a backup is one self-contained file.
    try destination.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
    try destination.close()
  }

  /// The schema version recorded in the database (the number of migrations applied).
  public func storedSchemaVersion() throws -> Int {
    try writer.read { db in try Schema.migrator().appliedIdentifiers(db).count }
  }

  /// Runs a write in one transaction, mapping database errors to our words.
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.write(body)
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.map(error, context: path ?? ":memory:")
    }
  }

  /// The same for a bulk write with a larger page cache for its transaction, put back afterwards (a 100,000-row
  /// import touches ~45 MB of table and index pages; with the default 2 MB cache SQLite spills and re-reads them:
  /// 1.3 s against 1.05 s for the same inserts in the sqlite3 shell). 64 MB: enough for that, and a bound on the
  /// memory of an import of any size.
  func bulkWrite<T>(rows: Int, _ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.writeWithoutTransaction { db in
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        if rows > 1000 { try db.execute(sql: "PRAGMA cache_size = -65536") }
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        var result: T?
        try db.inTransaction {
          result = try body(db)
          return .commit
        }
        return result!
      }
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.map(error, context: path ?? ":memory:")
    }
  }

  func read<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.read(body)
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.map(error, context: path ?? ":memory:")
    }
  }

  /// Stops the database work in progress from another thread (Ctrl-C during a long merge or import): the
  /// statement fails, its transaction rolls back, and the command reports that it was interrupted.
  public func interrupt() {
    interruption.raise()
    writer.interrupt()
  }

  /// Forgets a stop asked for before the command now starting.
  public func clearInterrupt() { interruption.reset() }

  public func close() {
    interruption.detach(writer)
    if let q = writer as? DatabaseQueue { try? q.close() }
  }
}

// MARK: - Settings

extension AppDatabase {
  public func setting(_ key: String) throws -> String? {
    try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
  }

  public func setSetting(_ key: String, _ value: String?) throws {
    try write { db in
      if let value {
        try SettingRecord(key: key, value: value).insertRow(db, .replace)
      } else {
        try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
      }
    }
  }
}

func now() -> Double { Clock.now().timeIntervalSince1970 }

// MARK: - The source map

extension AppDatabase {
  /// The user's source map: the defaults with their changes.
  public func sourceMap() throws -> SourceMap {
    try read { db in
      var changes: [String: Tier?] = [:]
      for r in try Decode.records(db, SourceTierRecord.all()) {
        if let t = r.tier {
          guard let tier = Tier(rawValue: t) else {
            throw StoreError.damaged(table: "source_tier", rowId: nil, column: "tier")
          }
          changes[r.name] = .some(tier)
        } else {
          changes[r.name] = .some(nil)
        }
      }
      return SourceMap(changes: changes)
    }
  }

  /// Sets a source's tier (nil removes it from the map). Candidates already added keep their tier.
  public func setSource(_ name: String, tier: Tier?) throws {
    let key = name.trimmed.lowercased()
    guard !key.isEmpty else { throw StoreError.invalid("a source needs a name") }
    try write { db in
      if tier == nil && Tier.knownSources[key] == nil {
        try SourceTierRecord.deleteOne(db, key: key)
      } else {
        try SourceTierRecord(name: key, tier: tier?.rawValue).insertRow(db, .replace)
      }
    }
  }
}
