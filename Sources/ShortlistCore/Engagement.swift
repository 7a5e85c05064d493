import Foundation
import Yams

/// A calendar day (no time, no zone): start dates, due dates, report weeks. Stored as `YYYY-MM-DD`.
public struct CivilDay: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public var number: Int

  public init(number: Int) { self.number = number }

  /// `YYYY-MM-DD`, a real calendar day; nil otherwise.
  public init?(_ text: String) {
    let t = text.trimmed
    guard t.utf8.count == 10, let date = Clock.parse(t) else { return nil }
    number = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
  }

  /// The UTC day of a moment.
  public init(_ date: Date) { number = Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

  public static func today() -> CivilDay { CivilDay(Clock.now()) }

  public var date: Date { Date(timeIntervalSince1970: Double(number) * 86_400) }
  public var description: String { Timestamp.day(date) }

  /// 1 Monday ... 7 Sunday (1970-01-01 was a Thursday).
  public var weekday: Int { ((number % 7 + 7) % 7 + 3) % 7 + 1 }
  public var isWeekend: Bool { weekday >= 6 }

  public func adding(days: Int) -> CivilDay { CivilDay(number: number + days) }
  /// The Monday of this day's week.
  public var monday: CivilDay { adding(days: -(weekday - 1)) }

  public static func < (a: CivilDay, b: CivilDay) -> Bool { a.number < b.number }

  /// The Nth working day (Monday to Friday) counted from `start`: day 1 is the start itself when it is a working day,
  /// else the next Monday.
  public static func workingDay(_ n: Int, from start: CivilDay) -> CivilDay {
    var day = start
    while day.isWeekend { day = day.adding(days: 1) }
    var left = max(1, n) - 1
    while left > 0 {
      day = day.adding(days: 1)
      if !day.isWeekend { left -= 1 }
    }
    return day
  }
}

/// The four protections settled before work starts.
public enum ContractItem: String, CaseIterable, Sendable {
  case ip, nda, data, acceptance

  public var label: String {
    switch self {
    case .ip: "IP assignment: everything built belongs to the company"
    case .nda: "confidentiality (NDA)"
    case .data: "data-handling terms: what the engineer may access, and how"
    case .acceptance: "delivery acceptance criteria: what done means (tests, documentation)"
    }
  }

  public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

public enum ChecklistState: String, Sendable, CaseIterable {
  case open, done, waived
}

/// Whether the first milestone was met.
public enum MilestoneOutcome: String, CaseIterable, Sendable {
  case yes, late, no

  public var delivered: Bool { self != .no }
  public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The anchored levels of the end-of-engagement review, as the banks' rubrics are anchored.
public enum OutcomeLevels {
  public static let quality: [Int: String] = [
    1: "poor: the work had to be redone or thrown away",
    2: "weak: usable only after substantial rework",
    3: "solid: met the acceptance criteria with minor fixes",
    4: "exceptional: beyond the criteria, well tested and documented, easy to hand over",
  ]
  public static let communication: [Int: String] = [
    1: "poor: missed reports, surprises, blockers hidden",
    2: "weak: reports late or thin; blockers raised late",
    3: "solid: weekly reports on time; blockers raised early",
    4: "exceptional: proactive, clear trade-offs, the founder never had to chase",
  ]
}

/// One item of the First 5 Days.
public struct PlaybookItem: Sendable, Equatable {
  public var id: String
  public var day: Int
  public var title: String
  public var detail: String?
  /// The item that marks the first real ticket shipped (days to first ship).
  public var firstShip: Bool

  public init(id: String, day: Int, title: String, detail: String? = nil, firstShip: Bool = false) {
    self.id = id
    self.day = day
    self.title = title
    self.detail = detail
    self.firstShip = firstShip
  }
}

public struct Playbook: Sendable, Equatable {
  public var id: String
  public var title: String
  public var items: [PlaybookItem]

  public init(id: String, title: String, items: [PlaybookItem]) {
    self.id = id
    self.title = title
    self.items = items
  }
}

/// Reads and validates a playbook (`Playbooks/first-5-days.yaml`) as banks are: every problem with its
/// `file:line:column`, all of them at once.
public enum PlaybookParser {
  public static let topKeys = ["id", "title", "items"]
  public static let itemKeys = ["id", "day", "title", "detail", "first_ship"]

