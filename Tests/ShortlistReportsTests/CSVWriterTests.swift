import CSV
import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

@Suite struct CSVWriterTests {
  static let hostile: [String] = [
    "=1+1", "'=1+1", "''=cmd", "+44 20 7946 0000", "-5", "@SUM(A1)", "\tindent", "\rcr", "\0nul",
    "a,b", "say \"hi\"", "line1\nline2", "line1\r\nline2", "emoji 😀👩‍💻", "עברית مرحبا",
    String(repeating: "x,\"\n", count: 2500),
    "", "'", "plain", " leading space",
  ]

  @Test func quotesOnlyWhenNeededWithCRLF() {
    let doc = CSVWriter.document([["a", "b,c", "d\"e"], ["1", "x\ny", ""]])
    #expect(doc == "a,\"b,c\",\"d\"\"e\"\r\n1,\"x\ny\",\r\n")
  }

  @Test func hostileValuesRoundTripThroughTheReader() throws {
    let rows = [["id", "value"]] + Self.hostile.enumerated().map { [String($0.offset), $0.element] }
    let doc = CSVWriter.document(rows)
    let reader = try CSVReader(string: doc, hasHeaderRow: true)
    var back: [String] = []
    while let row = reader.next() {
      back.append(CSVSafety.unguardField(row[1]))
      #expect(!CSVSafety.startsWithTrigger(row[1]), "no written field starts a formula")
    }
    #expect(back == Self.hostile)
  }

  @Test func guardGoesInsideTheQuotesAndFieldsBuildRows() throws {
    var out: [UInt8] = []
    var w = CSVWriter { out.append(contentsOf: $0) }
    w.field("=a,b")
    w.field("-1")
    w.field("")
    try w.endRow()
    try w.write(["x"])
    try w.flush()
    #expect(String(decoding: out, as: UTF8.self) == "\"'=a,b\",'-1,\r\nx\r\n")
    #expect(w.rows == 2)
  }
}
