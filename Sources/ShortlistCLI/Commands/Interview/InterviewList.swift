import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct InterviewList: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List interviews.")

  @Option(parsing: .unconditional, help: "Only this candidate's interviews.") var candidate: String?
  @OptionGroup var listing: ListFormatOption
  var format: ListFormat { listing.format }

  func run(in ctx: Context) throws {
    let candidateId = try candidate.map { try ctx.candidateId($0) }
    switch format {
    case .json:
      // Streamed: each interview is written as it is read, in 64 KiB blocks.
      try ctx.console.streamJSONArray { element in
        try ctx.db.eachInterview(candidateId: candidateId, viewer: ctx.viewer) { i in
          try element { InterviewListing.write(i, to: &$0) }
        }
      }
    case .csv:
      try ctx.console.streamCSV(header: InterviewListing.csvHeader) { w in
        try ctx.db.eachInterview(candidateId: candidateId, viewer: ctx.viewer) {
          try InterviewListing.writeCSV($0, to: &w)
        }
      }
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
