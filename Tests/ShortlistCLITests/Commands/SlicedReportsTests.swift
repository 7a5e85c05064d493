import Foundation
import ShortlistReports
import Testing

@testable import ShortlistCLI

/// Reports over a large file are read in slices of candidate ids (`ComparisonBuilder`); what they write is what the
/// same reports write from one read, byte for byte.
@Suite struct SlicedReportsTests {
  /// The report `line` writes to a file, read in slices of `slice` candidate ids.
  static func output(_ h: Harness, _ line: String, slice: Int64, folder: String) throws -> String {
    h.ctx.comparisonSlice = slice
    let path = folder + "/out-\(UUID().uuidString)"
    #expect(h.run(line + " --out \(path)") == [0], "\(line): \(h.err)")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    // The HTML says when it was made: the one difference between two runs.
    return text.replacingOccurrences(
      of: #"Generated [0-9T:Z-]+ by"#, with: "Generated (when) by", options: .regularExpression)
  }

  /// Exports (every candidate, the shortlist, redacted), comparisons in every text format, with a role or without,
  /// with rows left out by coverage, the HTML report, and outcomes (scores per interviewer, weighted by each scorecard's own bank
  /// version): the same bytes from slices of 9 or 100 ids as from one read.
  @Test func slicedReportsWriteWhatOneReadWrites() throws {
    try Self.withDemo { h, folder in try Self.everyReport(h, folder: folder) }
  }

  /// A demo of 250 candidates and a folder for the reports, both removed after `body`.
  static func withDemo(_ body: (Harness, String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.path + "/sliced-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let h = try Harness()
    #expect(h.run("demo --candidates 250 --seed 6") == [0])
    try body(h, folder)
  }

  static func everyReport(_ h: Harness, folder: String) throws {
    let lines = [
      "export shortlist --all", "export shortlist", "export shortlist --all --redact --role all",
      "compare --format json", "compare --format csv --bom", "compare --format md --role all",
      "compare --format table", "compare --format table --role all --min-coverage 50",
      "outcomes --format json --role all", "outcomes --format md", "compare --format html",
      "compare --format html --role all --min-coverage 50",
    ]
    for line in lines {
      let whole = try Self.output(h, line, slice: 1_000_000, folder: folder)
      #expect(whole.count > 200, "\(line)")
      for slice: Int64 in [9, 100] {
        #expect(try Self.output(h, line, slice: slice, folder: folder) == whole, "\(line), slice \(slice)")
      }
    }
  }

  /// The table's measure is gathered as the slices are read (the table is then written in one pass): with a sealed
  /// candidate and candidates never asked one of the role's banks, its widths, its legend ("sealed", "*") and the
  /// incomplete lines are what one read gives, byte for byte; Markdown too, which reads its rows a second time only
  /// when one misses a bank.
  @Test func aTableMeasuredAsItIsReadIsTheTableOneReadWrites() throws {
    try Self.withDemo { h, folder in
      let name = try #require(try h.ctx.db.candidates().first { $0.status == .interviewing }?.name)
      // Another interviewer's open scorecard seals the candidate for alice; a second bank of the role was asked of
      // no one.
      #expect(h.run("interview start \"\(name)\" --as bob", "/pause") == [0, 0], "\(h.err)")
      let role = try #require(try h.ctx.db.roles().first)
      #expect(
        h.run("role edit \"\(role.title)\" --bank \(role.banks[0]) --bank past-project-deep-dive") == [0], "\(h.err)")
      for line in ["compare --format table", "compare --format md", "compare --format table --role all"] {
        let whole = try Self.output(h, line, slice: 1_000_000, folder: folder)
        // Everyone (`--role all`) has no role's banks to miss.
        let scoped = !line.contains("--role all")
        if line.contains("table") { #expect(whole.contains("sealed: a scorecard for them is still open"), "\(line)") }
        if line.contains("table") && scoped {
          #expect(whole.contains("never asked one of the role's banks"), "\(line)")
        }
        if scoped { #expect(whole.contains("past-project-deep-dive not asked"), "\(line)") }
        for slice: Int64 in [9, 100] {
          #expect(try Self.output(h, line, slice: slice, folder: folder) == whole, "\(line), slice \(slice)")
        }
      }
    }
  }

  /// Past its row limit the HTML report shows the first rows of each kind in rank order and says how many there are;
  /// read in slices (its rows never kept) it is the page one read makes, byte for byte.
  @Test func theHTMLReportShowsItsFirstRowsWhicheverWayItIsRead() throws {
    try Self.withDemo { h, folder in try Self.firstRows(h, folder: folder) }
  }

  static func firstRows(_ h: Harness, folder: String) throws {
    h.ctx.htmlRowLimit = 5
    for line in ["compare --format html --role all", "compare --format html --min-coverage 60"] {
      let whole = try Self.output(h, line, slice: 1_000_000, folder: folder)
      #expect(whole.contains("Showing the first 5 of "), "\(line)")
      #expect(whole.components(separatedBy: "<rect class=\"bar tier").count - 1 == 5, "\(line): five bars")
      #expect(whole.components(separatedBy: "class=\"candidate-notes\"").count - 1 <= 5, "\(line)")
      for slice: Int64 in [9, 100] {
        #expect(try Self.output(h, line, slice: slice, folder: folder) == whole, "\(line), slice \(slice)")
      }
    }
    // The ranking's first five are the first five of `compare --format json` (minus those not going forward).
    h.ctx.comparisonSlice = 9
    let json = try Self.output(h, "compare --format json --role all", slice: 9, folder: folder)
    let page = try Self.output(h, "compare --format html --role all", slice: 9, folder: folder)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let ranked = try #require(object["candidates"] as? [[String: Any]]).filter {
      $0["score"] is Double && !["rejected", "withdrawn"].contains($0["status"] as? String)
    }
    for candidate in ranked.prefix(5) {
      let name = try #require(candidate["name"] as? String)
      #expect(page.contains("data-candidate=\"\(HTML.escape(name))\""), "\(name) is among the bars")
    }
  }
}
