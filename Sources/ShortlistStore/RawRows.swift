import GRDB
import GRDBSQLite

/// The current row of a statement, read column by column with the SQLite C API: no `Row` object and no generic
/// decoding per value. For the few reads that touch every candidate, answer or note.
struct RawRow {
  let statement: OpaquePointer

  func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }
  func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }
  func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(statement, i)) }
  func double(_ i: Int32) -> Double { sqlite3_column_double(statement, i) }
  func optionalDouble(_ i: Int32) -> Double? { isNull(i) ? nil : double(i) }

  /// The column as UTF-8 bytes, valid until the next step; empty for NULL.
  func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8> {
    guard let p = sqlite3_column_text(statement, i) else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, i)))
  }

  func string(_ i: Int32) -> String { String(decoding: bytes(i), as: UTF8.self) }
  func optionalString(_ i: Int32) -> String? { isNull(i) ? nil : string(i) }

  /// Checked reads for hot paths over rows that may be damaged: the value must have the column's type (a NULL or a
  /// value of another type is `StoreError.damaged` naming the table, row and column, never the value).
  struct Checker {
    let row: RawRow
    let table: String
    let rowId: Int64
    let columns: [String]

    func fail(_ i: Int32) -> StoreError { .damaged(table: table, rowId: rowId, column: columns[Int(i)]) }
    func type(_ i: Int32) -> Int32 { sqlite3_column_type(row.statement, i) }

    func int64(_ i: Int32) throws -> Int64 {
      guard type(i) == SQLITE_INTEGER else { throw fail(i) }
      return row.int64(i)
    }

    func optionalInt64(_ i: Int32) throws -> Int64? { type(i) == SQLITE_NULL ? nil : try int64(i) }

    func double(_ i: Int32) throws -> Double {
      let t = type(i)
      guard t == SQLITE_FLOAT || t == SQLITE_INTEGER else { throw fail(i) }
      return row.double(i)
    }

    func optionalDouble(_ i: Int32) throws -> Double? { type(i) == SQLITE_NULL ? nil : try double(i) }

    func string(_ i: Int32) throws -> String {
      guard type(i) == SQLITE_TEXT else { throw fail(i) }
      return row.string(i)
    }

    func optionalString(_ i: Int32) throws -> String? { type(i) == SQLITE_NULL ? nil : try string(i) }
  }

  func checked(table: String, rowId: Int64, columns: [String]) -> Checker {
    Checker(row: self, table: table, rowId: rowId, columns: columns)
  }
}

/// A query stepped on demand, for merge-joins of several queries ordered by the same key (a candidate's links, tags
/// and roles beside the candidates): constant memory however many rows.
final class RawCursor {
  private let statement: Statement
  private let db: Database
  let row: RawRow
  private(set) var done = false

  init(_ db: Database, _ sql: String) throws {
    self.db = db
    statement = try db.makeStatement(sql: sql)
    row = RawRow(statement: statement.sqliteStatement)
    try advance()
  }

  func advance() throws {
    guard !done else { return }
    let code = sqlite3_step(statement.sqliteStatement)
    if code == SQLITE_DONE {
      done = true
      sqlite3_reset(statement.sqliteStatement)
      return
    }
    guard code == SQLITE_ROW else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
        sql: statement.sql)
    }
  }

  /// The second column's text of every row whose first column is `key`, skipping smaller keys (rows in key order).
  func strings(for key: Int64) throws -> [String] {
    while !done && row.int64(0) < key { try advance() }
    var out: [String] = []
    while !done && row.int64(0) == key {
      out.append(row.string(1))
      try advance()
    }
    return out
  }

  /// Every remaining row's (first column, second column's text).
  func drain(_ body: (Int64, String) -> Void) throws {
    while !done {
      body(row.int64(0), row.string(1))
      try advance()
    }
  }
}

extension Database {
  /// Runs a query and hands every row to `body`.
  func eachRawRow(_ sql: String, arguments: StatementArguments = [], _ body: (RawRow) throws -> Void) throws {
    let statement = try makeStatement(sql: sql)
    try statement.setArguments(arguments)
    let handle = statement.sqliteStatement
    let row = RawRow(statement: handle)
    while true {
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else {
        throw DatabaseError(
          resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: sql)
      }
      try body(row)
    }
  }
}

/// A prepared statement bound and stepped with the SQLite C API, for bulk inserts: no argument arrays of
/// existentials per row, and strings bound with their length (a NUL inside one would be kept, not cut).
final class RawStatement {
  private let statement: Statement
  private let handle: OpaquePointer
  private let db: Database
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(_ db: Database, _ sql: String) throws {
    self.db = db
    statement = try db.makeStatement(sql: sql)
    handle = statement.sqliteStatement
  }

  /// The connection's cached statement for `sql` (prepared once per connection).
  init(cached db: Database, _ sql: String) throws {
    self.db = db
    statement = try db.cachedStatement(sql: sql)
    handle = statement.sqliteStatement
  }

  func bind(_ i: Int32, _ value: String) {
    var value = value
    _ = value.withUTF8 { sqlite3_bind_text(handle, i, $0.baseAddress, Int32($0.count), Self.transient) }
  }

  func bind(_ i: Int32, _ value: String?) {
    if let value { bind(i, value) } else { sqlite3_bind_null(handle, i) }
  }

  func bind(_ i: Int32, _ value: Int64) { sqlite3_bind_int64(handle, i, value) }
  func bind(_ i: Int32, _ value: Int) { sqlite3_bind_int64(handle, i, Int64(value)) }

  func bind(_ i: Int32, _ value: Int64?) {
    if let value { bind(i, value) } else { sqlite3_bind_null(handle, i) }
  }

  func bind(_ i: Int32, _ value: Int?) {
    if let value { bind(i, value) } else { sqlite3_bind_null(handle, i) }
  }
  func bind(_ i: Int32, _ value: Double) { sqlite3_bind_double(handle, i, value) }

  func bind(_ i: Int32, _ value: Double?) {
    if let value { bind(i, value) } else { sqlite3_bind_null(handle, i) }
  }

  /// Runs the statement once with what is bound, then resets it for the next row.
  func run() throws {
    let code = sqlite3_step(handle)
    sqlite3_reset(handle)
    guard code == SQLITE_DONE || code == SQLITE_ROW else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
        sql: statement.sql)
    }
  }
}

extension Database {
  /// The first column of the first row of a query run through the connection's statement cache: for lookups made
  /// once per row of a large operation (a merge), where preparing the statement each time would cost more than
  /// running it.
  func cachedValue<T: DatabaseValueConvertible & StatementColumnConvertible>(
    _ sql: String, _ arguments: StatementArguments
  ) throws -> T? {
    try T.fetchOne(cachedStatement(sql: sql), arguments: arguments)
  }

  /// Whether a query run through the statement cache returns a row.
  func cachedExists(_ sql: String, _ arguments: StatementArguments) throws -> Bool {
    try Row.fetchOne(cachedStatement(sql: sql), arguments: arguments) != nil
  }

  /// Runs one statement through the connection's statement cache.
  func cachedExecute(_ sql: String, _ arguments: StatementArguments) throws {
    try cachedStatement(sql: sql).execute(arguments: arguments)
  }
}
