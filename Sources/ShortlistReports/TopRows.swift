import ShortlistCore

/// The first `limit` rows of a ranking, and how many rows were offered, from rows given in any order: the rows are
/// kept in rank order (`RankKey`, a total order), so rows read a slice of ids at a time pick the same rows as the
/// whole ranking read top down. At most twice `limit` rows are held; a row that cannot make the cut is not copied.
public struct TopRows: Sendable {
  public let limit: Int
  /// How many rows were offered.
  public private(set) var count = 0
  private var kept: [(key: RankKey, row: ComparisonRow)] = []
  /// Once the kept rows have been cut to `limit`: the last one's key (a row ranked below it cannot make the cut).
  private var cut: RankKey?
  /// Leave out each kept row's scorecards, email, links, tags and roles (a section that shows names, scores, status,
  /// tier and rate does not need them).
  private let lean: Bool

  public init(limit: Int, lean: Bool = false) {
    self.limit = max(0, limit)
    self.lean = lean
  }

  public mutating func add(_ row: ComparisonRow) {
    count += 1
    guard limit > 0 else { return }
    let key = RankKey(row.result, id: row.candidate.id)
    if let cut, !RankKey.precedes(key, cut) { return }
    var copy = row
    if lean {
      copy.scorecards = []
      copy.candidate.email = nil
      copy.candidate.links = []
      copy.candidate.tags = []
      copy.candidate.roles = []
    }
    kept.append((key, copy))
    if kept.count >= 2 * limit { trim() }
  }

  private mutating func trim() {
    kept.sort { RankKey.precedes($0.key, $1.key) }
    if kept.count > limit { kept.removeLast(kept.count - limit) }
    if kept.count == limit { cut = kept.last?.key }
  }

  /// The kept rows, best first.
  public var rows: [ComparisonRow] {
    var copy = self
    copy.trim()
    return copy.kept.map(\.row)
  }
}
