import Foundation

/// A person the database does not hold yet: what `candidate add`, an import and the demo hand to the Store, which
/// gives back a `Candidate` with its id.
public struct NewCandidate: Sendable, Equatable {
  public var uuid: String
  public var name: String
  public var email: String?
  public var tier: Tier
  public var source: String
  public var rate: Double?
  public var status: Status
  public var createdAt: Date
  public var links: [String]
  public var tags: [String]
  /// A sourcing note (an imported sheet's Notes column), stored as the candidate's first note.
  public var note: String? = nil

  public init(
    uuid: String = UUIDv7Generator.make(), name: String, email: String? = nil, tier: Tier, source: String,
    rate: Double? = nil, status: Status = .sourced, createdAt: Date = Clock.now(), links: [String] = [],
    tags: [String] = []
  ) {
    self.uuid = uuid
    self.name = name
    self.email = email
    self.tier = tier
    self.source = source
    self.rate = rate
    self.status = status
    self.createdAt = createdAt
    self.links = links
    self.tags = tags
  }
}

/// A person being vetted, as stored: always with the id the database gave them.
public struct Candidate: Sendable, Equatable {
  public let id: Int64
  public var uuid: String
  public var name: String
  public var email: String?
  public var tier: Tier
  public var source: String
  public var rate: Double?
  public var status: Status
  /// When the candidate reached `status` (the last move); with a role in scope, of that role's application.
  public var since: Date
  public var createdAt: Date
  public var forgotten: Bool
  /// Filled in by reads that join them; not columns of the candidate table.
  public var links: [String]
  public var tags: [String]
  public var roles: [String]

  public init(
    id: Int64, uuid: String = UUIDv7Generator.make(), name: String, email: String? = nil, tier: Tier, source: String,
    rate: Double? = nil,
    status: Status = .sourced, since: Date? = nil, createdAt: Date = Clock.now(), forgotten: Bool = false,
    links: [String] = [], tags: [String] = [], roles: [String] = []
  ) {
    self.id = id
    self.uuid = uuid
    self.name = name
    self.email = email
    self.tier = tier
    self.source = source
    self.rate = rate
    self.status = status
    self.since = since ?? createdAt
    self.createdAt = createdAt
    self.forgotten = forgotten
    self.links = links
    self.tags = tags
    self.roles = roles
  }

  /// The stored form of a new candidate.
  public init(id: Int64, _ new: NewCandidate, roles: [String] = []) {
    self.init(
      id: id, uuid: new.uuid, name: new.name, email: new.email, tier: new.tier, source: new.source, rate: new.rate,
      status: new.status, createdAt: new.createdAt, links: new.links, tags: new.tags, roles: roles)
  }
}

/// A role the database does not hold yet (`role add`, the demo): the Store gives back a `Role` with its id.
public struct NewRole: Sendable, Equatable {
  public var uuid: String
  public var title: String
  public var goal: String?
  public var metric: String?
  public var stack: String?
  public var milestone: String?
  public var model: EngagementModel?
  public var budgetMin: Double?
  public var budgetMax: Double?
  public var createdAt: Date
  public var banks: [String]
  /// The One-Pager's key contacts, code repository and project board.
  public var contacts: String? = nil
  public var repo: String? = nil
  public var board: String? = nil

  public init(
    uuid: String = UUIDv7Generator.make(), title: String, goal: String? = nil, metric: String? = nil,
    stack: String? = nil, milestone: String? = nil, model: EngagementModel? = nil, budgetMin: Double? = nil,
    budgetMax: Double? = nil, createdAt: Date = Clock.now(), banks: [String] = []
  ) {
    self.uuid = uuid
    self.title = title
    self.goal = goal
    self.metric = metric
    self.stack = stack
    self.milestone = milestone
    self.model = model
    self.budgetMin = budgetMin
    self.budgetMax = budgetMax
    self.createdAt = createdAt
    self.banks = banks
  }
}

