import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RiskList: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "The risk log.")
  @Flag(help: "Only open risks.") var open = false
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

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
      .init("id", align: .right, priority: 2), .init("candidate", priority: 1), .init("severity", priority: 1),
      .init("owner"), .init("state", priority: 1),
      .init("risk", minWidth: 20, wraps: true),
    ])
    for k in risks {
      t.add([
        "#\(k.id)", k.candidateName, k.severity.rawValue, k.owner ?? "", k.closed == nil ? "open" : "closed", k.text,
      ])
    }
    ctx.console.page(t.render(maxWidth: min(ctx.console.columns, 100), color: ctx.console.color))
  }
}
