import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct EngagementList: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "Every engagement.")
  @Flag(help: "Only active engagements.") var active = false
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

  func run(in ctx: Context) throws {
    let list = try ctx.db.engagements(activeOnly: active)
    switch format {
    case .json:
      // An element at a time (40,000 engagements at a million candidates made a 150 MB tree).
      try ctx.console.streamJSONArray { add in
        for e in list { try add { $0.value(EngagementFields.json(e)) } }
      }
    case .table:
      if list.isEmpty {
        ctx.console.print("no engagements yet; `engagement start NAME` after the hire")
        return
      }
      var t = TextTable([
        // The role gives way first, then the checklist, then the name; ids, dates and numbers are never cut.
        .init("id", align: .right, priority: 3), .init("candidate", minWidth: 8, priority: 2), .init("role"),
        .init("state", priority: 3), .init("start", priority: 3), .init("checklist", minWidth: 8, priority: 1),
        .init("hours", align: .right, priority: 3), .init("spend", align: .right, priority: 3),
        .init("budget", align: .right, priority: 3),
      ])
      for e in list {
        let open = e.openItems
        t.add([
          "#\(e.id)", e.candidateName, e.roleTitle ?? "", e.isActive ? "active" : "ended", e.start.description,
          open.isEmpty ? "complete" : "open: " + open.map(\.rawValue).joined(separator: ","),
          Format.number(e.outcome.hours ?? e.reportedHours), EngagementFields.money(e.spend),
          EngagementFields.money(e.budget),
        ])
      }
      ctx.console.page(t.render(maxWidth: min(ctx.console.columns, 100), color: ctx.console.color))
    }
  }
}
