import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistSupport

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case table, md, json, csv, html
}

struct CompareCommand: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Rank candidates by score, with coverage, recommendations and per-question means.")

  @Option(help: "Role (default: the role in use; `all` for every candidate).") var role: String?
  @Option(help: "Only this tier (1-4).") var tier: String?
  @Option(help: "table, md, json, csv or html.") var format: ReportFormat = .table
  @Option(help: "Write the report to this file (created 0600; - for standard output) instead of the screen.")
  var out: String?
  @Flag(help: "Replace the --out file if it exists.") var force = false
  @Flag(help: "Also show leniency-adjusted scores and the interviewer table.") var adjusted = false
  @Flag(help: "With --format csv: start with the UTF-8 byte order mark (Excel on Windows).") var bom = false
  @Flag(name: .customLong("no-agreement"), help: "With --format html: leave out the interviewer-agreement appendix.")
  var noAgreement = false

  func run(in ctx: Context) throws {
    let report = try ComparisonBuilder.build(
      ctx: ctx, roleOption: role, tierOption: tier, adjusted: adjusted, milestones: format == .html)
    ctx.parkUntilExit(report)
    let started = Date()
    let text: String
    switch format {
    case .json:
      // Streamed in blocks: the document for 10,000 candidates is megabytes.
      try Output.stream(to: out, force: force, format: format.rawValue, ctx: ctx, count: report.base.rows.count) {
        sink in
        try report.writeJSON(sink)
      }
      ctx.trace("render", since: started)
      return
    case .table:
      text = report.text(width: min(ctx.console.columns, 100), color: ctx.console.color && out == nil)
    case .md: text = report.markdown()
    case .csv: text = (bom ? "\u{FEFF}" : "") + CSVWriter.document(report.base.csvRows())
    case .html: text = try report.html(ctx: ctx, withAgreement: !noAgreement)
    }
    ctx.trace("render", since: started)
    try Output.emit(text, to: out, force: force, format: format.rawValue, ctx: ctx, count: report.base.rows.count)
  }
}
