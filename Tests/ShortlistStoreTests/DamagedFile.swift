import GRDB

/// A file damaged or made by hand: its tables lose STRICT (as an older or hostile file's are), so a value of the
/// wrong type can be planted in them, as it could be in any file the tool is given. The tool's reads must still give
/// an error naming the table, never a trap or a silent default.
enum DamagedFile {
  static func loosen(_ db: Database) throws {
    try db.execute(sql: "PRAGMA writable_schema = ON")
    try db.execute(
      sql:
        "UPDATE sqlite_master SET sql = substr(sql, 1, length(sql) - 8) WHERE type = 'table' AND sql LIKE '%, STRICT'")
    try db.execute(
      sql: "UPDATE sqlite_master SET sql = substr(sql, 1, length(sql) - 7) WHERE type = 'table' AND sql LIKE '% STRICT'"
    )
    try db.execute(sql: "PRAGMA writable_schema = RESET")
  }

  /// Runs `sql` on a loosened copy of the schema, with CHECK constraints off: the damage a hand edit could do.
  static func plant(_ db: Database, _ sql: String) throws {
    try loosen(db)
    try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
    try db.execute(sql: sql)
    try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
  }
}
