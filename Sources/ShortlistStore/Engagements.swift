import Foundation
import GRDB
import GRDBSQLite
import ShortlistCore

struct EngagementRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "engagement"
  var id: Int64?
  var uuid: String
  var candidateId: Int64
  var roleId: Int64?
  var model: String?
  var rate: Double?
  var cap: Double?
  var budget: Double?
  var startDay: String
  var endDay: String?
  var milestone: String?
  var quality: Int?
  var communication: Int?
  var again: Bool?
  var totalHours: Double?
  var reworkHours: Double?
  var supportHours: Double?
  var createdAt: Double

  enum CodingKeys: String, CodingKey {
    case id, uuid
    case candidateId = "candidate_id"
    case roleId = "role_id"
    case model, rate, cap, budget
    case startDay = "start_day"
    case endDay = "end_day"
    case milestone, quality, communication, again
    case totalHours = "total_hours"
    case reworkHours = "rework_hours"
    case supportHours = "support_hours"
    case createdAt = "created_at"
  }

  enum Columns {
    static let candidateId = Column(CodingKeys.candidateId)
  }

}

struct ContractCheckRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "contract_check"
  var engagementId: Int64
  var item: String
  var state: String
  var reason: String?
  var at: Double?

  enum CodingKeys: String, CodingKey {
    case engagementId = "engagement_id"
    case item, state, reason, at
  }
}

struct OnboardingItemRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "onboarding_item"
  var engagementId: Int64
  var itemId: String
  var position: Int
  var day: Int
  var title: String
  var firstShip: Bool
  var doneDay: String?

  enum CodingKeys: String, CodingKey {
    case engagementId = "engagement_id"
    case itemId = "item_id"
    case position, day, title
    case firstShip = "first_ship"
    case doneDay = "done_day"
  }
}

struct WeeklyReportRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "weekly_report"
  var id: Int64?
  var uuid: String
  var engagementId: Int64
  var week: String
  var done: String?
  var next: String?
  var blockers: String?
  var hours: Double?
  var coordination: Double?
  var forced: Bool
  var at: Double

  enum CodingKeys: String, CodingKey {
    case id, uuid
    case engagementId = "engagement_id"
    case week, done, next, blockers, hours, coordination, forced, at
  }

}

/// One weekly sync call: the day it was held and what it tackled (blockers, decisions).
struct CheckinRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "checkin"
  var id: Int64?
  var uuid: String
  var engagementId: Int64
  var day: String
  var note: String?
  var at: Double

  enum CodingKeys: String, CodingKey {
    case id, uuid
    case engagementId = "engagement_id"
    case day, note, at
  }

}

extension CheckinRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName, columns: ["uuid", "engagement_id", "day", "note", "at"])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, engagementId)
    s.bind(3, day)
    s.bind(4, note)
    s.bind(5, at)
  }
}

/// A weekly sync call as read.
public struct Checkin: Sendable, Equatable {
  public var id: Int64
  public var day: CivilDay
  public var note: String?
}

struct RiskRecord: Codable, Equatable, FetchableRecord, StoredRecord {
  static let databaseTableName = "risk"
  var id: Int64?
  var uuid: String
  var engagementId: Int64
  var text: String
  var severity: String
  var owner: String?
  var openedAt: Double
  var closedAt: Double?
  var note: String?

  enum CodingKeys: String, CodingKey {
    case id, uuid
    case engagementId = "engagement_id"
    case text, severity, owner
    case openedAt = "opened_at"
    case closedAt = "closed_at"
    case note
  }

}

extension EngagementRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: [
      "uuid", "candidate_id", "role_id", "model", "rate", "cap", "budget", "start_day", "end_day", "milestone",
      "quality", "communication", "again", "total_hours", "rework_hours", "support_hours", "created_at",
    ])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, candidateId)
    s.bind(3, roleId)
    s.bind(4, model)
    s.bind(5, rate)
    s.bind(6, cap)
    s.bind(7, budget)
    s.bind(8, startDay)
    s.bind(9, endDay)
    s.bind(10, milestone)
    s.bind(11, quality)
    s.bind(12, communication)
    s.bind(13, again.map { $0 ? 1 : 0 })
    s.bind(14, totalHours)
    s.bind(15, reworkHours)
    s.bind(16, supportHours)
    s.bind(17, createdAt)
  }
}