/// What is being hired for: the Project One-Pager, as stored (always with its id).
public struct Role: Sendable, Equatable {
  public let id: Int64
  public var uuid: String
  public var title: String
  public var goal: String?
  public var metric: String?
  public var stack: String?
  public var milestone: String?
  public var model: EngagementModel?
  public var budgetMin: Double?
  public var budgetMax: Double?
  public var createdAt: Date
  /// Bank ids in order; stored in their own table.
  public var banks: [String]
  /// When the role was archived (out of `role list`, the prompt and completion; kept in history and outcomes).
  public var archivedAt: Date?
  /// The One-Pager's key contacts, code repository and project board.
  public var contacts: String? = nil
  public var repo: String? = nil
  public var board: String? = nil

  public init(
    id: Int64, uuid: String = UUIDv7Generator.make(), title: String, goal: String? = nil, metric: String? = nil,
    stack: String? = nil,
    milestone: String? = nil, model: EngagementModel? = nil, budgetMin: Double? = nil, budgetMax: Double? = nil,
    createdAt: Date = Clock.now(), banks: [String] = [], archivedAt: Date? = nil
  ) {
    self.id = id
    self.uuid = uuid
    self.title = title
    self.goal = goal
    self.metric = metric
    self.stack = stack
    self.milestone = milestone
    self.model = model
    self.budgetMin = budgetMin
    self.budgetMax = budgetMax
    self.createdAt = createdAt
    self.banks = banks
    self.archivedAt = archivedAt
  }

  /// The stored form of a new role.
  public init(id: Int64, _ new: NewRole) {
    self.init(
      id: id, uuid: new.uuid, title: new.title, goal: new.goal, metric: new.metric, stack: new.stack,
      milestone: new.milestone, model: new.model, budgetMin: new.budgetMin, budgetMax: new.budgetMax,
      createdAt: new.createdAt, banks: new.banks)
    contacts = new.contacts
    repo = new.repo
    board = new.board
  }

  public var budgetText: String? { NewRole.budgetText(budgetMin, budgetMax) }
}

extension NewRole {
  static func budgetText(_ budgetMin: Double?, _ budgetMax: Double?) -> String? {
    switch (budgetMin, budgetMax) {
    case (nil, nil): nil
    case let (lo?, hi?): "$\(Format.number(lo))-\(Format.number(hi))/h"
    case let (lo?, nil): "from $\(Format.number(lo))/h"
    case let (nil, hi?): "up to $\(Format.number(hi))/h"
    }
  }
}

/// A note about a candidate outside any interview: a sourcing note or one added by hand.
public struct CandidateNote: Sendable, Equatable {
  public var id: Int64
  public var text: String
  public var author: String?
  public var origin: String?
  public var at: Date

  public init(id: Int64, text: String, author: String?, origin: String?, at: Date) {
    self.id = id
    self.text = text
    self.author = author
    self.origin = origin
    self.at = at
  }
}

/// A status change with its time: of one application (`roleId`), or of a candidate with no role (nil).
public struct StatusChange: Sendable, Equatable {
  public var id: Int64
  public var candidateId: Int64
  public var roleId: Int64?
  public var from: Status?
  public var to: Status
  public var at: Date
  public var note: String?
  /// The move broke the pipeline rule (`StatusMove`) and was made with `--force`.
  public var forced: Bool

  public init(
    id: Int64, candidateId: Int64, roleId: Int64? = nil, from: Status?, to: Status, at: Date = Clock.now(),
    note: String? = nil, forced: Bool = false
  ) {
    self.id = id
    self.candidateId = candidateId
    self.roleId = roleId
    self.from = from
    self.to = to
    self.at = at
    self.note = note
    self.forced = forced
  }
}

/// A candidate's pipeline for one role (an "application", as applicant trackers call it).
public struct Application: Sendable, Equatable {
  public var candidateId: Int64
  public var roleId: Int64
  public var roleTitle: String
  public var status: Status
  public var since: Date
  public var roleArchived: Bool

