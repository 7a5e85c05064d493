import Foundation
import GRDB
import ShortlistCore

/// Filters of `candidate list`.
public struct CandidateFilter: Sendable {
  public var tier: Tier?
  public var status: Status?
  public var roleId: Int64?
  public var tag: String?
  public var ids: [Int64]?
  /// Only candidates whose id lies in this range (a report read in slices, so its memory stays flat).
  public var idRange: ClosedRange<Int64>?
  /// Only candidates who reached their current status (of the role in scope) before this time, oldest first.
  public var staleBefore: Date?
  public var order: CandidateOrder
  /// Also read links, tags and role titles (reports that do not show them skip three queries).
  public var details: Bool
  /// With `details`, also the role titles (exports show links and tags but not roles).
  public var roles: Bool
  /// With `details`, also the links (the table shows tags only).
  public var links: Bool
  /// The person's uuid, name, email and source; false for sums that need only tier, rate, status and times (`tiers`:
  /// four strings fewer per candidate). Those fields are then empty.
  public var identity = true
  /// With `identity`, also the uuid and the email; false for the table, which shows neither (two strings fewer per
  /// candidate). They are then empty.
  public var contact = true

  public init(
    tier: Tier? = nil, status: Status? = nil, roleId: Int64? = nil, tag: String? = nil, ids: [Int64]? = nil,
    staleBefore: Date? = nil, order: CandidateOrder = .id, details: Bool = true, roles: Bool = true,
    links: Bool = true
  ) {
    self.links = links
    self.staleBefore = staleBefore
    self.order = order
    self.tier = tier
    self.status = status
    self.roleId = roleId
    self.tag = tag
    self.ids = ids
    self.details = details
    self.roles = roles
  }
}

/// The order of `candidate list` (`--sort`).
public enum CandidateOrder: String, CaseIterable, Sendable {
  case id, name, tier, rate, status, since

  /// Every order ends on the id, so ties are stable.
  var sql: String {
    switch self {
    case .id: "c.id"
    case .name: "c.name_key, c.id"
    case .tier: "c.tier, c.id"
    // Cheapest first; no rate last.
    case .rate: "c.rate IS NULL, c.rate, c.id"
    case .status:
      "CASE status_ WHEN 'sourced' THEN 0 WHEN 'screening' THEN 1 WHEN 'interviewing' THEN 2 WHEN 'shortlisted' THEN 3 "
        + "WHEN 'offer' THEN 4 WHEN 'hired' THEN 5 WHEN 'rejected' THEN 6 ELSE 7 END, c.id"
    // Longest waiting first.
    case .since: "since_, c.id"
    }
  }
}

extension AppDatabase {
  /// Adds a candidate with its links, tags and roles, and the first status-history row.
  @discardableResult
  public func addCandidate(_ candidate: NewCandidate, roleIds: [Int64] = []) throws -> Candidate {
    try write { db in try Self.insertCandidate(db, candidate, roleIds: roleIds) }
  }

  static func insertCandidate(_ db: Database, _ candidate: NewCandidate, roleIds: [Int64], provenance: String? = nil)
    throws -> Candidate
  {
    try checkLimits(candidate)
    if try Int.fetchOne(db, sql: "SELECT 1 FROM candidate WHERE name = ?", arguments: [candidate.name]) != nil {
      throw StoreError.duplicate(
        "a candidate named '\(candidate.name)' already exists; use another spelling or `candidate edit` them")
    }
    return Candidate(
      id: try insertPerson(db, candidate, provenance: provenance, roleIds: roleIds, note: nil), candidate)
  }

