import Foundation
import GRDB
import ShortlistCore

/// What a status move did.
public struct MoveResult: Sendable, Equatable {
  public var candidateId: Int64
  public var roleId: Int64?
  public var from: Status
  public var to: Status
  /// Made with `--force` past the pipeline rule (`StatusMove`).
  public var forced: Bool
}

/// Applications: a candidate's status per role. Every status change goes through `move` here, which applies the
/// pipeline rule of `StatusMove` and writes the history row; a candidate with no role keeps a status of their own
/// (`roleId` nil). `candidate.status`/`since` mirror the latest move, for listings across every role.
extension AppDatabase {
  /// Moves a candidate's application for `roleId` (nil: the candidate's own status) to `status`, and records it.
  /// A move the rule refuses needs `force` and a `note`, and is recorded as forced.
  @discardableResult
  public func move(
    candidateId: Int64, roleId: Int64?, to status: Status, note: String? = nil, force: Bool = false
  ) throws -> MoveResult {
    try write { db in
      try Self.move(db, candidateId: candidateId, roleId: roleId, to: status, note: note, force: force)
    }
  }

  /// Several moves in one transaction (shortlist add/auto): all or none.
  @discardableResult
  public func move(_ moves: [(candidateId: Int64, roleId: Int64?, to: Status, note: String?)], force: Bool = false)
    throws -> [MoveResult]
  {
    try write { db in
      try moves.map {
        try Self.move(db, candidateId: $0.candidateId, roleId: $0.roleId, to: $0.to, note: $0.note, force: force)
      }
    }
  }

  @discardableResult
  static func move(
    _ db: Database, candidateId: Int64, roleId: Int64?, to status: Status, note: String?, force: Bool,
    at: Double = now()
  ) throws -> MoveResult {
    if let note, let why = SyncLimits.text(note, "a note", max: SyncLimits.text) { throw StoreError.invalid(why) }
    guard
      let own = try String.fetchOne(db, sql: "SELECT status FROM candidate WHERE id = ?", arguments: [candidateId])
    else { throw StoreError.notFound("no candidate #\(candidateId)") }
    var current = own
    if let roleId {
      try attach(db, candidateId: candidateId, roleId: roleId, at: at)
      current =
        try String.fetchOne(
          db, sql: "SELECT status FROM candidate_role WHERE candidate_id = ? AND role_id = ?",
          arguments: [candidateId, roleId]) ?? Status.sourced.rawValue
    }
    guard let from = Status(rawValue: current) else {
      throw StoreError.damaged(
        table: roleId == nil ? "candidate" : "candidate_role", rowId: candidateId, column: "status")
    }
    var forced = false
    switch StatusMove.check(
      from: from, to: status,
      hasFinishedScorecard: try hasFinishedScorecard(db, candidateId: candidateId, roleId: roleId))
    {
    case .unchanged:
      throw StoreError.invalid("the candidate is already \(status.rawValue)" + (roleId == nil ? "" : " for this role"))
    case .needsForce(let reason):
      guard force else {
        throw StoreError.invalid(
          "refused: \(reason); if that is what happened, add --force --note WHY (the move is recorded as forced)")
      }
      guard let note, !note.trimmed.isEmpty else {
        throw StoreError.invalid("a forced move needs --note WHY: \(reason)")
      }
      forced = true
    case .allowed: break
    }
    if let roleId {
      try db.execute(
        sql: "UPDATE candidate_role SET status = ?, since = ? WHERE candidate_id = ? AND role_id = ?",
        arguments: [status.rawValue, at, candidateId, roleId])
    }
    try db.execute(
      sql: "UPDATE candidate SET status = ?, since = ? WHERE id = ?", arguments: [status.rawValue, at, candidateId])
    try StatusChangeRecord(
      candidateId: candidateId, fromStatus: from.rawValue, toStatus: status.rawValue, at: at, note: note,
      roleId: roleId, forced: forced
    ).insertRow(db)
    return MoveResult(candidateId: candidateId, roleId: roleId, from: from, to: status, forced: forced)
  }

  /// Opens an application for the role if the candidate has none: `sourced` now, with its first history row.
  /// Returns whether one was opened.
  @discardableResult
  static func attach(
    _ db: Database, candidateId: Int64, roleId: Int64, at: Double = now(), status: Status = .sourced,
    note: String? = nil
  ) throws -> Bool {
    let application = CandidateRoleRecord(candidateId: candidateId, roleId: roleId, status: status.rawValue, since: at)
    try application.insertRow(db, .ignore)
    guard db.changesCount > 0 else { return false }
    try StatusChangeRecord(
      candidateId: candidateId, fromStatus: nil, toStatus: status.rawValue, at: at, note: note, roleId: roleId
    ).insertRow(db)
    return true
  }

