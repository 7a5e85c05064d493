import ShortlistCore
import ShortlistReports

/// `compare --min-coverage`: interviewed candidates with less of the question weight scored are left out of the
/// ranking, counted, and the first ten of them in rank order named in one warning. Rows may be given in any order
/// (a large comparison's as its slices are read).
struct CoverageFilter {
  /// The share of the question weight, 0-1.
  let minimum: Double
  private var below = TopRows(limit: 10, lean: true)

  init(minimum: Double) { self.minimum = minimum }

  /// Whether `row` stays; a row left out is counted.
  mutating func keeps(_ row: ComparisonRow) -> Bool {
    guard row.interviewed && !row.sealed && row.result.coverage + 1e-9 < minimum else { return true }
    below.add(row)
    return false
  }

  /// "3 candidates below 80% coverage left out: Ada (50%), ..."; nil when none was.
  var warning: String? {
    guard below.count > 0 else { return nil }
    let named = below.rows.map {
      "\(TextTable.oneLine($0.candidate.name)) (\(Int(($0.result.coverage * 100).rounded()))%)"
    }
    return
      "\(below.count) candidate\(below.count == 1 ? "" : "s") below \(Format.number(minimum * 100))% coverage left out: "
      + named.joined(separator: ", ") + (below.count > named.count ? ", ..." : "")
  }
}