  public init(
    candidateId: Int64, roleId: Int64, roleTitle: String, status: Status, since: Date, roleArchived: Bool = false
  ) {
    self.candidateId = candidateId
    self.roleId = roleId
    self.roleTitle = roleTitle
    self.status = status
    self.since = since
    self.roleArchived = roleArchived
  }

  public func daysInStage(now: Date = Clock.now()) -> Int { Clock.days(since: since, now: now) }
}

/// Small formatting helpers shared by every layer.
public enum Format {
  /// 20000 as "20,000" (negative numbers with their sign first).
  public static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = n < 0 ? "-" : ""
    for (k, ch) in digits.enumerated() {
      if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return out
  }

  /// 120 -> "120", 120.5 -> "120.5"; never scientific notation.
  public static func number(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    var s = String(format: "%.6f", v)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
  }

  /// `v` with exactly `digits` decimals, rounded half away from zero; a fast path for the common case (String(format:)
  /// is slow on Linux and reports call it for every cell).
  public static func fixed(_ v: Double, _ digits: Int) -> String {
    guard v.isFinite, (0...6).contains(digits), abs(v) < 1e12 else { return String(format: "%.\(digits)f", v) }
    var scale: Int64 = 1
    for _ in 0..<digits { scale *= 10 }
    let n = Int64((abs(v) * Double(scale)).rounded(.toNearestOrAwayFromZero))
    let negative = v < 0 && n != 0
    // Written straight into the string's storage, right to left: no intermediate strings.
    var length = 1
    var rest = n / 10
    while rest > 0 {
      length += 1
      rest /= 10
    }
    length = max(length, digits + 1)
    let total = length + (digits > 0 ? 1 : 0) + (negative ? 1 : 0)
    return String(unsafeUninitializedCapacity: total) { out in
      var k = total - 1
      var m = n
      for i in 0..<length {
        if digits > 0 && i == digits {
          out[k] = UInt8(ascii: ".")
          k -= 1
        }
        out[k] = 48 + UInt8(m % 10)
        m /= 10
        k -= 1
      }
      if negative { out[0] = UInt8(ascii: "-") }
      return total
    }
  }

  /// At most `limit` characters, the last one an ellipsis when cut. Walks at most `limit` characters of a long text.
  public static func shorten(_ s: String, _ limit: Int) -> String {
    if s.utf8.count <= limit { return s }  // a character is at least one byte
    guard let end = s.index(s.startIndex, offsetBy: limit, limitedBy: s.endIndex), end < s.endIndex else { return s }
    return String(s[..<s.index(before: end)]) + "…"
  }

  /// Parses a positive rate such as "120", "$120", "120/h", "120.50".
  public static func parseRate(_ text: String) -> Double? {
    // Fast path for the usual sheet cell: plain digits with at most one dot.
    if !text.isEmpty, text.utf8.count < 16,
      text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }),
      text.utf8.reduce(0, { $0 + ($1 == 0x2E ? 1 : 0) }) <= 1
    {
      guard let v = Double(text), v.isFinite, v > 0, v < 100_000 else { return nil }
      return v
    }
    var t = text.trimmed.lowercased()
    if t.hasPrefix("$") { t.removeFirst() }
    for suffix in ["/hour", "/hr", "/h", "usd"] where t.hasSuffix(suffix) { t.removeLast(suffix.count) }
    t = t.trimmed
    guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let v = Double(t), v.isFinite,
      v > 0, v < 100_000
    else { return nil }
    return v
  }

  /// An hourly rate as people write money: whole dollars bare (`120`), cents always two digits (`95.50`).
  public static func rate(_ v: Double) -> String { v == v.rounded() ? number(v) : fixed(v, 2) }

  /// ISO 8601 in UTC with seconds (`2026-11-30T01:33:40Z`), for JSON and CSV: see `Timestamp`.
  public static func iso(_ date: Date) -> String { Timestamp.iso(date) }

  /// Local wall-clock time to the minute (`2026-11-30 02:33`), for tables: see `Timestamp`.
  public static func local(_ date: Date) -> String { Timestamp.local(date) }
}
