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
  @Option(parsing: .unconditional, help: "The day it was done, YYYY-MM-DD (default: today).") var on: DayValue?
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    if !action.isEmpty {
      guard action.count == 2, action[0].lowercased() == "done" else {
        throw CLIError("usage: onboarding NAME done ITEM", usage: true)
      }
      let day = try EngagementFields.pastDay(on, flag: "--on")
      // Ticked again, an item keeps the day it was done; `--on` corrects it.
      let before = try ctx.db.completeOnboarding(engagementId: e.id, itemId: action[1], on: day, replace: on != nil)
      if let before, on == nil {
        ctx.console.print(
          "\(TextTable.oneLine(action[1])) was already done on \(before) for \(TextTable.oneLine(c.name)); nothing "
            + "changed (`--on YYYY-MM-DD` corrects its day)")
        return
      }
      ctx.changed()
      let items = try ctx.db.onboarding(engagementId: e.id)
      let left = items.filter { $0.done == nil }.count
      let shipped = items.first { $0.item.id == action[1] && $0.item.firstShip } != nil
      ctx.console.print(
        "\(TextTable.oneLine(action[1])) done on \(day)\(before.map { " (was \($0))" } ?? "") for \(TextTable.oneLine(c.name))"
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
