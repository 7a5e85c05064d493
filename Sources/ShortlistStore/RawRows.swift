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
