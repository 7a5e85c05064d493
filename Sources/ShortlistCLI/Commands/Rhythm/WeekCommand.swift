import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct WeekCommand: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "week",
    abstract:
      "Every active engagement on one screen: last report and sync call, open risks, hours against the cap, spend, overdue."
  )
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

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

  /// The line under a flagged row: its flags as `--format json` names them, the overdue items after `overdue`.
  static func note(flags: [String], overdue: [String]) -> String? {
    guard !flags.isEmpty else { return nil }
    return flags.map { $0 == "overdue" && !overdue.isEmpty ? "overdue (\(overdue.joined(separator: ", ")))" : $0 }
      .joined(separator: " ")
  }

  func run(in ctx: Context) throws {
    let today = CivilDay.today()
    // Open risks by engagement, once (not a pass over every risk per engagement).
    var openRisks: [Int64: [RiskSeverity]] = [:]
    for k in try ctx.db.risks(openOnly: true) { openRisks[k.engagementId, default: []].append(k.severity) }
    var lines: [Line] = []
    let rhythm = try ctx.db.activeRhythm(today: today)
    for e in try ctx.db.engagements(activeOnly: true) {
      let reports = rhythm.hours[e.id] ?? []
      let since = e.lastReport.map { Clock.days(since: $0) }
      var risks: [RiskSeverity: Int] = [:]
      for severity in openRisks[e.id] ?? [] { risks[severity, default: 0] += 1 }
      var weekHours: [CivilDay: Double] = [:]
      for r in reports { weekHours[r.week.monday, default: 0] += r.hours ?? 0 }
      let thisWeek = weekHours[today.monday] ?? 0
      let overdue = rhythm.overdue[e.id] ?? []
      let last = rhythm.lastCheckin[e.id]
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
        + "an overdue item, a retainer under half its cap for 2 weeks; report and sync: days since the last; hours: this "
        + "week's against the cap; spend against the budget")
    var rows: [[String]] = []
    var notes: [String?] = []
    for l in lines {
      let risks = RiskSeverity.allCases.reversed().compactMap { s in l.risks[s].map { "\($0) \(s.rawValue)" } }
      rows.append([
        l.flags.isEmpty ? "" : "!", l.e.candidateName, l.e.roleTitle ?? "",
        l.daysSinceReport.map { "\($0)d" } ?? "never",
        l.lastCheckin.map { "\(max(0, today.number - $0.number))d" } ?? "never",
        risks.isEmpty ? "none" : risks.joined(separator: ", "),
        Format.number(l.hoursThisWeek) + "/" + (l.e.cap.map(Format.number) ?? "-"),
        EngagementFields.money(l.e.spend) + "/" + EngagementFields.money(l.e.budget),
      ])
      notes.append(Self.note(flags: l.flags, overdue: l.overdue))
    }
    // What a reader acts on is never cut: why a row is flagged (and which items are overdue) is said in full on a line
    // under it; the days, hours and money keep their width; the role gives way first, then the risks, then the name.
    func widest(_ k: Int) -> Int { rows.map { TextTable.width(TextTable.oneLine($0[k])) }.max() ?? 0 }
    var t = TextTable([
      .init("", minWidth: 1), .init("candidate", minWidth: 12, priority: 2), .init("role", minWidth: 3),
      .init("report", align: .right, minWidth: max(widest(3), 6)),
      .init("sync", align: .right, minWidth: max(widest(4), 4)), .init("risks", minWidth: 5, priority: 1),
      .init("hours", align: .right, minWidth: max(widest(6), 5)),
      .init("spend", align: .right, minWidth: max(widest(7), 5)),
    ])
    for row in rows { t.add(row) }
    ctx.console.page(t.render(maxWidth: min(ctx.console.columns, 120), color: ctx.console.color, notes: notes))
  }
}
