import Foundation
import GRDB
import ShortlistCore

extension AppDatabase {
  @discardableResult
  public func addRole(_ role: NewRole) throws -> Role {
    try write { db in
      if try Int.fetchOne(db, sql: "SELECT 1 FROM role WHERE title = ?", arguments: [role.title]) != nil {
        throw StoreError.duplicate("a role titled '\(role.title)' already exists; pick another title or `role edit` it")
      }
      return Role(id: try Self.insertRole(db, role), role)
    }
  }

  /// Inserts a role and its banks; returns its id.
  static func insertRole(_ db: Database, _ role: NewRole) throws -> Int64 {
    var record = RoleRecord(role)
    record.hlc = try stamp(db)
    let id = try record.insertRow(db)
    try saveBanks(db, roleId: id, banks: role.banks)
    return id
  }

  public func updateRole(_ role: Role) throws {
    let id = role.id
    try write { db in
      if try Int.fetchOne(db, sql: "SELECT 1 FROM role WHERE title = ? AND id <> ?", arguments: [role.title, id]) != nil
      {
        throw StoreError.duplicate("a role titled '\(role.title)' already exists")
      }
      try db.execute(
        sql: """
          UPDATE role SET title = ?, goal = ?, metric = ?, stack = ?, milestone = ?, model = ?, budget_min = ?,
          budget_max = ?, contacts = ?, repo = ?, board = ?, hlc = ? WHERE id = ?
          """,
        arguments: [
          role.title, role.goal, role.metric, role.stack, role.milestone, role.model?.rawValue, role.budgetMin,
          role.budgetMax, role.contacts, role.repo, role.board, try Self.stamp(db), id,
        ])
      try db.execute(sql: "DELETE FROM role_bank WHERE role_id = ?", arguments: [id])
      try Self.saveBanks(db, roleId: id, banks: role.banks)
    }
  }

  private static func saveBanks(_ db: Database, roleId: Int64, banks: [String]) throws {
    var seen = Set<String>()
    for (i, bank) in banks.enumerated() where seen.insert(bank).inserted {
      try RoleBankRecord(roleId: roleId, bankId: bank, position: i).insertRow(db)
    }
  }

  public func roles() throws -> [Role] {
    try read { db in try Self.fetchRoles(db, whereSQL: "", arguments: []) }
  }

  public func role(id: Int64) throws -> Role? {
    try read { db in try Self.fetchRoles(db, whereSQL: "WHERE id = ?", arguments: [id]).first }
  }

  static func fetchRoles(_ db: Database, whereSQL: String, arguments: StatementArguments) throws -> [Role] {
    let rows = try Row.fetchAll(db, sql: "SELECT * FROM role \(whereSQL) ORDER BY id", arguments: arguments)
    var banks: [Int64: [String]] = [:]
    for link in try Row.fetchAll(db, sql: "SELECT * FROM role_bank ORDER BY role_id, position").map({
      try Decode.record($0) as RoleBankRecord
    }) {
      banks[link.roleId, default: []].append(link.bankId)
    }
    return try rows.map { row in
      let record: RoleRecord = try Decode.record(row)
      return try record.role(banks: banks[record.id ?? 0] ?? [])
    }
  }

  /// (id, title) of every role; `activeOnly`: without the archived ones (completion, the prompt).
  public func roleNames(activeOnly: Bool = false) throws -> [(id: Int64, name: String)] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT id, title FROM role \(activeOnly ? "WHERE archived_at IS NULL" : "") ORDER BY id"
      ).map { row in
        let id: Int64 = try row.checked(0, table: "role", rowId: nil)
        return (id, try row.checked(1, table: "role", rowId: id))
      }
    }
  }

  /// The role in use (`role use`), kept in the database so one-shot calls see it too.
  public func currentRoleId() throws -> Int64? {
    try setting("current_role").flatMap { Int64($0) }
  }

  public func setCurrentRole(_ id: Int64?) throws {
    try setSetting("current_role", id.map { String($0) })
  }
}

extension AppDatabase {
  /// Archives a role (nil: unarchives it): out of `role list`, the prompt and completion; its applications, history
  /// and interviews stay. An archived role stops being the role in use.
  public func archiveRole(id: Int64, archived: Bool) throws {
    try write { db in
      try db.execute(
        sql: "UPDATE role SET archived_at = ?, hlc = ? WHERE id = ?",
        arguments: [archived ? now() : nil, try Self.stamp(db), id])
      if archived {
        try db.execute(
          sql: "DELETE FROM setting WHERE key = 'current_role' AND value = ?", arguments: [String(id)])
      }
    }
  }

  /// Removes a role with no interviews (its applications and their history go with it); one with interviews is
  /// refused: archive it instead, so its scores stay.
  public func removeRole(id: Int64) throws {
    try write { db in
      let interviews =
        try Int.fetchOne(db, sql: "SELECT count(*) FROM interview WHERE role_id = ?", arguments: [id]) ?? 0
      guard interviews == 0 else {
        throw StoreError.invalid(
          "the role has \(interviews) interview\(interviews == 1 ? "" : "s"); `role archive` it instead (its scores stay in history)"
        )
      }
      try db.execute(sql: "DELETE FROM role WHERE id = ?", arguments: [id])
      try db.execute(sql: "DELETE FROM setting WHERE key = 'current_role' AND value = ?", arguments: [String(id)])
    }
  }
}

struct RoleFitRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "role_fit"
  var roleId: Int64
  /// The signals that hold, comma-separated.
  var answers: String
  var verdict: String
  var reasons: String
  var at: Double

  enum CodingKeys: String, CodingKey {
    case roleId = "role_id"
    case answers, verdict, reasons, at
  }
}

extension RoleFitRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName, columns: ["role_id", "answers", "verdict", "reasons", "at"])
  func bind(_ s: RawStatement) {
    s.bind(1, roleId)
    s.bind(2, answers)
    s.bind(3, verdict)
    s.bind(4, reasons)
    s.bind(5, at)
  }
}

/// A role's fit check as stored.
public struct StoredFit: Sendable, Equatable {
  public var answers: [FitSignal]
  public var verdict: FitVerdict
  public var reasons: [String]
  public var caveats: [String] = []
}

extension AppDatabase {
  /// Records the fit check of a role (replacing an earlier one).
  public func setFit(roleId: Int64, answers: Set<FitSignal>) throws -> StoredFit {
    let (verdict, reasons, caveats) = RoleFit.verdict(answers)
    let ordered = FitSignal.allCases.filter(answers.contains)
    try write { db in
      try RoleFitRecord(
        roleId: roleId, answers: ordered.map(\.rawValue).joined(separator: ","), verdict: verdict.rawValue,
        reasons: reasons.joined(separator: "\n"), at: now()
      ).insertRow(db, .replace)
      return ()
    }
    return StoredFit(answers: ordered, verdict: verdict, reasons: reasons, caveats: caveats)
  }

  public func fit(roleId: Int64) throws -> StoredFit? {
    try read { db in
      guard let r = try RoleFitRecord.fetchOne(db, key: roleId) else { return nil }
      guard FitVerdict(rawValue: r.verdict) != nil else {
        throw StoreError.damaged(table: "role_fit", rowId: roleId, column: "verdict")
      }
      // The stored answers keep their meaning; the verdict is read from them by today's rule.
      let answers = r.answers.split(separator: ",").compactMap { FitSignal(rawValue: String($0)) }
      let (verdict, reasons, caveats) = RoleFit.verdict(Set(answers))
      return StoredFit(answers: answers, verdict: verdict, reasons: reasons, caveats: caveats)
    }
  }
}
