import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports

struct CandidateShow: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show a candidate: details, status history and interviews.")

  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(help: "table or json.") var format: ListFormat = .table

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    let history = try ctx.db.statusHistory(candidateId: c.id ?? 0)
    let interviews = try ctx.db.interviews(candidateId: c.id, viewer: ctx.viewer)
    if format == .json {
      guard case .object(var pairs) = CandidateList.json(c) else { return }
      pairs.append(
        (
          "history",
          .array(
            history.map {
              .object([
                ("from", .text($0.from?.rawValue)), ("to", .string($0.to.rawValue)), ("at", .string(Format.iso($0.at))),
                ("note", .text($0.note)),
              ])
            })
        ))
      pairs.append(("interviews", .array(interviews.map(InterviewList.json))))
      ctx.console.print(JSON.object(pairs).render())
      return
    }
    let con = ctx.console
    con.print(con.bold(TextTable.oneLine(c.name)) + con.dim("  #\(c.id ?? 0)"))
    let fields: [(String, String)] = [
      ("tier", "\(c.tier.rawValue) \(c.tier.name)"), ("source", c.source),
      ("rate", c.rate.map { "$\(Format.number($0))/h" } ?? "-"), ("status", c.status.rawValue),
      ("email", c.email ?? "-"), ("links", c.links.isEmpty ? "-" : c.links.joined(separator: " ")),
      ("tags", c.tags.isEmpty ? "-" : c.tags.joined(separator: ", ")),
      ("roles", c.roles.isEmpty ? "-" : c.roles.joined(separator: ", ")),
    ]
    for (label, value) in fields {
      con.print("  " + label.padding(toLength: 8, withPad: " ", startingAt: 0) + TextTable.oneLine(value))
    }
    con.print(con.bold("history"))
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    for h in history {
      var line = "  \(formatter.string(from: h.at))  \(h.from.map { "\($0.rawValue) -> " } ?? "")\(h.to.rawValue)"
      if let note = h.note { line += "  " + TextTable.oneLine(note) }
      con.print(line)
    }
    if !interviews.isEmpty {
      con.print(con.bold("interviews"))
      for i in interviews {
        con.print(
          "  #\(i.id)  \(i.bankId) v\(i.bankVersion)  \(TextTable.oneLine(i.interviewer))  \(i.state.rawValue)"
            + (i.finishedAt.map { "  " + formatter.string(from: $0) } ?? ""))
      }
    }
  }
}
