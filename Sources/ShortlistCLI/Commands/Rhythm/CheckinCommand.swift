import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

/// The weekly 30-minute sync call, one of the three parts of the governance rhythm (with the async report and the
/// risk log): the day it was held and what it tackled.
struct CheckinCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "checkin",
    abstract: "Record the weekly 30-minute sync call: blockers tackled, decisions made.",
    discussion: "`week` marks an engagement with no sync call for 8 days or more; `engagement show` lists them.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(parsing: .unconditional, help: "Blockers tackled and decisions made.") var note: String?
  @Option(parsing: .unconditional, help: "The day of the call, YYYY-MM-DD (default: today).") var date: DayValue?

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    guard e.isActive else { throw CLIError("the engagement with \(TextTable.oneLine(c.name)) has ended") }
    let day = try EngagementFields.pastDay(date, flag: "--date")
    guard day >= e.start else {
      throw CLIError("--date \(day) is before the engagement started (\(e.start))", usage: true)
    }
    try ctx.db.addCheckin(engagementId: e.id, day: day, note: RoleFields.text(note))
    ctx.changed()
    ctx.console.print("sync call with \(TextTable.oneLine(c.name)) recorded for \(day)")
  }
}
