import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct ReportCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Record the weekly async report: accomplishments, next goals, blockers, hours, your coordination time.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(parsing: .unconditional, help: "What was accomplished.") var done: String?
  @Option(parsing: .unconditional, help: "Next week's goals.") var next: String?
  @Option(parsing: .unconditional, help: "Blockers.") var blockers: String?
  @Option(parsing: .unconditional, help: "Hours worked this week.") var hours: String?
  @Option(
    parsing: .unconditional,
    help: "Your own hours spent on this engagement this week (the cost hourly rates leave out).")
  var coordination: String?
  @Option(parsing: .unconditional, help: "Any day of the week reported, YYYY-MM-DD (default: this week).") var week:
    String?
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
    let today = CivilDay.today()
    let day = try week.map { try EngagementFields.day($0, flag: "--week") } ?? today
    // A report for a week to come would hide "no report for 7+ days" and count its hours ahead of time.
    guard day.monday <= today.monday else {
      throw CLIError("--week takes this week or an earlier one (this week began \(today.monday)), not \(day)")
    }
    try ctx.db.addReport(
      engagementId: e.id, week: day, done: done, next: next, blockers: blockers, hours: h, coordination: coord,
      force: force)
    ctx.changed()
    var line = "report for the week of \(day.monday) recorded for \(TextTable.oneLine(c.name))"
    // A second report of a week adds its hours to the first's (as `week`, spend and the cap count them): said, so a
    // report sent again to correct one is seen to count twice.
    let sameWeek = try ctx.db.reports(engagementId: e.id).filter { $0.week.monday == day.monday }
    let weekHours = sameWeek.reduce(0) { $0 + ($1.hours ?? 0) }
    if sameWeek.count > 1, h != nil {
      line += "; the week's \(sameWeek.count) reports add up to \(Format.number(weekHours)) h"
    }
    if h != nil, let cap = e.cap, weekHours > cap {
      line += "; \(Format.number(weekHours)) h is over the \(Format.number(cap)) h weekly cap"
    }
    if !e.openItems.isEmpty { line += " (forced: the contract checklist is open)" }
    ctx.console.print(line)
  }
}
