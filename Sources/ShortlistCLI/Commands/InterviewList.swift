import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct InterviewList: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List interviews.")

  @Option(help: "Only this candidate's interviews.") var candidate: String?
  @Option(help: "table, json or csv.") var format: ListFormat = .table

  func run(in ctx: Context) throws {
    let candidateId = try candidate.map { try ctx.candidateId($0) }
    switch format {
    case .json:
      // Streamed: each interview is written as it is read, in 64 KiB blocks.
      var j = JSONStream(sink: { ctx.console.write(raw: $0) })
      j.beginArray()
      try ctx.db.eachInterview(candidateId: candidateId, viewer: ctx.viewer) { i in
        InterviewListing.write(i, to: &j)
        try j.flushIfFull()
      }
      j.endArray()
      j.endDocument()
      try j.flush()
      ctx.console.endRaw()
    case .csv:
      var w = CSVWriter(sink: { ctx.console.write(raw: $0) })
      try w.write(InterviewListing.csvHeader)
      try ctx.db.eachInterview(candidateId: candidateId, viewer: ctx.viewer) {
        try InterviewListing.writeCSV($0, to: &w)
      }
      try w.flush()
      ctx.console.endRaw()
    case .table:
      var table = TextTable(InterviewListing.tableColumns)
      try ctx.db.eachInterview(candidateId: candidateId, viewer: ctx.viewer) {
        table.add(InterviewListing.tableRow($0))
      }
      if table.rows.isEmpty {
        ctx.console.print("no interviews yet; start one with: interview start NAME --bank rag-prototype")
        return
      }
      ctx.console.page(table.render(maxWidth: min(ctx.console.columns, 100), color: ctx.console.color))
    }
  }
}
