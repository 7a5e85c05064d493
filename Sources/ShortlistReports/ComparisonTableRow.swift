import ShortlistCore

extension ComparisonReport {
  /// One candidate's line of the table (or of the Markdown document) as it is printed, without its rank, which is
  /// known only once the rows are in order. A large comparison writes it beside each row as its slices are read
  /// (`encode`), and the table is then printed from these, without reading the rows back or making their cells again.
  public struct TableRow: Equatable, Sendable {
    /// Has a rank (interviewed, not sealed).
    var ranked: Bool
    var sealed: Bool
    /// The recommendation tally in its short form, for a row interviewed or sealed ("" otherwise): its width counts.
    var tally: String
    var interviews: Int
    /// `displayCells` with an empty rank cell and the long status.
    var cells: [String]
    /// The status's short form (the table uses it when its cells would otherwise be cut).
    var statusCode: String
    /// The score's colour, for a ranked row.
    var band: String?
    /// Per question: no mean (an evidence gap, dimmed on a colour terminal).
    var gaps: [Bool]
    /// The name and the role's banks never asked, for a ranked row missing one.
    var incomplete: (name: String, banks: String)?

    public static func == (a: TableRow, b: TableRow) -> Bool {
      a.ranked == b.ranked && a.sealed == b.sealed && a.tally == b.tally && a.interviews == b.interviews
        && a.cells == b.cells && a.statusCode == b.statusCode && a.band == b.band && a.gaps == b.gaps
        && a.incomplete?.name == b.incomplete?.name && a.incomplete?.banks == b.incomplete?.banks
    }
  }

  /// The table's row for `row`: `short`, the table's cells ("-" for no score, the short tally); Markdown's otherwise.
  public func tableRow(_ row: ComparisonRow, short: Bool) -> TableRow {
    let ranked = row.interviewed && !row.sealed
    let missing = banksNotAsked(row)
    return TableRow(
      ranked: ranked, sealed: row.sealed,
      tally: row.interviewed || row.sealed ? Comparison.tallyText(row.result.recommendations, short: true) : "",
      interviews: row.result.interviews,
      cells: {
        var cells = displayCells(ranked ? 0 : nil, row, short: short, shortStatus: false)
        cells[0] = ""
        return cells
      }(),
      statusCode: Self.statusCode[row.candidate.status] ?? row.candidate.status.rawValue,
      band: ranked ? Self.band(row.result.score) : nil,
      gaps: questions.indices.map { row.result.mean($0) == nil },
      incomplete: missing.isEmpty ? nil : (row.candidate.name, missing.joined(separator: ", ")))
  }

  /// Writes a table row's bytes (read back by `decode`).
  public static func encode(_ t: TableRow, into out: inout [UInt8]) {
    func int(_ v: Int) {
      withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { out.append(contentsOf: $0) }
    }
    func string(_ s: String) {
      int(s.utf8.count)
      out.append(contentsOf: s.utf8)
    }
    out.append((t.ranked ? 1 : 0) | (t.sealed ? 2 : 0) | (t.band != nil ? 4 : 0) | (t.incomplete != nil ? 8 : 0))
    string(t.tally)
    int(t.interviews)
    int(t.cells.count)
    for cell in t.cells { string(cell) }
    string(t.statusCode)
    if let band = t.band { string(band) }
    int(t.gaps.count)
    for gap in t.gaps { out.append(gap ? 1 : 0) }
    if let (name, banks) = t.incomplete {
      string(name)
      string(banks)
    }
  }

  /// A table row from `encode`'s bytes; nil for bytes it did not write (an unreadable row).
  public static func decode(_ bytes: ArraySlice<UInt8>) -> TableRow? {
    var at = bytes.startIndex
    func take(_ n: Int) -> ArraySlice<UInt8>? {
      guard n >= 0, bytes.endIndex - at >= n else { return nil }
      defer { at += n }
      return bytes[at..<at + n]
    }
    func int() -> Int? {
      guard let b = take(4) else { return nil }
      return b.reversed().reduce(0) { $0 << 8 | Int($1) }
    }
    func string() -> String? {
      guard let n = int(), let b = take(n) else { return nil }
      return String(decoding: b, as: UTF8.self)
    }
    guard let flags = take(1)?.first, let tally = string(), let interviews = int(), let count = int(),
      count <= bytes.count
    else { return nil }
    var cells: [String] = []
    cells.reserveCapacity(count)
    for _ in 0..<count {
      guard let cell = string() else { return nil }
      cells.append(cell)
    }
    guard let statusCode = string() else { return nil }
    var band: String?
    if flags & 4 != 0 {
      guard let b = string() else { return nil }
      band = b
    }
    guard let gapCount = int(), let gaps = take(gapCount) else { return nil }
    var incomplete: (String, String)?
    if flags & 8 != 0 {
      guard let name = string(), let banks = string() else { return nil }
      incomplete = (name, banks)
    }
    return TableRow(
      ranked: flags & 1 != 0, sealed: flags & 2 != 0, tally: tally, interviews: interviews, cells: cells,
      statusCode: statusCode, band: band, gaps: gaps.map { $0 != 0 }, incomplete: incomplete)
  }

  /// The table rows, in rank order, each with its cells and its rank in the first: written beside the rows as they
  /// were read (`tableRowsRendered`), or made from the rows as they are read back.
  func eachTableRow(short: Bool, _ body: (TableRow, [String]) throws -> Void) rethrows {
    var rank = 0
    func ranked(_ t: TableRow) -> [String] {
      guard t.ranked else { return t.cells }
      rank += 1
      var cells = t.cells
      cells[0] = String(rank)
      return cells
    }
    if tableRowsRendered {
      for bytes in rows.renderings {
        // A row that could not be read back stands in empty; `checkReads()` fails the report before it is kept.
        let t = Self.decode(bytes[...]) ?? Self.unreadable
        try body(t, ranked(t))
      }
    } else {
      for row in rows {
        let t = tableRow(row, short: short)
        try body(t, ranked(t))
      }
    }
  }

  /// A row that could not be read back: nothing of anyone in it.
  static let unreadable = TableRow(
    ranked: false, sealed: false, tally: "", interviews: 0, cells: ["", "(unreadable)"], statusCode: "", band: nil,
    gaps: [], incomplete: nil)
}
