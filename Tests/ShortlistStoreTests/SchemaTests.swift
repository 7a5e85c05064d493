import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// Every local table is STRICT (v15): a value of another type than its column's is refused when written; a file made
/// before v15 is migrated with every row, index and AUTOINCREMENT counter it had.
@Suite final class SchemaTests {
  private var made: [String] = []
  deinit { for dir in made { try? FileManager.default.removeItem(atPath: dir) } }

  func tempDir() throws -> String {
    let dir = NSTemporaryDirectory() + "shortlist-schema-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    made.append(dir)
    return dir
  }

  @Test func everyTableIsStrict() throws {
    let db = try AppDatabase.inMemory()
    let loose = try db.reader.read {
      try String.fetchAll(
        $0,
        sql: """
          SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
          AND name <> 'grdb_migrations' AND sql NOT LIKE '%STRICT'
          """)
    }
    #expect(loose.isEmpty, "\(loose)")
    // A text in an INTEGER column is refused, not stored to be read as 0 later.
    #expect(throws: (any Error).self) {
      try db.write { try $0.execute(sql: "INSERT INTO source_tier (name, tier) VALUES ('x', 'two')") }
    }
  }

  @Test func aFileMadeBeforeV15KeepsEveryRow() throws {
    let dir = try tempDir()
    let path = dir + "/old.sqlite"
    // A v14 file with people, interviews, notes and a deleted row (its id must not come back).
    let queue = try DatabaseQueue(path: path)
    var migrator = DatabaseMigrator()
    for (name, body) in Schema.migrations.prefix(14) { migrator.registerMigration(name, migrate: body) }
    try migrator.migrate(queue)
    try queue.write { db in
      try db.execute(sql: "PRAGMA user_version = 14")
      for k in 1...5 {
        try db.execute(
          sql: """
            INSERT INTO candidate (uuid, name, tier, source, status, created_at, name_key, since)
            VALUES (?, ?, 2, 'Toptal', 'sourced', 1.0, ?, 1.0)
            """, arguments: ["u\(k)", "Person \(k)", "person \(k)"])
      }
      try db.execute(sql: "DELETE FROM candidate WHERE name = 'Person 5'")
    }
    let before = try queue.read { db in
      try String.fetchAll(db, sql: "SELECT id || ':' || name FROM candidate ORDER BY id")
    }
    let indexes = try queue.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") ?? 0
    }
    try queue.close()

    let db = try AppDatabase.open(path: path)
    let backups = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("old.sqlite.pre-v") }
    #expect(backups.count == 1, "a backup before migrating: \(backups)")
    let after = try db.reader.read { db in
      try String.fetchAll(db, sql: "SELECT id || ':' || name FROM candidate ORDER BY id")
    }
    #expect(after == before)
    let indexesAfter = try db.reader.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") ?? 0
    }
    #expect(indexesAfter >= indexes)
    // The deleted row's id is not handed out again: the AUTOINCREMENT counter came along.
    let added = try db.addCandidate(NewCandidate(name: "Person 6", tier: .curatedMarketplace, source: "Toptal"))
    #expect(added.id == 6)
    let problems = try db.reader.read { try String.fetchAll($0, sql: "PRAGMA foreign_key_check") }
    #expect(problems.isEmpty)
    db.close()
  }
}