  /// The one way a person enters the database (add, import, demo): the candidate row with its links and tags, its
  /// roles, and the first status-history row. Returns the new id.
  @discardableResult
  static func insertPerson(
    _ db: Database, _ candidate: NewCandidate, provenance: String?, roleIds: [Int64], note: String?
  ) throws -> Int64 {
    var record = CandidateRecord(candidate, provenance: provenance)
    record.hlc = try stamp(db)
    let id = try record.insertRow(db)
    try insertLinksAndTags(db, id: id, links: candidate.links, tags: candidate.tags)
    try indexName(db, id: id, key: record.nameKey, replacing: false)
    if let text = candidate.note {
      try CandidateNoteRecord(
        uuid: UUIDv7Generator.make(), candidateId: id, text: text, author: nil, origin: provenance,
        at: candidate.createdAt.timeIntervalSince1970
      ).insertRow(db)
    }
    // An application per role, each with its first history row; no role: the candidate's own first row.
    let at = candidate.createdAt.timeIntervalSince1970
    for roleId in roleIds {
      try attach(db, candidateId: id, roleId: roleId, at: at, status: candidate.status, note: note)
    }
    if roleIds.isEmpty {
      try StatusChangeRecord(
        candidateId: id, fromStatus: nil, toStatus: candidate.status.rawValue, at: at, note: note
      ).insertRow(db)
    }
    return id
  }

  /// What `insertPerson` adds beside the row, for every candidate from `firstId` on, in one statement each: roles
  /// and the first status-history row. For imports (which write name tokens with each row): the same rows as row by
  /// row, at a fraction of the statements.
  static func completePeople(_ db: Database, from firstId: Int64, roleIds: [Int64], note: String?) throws {
    for roleId in roleIds {
      try db.execute(
        sql: CandidateRoleRecord.inserts.sql(
          .ignore, select: "SELECT id, ?, status, created_at, 0 FROM candidate WHERE id >= ?"),
        arguments: [roleId, firstId])
    }
    // One first history row per application, or the candidate's own with no role.
    for roleId in roleIds.isEmpty ? [nil] : roleIds.map(Optional.some) {
      try db.execute(
        sql: StatusChangeRecord.inserts.sql(
          .abort, select: "SELECT id, NULL, status, created_at, ?, ?, 0, 0 FROM candidate WHERE id >= ? ORDER BY id"),
        arguments: [note, roleId, firstId])
    }
  }

  /// Keeps a candidate's name findable: the folded key on the row and one token row per word, replacing the old ones.
  /// Every path that sets a name (add, import, demo, edit, merge, forget) ends here.
  static func indexName(_ db: Database, id: Int64, name: String) throws {
    try indexName(db, id: id, key: NameKey.fold(name), replacing: true)
  }

  static func indexName(_ db: Database, id: Int64, key: String, replacing: Bool) throws {
    if replacing, let old: String = try db.cachedValue("SELECT name_key FROM main.candidate WHERE id = ?", [id]) {
      // The old tokens are the old key's words (found through the primary key: no second index to keep).
      for word in NameKey.words(old) {
        try db.cachedExecute(
          "DELETE FROM main.candidate_name_token WHERE token = ? AND candidate_id = ?", [word, id])
      }
      try db.cachedExecute("UPDATE main.candidate SET name_key = ? WHERE id = ? AND name_key <> ?", [key, id, key])
    }
    for word in NameKey.words(key) { try CandidateNameTokenRecord(token: word, candidateId: id).insertRow(db, .ignore) }
  }

  static func insertLinksAndTags(_ db: Database, id: Int64, links: [String], tags: [String]) throws {
    for (i, url) in links.enumerated() {
      try CandidateLinkRecord(candidateId: id, position: i, url: url).insertRow(db)
    }
    for tag in tags { try CandidateTagRecord(candidateId: id, tag: tag).insertRow(db, .ignore) }
  }

  static func saveLinksAndTags(_ db: Database, id: Int64, links: [String], tags: [String]) throws {
    try db.execute(sql: "DELETE FROM candidate_link WHERE candidate_id = ?", arguments: [id])
    try db.execute(sql: "DELETE FROM candidate_tag WHERE candidate_id = ?", arguments: [id])
    try insertLinksAndTags(db, id: id, links: links, tags: tags)
  }

