import Foundation
import GRDB

/// Errors of the store, in the user's words. Messages never include statement arguments (personal data).
public enum StoreError: LocalizedError, Equatable {
  case notADatabase(String)
  case notShortlist(String)
  /// The file holds triggers, views, tables or indexes the tool did not create.
  case foreignObjects(path: String, objects: [String])
  /// An open interview that no longer exists: discarded, or its candidate forgotten, in another session.
  case gone(String)
  case unreadable(String, String)
  case newerSchema(path: String, found: Int, known: Int)
  case duplicate(String)
  case notFound(String)
  case invalid(String)
  case busy
  case conflict(String)
  /// Content sealed for the reader (see `Sealing`).
  case sealed(String)
  /// A row that does not decode: named by table, id and column, never by its values.
  case damaged(table: String, rowId: Int64?, column: String?)

  public var errorDescription: String? {
    switch self {
    case .notADatabase(let path):
      "'\(path)' is not a SQLite database; give --db a Shortlist database file or a new path"
    case .notShortlist(let path):
      "'\(path)' is a SQLite database but not a Shortlist one; give --db a Shortlist database file or a new path"
    case .unreadable(let path, let why): "cannot open '\(path)': \(why)"
    case .foreignObjects(let path, let objects):
      "'\(path)' holds \(objects.prefix(3).joined(separator: ", "))\(objects.count > 3 ? " and \(objects.count - 3) more" : "") that shortlist did not create; refusing to open it"
    case .newerSchema(let path, let found, let known):
      "'\(path)' has schema version \(found), newer than this shortlist's \(known); upgrade shortlist to open it"
    case .duplicate(let m), .notFound(let m), .invalid(let m), .conflict(let m), .sealed(let m), .gone(let m): m
    case .damaged(let table, let rowId, let column):
      "the database has a damaged row in '\(table)'\(rowId.map { " (#\($0)" } ?? " (")\(column.map { rowId == nil ? "column \($0))" : ", column \($0))" } ?? (rowId == nil ? "unknown row)" : ")")); restore it from a backup (`backup` makes one)"
    case .busy: "the database stayed busy (another shortlist is writing); try again"
    }
  }

  /// Maps a GRDB error to our own words; never shows SQL arguments.
  static func map(_ error: Error, context: String = "") -> Error {
    // GRDB's own decoding errors print the row's values: never let one reach a message.
    if error is RowDecodingError { return StoreError.damaged(table: "?", rowId: nil, column: nil) }
    guard let db = error as? DatabaseError else { return error }
    switch db.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError.busy
    case .SQLITE_INTERRUPT: return StoreError.invalid("interrupted (Ctrl-C); nothing of it was written")
    case .SQLITE_NOTADB: return StoreError.notADatabase(context)
    case .SQLITE_CONSTRAINT:
      let msg = db.message ?? ""
      if msg.contains("UNIQUE") { return StoreError.duplicate("that value is already taken (\(uniqueColumn(msg)))") }
      if msg.contains("CHECK") { return StoreError.invalid("a value is out of range (\(msg))") }
      if msg.contains("FOREIGN KEY") { return StoreError.invalid("a referenced row does not exist") }
      return StoreError.invalid("the change breaks a rule of the database")
    case .SQLITE_READONLY: return StoreError.unreadable(context, "the database is read-only")
    case .SQLITE_FULL: return StoreError.invalid("the disk is full; nothing was written")
    case .SQLITE_CORRUPT: return StoreError.invalid("the database file is damaged; restore it from a backup")
    default: return StoreError.invalid("database error: \(db.message ?? "\(db.resultCode)")")
    }
  }

  private static func uniqueColumn(_ message: String) -> String {
    guard let r = message.range(of: "UNIQUE constraint failed: ") else { return "unique" }
    return String(message[r.upperBound...])
  }
}

/// A request to stop the work in progress (Ctrl-C), raised from another thread and checked by long loops between
/// rows; `sqlite3_interrupt` only stops a statement that is running at that moment.
final class Interruption: @unchecked Sendable {
  private let lock = NSLock()
  private var raised = false
  /// Other connections doing the same command's work (a report's second reader): a stop stops them too.
  private var companions: [ObjectIdentifier: any DatabaseWriter] = [:]

  func raise() {
    let others = lock.withLock {
      raised = true
      return Array(companions.values)
    }
    for writer in others { writer.interrupt() }
  }

  func attach(_ writer: any DatabaseWriter) { lock.withLock { companions[ObjectIdentifier(writer)] = writer } }

  func detach(_ writer: any DatabaseWriter) {
    _ = lock.withLock { companions.removeValue(forKey: ObjectIdentifier(writer)) }
  }

  /// Forgets an earlier request (a new command starts).
  func reset() { lock.withLock { raised = false } }

  /// Throws, once, when a stop was asked for.
  func check() throws {
    let stop = lock.withLock {
      defer { raised = false }
      return raised
    }
    if stop { throw StoreError.invalid("interrupted (Ctrl-C); nothing of it was written") }
  }
}
