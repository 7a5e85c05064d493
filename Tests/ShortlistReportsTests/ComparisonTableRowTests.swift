import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports
@testable import ShortlistSupport

@Suite struct ComparisonTableRowTests {
  static let questions = (1...5).map { k in
    QuestionRef(id: "q\(k)", title: "Question \(k)", weight: k == 3 ? 2 : 1, bankId: k % 2 == 0 ? "other" : "rag")
  }

  /// What a large comparison's measure is gathered into as its rows are written.
  final class Measured { var measure = ComparisonReport.TableMeasure() }

  /// A spill file that writes each row's table row beside it (and, for the short table, measures it), as a large
  /// comparison does.
  static func spiller(roleBanks: [String], short: Bool) throws -> (ComparisonRows.Spiller, Measured) {
    var layout = ComparisonReport(role: nil, rows: [], questions: questions)
    layout.roleBanks = roleBanks
    let measured = Measured()
    var spiller = ComparisonRows.Spiller(file: try SpillFile())
    spiller.rendering = { [layout] row, out in
      let line = layout.tableRow(row, short: short)
      if short { layout.measure(line, into: &measured.measure) }
      ComparisonReport.encode(line, into: &out)
    }
    return (spiller, measured)
  }

  /// The same rows twice: in memory, and spilled in random order with each one's table row (and the table's
  /// measure) written beside it as a large comparison writes them.
  static func reports(seed: UInt64, roleBanks: [String], short: Bool) throws -> (ComparisonReport, ComparisonReport) {
    var generator = SplitMix64(seed: seed)
    var rows = ComparisonRowsTests.randomRows(300, scores: 6, interviews: 4, using: &generator)
    rows.shuffle(using: &generator)
    var (spiller, measured) = try Self.spiller(roleBanks: roleBanks, short: short)
    try spiller.add(rows[..<120])
    try spiller.add(rows[120...])
    var rendered = ComparisonReport(role: nil, rows: try spiller.finish(), questions: questions)
    rendered.roleBanks = roleBanks
    rendered.tableRowsRendered = true
    if short { rendered.tableMeasure = measured.measure }
    let sorted = rows.sorted {
      RankKey.precedes(RankKey($0.result, id: $0.candidate.id), RankKey($1.result, id: $1.candidate.id))
    }
    var memory = ComparisonReport(role: nil, rows: sorted, questions: questions)
    memory.roleBanks = roleBanks
    return (memory, rendered)
  }

  /// The table printed from rows written beside the spilled rows is the table printed from the rows, character for
  /// character: colours (score bands, gaps dimmed, unranked rows), a width that cuts cells (short statuses), sealed
  /// rows, candidates missing a bank of the role, names with quotes and CJK; and Markdown the same.
  @Test func tablesPrintedFromWrittenRowsAreTheTablesOfTheRows() throws {
    print("ComparisonTableRowTests seed 33")
    for roleBanks in [[], ["rag", "other"]] {
      let (memory, rendered) = try Self.reports(seed: 33, roleBanks: roleBanks, short: true)
      for (width, color) in [(100, true), (100, false), (60, true), (40, false)] {
        let expected = memory.table(width: width, color: color)
        #expect(rendered.table(width: width, color: color) == expected, "width \(width), colour \(color)")
        #expect(expected.contains("sealed"))
      }
      if !roleBanks.isEmpty { #expect(memory.table().contains("other not asked")) }
      try rendered.rows.checkReads()
      let (memoryMD, renderedMD) = try Self.reports(seed: 34, roleBanks: roleBanks, short: false)
      #expect(renderedMD.markdown() == memoryMD.markdown())
      #expect(roleBanks.isEmpty || memoryMD.markdown().contains("other not asked"))
    }
  }

  /// A written row the temporary file cannot give back (the disk failing under it) is no trap: the table, in its
  /// short form and in colour, and Markdown print it as an unreadable row with nothing of anyone, and `checkReads()`
  /// then fails the report before its output is kept.
  @Test func aWrittenRowTheFileCannotGiveBackFailsTheReport() throws {
    for short in [true, false] {
      var (spiller, measured) = try Self.spiller(roleBanks: ["rag", "other"], short: short)
      try spiller.add([
        ComparisonRowsTests.row(1, score: 80, coverage: 1, interviews: 2, seed: 1),
        ComparisonRowsTests.row(2, score: 60, coverage: 1, interviews: 1, seed: 2),
      ])
      spiller.entries[1].offset = 1 << 40
      var report = ComparisonReport(role: nil, rows: try spiller.finish(), questions: Self.questions)
      report.roleBanks = ["rag", "other"]
      report.tableRowsRendered = true
      if short {
        report.tableMeasure = measured.measure
        for width in [100, 30] {
          let table = report.table(width: width, color: true)
          #expect(table.contains("(unreadable)") || width == 30, "\(table)")
          #expect(!table.contains("Name 2"))
        }
      } else {
        let text = report.markdown()
        #expect(text.contains("(unreadable)") && !text.contains("Name 2"))
      }
      #expect(throws: SpillFile.Failure.self) { try report.rows.checkReads() }
    }
  }

  /// A table row reads back as written, and any shorter bytes read back as nothing (never a trap): a damaged
  /// rendering stands in as an unreadable row.
  @Test func aTableRowReadsBackAsWrittenAndAnyCutOfItAsNothing() throws {
    var generator = SplitMix64(seed: 7)
    print("ComparisonTableRowTests seed 7")
    var report = ComparisonReport(role: nil, rows: [], questions: Self.questions)
    report.roleBanks = ["rag", "other"]
    for row in ComparisonRowsTests.randomRows(40, scores: 5, interviews: 4, using: &generator) {
      for short in [true, false] {
        let line = report.tableRow(row, short: short)
        var bytes: [UInt8] = []
        ComparisonReport.encode(line, into: &bytes)
        #expect(ComparisonReport.decode(bytes[...]) == line)
        for cut in 0..<bytes.count { #expect(ComparisonReport.decode(bytes[..<cut]) == nil, "cut at \(cut)") }
      }
    }
  }
}