extension ContractCheckRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName, columns: ["engagement_id", "item", "state", "reason", "at"])
  func bind(_ s: RawStatement) {
    s.bind(1, engagementId)
    s.bind(2, item)
    s.bind(3, state)
    s.bind(4, reason)
    s.bind(5, at)
  }
}

extension OnboardingItemRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["engagement_id", "item_id", "position", "day", "title", "first_ship", "done_day"])
  func bind(_ s: RawStatement) {
    s.bind(1, engagementId)
    s.bind(2, itemId)
    s.bind(3, position)
    s.bind(4, day)
    s.bind(5, title)
    s.bind(6, firstShip ? 1 : 0)
    s.bind(7, doneDay)
  }
}

extension WeeklyReportRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["uuid", "engagement_id", "week", "done", "next", "blockers", "hours", "coordination", "forced", "at"])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, engagementId)
    s.bind(3, week)
    s.bind(4, done)
    s.bind(5, next)
    s.bind(6, blockers)
    s.bind(7, hours)
    s.bind(8, coordination)
    s.bind(9, forced ? 1 : 0)
    s.bind(10, at)
  }
}

extension RiskRecord: InsertableRecord {
  static let inserts = InsertStatements(
    table: databaseTableName,
    columns: ["uuid", "engagement_id", "text", "severity", "owner", "opened_at", "closed_at", "note"])
  func bind(_ s: RawStatement) {
    s.bind(1, uuid)
    s.bind(2, engagementId)
    s.bind(3, text)
    s.bind(4, severity)
    s.bind(5, owner)
    s.bind(6, openedAt)
    s.bind(7, closedAt)
    s.bind(8, note)
  }
}

/// What `engagement start` hands to the Store.
public struct NewEngagement: Sendable {
  public var candidateId: Int64
  public var roleId: Int64?
  public var model: EngagementModel?
  public var rate: Double?
  public var cap: Double?
  public var budget: Double?
  public var start: CivilDay

  public init(
    candidateId: Int64, roleId: Int64?, model: EngagementModel?, rate: Double?, cap: Double?, budget: Double?,
    start: CivilDay
  ) {
    self.candidateId = candidateId
    self.roleId = roleId
    self.model = model
    self.rate = rate
    self.cap = cap
    self.budget = budget
    self.start = start
  }
}

extension AppDatabase {
  /// Starts an engagement: the candidate's application moves to `hired` (through the pipeline rule: `force` and
  /// `note` as for `candidate move`), the contract checklist is opened with its four items, and the playbook's
  /// First 5 Days are laid out from the start date. One transaction.
  @discardableResult
  public func startEngagement(_ e: NewEngagement, playbook: Playbook, note: String?, force: Bool) throws -> Int64 {
    try write { db in
      if let active = try Int64.fetchOne(
        db,
        sql: "SELECT id FROM engagement WHERE candidate_id = ? AND role_id IS ? AND end_day IS NULL",
        arguments: [e.candidateId, e.roleId])
      {
        throw StoreError.duplicate(
          "engagement #\(active) with this candidate is still active; `engagement end` it first")
      }
      let status: String? =
        try e.roleId.map {
          try String.fetchOne(
            db, sql: "SELECT status FROM candidate_role WHERE candidate_id = ? AND role_id = ?",
            arguments: [e.candidateId, $0])
        }
        ?? String.fetchOne(db, sql: "SELECT status FROM candidate WHERE id = ?", arguments: [e.candidateId])
      if status != Status.hired.rawValue {
        try Self.move(
          db, candidateId: e.candidateId, roleId: e.roleId, to: .hired, note: note ?? "engagement started",
          force: force)
      }
      let id = try EngagementRecord(
        uuid: UUIDv7Generator.make(), candidateId: e.candidateId, roleId: e.roleId, model: e.model?.rawValue,
        rate: e.rate, cap: e.cap, budget: e.budget, startDay: e.start.description, endDay: nil, milestone: nil,
        quality: nil, communication: nil, again: nil, totalHours: nil, reworkHours: nil, supportHours: nil,
        createdAt: now()
      ).insertRow(db)
      for item in ContractItem.allCases {
        try ContractCheckRecord(engagementId: id, item: item.rawValue, state: "open", reason: nil, at: nil).insertRow(
          db)
      }
      for (k, item) in playbook.items.enumerated() {
        try OnboardingItemRecord(
          engagementId: id, itemId: item.id, position: k, day: item.day, title: item.title,
          firstShip: item.firstShip, doneDay: nil
        ).insertRow(db)
      }
      return id
    }
  }

