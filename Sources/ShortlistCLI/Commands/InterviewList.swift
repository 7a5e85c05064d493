import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct InterviewList: Runnable {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List interviews.")

  @Option(help: "Only this candidate's interviews.") var candidate: String?
  @Option(help: "table, json or csv.") var format: ListFormat = .table

  func run(in ctx: Context) throws {
    let candidateId = try candidate.map { try ctx.candidateId($0) }
    let list = try ctx.db.interviews(candidateId: candidateId, viewer: ctx.viewer)
    switch format {
    case .json: ctx.console.print(JSON.array(list.map(Self.json)).render())
    case .csv:
      var rows = [["id", "candidate", "bank", "interviewer", "state", "started", "finished"]]
      for i in list {
        rows.append([
          String(i.id), i.candidateName, i.bankId, i.interviewer, i.state.rawValue, Format.iso(i.startedAt),
          i.finishedAt.map(Format.iso) ?? "",
        ])
      }
      ctx.console.write(CSVWriter.document(rows))
    case .table:
      if list.isEmpty {
        ctx.console.print("no interviews yet; start one with: interview start NAME --bank rag-prototype")
        return
      }
      var table = TextTable([
        .init("id", align: .right), .init("candidate", minWidth: 10), .init("bank"), .init("interviewer"),
        .init("state"), .init("started"),
      ])
      let f = DateFormatter()
      f.dateFormat = "yyyy-MM-dd HH:mm"
      for i in list {
        table.add([
          "#\(i.id)", i.candidateName, "\(i.bankId) v\(i.bankVersion)", i.interviewer, i.state.rawValue,
          f.string(from: i.startedAt),
        ])
      }
      ctx.console.page(table.render(maxWidth: min(ctx.console.columns, 100), color: ctx.console.color))
    }
  }

  static func json(_ i: InterviewSummary) -> JSON {
    .object([
      ("id", .int(i.id)), ("candidate", .string(i.candidateName)), ("bank", .string(i.bankId)),
      ("interviewer", .string(i.interviewer)), ("state", .string(i.state.rawValue)),
      ("started", .string(Format.iso(i.startedAt))),
      ("finished", .text(i.finishedAt.map(Format.iso))), ("candidate_id", .int(i.candidateId)),
      ("bank_version", .int(Int64(i.bankVersion))), ("recommendation", .text(i.recommendation?.rawValue)),
      ("uuid", .string(i.uuid)), ("sealed", .bool(i.sealed)),
    ])
  }
}
