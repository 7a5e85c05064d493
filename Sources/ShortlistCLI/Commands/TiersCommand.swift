import ArgumentParser
import ShortlistCore
import ShortlistReports

struct TiersCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "tiers",
    abstract:
      "Yield per sourcing tier: candidates, interviewed, shortlisted, hired, mean score, days to shortlist, rate.")

  @Option(help: "Role (default: the role in use; `all` for every candidate).") var role: String?
  /// The tier yield has no HTML of its own (it is a chart in `compare --format html`): html is not offered, so
  /// `--format html` is refused with the accepted values instead of printing a text table.
  enum TiersFormat: String, ExpressibleByArgument, CaseIterable {
    case table, md, json, csv
  }

  @Option(help: "table, md, json or csv (the HTML report of `compare` charts the tiers).") var format: TiersFormat =
    .table
  @Option(help: "Write to this file (0600; - for standard output).") var out: String?
  @Flag(help: "Replace the --out file if it exists.") var force = false

  static func rows(ctx: Context, roleId: Int64?) throws -> [TierYield] {
    let data = try ctx.db.comparisonData(roleId: roleId, tier: nil, viewer: ctx.viewer)
    let rows = Comparison.rank(
      candidates: data.candidates, questions: data.questions, scorecards: data.scorecards, sealed: data.sealed)
    return TierYield.compute(rows: rows, reached: try ctx.db.firstReached())
  }

  func run(in ctx: Context) throws {
    let r: Role? = role?.lowercased() == "all" ? nil : try ctx.effectiveRole(role)
    let yields = try Self.rows(ctx: ctx, roleId: r?.id)
    func fmt(_ v: Double?, _ d: Int = 1) -> String { v.map { Format.fixed($0, d) } ?? "-" }
    let header = [
      "tier", "name", "candidates", "interviewed", "shortlisted", "hired", "mean score", "median days to shortlist",
      "mean rate",
    ]
    let body = yields.map {
      [
        String($0.tier.rawValue), $0.tier.name, String($0.candidates), String($0.interviewed), String($0.shortlisted),
        String($0.hired), fmt($0.meanScore), fmt($0.medianDaysToShortlist),
        $0.meanRate.map { "$" + Format.fixed($0, 0) } ?? "-",
      ]
    }
    let text: String
    switch format {
    case .json:
      text = JSON.object([
        ("role", r.map(ComparisonReport.roleJSON) ?? .null),
        (
          "tiers",
          .array(
            yields.map {
              .object([
                ("tier", .int(Int64($0.tier.rawValue))), ("name", .string($0.tier.name)),
                ("candidates", .int(Int64($0.candidates))),
                ("interviewed", .int(Int64($0.interviewed))), ("shortlisted", .int(Int64($0.shortlisted))),
                ("hired", .int(Int64($0.hired))), ("mean_score", .number($0.meanScore)),
                ("median_days_to_shortlist", .number($0.medianDaysToShortlist)), ("mean_rate", .number($0.meanRate)),
              ])
            })
        ),
      ]).render()
    case .csv:
      text = CSVWriter.document(
        [header.map { $0.replacingOccurrences(of: " ", with: "_") }] + body.map { $0.map { $0 == "-" ? "" : $0 } })
    case .md:
      text = Markdown.table(headers: header, rows: body, rightAligned: [0, 2, 3, 4, 5, 6, 7, 8]) + "\n"
    case .table:
      let short = ["tier", "name", "candidates", "interviewed", "shortlisted", "hired", "score", "days to SL", "rate"]
      var t = TextTable(
        short.enumerated().map { .init($0.element, align: $0.offset == 1 ? .left : .right, minWidth: 4) })
      for row in body { t.add(row) }
      text =
        t.render(maxWidth: min(ctx.console.columns, 100))
        + "\nscore: mean over interviewed candidates; days to SL: median days from sourced to first shortlisted"
    }
    try Output.emit(
      text, to: out, force: force, format: format.rawValue, ctx: ctx,
      count: yields.reduce(0) { $0 + $1.candidates })
  }
}
