import Testing

@testable import ShortlistReports

@Suite struct PackedRowsTests {
  /// Rows come back as appended, cell for cell: empty cells and rows, every script, cells of 254, 255 and 70,000
  /// bytes (the long length form), rows across several blocks.
  @Test func rowsComeBackAsAppended() throws {
    var rows: [[String]] = [
      [], [""], ["", "", ""], ["Ada Lovelace", "1", "Toptal", "$120/h"], ["Zoë Ångström", "田中 太郎", "🙂 rag, evals"],
      [String(repeating: "a", count: 254), String(repeating: "b", count: 255), String(repeating: "é", count: 35_000)],
    ]
    for k in 0..<40_000 {
      rows.append(["#\(k)", "Person \(k) Example", "\(k % 4 + 1)", k % 3 == 0 ? "" : "python, rag"])
    }
    for budget in [nil, 0, 100_000] {
      var packed = budget.map { PackedRows(spillPast: $0) } ?? PackedRows()
      for row in rows { try packed.append(row) }
      #expect(packed.count == rows.count)
      #expect(packed.byteCount > PackedRows.blockSize, "the rows span blocks")
      // Past a budget, full blocks went to the temporary file and come back first, in order.
      #expect(packed.isSpilled == (budget != nil))
      var back: [[String]] = []
      try packed.forEach { back.append($0) }
      #expect(back == rows, "budget \(budget.map(String.init) ?? "none")")
      // Read twice, the same rows.
      var again = 0
      try packed.forEach { _ in again += 1 }
      #expect(again == rows.count)
    }
  }

  /// A row larger than a block gets a block of its own.
  @Test func aRowLargerThanABlockIsKept() throws {
    let big = [String(repeating: "x", count: PackedRows.blockSize + 10), "y"]
    for spilling in [false, true] {
      var packed = spilling ? PackedRows(spillPast: 0) : PackedRows()
      try packed.append(["before"])
      try packed.append(big)
      try packed.append(["after"])
      var back: [[String]] = []
      try packed.forEach { back.append($0) }
      #expect(back == [["before"], big, ["after"]])
    }
  }

  /// About 80 bytes a row of `candidate list`: 100,000 candidates fit the listing's 16 MB budget.
  @Test func aCandidateRowIsSmall() throws {
    var packed = PackedRows()
    for k in 0..<1_000 {
      try packed.append([
        "\(k + 99_000)", "Evelyn K. Mwangi", "2", "Toptal", "$120", "shortlisted", "12d", "python, rag",
      ])
    }
    #expect(packed.byteCount / packed.count < 100)
  }
}
