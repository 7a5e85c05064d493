import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct OnboardingCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "onboarding",
    abstract: "The First 5 Days: items with their due dates (working days from the start); `done ITEM` ticks one.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Argument(help: "`done ITEM` to tick an item.") var action: [String] = []
  @Option(help: "The day it was done, YYYY-MM-DD (default: today).") var on: String?
  @Option(help: "table or json.") var format: ViewFormat = .table

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    if !action.isEmpty {
      guard action.count == 2, action[0].lowercased() == "done" else {
        throw CLIError("usage: onboarding NAME done ITEM", usage: true)
      }
      let day = try on.map { try EngagementFields.day($0, flag: "--on") } ?? CivilDay.today()
      try ctx.db.completeOnboarding(engagementId: e.id, itemId: action[1], on: day)
      ctx.changed()
      let items = try ctx.db.onboarding(engagementId: e.id)
      let left = items.filter { $0.done == nil }.count
      let shipped = items.first { $0.item.id == action[1] && $0.item.firstShip } != nil
      ctx.console.print(
        "\(action[1]) done on \(day) for \(TextTable.oneLine(c.name))"
          + (shipped ? "; first ticket shipped \(max(0, day.number - e.start.number)) days after the start" : "")
          + (left == 0 ? "; the First 5 Days are complete" : "; \(left) to go"))
      return
    }
    let items = try ctx.db.onboarding(engagementId: e.id)
    if format == .json {
      ctx.console.printDocument(
        JSON.array(
          items.map {
            .object([
              ("id", .string($0.item.id)), ("day", .int($0.item.day)), ("title", .string($0.item.title)),
              ("due", .string($0.due.description)), ("done", .text($0.done?.description)),
            ])
          }
        ).render())
      return
    }
    let today = CivilDay.today()
    ctx.console.print(ctx.console.bold("The First 5 Days for \(TextTable.oneLine(c.name)), from \(e.start)"))
    // The item that shares the One-Pager shows the role's contacts, repository and board to hand over.
    let role = try e.roleId.flatMap { try ctx.db.role(id: $0) }
    for o in items {
      let state = o.done.map { "done \($0)" } ?? (o.due < today ? "OVERDUE" : "open")
      ctx.console.printWrapped(
        "\(o.item.title) · due \(o.due) · \(state)",
        lead: "  day \(o.item.day) \(o.item.id.padding(toLength: 14, withPad: " ", startingAt: 0)) ")
      if o.item.id == "one-pager", let role {
        let parts = [("key contacts", role.contacts), ("repository", role.repo), ("board", role.board)]
          .map { "\($0.0): \($0.1 ?? "not set (`role edit`)")" }
        ctx.console.printWrapped(parts.joined(separator: "; "), lead: String(repeating: " ", count: 23))
      }
    }
  }
}