  public static func parse(file url: URL, displayPath: String? = nil) throws -> Playbook {
    let shown = displayPath ?? url.path
    guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
      throw BankValidationError(problems: [
        BankProblem(path: shown, line: 1, column: 1, message: "cannot read the file as UTF-8 text")
      ])
    }
    return try parse(yaml: text, path: shown)
  }

  public static func parse(yaml: String, path: String) throws -> Playbook {
    var problems: [BankProblem] = []
    func report(_ node: Node?, _ message: String) {
      problems.append(
        BankProblem(path: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message))
    }
    func fail() -> BankValidationError {
      BankValidationError(problems: problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }
    if yaml.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }) {
      report(nil, "the file contains control characters; a playbook is YAML text")
      throw fail()
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      report(nil, "cannot parse YAML: \(error)".replacingOccurrences(of: "\n", with: " "))
      throw fail()
    }
    guard let root, let top = root.mapping else {
      report(root, "a playbook is a mapping with \(topKeys.joined(separator: ", "))")
      throw fail()
    }
    for (key, _) in top {
      if let k = key.string, !topKeys.contains(k) {
        report(key, "unknown key '\(k)'; a playbook has \(topKeys.joined(separator: ", "))")
      }
    }
    func text(_ node: Node?, _ field: String, in parent: Node) -> String? {
      guard let node else {
        report(parent, "missing '\(field)'")
        return nil
      }
      guard let s = node.scalar?.string, !s.trimmed.isEmpty else {
        report(node, "'\(field)' must be non-empty text")
        return nil
      }
      return s.trimmed
    }
    let id = text(top["id"], "id", in: root)
    let title = text(top["title"], "title", in: root)
    var items: [PlaybookItem] = []
    if let node = top["items"] {
      if let seq = node.sequence, !seq.isEmpty {
        var seen = Set<String>()
        for item in seq {
          guard let map = item.mapping else {
            report(item, "an item is a mapping with \(itemKeys.joined(separator: ", "))")
            continue
          }
          for (key, _) in map {
            if let k = key.string, !itemKeys.contains(k) {
              report(key, "unknown key '\(k)'; an item has \(itemKeys.joined(separator: ", "))")
            }
          }
          let itemId = text(map["id"], "id", in: item)
          if let itemId {
            if itemId.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
              report(map["id"], "an item id is letters, digits, - and _ (found '\(itemId)')")
            }
            if !seen.insert(itemId).inserted { report(map["id"], "duplicate item id '\(itemId)'") }
          }
          var day: Int?
          if let d = map["day"] {
            if let n = d.int, (1...5).contains(n) { day = n } else { report(d, "'day' is a working day, 1 to 5") }
          } else {
            report(item, "missing 'day'")
          }
          let itemTitle = text(map["title"], "title", in: item)
          var firstShip = false
          if let f = map["first_ship"] {
            if let b = f.bool { firstShip = b } else { report(f, "'first_ship' is true or false") }
          }
          let detail = map["detail"]?.scalar?.string
          if let itemId, let day, let itemTitle {
            items.append(PlaybookItem(id: itemId, day: day, title: itemTitle, detail: detail, firstShip: firstShip))
          }
        }
        if items.filter(\.firstShip).count > 1 {
          report(node, "only one item marks the first ticket shipped (first_ship: true)")
        }
      } else {
        report(node, "'items' is a non-empty list")
      }
    } else {
      report(root, "missing 'items'")
    }
    guard problems.isEmpty, let id, let title else { throw fail() }
    return Playbook(id: id, title: title, items: items)
  }
}

/// The outcome review recorded when an engagement ends.
public struct EngagementOutcome: Sendable, Equatable {
  public var milestone: MilestoneOutcome?
  public var quality: Int?
  public var communication: Int?
  public var again: Bool?
  public var hours: Double?
  public var rework: Double?
  public var support: Double?