  /// The candidate's engagement: the active one, else the latest.
  public func engagement(candidateId: Int64) throws -> Engagement? {
    try engagements(candidateId: candidateId).sorted { ($0.isActive ? 1 : 0, $0.id) > ($1.isActive ? 1 : 0, $1.id) }
      .first
  }

  /// Engagements in id order: of one candidate, of one role, active or ended only, or those of `ids` (a report's
  /// first thousand). Without `checklists`, their contract checklists are left empty (outcomes does not use them).
  public func engagements(
    candidateId: Int64? = nil, roleId: Int64? = nil, activeOnly: Bool = false, endedOnly: Bool = false,
    ids: [Int64]? = nil, checklists: Bool = true
  ) throws -> [Engagement] {
    try read { db in
      try Self.engagements(
        db, candidateId: candidateId, roleId: roleId, activeOnly: activeOnly, endedOnly: endedOnly, ids: ids,
        checklists: checklists)
    }
  }

  /// Every engagement's id, candidate and whether it has ended, in id order (of one role, if given): what a report
  /// over many candidates looks its people up in before it reads the few engagements it shows.
  public func engagementOwners(roleId: Int64?) throws -> [(id: Int64, candidateId: Int64, ended: Bool)] {
    try read { db in
      var out: [(id: Int64, candidateId: Int64, ended: Bool)] = []
      try db.eachRawRow(
        "SELECT e.id, e.candidate_id, e.end_day IS NOT NULL FROM engagement e JOIN candidate c ON c.id = e.candidate_id"
          + (roleId == nil ? "" : " WHERE e.role_id = ?") + " ORDER BY e.id",
        arguments: roleId.map { [$0] } ?? []
      ) { row in
        guard sqlite3_column_type(row.statement, 0) == SQLITE_INTEGER,
          sqlite3_column_type(row.statement, 1) == SQLITE_INTEGER
        else { throw StoreError.damaged(table: "engagement", rowId: nil, column: "candidate_id") }
        out.append((row.int64(0), row.int64(1), row.int64(2) != 0))
      }
      return out
    }
  }

  static func engagements(
    _ db: Database, candidateId: Int64? = nil, roleId: Int64? = nil, activeOnly: Bool = false,
    endedOnly: Bool = false, ids: [Int64]? = nil, checklists: Bool = true
  ) throws -> [Engagement] {
    var sql = """
      SELECT e.*, c.name AS candidate_name, r.title AS role_title,
        (SELECT coalesce(sum(hours), 0) FROM weekly_report w WHERE w.engagement_id = e.id) AS reported,
        (SELECT coalesce(sum(coordination), 0) FROM weekly_report w WHERE w.engagement_id = e.id) AS coordinated,
        (SELECT max(at) FROM weekly_report w WHERE w.engagement_id = e.id) AS last_report,
        (SELECT done_day FROM onboarding_item o WHERE o.engagement_id = e.id AND o.first_ship = 1) AS first_ship
      FROM engagement e JOIN candidate c ON c.id = e.candidate_id LEFT JOIN role r ON r.id = e.role_id
      """
    var clauses: [String] = []
    var args: StatementArguments = []
    if let candidateId {
      clauses.append("e.candidate_id = ?")
      args += [candidateId]
    }
    if let roleId {
      clauses.append("e.role_id = ?")
      args += [roleId]
    }
    if activeOnly { clauses.append("e.end_day IS NULL") }
    if endedOnly { clauses.append("e.end_day IS NOT NULL") }
    // Integers of our own, written as numbers.
    let idList = ids.map { "(" + $0.map { String($0) }.joined(separator: ",") + ")" }
    if let idList { clauses.append("e.id IN \(idList)") }
    let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
    sql += filter
    var checks: [Int64: [ContractItem: ChecklistState]] = [:]
    // The checklist rows of the engagements read, and no others (one person's, a role's, the first thousand).
    let checkSQL =
      "SELECT * FROM contract_check"
      + (filter.isEmpty ? "" : " WHERE engagement_id IN (SELECT e.id FROM engagement e\(filter))")
    for c in try !checklists ? [] : ContractCheckRecord.fetchAll(db, sql: checkSQL, arguments: args) {
      if let item = ContractItem(rawValue: c.item), let state = ChecklistState(rawValue: c.state) {
        checks[c.engagementId, default: [:]][item] = state
      }
    }
    // Row by row (a cursor): 40,000 engagements are not held twice, as rows and as values.
    return try Array(
      Row.fetchCursor(db, sql: sql + " ORDER BY e.id", arguments: args).map { row in
        let r: EngagementRecord = try Decode.record(row)
        let id = r.id ?? 0
        guard let start = CivilDay(r.startDay) else {
          throw StoreError.damaged(table: "engagement", rowId: id, column: "start_day")
        }
        return Engagement(
          id: id, uuid: r.uuid, candidateId: r.candidateId,
          candidateName: try Decode.value(row, "candidate_name", table: "candidate", rowId: r.candidateId),
          roleId: r.roleId, roleTitle: try Decode.optional(row, "role_title", table: "role", rowId: r.roleId),
          model: r.model.flatMap(EngagementModel.init(rawValue:)), rate: r.rate,
          cap: r.cap, budget: r.budget, start: start, end: r.endDay.flatMap(CivilDay.init),
          outcome: EngagementOutcome(
            milestone: r.milestone.flatMap(MilestoneOutcome.init(rawValue:)), quality: r.quality,
            communication: r.communication, again: r.again, hours: r.totalHours, rework: r.reworkHours,
            support: r.supportHours),
          checklist: checks[id] ?? [:],
          // Sums and latest times of the engagement's rows: a value of another type there is a damaged row, named.
          reportedHours: try Decode.optional(row, "reported", table: "weekly_report", rowId: nil) ?? 0,
          coordinationHours: try Decode.optional(row, "coordinated", table: "weekly_report", rowId: nil) ?? 0,
          lastReport: (try Decode.optional(row, "last_report", table: "weekly_report", rowId: nil) as Double?)
            .map(Date.init(timeIntervalSince1970:)),
          firstShip: (try Decode.optional(row, "first_ship", table: "onboarding_item", rowId: nil) as String?)
            .flatMap(CivilDay.init))
      })
  }