struct ReportCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Record the weekly async report: accomplishments, next goals, blockers, hours, your coordination time.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(help: "What was accomplished.") var done: String?
  @Option(help: "Next week's goals.") var next: String?
  @Option(help: "Blockers.") var blockers: String?
  @Option(help: "Hours worked this week.") var hours: String?
  @Option(help: "Your own hours spent on this engagement this week (the cost hourly rates leave out).")
  var coordination: String?
  @Option(help: "Any day of the week reported, YYYY-MM-DD (default: this week).") var week: String?
  @Flag(help: "Log it even though the contract checklist is open (recorded).") var force = false

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    guard e.isActive else { throw CLIError("the engagement with \(TextTable.oneLine(c.name)) has ended") }
    var done = RoleFields.text(done)
    var next = RoleFields.text(next)
    var blockers = RoleFields.text(blockers)
    var hoursText = hours
    var coordinationText = coordination
    // In the REPL, a bare `report NAME` asks for each part; scripts and one-shot calls give flags.
    if ctx.interactive && done == nil && next == nil && blockers == nil && hoursText == nil {
      func ask(_ label: String) -> String? {
        ctx.console.write(label + ": ")
        return readLine(strippingNewline: true).flatMap(RoleFields.text)
      }
      done = ask("accomplishments")
      next = ask("next goals")
      blockers = ask("blockers (empty: none)")
      hoursText = ask("hours this week")
      coordinationText = coordinationText ?? ask("your coordination hours")
    }
    guard done != nil || next != nil || blockers != nil || hoursText != nil else {
      throw CLIError("a report needs at least one of --done, --next, --blockers, --hours", usage: true)
    }
    let h = try hoursText.map { try EngagementFields.hours($0, flag: "--hours") }
    let coord = try coordinationText.map { try EngagementFields.hours($0, flag: "--coordination") }
    let day = try week.map { try EngagementFields.day($0, flag: "--week") } ?? CivilDay.today()
    try ctx.db.addReport(
      engagementId: e.id, week: day, done: done, next: next, blockers: blockers, hours: h, coordination: coord,
      force: force)
    ctx.changed()
    var line = "report for the week of \(day.monday) recorded for \(TextTable.oneLine(c.name))"
    if let h, let cap = e.cap, h > cap {
      line += "; \(Format.number(h)) h is over the \(Format.number(cap)) h weekly cap"
    }
    if !e.openItems.isEmpty { line += " (forced: the contract checklist is open)" }
    ctx.console.print(line)
  }
}

struct RiskCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "risk", abstract: "The shared risk log of the engagements.",
    subcommands: [RiskAdd.self, RiskList.self, RiskClose.self])
}

struct RiskAdd: Runnable {
  static let configuration = CommandConfiguration(commandName: "add", abstract: "Log a risk on an engagement.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Argument(parsing: .captureForPassthrough, help: "The risk (the rest of the line).") var text: [String] = []
  @Option(help: "low, medium or high (default medium).") var severity: String?
  @Option(help: "Who owns it.") var owner: String?

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    // Flags may come after the text: take them out of the passthrough words.
    var words = text
    var severityText = severity
    var ownerText = owner
    var k = 0
    while k < words.count {
      if (words[k] == "--severity" || words[k] == "--owner") && k + 1 < words.count {
        if words[k] == "--severity" { severityText = words[k + 1] } else { ownerText = words[k + 1] }
        words.removeSubrange(k...(k + 1))
      } else {
        k += 1
      }
    }
    let body = words.joined(separator: " ").trimmed
    guard !body.isEmpty else {
      throw CLIError("describe the risk: risk add NAME \"staging data is stale\"", usage: true)
    }
    let level = severityText.map { RiskSeverity(rawValue: $0.trimmed.lowercased()) } ?? .medium
    guard let level else { throw CLIError("--severity takes \(RiskSeverity.accepted)") }
    let id = try ctx.db.addRisk(engagementId: e.id, text: body, severity: level, owner: RoleFields.text(ownerText))
    ctx.changed()
    ctx.console.print("risk #\(id) (\(level.rawValue)) logged on \(TextTable.oneLine(c.name))'s engagement")
  }
}

struct RiskList: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "The risk log.")
  @Flag(help: "Only open risks.") var open = false
  @Option(help: "table or json.") var format: ViewFormat = .table

  func run(in ctx: Context) throws {
    let risks = try ctx.db.risks(openOnly: open)
    if format == .json {
      ctx.console.printDocument(
        JSON.array(
          risks.map {
            .object([
              ("id", .int($0.id)), ("candidate", .string($0.candidateName)), ("text", .string($0.text)),
              ("severity", .string($0.severity.rawValue)), ("owner", .text($0.owner)),
              ("opened", .string(Timestamp.iso($0.opened))), ("closed", .text($0.closed.map(Timestamp.iso))),
              ("note", .text($0.note)),
            ])
          }
        ).render())
      return
    }
    if risks.isEmpty {
      ctx.console.print(open ? "no open risks" : "no risks logged; `risk add NAME TEXT`")
      return
    }
    var t = TextTable([
      .init("id", align: .right), .init("candidate"), .init("severity"), .init("owner"), .init("state"),
      .init("risk", minWidth: 12),
    ])
    for k in risks {
      t.add([
        "#\(k.id)", k.candidateName, k.severity.rawValue, k.owner ?? "", k.closed == nil ? "open" : "closed", k.text,
      ])
    }
    ctx.console.page(t.render(maxWidth: min(ctx.console.columns, 100), color: ctx.console.color))
  }
}

