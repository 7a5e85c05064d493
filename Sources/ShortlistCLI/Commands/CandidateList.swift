import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct CandidateList: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List candidates.")

  @Option(help: "Only this tier (1-4).") var tier: String?
  @Option(help: "Only this status.") var status: String?
  @Option(help: "Only candidates for this role.") var role: String?
  @Option(help: "Only candidates with this tag.") var tag: String?
  @Option(help: "table, json or csv.") var format: ListFormat = .table

  func run(in ctx: Context) throws {
    var filter = CandidateFilter()
    if let tier { filter.tier = try CandidateFields.tier(tier) }
    if let status { filter.status = try CandidateFields.status(status) }
    if let role { filter.roleId = try ctx.roleId(role) }
    filter.tag = tag
    switch format {
    case .json:
      // Streamed: each candidate is written as it is read, in 64 KiB blocks.
      try ctx.console.streamJSONArray { element in
        try ctx.db.eachCandidate(filter) { c in try element { CandidateListing.write(c, to: &$0) } }
      }
    case .csv:
      try ctx.console.streamCSV(header: CandidateListing.csvHeader) { w in
        try ctx.db.eachCandidate(filter) { try CandidateListing.writeCSV($0, to: &w) }
      }
    case .table:
      // Two passes, nothing held: the first measures the columns, the second writes each row as it is read.
      var measure = TextTable.Measure(CandidateListing.tableColumns)
      var count = 0
      try ctx.db.eachCandidate(filter) {
        measure.add(CandidateListing.tableRow($0))
        count += 1
      }
      if count == 0 {
        ctx.console.print(
          filter.tier == nil && filter.status == nil && filter.roleId == nil && filter.tag == nil
            ? "no candidates yet; add one with: candidate add \"Ada Lovelace\" --source Toptal --rate 120"
            : "no candidates match")
        return
      }
      let layout = TextTable.Layout(
        CandidateListing.tableColumns, measure: measure, maxWidth: min(ctx.console.columns, 100))
      try ctx.console.page(lineCount: count + 3) { line in
        for header in layout.header() { line(header) }
        try ctx.db.eachCandidate(filter) { line(layout.line(CandidateListing.tableRow($0))) }
        line("\(count) candidate" + (count == 1 ? "" : "s"))
      }
    }
  }
}
