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

  @OptionGroup var scope: RoleScopeOption
  @Option(help: "Only this tier (1-4).") var tier: TierValue?
  @Option(help: "table, md, json, csv or html.") var format: ReportFormat = .table
  @OptionGroup var output: OutputOptions
  @Option(
    name: .customLong("min-coverage"),
    help: "Rank only candidates with at least this share of the question weight scored, in percent (e.g. 80).")
  var minCoverage: String?
  @Flag(help: "Also show leniency-adjusted scores and the interviewer table.") var adjusted = false
  @Flag(help: "With --format csv: start with the UTF-8 byte order mark (Excel on Windows).") var bom = false
  @Flag(name: .customLong("no-agreement"), help: "With --format html: leave out the interviewer-agreement appendix.")
  var noAgreement = false

  func validate() throws {
    if bom && format != .csv { throw ValidationError("--bom goes with --format csv") }
    if noAgreement && format != .html { throw ValidationError("--no-agreement goes with --format html") }
  }

  /// `--min-coverage 80` (or `80%`): the share as a fraction.
  private func minimumCoverage() throws -> Double? {
    guard let minCoverage else { return nil }
    let text = minCoverage.trimmed.hasSuffix("%") ? String(minCoverage.trimmed.dropLast()) : minCoverage.trimmed
    guard let p = Double(text), p.isFinite, (0...100).contains(p) else {
      throw CLIError(
        "--min-coverage takes a percentage from 0 to 100 (e.g. 80), not '\(TextTable.oneLine(minCoverage))'")
    }
    return p / 100
  }

  func run(in ctx: Context) throws {
    try Problems.check([(tier, "--tier")])
    let report = try ComparisonBuilder.build(
      ctx: ctx, role: try scope.resolve(ctx), tier: try tier?.value("--tier"), adjusted: adjusted,
      milestones: format == .html, agreement: format != .csv && !(format == .html && noAgreement),
      json: format == .json)
    let (out, force) = (output.out, output.force)
    if let minimum = try minimumCoverage() {
      // One pass: the rows below are left out as they are counted, the first ten named.
      var below: [ComparisonRow] = []
      var count = 0
      report.base.rows.removeAll { row in
        guard row.interviewed && !row.sealed && row.result.coverage + 1e-9 < minimum else { return false }
        count += 1
        if below.count < 10 { below.append(row) }
        return true
      }
      if count > 0 {
        ctx.console.warn(
          "\(count) candidate\(count == 1 ? "" : "s") below \(Format.number(minimum * 100))% coverage left out: "
            + below.map {
              "\(TextTable.oneLine($0.candidate.name)) (\(Int(($0.result.coverage * 100).rounded()))%)"
            }.joined(separator: ", ") + (count > 10 ? ", ..." : ""))
      }
    }
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
    case .table, .md:
      // A line at a time: the rows are read as they are written (twice for the table, measured first).
      let count = report.base.rows.count
      try Output.lines(
        to: out, force: force, format: format.rawValue, ctx: ctx, count: count, lineCount: count + 40
      ) { line in
        if format == .table {
          report.textLines(width: min(ctx.console.columns, 100), color: ctx.console.color && out == nil, line)
        } else {
          report.markdownLines(line)
        }
      }
      ctx.trace("render", since: started)
      return
    case .csv:
      try Output.stream(to: out, force: force, format: format.rawValue, ctx: ctx, count: report.base.rows.count) {
        blocks in
        try withoutActuallyEscaping(blocks) { sink in
          var writer = CSVWriter(sink: sink)
          if bom { writer.byteOrderMark() }
          try report.base.csvRows { try writer.write($0) }
          try writer.flush()
        }
      }
      ctx.trace("render", since: started)
      return
    case .html: text = try report.html(ctx: ctx, withAgreement: !noAgreement)
    }
    ctx.trace("render", since: started)
    try Output.emit(text, to: out, force: force, format: format.rawValue, ctx: ctx, count: report.base.rows.count)
  }
}