struct RiskClose: Runnable {
  static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a risk.")
  @Argument(help: "The risk's id (as `risk list` shows it).") var id: String
  @Option(help: "How it was resolved.") var note: String?

  func run(in ctx: Context) throws {
    let text = id.hasPrefix("#") ? String(id.dropFirst()) : id
    guard let n = Int64(text), n > 0 else { throw CLIError("risk close takes a risk id such as 3 or #3", usage: true) }
    try ctx.db.closeRisk(id: n, note: RoleFields.text(note))
    ctx.changed()
    ctx.console.print("risk #\(n) closed")
  }
}

/// The weekly 30-minute sync call, one of the three parts of the governance rhythm (with the async report and the
/// risk log): the day it was held and what it tackled.
struct CheckinCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "checkin",
    abstract: "Record the weekly 30-minute sync call: blockers tackled, decisions made.",
    discussion: "`week` marks an engagement with no sync call for 8 days or more; `engagement show` lists them.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(help: "Blockers tackled and decisions made.") var note: String?
  @Option(help: "The day of the call, YYYY-MM-DD (default: today).") var date: String?

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    guard e.isActive else { throw CLIError("the engagement with \(TextTable.oneLine(c.name)) has ended") }
    let day = try date.map { try EngagementFields.day($0, flag: "--date") } ?? CivilDay.today()
    guard day >= e.start else {
      throw CLIError("--date \(day) is before the engagement started (\(e.start))", usage: true)
    }
    try ctx.db.addCheckin(engagementId: e.id, day: day, note: RoleFields.text(note))
    ctx.changed()
    ctx.console.print("sync call with \(TextTable.oneLine(c.name)) recorded for \(day)")
  }
}