  /// Saves edited fields (name, email, tier, source, rate, links, tags, roles). Status changes go through `move`.
  public func updateCandidate(_ candidate: Candidate, roleIds: [Int64]? = nil) throws {
    let id = candidate.id
    try Self.checkLimits(candidate)
    try write { db in
      if try Int.fetchOne(
        db, sql: "SELECT 1 FROM candidate WHERE name = ? AND id <> ?", arguments: [candidate.name, id]) != nil
      {
        throw StoreError.duplicate("a candidate named '\(candidate.name)' already exists")
      }
      try db.execute(
        sql: "UPDATE candidate SET name = ?, email = ?, tier = ?, source = ?, rate = ?, hlc = ? WHERE id = ?",
        arguments: [
          candidate.name, candidate.email, candidate.tier.rawValue, candidate.source, candidate.rate,
          try Self.stamp(db), id,
        ])
      try Self.indexName(db, id: id, name: candidate.name)
      try Self.saveLinksAndTags(db, id: id, links: candidate.links, tags: candidate.tags)
      if let roleIds {
        // Applications of roles kept stay as they are (status, history); a new role opens one at `sourced`.
        let kept = Set(roleIds)
        for old in try Int64.fetchAll(
          db, sql: "SELECT role_id FROM candidate_role WHERE candidate_id = ?", arguments: [id])
        where !kept.contains(old) {
          try db.execute(
            sql: "DELETE FROM candidate_role WHERE candidate_id = ? AND role_id = ?", arguments: [id, old])
        }
        for roleId in roleIds { try Self.attach(db, candidateId: id, roleId: roleId) }
      }
    }
  }

  public func candidates(_ filter: CandidateFilter = CandidateFilter()) throws -> [Candidate] {
    try read { db in try Self.fetchCandidates(db, filter) }
  }

  public func candidate(id: Int64) throws -> Candidate? {
    try read { db in try Self.fetchCandidates(db, CandidateFilter(ids: [id])).first }
  }

  /// Every candidate matching the filter, handed to `body` one at a time in id order (for listings that stream).
  public func eachCandidate(_ filter: CandidateFilter = CandidateFilter(), _ body: (Candidate) throws -> Void) throws {
    try read { db in try Self.eachCandidate(db, filter, body) }
  }

  /// How many rows a table has at most, from its largest id (one step down the primary key; `count(*)` reads every
  /// page: 1.3 ms at 10,000 rows), capped at 2^20 so a damaged id cannot ask for more memory than a real table would.
  static func rowsAtMost(_ db: Database, table: String) throws -> Int {
    let largest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM \(table)") ?? 0
    return Int(min(max(largest, 0), 1 << 20))
  }

  static func fetchCandidates(_ db: Database, _ filter: CandidateFilter) throws -> [Candidate] {
    var out: [Candidate] = []
    // Every candidate (a comparison or the tiers of all roles): one allocation instead of the array doubling a dozen
    // times (at 10,000 candidates its copies were 3% of `tiers`), sized from the largest id (`rowsAtMost`).
    if filter.tier == nil, filter.status == nil, filter.roleId == nil, filter.tag == nil, filter.ids == nil,
      filter.staleBefore == nil
    {
      out.reserveCapacity(try rowsAtMost(db, table: "candidate"))
    }
    try eachCandidate(db, filter) { out.append($0) }
    return out
  }

