import ArgumentParser
import ShortlistCore
import ShortlistReports

struct TiersCommand: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "tiers",
    abstract:
      "Yield per sourcing tier: candidates, interviewed, shortlisted, hired, mean score, days to shortlist, rate.")

  @OptionGroup var scope: RoleScopeOption
  /// The tier yield has no HTML of its own (it is a chart in `compare --format html`): html is not offered, so
  /// `--format html` is refused with the accepted values instead of printing a text table.
  enum TiersFormat: String, ExpressibleByArgument, CaseIterable {
    case table, md, json, csv
  }

  @Option(help: "table, md, json or csv (the HTML report of `compare` charts the tiers).") var format: TiersFormat =
    .table
  @OptionGroup var output: OutputOptions

  static func rows(ctx: Context, roleId: Int64?) throws -> [TierYield] {
    // Sums per tier: no names, emails or uuids are read; scores and milestones in one read.
    let data = try ctx.db.comparisonData(
      roleId: roleId, tier: nil, viewer: ctx.viewer, identity: false, milestones: true)
    let rows = Comparison.rank(
      candidates: data.candidates, questions: data.questions, scorecards: data.scorecards, sealed: data.sealed,
      roleBanks: roleId == nil ? nil : data.roleBanks, sorted: false)
    return TierYield.compute(rows: rows, reached: try data.reached ?? ctx.db.firstReached(roleId: roleId))
  }

  func run(in ctx: Context) throws {
    let r = try scope.resolve(ctx)
    let yields = try Self.rows(ctx: ctx, roleId: r?.id)
    let report = TiersReport(role: r, yields: yields)
    let text: String
    switch format {
    case .json: text = report.json()
    case .csv: text = report.csv()
    case .md: text = report.markdown()
    case .table: text = report.table(maxWidth: min(ctx.console.columns, 100))
    }
    try Output.emit(
      text, to: output.out, force: output.force, format: format.rawValue, ctx: ctx,
      count: yields.reduce(0) { $0 + $1.candidates })
  }
}
