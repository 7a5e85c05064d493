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

  @Option(parsing: .unconditional, help: "table, md, json or csv (the HTML report of `compare` charts the tiers).")
  var format: TiersFormat =
    .table
  @OptionGroup var output: OutputOptions

  /// Candidate ids per slice: two slices are read at once (on two connections, two cores) while a third is added
  /// up, each about 12 MB, so `tiers` keeps flat memory at a million candidates (86 MB).
  static let slice: Int64 = 25_000

  static func rows(ctx: Context, roleId: Int64?, slice: Int64 = TiersCommand.slice) throws -> [TierYield] {
    // Sums per tier: no names, emails or uuids are read; scores and milestones in one read per slice of ids. Each
    // candidate's score depends on their own scorecards only, so the slices add up to the whole.
    var sums = TierYield.Accumulator()
    guard let span = try ctx.db.candidateIdSpan(roleId: roleId) else { return sums.result }
    // One slice is the whole file: read it whole (a full scan of the answers beats the join a slice needs).
    if span.upperBound - span.lowerBound < slice {
      let data = try ctx.db.comparisonData(
        roleId: roleId, tier: nil, viewer: ctx.viewer, identity: false, milestones: true)
      let rows = Comparison.rank(
        candidates: data.candidates, questions: data.questions, scorecards: data.scorecards, sealed: data.sealed,
        roleBanks: roleId == nil ? nil : data.roleBanks, sorted: false)
      sums.add(rows: rows, reached: data.reached ?? [:])
      return sums.result
    }
    let (viewer, roleBanks) = (ctx.viewer, roleId != nil)
    try SliceReader.each(db: ctx.db, span: span, slice: slice) { db, range in
      let data = try db.comparisonData(
        roleId: roleId, tier: nil, viewer: viewer, identity: false, milestones: true, idRange: range)
      let rows = Comparison.rank(
        candidates: data.candidates, questions: data.questions, scorecards: data.scorecards, sealed: data.sealed,
        roleBanks: roleBanks ? data.roleBanks : nil, sorted: false)
      return (rows: rows, reached: data.reached ?? [:])
    } use: { slice, _ in
      sums.add(rows: slice.rows, reached: slice.reached)
    }
    return sums.result
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
