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
  @Option(parsing: .unconditional, help: "Only this tier (1-4).") var tier: TierValue?
  @Option(parsing: .unconditional, help: "table, md, json, csv or html.") var format: ReportFormat = .table
  @OptionGroup var output: OutputOptions
  @Option(
    name: .customLong("min-coverage"),
    parsing: .unconditional,
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

  /// Why a comparison has no row, and what would give it some.
  static func nobody(role: Role?, tier: Tier?, minimum: Double?) -> String {
    if let minimum {
      return "nobody reaches --min-coverage \(Format.number(minimum * 100))%; a lower one (or none) shows more"
    }
    if let tier {
      return "nobody in tier \(tier.rawValue) (\(tier.name)) to compare; without --tier every tier is compared"
    }
    if role == nil { return "no candidates yet; `candidate add NAME` (or `demo` to try the tool)" }
    return
      "nobody has applied for this role yet; `candidate add NAME --role ROLE` or `candidate edit NAME --role ROLE` "
      + "applies someone, `--role all` compares everyone"
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
    let (role, tier) = (try scope.resolve(ctx), try tier?.value("--tier"))
    if format == .html { return try html(ctx: ctx, role: role, tier: tier) }
    let minimum = try minimumCoverage()
    // The table's rows (and its measure) are made as the rows are read, unless rows are left out afterwards.
    let report = try ComparisonBuilder.build(
      ctx: ctx, role: role, tier: tier, adjusted: adjusted, agreement: format != .csv, json: format == .json,
      table: format == .table && minimum == nil, markdown: format == .md && minimum == nil)
    let (out, force) = (output.out, output.force)
    if let minimum {
      // One pass: the rows below are left out as they are counted, the first ten named.
      var filter = CoverageFilter(minimum: minimum)
      report.base.rows.removeAll { !filter.keeps($0) }
      report.base.tableMeasure = nil
      report.base.tableRowsRendered = false
      if let warning = filter.warning { ctx.console.warn(warning) }
    }
    ctx.parkUntilExit(report)
    let started = Date()
    switch format {
    case .json:
      // Streamed in blocks: the document for 10,000 candidates is megabytes.
      try Output.stream(to: out, force: force, format: format.rawValue, ctx: ctx, count: report.base.rows.count) {
        sink in
        try report.writeJSON(sink)
        try report.base.rows.checkReads()
      }
      ctx.trace("render", since: started)
      return
    case .table, .md:
      // A line at a time: the rows are read as they are written (the table measured first, as its slices were read
      // or in a pass of its own).
      let count = report.base.rows.count
      try Output.lines(
        to: out, force: force, format: format.rawValue, ctx: ctx, count: count, lineCount: count + 40
      ) { line in
        if format == .table {
          report.textLines(
            width: min(ctx.console.columns, 100), color: ctx.console.color && out == nil,
            nobody: Self.nobody(role: role, tier: tier, minimum: minimum), line)
        } else {
          report.markdownLines(line)
        }
        // Before the file is kept: a row its temporary file could not give back fails the report.
        try report.base.rows.checkReads()
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
          try report.base.rows.checkReads()
        }
      }
      ctx.trace("render", since: started)
    case .html: try html(ctx: ctx, role: role, tier: tier)
    }
  }

  /// The HTML report: a large comparison's rows are taken as its slices are read and not kept (the page shows the
  /// first thousand of each kind; see `HTMLGathering`).
  private func html(ctx: Context, role: Role?, tier: Tier?) throws {
    let reading = Date()
    let gathering = try HTMLGathering(ctx: ctx, role: role, minimum: try minimumCoverage())
    ctx.trace("html: engagements", since: reading)
    let report = try ComparisonBuilder.build(
      ctx: ctx, role: role, tier: tier, adjusted: adjusted, milestones: true, agreement: !noAgreement,
      visit: { row, data in gathering.add(row, questions: data.questions, roleBanks: data.roleBanks) })
    if !report.visited {
      for row in report.base.rows {
        gathering.add(row, questions: report.base.questions, roleBanks: report.base.roleBanks)
      }
    }
    if let warning = gathering.filter?.warning { ctx.console.warn(warning) }
    ctx.parkUntilExit(report)
    let started = Date()
    let page = try report.html(ctx: ctx, gathering: gathering, withAgreement: !noAgreement)
    let count = gathering.selection.talliedCount + gathering.selection.waitingCount + gathering.selection.outCount
    // A section at a time, to the file or the terminal as it is made.
    try Output.stream(to: output.out, force: output.force, format: "html", ctx: ctx, count: count) { sink in
      try page.write { piece in
        var piece = piece
        try piece.withUTF8 { try sink(UnsafeRawBufferPointer($0)) }
      }
    }
    ctx.trace("render", since: started)
  }
}
