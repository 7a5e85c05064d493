import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct OutcomesCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "outcomes",
    abstract: "Did the interviews predict the work? Per question, tier and interviewer, from ended engagements.")
  @OptionGroup var scope: RoleScopeOption
  @Option(
    name: .customLong("own-rate"), parsing: .unconditional, help: "Your own hourly value in USD (kept; default 150).")
  var ownRate: HourlyAmountValue?
  @Option(parsing: .unconditional, help: "table, md, json or html.") var format: Format = .table
  @OptionGroup var output: OutputOptions

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, md, json, html
  }

  func run(in ctx: Context) throws {
    try Problems.check([(ownRate, "--own-rate")])
    let r = try scope.resolve(ctx)
    let rate = try OutcomesBuilder.ownRate(ctx: ctx, option: try ownRate?.value("--own-rate"))
    let report = OutcomesReport(role: r, analysis: try OutcomesBuilder.analysis(ctx: ctx, role: r, ownRate: rate))
    let text: String
    switch format {
    case .json: text = report.json()
    case .md: text = report.markdown()
    case .html: text = report.html()
    case .table: text = report.table(width: min(ctx.console.columns, 100))
    }
    try Output.emit(
      text, to: output.out, force: output.force, format: format.rawValue, ctx: ctx, count: report.analysis.cases.count)
  }
}