  /// A finished, not voided scorecard of the candidate for the role (an interview with no role counts for every
  /// role, as it does in `compare`); for no role, any.
  static func hasFinishedScorecard(_ db: Database, candidateId: Int64, roleId: Int64?) throws -> Bool {
    var sql = "SELECT 1 FROM interview WHERE candidate_id = ? AND state = 'finished' AND voided_at IS NULL"
    var args: StatementArguments = [candidateId]
    if let roleId {
      sql += " AND (role_id = ? OR role_id IS NULL)"
      args += [roleId]
    }
    return try Int.fetchOne(db, sql: sql + " LIMIT 1", arguments: args) != nil
  }

  /// The candidate's applications, in the order the roles were added.
  public func applications(candidateId: Int64) throws -> [Application] {
    try read { db in try Self.applications(db, candidateIds: [candidateId])[candidateId] ?? [] }
  }

  public func application(candidateId: Int64, roleId: Int64) throws -> Application? {
    try applications(candidateId: candidateId).first { $0.roleId == roleId }
  }

  static func applications(_ db: Database, candidateIds: [Int64]) throws -> [Int64: [Application]] {
    var out: [Int64: [Application]] = [:]
    try eachApplication(db, candidateIds: candidateIds) { out[$0.candidateId, default: []].append($0) }
    return out
  }

  static let applicationColumns = ["candidate_id", "role_id", "title", "status", "since", "archived_at"]

  /// The applications of these candidates, by candidate then role, read by position and checked (a wrong type or an
  /// unknown status is a damaged row naming the candidate).
  static func eachApplication(_ db: Database, candidateIds: [Int64], _ body: (Application) throws -> Void) throws {
    guard !candidateIds.isEmpty else { return }
    let marks = candidateIds.map { _ in "?" }.joined(separator: ",")
    try db.eachRawRow(
      """
      SELECT cr.candidate_id, cr.role_id, r.title, cr.status, cr.since, r.archived_at
      FROM candidate_role cr JOIN role r ON r.id = cr.role_id
      WHERE cr.candidate_id IN (\(marks)) ORDER BY cr.candidate_id, r.id
      """, arguments: StatementArguments(candidateIds)
    ) { row in
      let cid = row.int64(0)
      let application = row.checked(table: "candidate_role", rowId: cid, columns: Self.applicationColumns)
      _ = try application.int64(0)
      guard let s = Status(rawValue: try application.string(3)) else { throw application.fail(3) }
      let roleId = try application.int64(1)
      let role = row.checked(table: "role", rowId: roleId, columns: Self.applicationColumns)
      try body(
        Application(
          candidateId: cid, roleId: roleId, roleTitle: try role.string(2), status: s,
          since: Date(timeIntervalSince1970: try application.optionalDouble(4) ?? 0),
          roleArchived: try role.optionalDouble(5) != nil))
    }
  }

  /// A candidate's status history; with a role, that application's (nil: every row, each naming its role).
  public func statusHistory(candidateId: Int64, roleId: Int64? = nil) throws -> [StatusChange] {
    try read { db in try Self.statusHistory(db, candidateId: candidateId, roleId: roleId) }
  }

  static let historyColumns = ["id", "candidate_id", "role_id", "from_status", "to_status", "at", "note", "forced"]

  static func statusHistory(_ db: Database, candidateId: Int64, roleId: Int64? = nil) throws -> [StatusChange] {
    var sql = "SELECT \(historyColumns.joined(separator: ", ")) FROM status_change WHERE candidate_id = ?"
    var args: StatementArguments = [candidateId]
    if let roleId {
      sql += " AND role_id = ?"
      args += [roleId]
    }
    // One person's rows by index, read by position and checked (`candidate show` reads this on every call: GRDB's
    // record decoding costs more to set up than these few rows).
    var out: [StatusChange] = []
    try db.eachRawRow(sql + " ORDER BY at, id", arguments: args) { row in
      let id = row.int64(0)
      let r = row.checked(table: "status_change", rowId: id, columns: Self.historyColumns)
      guard let to = Status(rawValue: try r.string(4)) else { throw r.fail(4) }
      var from: Status?
      if let text = try r.optionalString(3) {
        guard let status = Status(rawValue: text) else { throw r.fail(3) }
        from = status
      }
      out.append(
        StatusChange(
          id: id, candidateId: try r.int64(1), roleId: try r.optionalInt64(2), from: from, to: to,
          at: Date(timeIntervalSince1970: try r.double(5)), note: try r.optionalString(6), forced: try r.int64(7) != 0))
    }
    return out
  }
}
