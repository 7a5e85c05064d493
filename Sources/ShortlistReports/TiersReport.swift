import Foundation
import ShortlistCore

/// The yield per sourcing tier (`tiers`) in each of its formats.
public struct TiersReport {
  public var role: Role?
  public var yields: [TierYield]

  public init(role: Role?, yields: [TierYield]) {
    self.role = role
    self.yields = yields
  }

  static let header = [
    "tier", "name", "signal", "candidates", "interviewed", "shortlisted", "hired", "mean score",
    "median days to shortlist", "mean rate",
  ]

  /// Cells for reading (`$154`), or for a sheet (money as a plain number, `154.00`).
  private func cells(forSheet: Bool = false) -> [[String]] {
    func fmt(_ v: Double?, _ d: Int = 1) -> String { v.map { Format.fixed($0, d) } ?? "-" }
    return yields.map {
      [
        String($0.tier.rawValue), $0.tier.name, $0.tier.signalLevel, String($0.candidates), String($0.interviewed),
        String($0.shortlisted),
        String($0.hired), fmt($0.meanScore), fmt($0.medianDaysToShortlist),
        $0.meanRate.map { (forSheet ? "" : "$") + Format.fixed($0, forSheet ? 2 : 0) } ?? "-",
      ]
    }
  }

  public func json() -> String {
    JSON.object([
      ("role", role.map(ComparisonReport.roleJSON) ?? .null),
      (
        "tiers",
        .array(
          yields.map {
            .object([
              ("tier", .int(Int64($0.tier.rawValue))), ("name", .string($0.tier.name)),
              ("signal", .string($0.tier.signalLevel)), ("candidates", .int(Int64($0.candidates))),
              ("interviewed", .int(Int64($0.interviewed))), ("shortlisted", .int(Int64($0.shortlisted))),
              ("hired", .int(Int64($0.hired))), ("mean_score", .number($0.meanScore)),
              ("median_days_to_shortlist", .number($0.medianDaysToShortlist)), ("mean_rate", .number($0.meanRate)),
            ])
          })
      ),
    ]).render()
  }

  public func csv() -> String {
    CSVWriter.document(
      [Self.header.map { $0.replacingOccurrences(of: " ", with: "_") }]
        + cells(forSheet: true).map { $0.map { $0 == "-" ? "" : $0 } }
    )
  }

  public func markdown() -> String {
    Markdown.table(headers: Self.header, rows: cells(), rightAligned: [0, 3, 4, 5, 6, 7, 8, 9]) + "\n"
  }

  public func table(maxWidth: Int) -> String {
    let short = [
      "tier", "name", "signal", "candidates", "interviewed", "shortlisted", "hired", "score", "days to SL", "rate",
    ]
    var t = TextTable(
      short.enumerated().map {
        .init($0.element, align: $0.offset == 1 || $0.offset == 2 ? .left : .right, minWidth: 4)
      })
    for row in cells() { t.add(row) }
    return TextWrap.wrap(ComparisonReport.scopeLine(role), width: maxWidth).joined(separator: "\n") + "\n"
      + t.render(maxWidth: maxWidth)
      + "\nscore: mean over interviewed candidates; days to SL: median days from sourced to first shortlisted"
  }
}