  static func eachCandidate(_ db: Database, _ filter: CandidateFilter, _ body: (Candidate) throws -> Void) throws {
    var clauses: [String] = []
    var args: [DatabaseValueConvertible?] = []
    // With a role in scope, the status and its time are that role's application's.
    var from = "candidate c"
    var statusColumn = "c.status"
    var sinceColumn = "c.since"
    if let roleId = filter.roleId {
      from = "candidate_role cr JOIN candidate c ON c.id = cr.candidate_id"
      statusColumn = "cr.status"
      sinceColumn = "cr.since"
      // In a slice of ids the primary key (candidate, role) finds the slice; the role's own index would walk all
      // of the role's candidates for every slice.
      clauses.append(filter.idRange == nil ? "cr.role_id = ?" : "+cr.role_id = ?")
      args.append(roleId)
    }
    if let tier = filter.tier {
      clauses.append("c.tier = ?")
      args.append(tier.rawValue)
    }
    if let status = filter.status {
      clauses.append("\(statusColumn) = ?")
      args.append(status.rawValue)
    }
    if let before = filter.staleBefore {
      clauses.append("\(sinceColumn) < ?")
      args.append(before.timeIntervalSince1970)
    }
    if let tag = filter.tag {
      clauses.append("c.id IN (SELECT candidate_id FROM candidate_tag WHERE tag = ?)")
      args.append(tag)
    }
    if let range = filter.idRange {
      clauses.append(filter.roleId == nil ? "c.id BETWEEN ? AND ?" : "cr.candidate_id BETWEEN ? AND ?")
      args.append(range.lowerBound)
      args.append(range.upperBound)
    }
    if let ids = filter.ids {
      clauses.append("c.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))")
      args.append(contentsOf: ids.map { $0 as DatabaseValueConvertible? })
    }
    let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
    // Links, tags and role titles come ordered by candidate id, as the candidates do, and are merged in one pass.
    // Links, tags and roles come from three more queries in candidate order, stepped beside the candidates
    // (a merge-join): nothing is gathered, so memory stays flat however many candidates there are.
    var links: RawCursor?
    var tags: RawCursor?
    var roles: RawCursor?
    let order = filter.staleBefore != nil && filter.order == .id ? CandidateOrder.since : filter.order
    // In another order than the id's, the details are read first and looked up (they cannot be stepped beside).
    var preloaded: [Int64: (links: [String], tags: [String], roles: [String])]?
    if filter.details {
      // A few people by id (`candidate show`) read only their own rows, through the primary keys.
      // A slice of ids (a report read in slices) reads its own range only, through the same keys.
      let only =
        filter.ids.map { ids in " WHERE candidate_id IN (\(ids.map(String.init).joined(separator: ",")))" }
        ?? filter.idRange.map { " WHERE candidate_id BETWEEN \($0.lowerBound) AND \($0.upperBound)" } ?? ""
      if filter.links {
        links = try RawCursor(
          db, "SELECT candidate_id, url FROM candidate_link\(only) ORDER BY candidate_id, position")
      }
      tags = try RawCursor(db, "SELECT candidate_id, tag FROM candidate_tag\(only) ORDER BY candidate_id, rowid")
      if filter.roles {
        // In the primary key's order (candidate, role): no sort.
        roles = try RawCursor(
          db,
          """
          SELECT cr.candidate_id, r.title FROM candidate_role cr JOIN role r ON r.id = cr.role_id\(only.replacingOccurrences(of: "candidate_id", with: "cr.candidate_id"))
          ORDER BY cr.candidate_id, cr.role_id
          """)
      }
      if order != .id {
        var all: [Int64: (links: [String], tags: [String], roles: [String])] = [:]
        for (cursor, slot) in [(links, 0), (tags, 1), (roles, 2)] {
          try cursor?.drain { id, text in
            var entry = all[id] ?? ([], [], [])
            switch slot {
            case 0: entry.links.append(text)
            case 1: entry.tags.append(text)
            default: entry.roles.append(text)
            }
            all[id] = entry
          }
        }
        preloaded = all
      }
    }
    try db.eachRawRow(
      """
      SELECT c.id, \(!filter.identity ? "'', '', NULL" : filter.contact ? "c.uuid, c.name, c.email" : "'', c.name, NULL"), c.tier, \(statusColumn) AS status_,
        \(filter.identity ? "c.source" : "''"), c.rate, c.created_at,
        c.forgotten, \(sinceColumn) AS since_
      FROM \(from) \(whereSQL) ORDER BY \(order.sql)
      """, arguments: StatementArguments(args)
    ) { row in
      let id = row.int64(0)
      // The hot path reads raw columns, checked: a tier or status outside the known ones, or a value of the wrong
      // type, is a damaged row, never a default.
      let r = row.checked(table: "candidate", rowId: id, columns: Self.candidateListColumns)
      guard let tier = Tier(rawValue: Int(try r.int64(4))) else {
        throw StoreError.damaged(table: "candidate", rowId: id, column: "tier")
      }
      guard let status = Status(rawValue: try r.string(5)) else {
        throw StoreError.damaged(table: "candidate", rowId: id, column: "status")
      }
      // Without identity (sums per tier) the columns are blanks in the SQL: nothing to read.
      let identity = filter.identity
      var c = Candidate(
        id: id, uuid: identity ? try r.string(1) : "", name: identity ? try r.string(2) : "",
        email: identity ? try r.optionalString(3) : nil, tier: tier, source: identity ? try r.string(6) : "",
        rate: try r.optionalDouble(7),
        status: status, since: Date(timeIntervalSince1970: try r.double(10)),
        createdAt: Date(timeIntervalSince1970: try r.double(8)), forgotten: row.int64(9) != 0)
      if let preloaded {
        let d = preloaded[id]
        c.links = d?.links ?? []
        c.tags = d?.tags ?? []
        c.roles = d?.roles ?? []
      } else if filter.details {
        c.links = try links?.strings(for: id) ?? []
        c.tags = try tags?.strings(for: id) ?? []
        c.roles = try roles?.strings(for: id) ?? []
      }
      try body(c)
    }
  }

