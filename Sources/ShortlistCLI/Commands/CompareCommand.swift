import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case table, md, json, csv, html
}

struct CompareCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Rank candidates by score, with coverage, recommendations and per-question means.")

  @Option(help: "Role (default: the role in use; `all` for every candidate).") var role: String?
  @Option(help: "Only this tier (1-4).") var tier: String?
  @Option(help: "table, md, json, csv or html.") var format: ReportFormat = .table
  @Option(help: "Write the report to this file (created 0600) instead of the screen.") var out: String?
  @Flag(help: "Also show leniency-adjusted scores and the interviewer table.") var adjusted = false

  func run(in ctx: Context) throws {
    let report = try Self.build(ctx: ctx, roleOption: role, tierOption: tier, adjusted: adjusted)
    let t0 = Date()
    defer {
      if ctx.environment["SHORTLIST_TRACE"] != nil { ctx.console.report("trace: render \(Date().timeIntervalSince(t0))s") }
    }
    let text: String
    switch format {
    case .table:
      text = report.text(width: min(ctx.console.columns, 100), color: ctx.console.color && out == nil)
    case .md: text = report.markdown()
    case .json: text = report.json()
    case .csv: text = CSVWriter.document(report.base.csvRows())
    case .html: text = try report.html(ctx: ctx)
    }
    try Output.emit(text, to: out, format: format.rawValue, ctx: ctx, count: report.base.rows.count)
  }

  /// Everything a comparison shows, built once for every format.
  struct Built {
    var base: ComparisonReport
    var data: ComparisonData
    var adjusted: Bool
    /// Computed on first use: exports and shortlists do not need it.
    var agreement: AgreementSection {
      if let cached = agreementBox.value { return cached }
      let a = AgreementSection.compute(rows: base.rows, questions: base.questions)
      agreementBox.value = a
      return a
    }
    let agreementBox = Box()

    final class Box {
      var value: AgreementSection?
    }

    func text(width: Int, color: Bool) -> String {
      var out = base.table(width: width, color: color)
      out += "\n\n" + agreement.table(width: width, questions: base.questions, adjusted: adjusted)
      return out
    }

    func markdown() -> String { base.markdown() + "\n" + agreement.markdown(questions: base.questions, adjusted: adjusted) }

    func json() -> String {
      var r = base
      let t0 = Date()
      r.extraJSON = agreement.json(adjusted: adjusted)
      let t1 = Date()
      let tree = r.json()
      let t2 = Date()
      let text = tree.render()
      if ProcessInfo.processInfo.environment["SHORTLIST_TRACE"] != nil {
        FileHandle.standardError.write(Data("trace: agreement \(t1.timeIntervalSince(t0))s, tree \(t2.timeIntervalSince(t1))s, text \(Date().timeIntervalSince(t2))s\n".utf8))
      }
      return text
    }

    func html(ctx: Context) throws -> String {
      let tiers = try TiersCommand.rows(ctx: ctx, roleId: base.role?.id)
      return HTMLReport(
        comparison: base, agreement: agreement, tiers: tiers, banks: data.banks, notes: try ctx.db.notes(candidateIds: base.rows.compactMap(\.candidate.id)),
        generated: Date()
      ).render()
    }
  }

  static func build(ctx: Context, roleOption: String?, tierOption: String?, adjusted: Bool, details: Bool = false)
    throws -> Built
  {
    let role: Role? = roleOption?.lowercased() == "all" ? nil : try ctx.effectiveRole(roleOption)
    let tier = try tierOption.map(CandidateFields.tier)
    let fallback = role.map { r in r.banks.compactMap { ctx.banks.bank($0) } } ?? []
    let t0 = Date()
    let data = try ctx.db.comparisonData(roleId: role?.id, tier: tier, fallbackBanks: fallback, details: details)
    let t1 = Date()
    let sealed = try ctx.db.sealedCandidates(interviewer: ctx.interviewer)
    let rows = Comparison.rank(
      candidates: data.candidates, questions: data.questions, scorecards: data.scorecards, sealed: sealed)
    if ctx.environment["SHORTLIST_TRACE"] != nil {
      ctx.console.report("trace: load \(t1.timeIntervalSince(t0))s, rank \(Date().timeIntervalSince(t1))s")
    }
    var report = ComparisonReport(role: role, rows: rows, questions: data.questions)
    let built = Built(base: report, data: data, adjusted: adjusted)
    if adjusted {
      report.adjusted = built.agreement.adjustedScores
      let withAdjusted = Built(base: report, data: data, adjusted: adjusted)
      withAdjusted.agreementBox.value = built.agreement
      return withAdjusted
    }
    return built
  }
}

/// Writing a report to the screen (paged when long) or to a 0600 file.
enum Output {
  static func emit(_ text: String, to path: String?, format: String, ctx: Context, count: Int) throws {
    guard let path else {
      if format == "table" { ctx.console.page(text) } else { ctx.console.write(text.hasSuffix("\n") ? text : text + "\n") }
      return
    }
    var data = Data(text.utf8)
    if format != "csv" && !text.hasSuffix("\n") { data.append(10) }
    try PrivateFile.write(data, to: path)
    ctx.console.print("wrote \(path) (\(format), \(count) candidate\(count == 1 ? "" : "s"), \(data.count) bytes)")
  }
}