  public init(
    milestone: MilestoneOutcome? = nil, quality: Int? = nil, communication: Int? = nil, again: Bool? = nil,
    hours: Double? = nil, rework: Double? = nil, support: Double? = nil
  ) {
    self.milestone = milestone
    self.quality = quality
    self.communication = communication
    self.again = again
    self.hours = hours
    self.rework = rework
    self.support = support
  }
}

/// A freelancer's engagement after the hire, as stored.
public struct Engagement: Sendable, Equatable {
  public var id: Int64
  public var uuid: String
  public var candidateId: Int64
  public var candidateName: String
  public var roleId: Int64?
  public var roleTitle: String?
  public var model: EngagementModel?
  public var rate: Double?
  public var cap: Double?
  public var budget: Double?
  public var start: CivilDay
  public var end: CivilDay?
  public var outcome: EngagementOutcome
  public var checklist: [ContractItem: ChecklistState]
  /// Hours and the founder's coordination hours from the weekly reports.
  public var reportedHours: Double
  public var coordinationHours: Double
  public var lastReport: Date?
  public var firstShip: CivilDay?

  public init(
    id: Int64, uuid: String, candidateId: Int64, candidateName: String, roleId: Int64?, roleTitle: String?,
    model: EngagementModel?, rate: Double?, cap: Double?, budget: Double?, start: CivilDay, end: CivilDay?,
    outcome: EngagementOutcome, checklist: [ContractItem: ChecklistState], reportedHours: Double,
    coordinationHours: Double, lastReport: Date?, firstShip: CivilDay?
  ) {
    self.id = id
    self.uuid = uuid
    self.candidateId = candidateId
    self.candidateName = candidateName
    self.roleId = roleId
    self.roleTitle = roleTitle
    self.model = model
    self.rate = rate
    self.cap = cap
    self.budget = budget
    self.start = start
    self.end = end
    self.outcome = outcome
    self.checklist = checklist
    self.reportedHours = reportedHours
    self.coordinationHours = coordinationHours
    self.lastReport = lastReport
    self.firstShip = firstShip
  }

  public var isActive: Bool { end == nil }
  public var openItems: [ContractItem] { ContractItem.allCases.filter { (checklist[$0] ?? .open) == .open } }
  /// Reported hours x rate (nil without a rate).
  public var spend: Double? { rate.map { $0 * (outcome.hours ?? reportedHours) } }
  /// Calendar days from the start to the first ticket shipped.
  public var daysToFirstShip: Int? { firstShip.map { max(0, $0.number - start.number) } }
}

public struct OnboardingEntry: Sendable, Equatable {
  public var item: PlaybookItem
  public var due: CivilDay
  public var done: CivilDay?

  public init(item: PlaybookItem, due: CivilDay, done: CivilDay?) {
    self.item = item
    self.due = due
    self.done = done
  }
}

public struct WeeklyReport: Sendable, Equatable {
  public var id: Int64
  public var week: CivilDay
  public var done: String?
  public var next: String?
  public var blockers: String?
  public var hours: Double?
  public var coordination: Double?
  public var forced: Bool
  public var at: Date

  public init(
    id: Int64, week: CivilDay, done: String?, next: String?, blockers: String?, hours: Double?,
    coordination: Double?, forced: Bool, at: Date
  ) {
    self.id = id
    self.week = week
    self.done = done
    self.next = next
    self.blockers = blockers
    self.hours = hours
    self.coordination = coordination
    self.forced = forced
    self.at = at
  }
}

public enum RiskSeverity: String, CaseIterable, Sendable {
  case low, medium, high
  public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

public struct Risk: Sendable, Equatable {
  public var id: Int64
  public var engagementId: Int64
  public var candidateName: String
  public var text: String
  public var severity: RiskSeverity
  public var owner: String?
  public var opened: Date
  public var closed: Date?
  public var note: String?

  public init(
    id: Int64, engagementId: Int64, candidateName: String, text: String, severity: RiskSeverity, owner: String?,
    opened: Date, closed: Date?, note: String?
  ) {
    self.id = id
    self.engagementId = engagementId
    self.candidateName = candidateName
    self.text = text
    self.severity = severity
    self.owner = owner
    self.opened = opened
    self.closed = closed
    self.note = note
  }
}