  /// Ticks (or waives, with why) one item of the contract checklist.
  public func check(engagementId: Int64, item: ContractItem, waive reason: String?) throws {
    try write { db in
      try ContractCheckRecord(
        engagementId: engagementId, item: item.rawValue, state: reason == nil ? "done" : "waived",
        reason: reason.map(Self.keepable), at: now()
      ).insertRow(db, .replace)
      return ()
    }
  }

  /// The First 5 Days of an engagement, with due dates counted in working days from its start.
  public func onboarding(engagementId: Int64) throws -> [OnboardingEntry] {
    try read { db in
      guard
        let startText = try String.fetchOne(
          db, sql: "SELECT start_day FROM engagement WHERE id = ?", arguments: [engagementId]),
        let start = CivilDay(startText)
      else { throw StoreError.notFound("no engagement #\(engagementId)") }
      return try OnboardingItemRecord.fetchAll(
        db, sql: "SELECT * FROM onboarding_item WHERE engagement_id = ? ORDER BY position", arguments: [engagementId]
      ).map { Self.entry($0, start: start) }
    }
  }

  private static func entry(_ r: OnboardingItemRecord, start: CivilDay) -> OnboardingEntry {
    OnboardingEntry(
      item: PlaybookItem(id: r.itemId, day: r.day, title: r.title, firstShip: r.firstShip),
      due: CivilDay.workingDay(r.day, from: start), done: r.doneDay.flatMap(CivilDay.init))
  }

  /// What the week's view reads of every active engagement, in one read (a read per engagement was 60,000 reads for
  /// 20,000 active engagements), by engagement id: the hours of each weekly report (by week, in `reports`' order),
  /// the First 5 Days items not done and due before `today` (in `onboarding`'s order) and the day of the last
  /// check-in.
  public func activeRhythm(today: CivilDay) throws -> (
    hours: [Int64: [(week: CivilDay, hours: Double?)]], overdue: [Int64: [String]], lastCheckin: [Int64: CivilDay]
  ) {
    try read { db in
      let active = "SELECT id FROM engagement WHERE end_day IS NULL"
      var hours: [Int64: [(week: CivilDay, hours: Double?)]] = [:]
      let weeks = try Row.fetchCursor(
        db,
        sql:
          "SELECT engagement_id, week, hours FROM weekly_report WHERE engagement_id IN (\(active)) ORDER BY engagement_id, week, id"
      )
      while let row = try weeks.next() {
        let id: Int64 = try Decode.value(row, "engagement_id", table: "weekly_report", rowId: nil)
        let week: String = try Decode.value(row, "week", table: "weekly_report", rowId: nil)
        guard let day = CivilDay(week) else { continue }
        hours[id, default: []].append((day, try Decode.optional(row, "hours", table: "weekly_report", rowId: nil)))
      }
      let starts = try Self.days(
        db, "SELECT id, start_day AS day FROM engagement WHERE end_day IS NULL", table: "engagement")
      var overdue: [Int64: [String]] = [:]
      let items = try OnboardingItemRecord.fetchCursor(
        db,
        sql:
          "SELECT * FROM onboarding_item WHERE done_day IS NULL AND engagement_id IN (\(active)) ORDER BY engagement_id, position"
      )
      while let r = try items.next() {
        guard let start = starts[r.engagementId], Self.entry(r, start: start).due < today else { continue }
        overdue[r.engagementId, default: []].append(r.itemId)
      }
      let lastCheckin = try Self.days(
        db,
        "SELECT engagement_id AS id, max(day) AS day FROM checkin WHERE engagement_id IN (\(active)) GROUP BY engagement_id",
        table: "checkin")
      return (hours, overdue, lastCheckin)
    }
  }

