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
        .init("id", align: .right), .init("candidate", minWidth: 8), .init("role"), .init("state"), .init("start"),
        .init("checklist"), .init("hours", align: .right), .init("spend", align: .right),
        .init("budget", align: .right),
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
