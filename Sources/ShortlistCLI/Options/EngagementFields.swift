import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

/// Parsing and naming shared by the engagement commands.
enum EngagementFields {
  static func day(_ text: String, flag: String) throws -> CivilDay {
    guard let d = CivilDay(text) else {
      throw CLIError("\(flag) takes a calendar date as YYYY-MM-DD (e.g. 2026-03-02), not '\(TextTable.oneLine(text))'")
    }
    return d
  }

  /// The day an option gave, or today; a day still to come is refused (a call, an item or an end recorded ahead
  /// would hide the rhythm's flags, or take an engagement out of `week`, until long after it).
  static func pastDay(_ value: DayValue?, flag: String, today: CivilDay = CivilDay.today()) throws -> CivilDay {
    let day = try value?.value(flag) ?? today
    guard day <= today else { throw CLIError("\(flag) takes a day that has come (today is \(today)), not \(day)") }
    return day
  }

  static func hours(_ text: String, flag: String) throws -> Double {
    guard let h = Double(text.trimmed), h.isFinite, h >= 0, h < 10_000 else {
      throw CLIError("\(flag) takes a number of hours (0 or more, e.g. 12.5), not '\(TextTable.oneLine(text))'")
    }
    return h
  }

  /// `example`: a value of the option's own size (a budget is thousands, an hourly rate a hundred or two).
  static func amount(_ text: String, flag: String, example: String = "12000") throws -> Double {
    let cleaned = text.trimmed.replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "")
    guard let v = Double(cleaned), v.isFinite, v > 0 else {
      throw CLIError("\(flag) takes a positive amount in USD (e.g. \(example)), not '\(TextTable.oneLine(text))'")
    }
    return v
  }

  static func level(_ text: String, flag: String, anchors: [Int: String]) throws -> Int {
    guard let n = Int(text.trimmed), (1...4).contains(n) else {
      let list = (1...4).map { "\($0) \(anchors[$0] ?? "")" }.joined(separator: "; ")
      throw CLIError("\(flag) takes 1-4: \(list)")
    }
    return n
  }

  /// The candidate's engagement (the active one, else the latest).
  static func engagement(_ name: String, ctx: Context) throws -> (Candidate, Engagement) {
    let c = try ctx.candidate(name)
    guard let e = try ctx.db.engagement(candidateId: c.id) else {
      throw CLIError("\(TextTable.oneLine(c.name)) has no engagement; start one with `engagement start NAME`")
    }
    return (c, e)
  }

  static func money(_ v: Double?) -> String { v.map { "$" + Format.rate($0) } ?? "-" }

  static func json(_ e: Engagement) -> JSON {
    let outcome: JSON =
      e.end == nil
      ? .null
      : .object([
        ("milestone", .text(e.outcome.milestone?.rawValue)), ("quality", .int(e.outcome.quality)),
        ("communication", .int(e.outcome.communication)), ("again", e.outcome.again.map(JSON.bool) ?? .null),
        ("hours", .number(e.outcome.hours)), ("rework", .number(e.outcome.rework)),
        ("support", .number(e.outcome.support)),
      ])
    return .object([
      ("id", .int(e.id)), ("candidate", .string(e.candidateName)), ("role", .text(e.roleTitle)),
      ("model", .text(e.model?.rawValue)), ("rate", .number(e.rate)), ("cap", .number(e.cap)),
      ("budget", .number(e.budget)), ("start", .string(e.start.description)), ("end", .text(e.end?.description)),
      ("state", .string(e.isActive ? "active" : "ended")),
      ("checklist", .object(ContractItem.allCases.map { ($0.rawValue, .string((e.checklist[$0] ?? .open).rawValue)) })),
      ("hours", .number(e.outcome.hours ?? e.reportedHours)), ("coordination", .number(e.coordinationHours)),
      ("spend", .number(e.spend)), ("days_to_first_ship", .int(e.daysToFirstShip)), ("outcome", outcome),
    ])
  }
}
