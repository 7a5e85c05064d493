import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct OutcomesCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "outcomes",
    abstract: "Did the interviews predict the work? Per question, tier and interviewer, from ended engagements.")
  @Option(help: "Role (default: the role in use; `all` for every engagement).") var role: String?
  @Option(name: .customLong("own-rate"), help: "Your own hourly value in USD (kept; default 150).") var ownRate: String?
  @Option(help: "table, md, json or html.") var format: Format = .table
  @Option(help: "Write to this file (0600; - for standard output).") var out: String?
  @Flag(help: "Replace the --out file if it exists.") var force = false

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, md, json, html
  }

  func run(in ctx: Context) throws {
    let r: Role? = role?.lowercased() == "all" ? nil : try ctx.effectiveRole(role)
    let rate = try OutcomesBuilder.ownRate(ctx: ctx, option: ownRate)
    let report = OutcomesReport(role: r, analysis: try OutcomesBuilder.analysis(ctx: ctx, role: r, ownRate: rate))
    let text: String
    switch format {
    case .json: text = report.json()
    case .md: text = report.markdown()
    case .html: text = report.html()
    case .table: text = report.table(width: min(ctx.console.columns, 100))
    }
    try Output.emit(text, to: out, force: force, format: format.rawValue, ctx: ctx, count: report.analysis.cases.count)
  }
}