struct WeekCommand: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "week",
    abstract:
      "Every active engagement on one screen: last report and sync call, open risks, hours against the cap, spend, overdue."
  )
  @Option(help: "table or json.") var format: ViewFormat = .table

  struct Line {
    var e: Engagement
    /// Days since the last report; nil when none was ever sent.
    var daysSinceReport: Int?
    var lastCheckin: CivilDay?
    var risks: [RiskSeverity: Int]
    var hoursThisWeek: Double
    var overdue: [String]
    var flags: [String]
  }

  /// What needs a look: no report for 7+ days (or none 7+ days after the start), no sync call for 8+ days, over the
  /// cap or the budget, an overdue First 5 Days item, a retainer used under half its weekly cap for two weeks.
  static func flags(
    _ e: Engagement, daysSinceReport: Int?, lastCheckin: CivilDay?, hoursThisWeek: Double, overdue: [String],
    weekHours: [CivilDay: Double], today: CivilDay
  ) -> [String] {
    var flags: [String] = []
    let sinceStart = max(0, today.number - e.start.number)
    if (daysSinceReport ?? sinceStart) >= 7 { flags.append("no-report") }
    if today.number - (lastCheckin ?? e.start).number >= 8 { flags.append("no-checkin") }
    if let cap = e.cap, hoursThisWeek > cap { flags.append("over-cap") }
    if let budget = e.budget, (e.spend ?? 0) > budget { flags.append("over-budget") }
    if !overdue.isEmpty { flags.append("overdue") }
    if e.model == .retainer, let cap = e.cap, cap > 0 {
      // The two last full weeks, both after the start.
      let weeks = [today.monday.adding(days: -7), today.monday.adding(days: -14)]
      if e.start.monday <= weeks[1], weeks.allSatisfy({ (weekHours[$0] ?? 0) < cap / 2 }) {
        flags.append("under")
      }
    }
    return flags
  }

  func run(in ctx: Context) throws {
    let today = CivilDay.today()
    let openRisks = try ctx.db.risks(openOnly: true)
    var lines: [Line] = []
    for e in try ctx.db.engagements(activeOnly: true) {
      let reports = try ctx.db.reports(engagementId: e.id)
      let since = e.lastReport.map { Clock.days(since: $0) }
      var risks: [RiskSeverity: Int] = [:]
      for k in openRisks where k.engagementId == e.id { risks[k.severity, default: 0] += 1 }
      var weekHours: [CivilDay: Double] = [:]
      for r in reports { weekHours[r.week.monday, default: 0] += r.hours ?? 0 }
      let thisWeek = weekHours[today.monday] ?? 0
      let overdue = try ctx.db.onboarding(engagementId: e.id).filter { $0.done == nil && $0.due < today }.map(\.item.id)
      let last = try ctx.db.checkins(engagementId: e.id).last?.day
      lines.append(
        Line(
          e: e, daysSinceReport: since, lastCheckin: last, risks: risks, hoursThisWeek: thisWeek, overdue: overdue,
          flags: Self.flags(
            e, daysSinceReport: since, lastCheckin: last, hoursThisWeek: thisWeek, overdue: overdue,
            weekHours: weekHours, today: today)))
    }
    if format == .json {
      ctx.console.printDocument(
        JSON.array(
          lines.map { l in
            .object([
              ("candidate", .string(l.e.candidateName)), ("role", .text(l.e.roleTitle)),
              ("days_since_report", l.daysSinceReport.map { .int($0) } ?? .null),
              ("last_checkin", .text(l.lastCheckin?.description)),
              ("open_risks", .object(RiskSeverity.allCases.map { ($0.rawValue, .int(l.risks[$0] ?? 0)) })),
              ("hours_this_week", .number(l.hoursThisWeek)), ("cap", .number(l.e.cap)), ("spend", .number(l.e.spend)),
              ("budget", .number(l.e.budget)), ("overdue", .strings(l.overdue)), ("flags", .strings(l.flags)),
            ])
          }
        ).render())
      return
    }
    if lines.isEmpty {
      ctx.console.print("no active engagements; `engagement start NAME` after the hire")
      return
    }
    ctx.console.printWrapped(
      "week of \(today.monday) · ! = needs a look: no report for 7+ days, no sync call for 8+ days, over cap or budget, "
        + "an overdue item, a retainer under half its cap for 2 weeks")
    var t = TextTable([
      .init("", minWidth: 1), .init("candidate", minWidth: 8), .init("role"), .init("last report", align: .right),
      .init("last sync", align: .right), .init("risks"), .init("hours/cap", align: .right),
      .init("spend/budget", align: .right), .init("overdue"), .init("flags"),
    ])
    for l in lines {
      let risks = RiskSeverity.allCases.reversed().compactMap { s in l.risks[s].map { "\($0) \(s.rawValue)" } }
      t.add([
        l.flags.isEmpty ? "" : "!", l.e.candidateName, l.e.roleTitle ?? "",
        l.daysSinceReport.map { "\($0)d" } ?? "never",
        l.lastCheckin.map { "\(max(0, today.number - $0.number))d" } ?? "never",
        risks.isEmpty ? "none" : risks.joined(separator: ", "),
        Format.number(l.hoursThisWeek) + "/" + (l.e.cap.map(Format.number) ?? "-"),
        EngagementFields.money(l.e.spend) + "/" + EngagementFields.money(l.e.budget),
        l.overdue.joined(separator: ", "), l.flags.joined(separator: " "),
      ])
    }
    ctx.console.page(t.render(maxWidth: min(ctx.console.columns, 120), color: ctx.console.color))
  }
}