  static let candidateListColumns = [
    "id", "uuid", "name", "email", "tier", "status", "source", "rate", "created_at", "forgotten", "since",
  ]

  /// The names that begin with `prefix` (ASCII letters in either case), in name order, found in the name's
  /// case-insensitive index: Tab completion at a million candidates reads the few that match, not every name. A
  /// prefix that is empty or not plain ASCII gives every name (the caller matches those itself). `limit`: at most
  /// that many.
  public func candidateNames(startingWith prefix: String, limit: Int? = nil) throws -> [String] {
    try read { db in
      let plain = !prefix.isEmpty && prefix.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
      // `name` is COLLATE NOCASE: the range is the index's, ASCII case folded; U+10FFFF sorts after every character.
      let sql =
        plain
        ? "SELECT id, name FROM candidate WHERE name >= ? AND name < ? ORDER BY name"
        : "SELECT id, name FROM candidate ORDER BY id"
      var args: StatementArguments = plain ? [prefix, prefix + "\u{10FFFF}"] : []
      if let limit { _ = args.append(contentsOf: [limit]) }
      return try Row.fetchAll(db, sql: sql + (limit == nil ? "" : " LIMIT ?"), arguments: args).map { row in
        let id: Int64 = try row.checked(0, table: "candidate", rowId: nil)
        return try row.checked(1, table: "candidate", rowId: id)
      }
    }
  }

  public func candidateCount() throws -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM candidate") ?? 0 }
  }
}

extension AppDatabase {
  /// Adds a note about a candidate (outside any interview), in its own transaction.
  @discardableResult
  public func addCandidateNote(candidateId: Int64, text: String, author: String?) throws -> Int64 {
    try write { db in
      guard try Int.fetchOne(db, sql: "SELECT 1 FROM candidate WHERE id = ?", arguments: [candidateId]) != nil else {
        throw StoreError.notFound("no candidate #\(candidateId)")
      }
      return try CandidateNoteRecord(
        uuid: UUIDv7Generator.make(), candidateId: candidateId, text: try Self.limited(text), author: author,
        origin: nil, at: now()
      ).insertRow(db)
    }
  }

  /// A candidate's notes outside interviews, oldest first.
  public func candidateNotes(candidateId: Int64) throws -> [CandidateNote] {
    try read { db in try Self.candidateNotes(db, candidateId: candidateId) }
  }

  static let noteColumns = ["id", "text", "author", "origin", "at"]

  static func candidateNotes(_ db: Database, candidateId: Int64) throws -> [CandidateNote] {
    // One person's rows by index, read by position and checked (as the history: no query interface, which reads the
    // schema to build a request, and no record decoding to set up).
    var out: [CandidateNote] = []
    try db.eachRawRow(
      "SELECT \(noteColumns.joined(separator: ", ")) FROM candidate_note WHERE candidate_id = ? ORDER BY at, id",
      arguments: [candidateId]
    ) { row in
      let id = row.int64(0)
      let r = row.checked(table: "candidate_note", rowId: id, columns: Self.noteColumns)
      out.append(
        CandidateNote(
          id: id, text: try r.string(1), author: try r.optionalString(2), origin: try r.optionalString(3),
          at: Date(timeIntervalSince1970: try r.double(4))))
    }
    return out
  }
}