  /// A query's `id` and `day` columns as a dictionary; a day that is not a date is left out, a value of another type
  /// is a damaged row, named.
  private static func days(_ db: Database, _ sql: String, table: String) throws -> [Int64: CivilDay] {
    var out: [Int64: CivilDay] = [:]
    let rows = try Row.fetchCursor(db, sql: sql)
    while let row = try rows.next() {
      let id: Int64 = try Decode.value(row, "id", table: table, rowId: nil)
      let text: String? = try Decode.optional(row, "day", table: table, rowId: id)
      if let day = text.flatMap(CivilDay.init) { out[id] = day }
    }
    return out
  }

  /// Ticks an item done on `day` and returns the day it had before (nil: it was open). An item already done keeps
  /// its day unless `replace` (a correction, asked for with a day): ticking it again must not move the first ticket
  /// to today, which is what days to first ship (and the outcomes by tier) are measured from.
  @discardableResult
  public func completeOnboarding(engagementId: Int64, itemId: String, on day: CivilDay, replace: Bool = false) throws
    -> CivilDay?
  {
    try write { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT done_day FROM onboarding_item WHERE engagement_id = ? AND item_id = ?",
          arguments: [engagementId, itemId])
      else {
        let known = try String.fetchAll(
          db, sql: "SELECT item_id FROM onboarding_item WHERE engagement_id = ? ORDER BY position",
          arguments: [engagementId])
        throw StoreError.notFound("no onboarding item '\(itemId)'; items: \(known.joined(separator: ", "))")
      }
      let before = (try Decode.optional(row, "done_day", table: "onboarding_item", rowId: nil) as String?)
        .flatMap(CivilDay.init)
      if before != nil && !replace { return before }
      try db.execute(
        sql: "UPDATE onboarding_item SET done_day = ? WHERE engagement_id = ? AND item_id = ?",
        arguments: [day.description, engagementId, itemId])
      return before
    }
  }

  /// Records a weekly report. With the contract checklist still open it is refused unless `force`, and a forced
  /// report is recorded as such.
  @discardableResult
  public func addReport(
    engagementId: Int64, week: CivilDay, done: String?, next: String?, blockers: String?, hours: Double?,
    coordination: Double?, force: Bool
  ) throws -> Int64 {
    try write { db in
      let open = try String.fetchAll(
        db, sql: "SELECT item FROM contract_check WHERE engagement_id = ? AND state = 'open' ORDER BY item",
        arguments: [engagementId])
      if !open.isEmpty && !force {
        throw StoreError.invalid(
          "the contract checklist is still open (\(open.joined(separator: ", "))); tick or waive it with `engagement check NAME ITEM`, or add --force (recorded)"
        )
      }
      return try WeeklyReportRecord(
        uuid: UUIDv7Generator.make(), engagementId: engagementId, week: week.monday.description,
        done: done.map(Self.keepable), next: next.map(Self.keepable), blockers: blockers.map(Self.keepable),
        hours: hours, coordination: coordination, forced: !open.isEmpty, at: now()
      ).insertRow(db)
    }
  }

  /// Records a weekly sync call.
  @discardableResult
  public func addCheckin(engagementId: Int64, day: CivilDay, note: String?) throws -> Int64 {
    try write { db in
      try CheckinRecord(
        uuid: UUIDv7Generator.make(), engagementId: engagementId, day: day.description,
        note: try note.map { try Self.limited($0) }, at: now()
      ).insertRow(db)
    }
  }

  /// An engagement's sync calls, oldest first.
  public func checkins(engagementId: Int64) throws -> [Checkin] {
    try read { db in
      try CheckinRecord.fetchAll(
        db, sql: "SELECT * FROM checkin WHERE engagement_id = ? ORDER BY day, id", arguments: [engagementId]
      ).compactMap(Self.checkin)
    }
  }

  private static func checkin(_ r: CheckinRecord) -> Checkin? {
    CivilDay(r.day).map { Checkin(id: r.id ?? 0, day: $0, note: r.note) }
  }

  public func reports(engagementId: Int64) throws -> [WeeklyReport] {
    try read { db in
      try WeeklyReportRecord.fetchAll(
        db, sql: "SELECT * FROM weekly_report WHERE engagement_id = ? ORDER BY week, id", arguments: [engagementId]
      ).compactMap(Self.report)
    }
  }

  private static func report(_ r: WeeklyReportRecord) -> WeeklyReport? {
    guard let week = CivilDay(r.week) else { return nil }
    return WeeklyReport(
      id: r.id ?? 0, week: week, done: r.done, next: r.next, blockers: r.blockers, hours: r.hours,
      coordination: r.coordination, forced: r.forced, at: Date(timeIntervalSince1970: r.at))
  }

  @discardableResult
  public func addRisk(engagementId: Int64, text: String, severity: RiskSeverity, owner: String?) throws -> Int64 {
    try write { db in
      try RiskRecord(
        uuid: UUIDv7Generator.make(), engagementId: engagementId, text: Self.keepable(text),
        severity: severity.rawValue, owner: owner, openedAt: now(), closedAt: nil, note: nil
      ).insertRow(db)
    }
  }

  public func closeRisk(id: Int64, note: String?) throws {
    try write { db in
      try db.execute(
        sql: "UPDATE risk SET closed_at = ?, note = ? WHERE id = ? AND closed_at IS NULL",
        arguments: [now(), note.map(Self.keepable), id])
      guard db.changesCount > 0 else {
        throw StoreError.notFound(
          try Int.fetchOne(db, sql: "SELECT 1 FROM risk WHERE id = ?", arguments: [id]) == nil
            ? "no risk #\(id); `risk list` shows them" : "risk #\(id) is already closed")
      }
    }
  }

  public func risks(openOnly: Bool = false, engagementId: Int64? = nil) throws -> [Risk] {
    try read { db in
      var sql = """
        SELECT k.*, c.name AS candidate_name FROM risk k JOIN engagement e ON e.id = k.engagement_id
        JOIN candidate c ON c.id = e.candidate_id
        """
      var clauses: [String] = []
      var args: StatementArguments = []
      if openOnly { clauses.append("k.closed_at IS NULL") }
      if let engagementId {
        clauses.append("k.engagement_id = ?")
        args += [engagementId]
      }
      if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
      return try Row.fetchAll(db, sql: sql + " ORDER BY k.id", arguments: args).map { row in
        let r: RiskRecord = try Decode.record(row)
        guard let severity = RiskSeverity(rawValue: r.severity) else {
          throw StoreError.damaged(table: "risk", rowId: r.id, column: "severity")
        }
        return Risk(
          id: r.id ?? 0, engagementId: r.engagementId,
          candidateName: try Decode.value(row, "candidate_name", table: "candidate", rowId: nil), text: r.text,
          severity: severity, owner: r.owner, opened: Date(timeIntervalSince1970: r.openedAt),
          closed: r.closedAt.map(Date.init(timeIntervalSince1970:)), note: r.note)
      }
    }
  }

  /// Ends an engagement with its outcome review.
  public func endEngagement(id: Int64, on day: CivilDay, outcome: EngagementOutcome) throws {
    try write { db in
      try db.execute(
        sql: """
          UPDATE engagement SET end_day = ?, milestone = ?, quality = ?, communication = ?, again = ?,
            total_hours = ?, rework_hours = ?, support_hours = ? WHERE id = ? AND end_day IS NULL
          """,
        arguments: [
          day.description, outcome.milestone?.rawValue, outcome.quality, outcome.communication,
          outcome.again.map { $0 ? 1 : 0 }, outcome.hours, outcome.rework, outcome.support, id,
        ])
      guard db.changesCount > 0 else { throw StoreError.invalid("engagement #\(id) has already ended") }
    }
  }
}
