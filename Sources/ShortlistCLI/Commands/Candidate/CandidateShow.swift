import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports

struct CandidateShow: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show a candidate: details, status history and interviews.")

  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

  func run(in ctx: Context) throws {
    let id = try ctx.candidateId(name)
    // One read of this person's rows; sealing is applied by the Store for the reader.
    guard let profile = try ctx.db.candidateProfile(id: id, viewer: ctx.viewer) else {
      throw CLIError("no candidate #\(id)")
    }
    let (c, applications, history, notes) = (profile.candidate, profile.applications, profile.history, profile.notes)
    let (engagements, roleTitles, interviews, scores) = (
      profile.engagements, profile.roleTitles, profile.interviews, profile.scores
    )
    // The banks of the candidate's open roles without a finished interview yet.
    let toInterview = profile.banksToInterview.map { "\($0.banks.joined(separator: ", ")) (\($0.role))" }
    if format == .json {
      ctx.console.write(
        bytes: CandidateListing.detailJSON(
          c, applications: applications, history: history, interviews: interviews, scores: scores,
          roleTitles: roleTitles, notes: notes, engagements: engagements.map(EngagementFields.json)) + [10])
      return
    }
    let con = ctx.console
    con.print(con.bold(TextTable.oneLine(c.name)) + con.dim("  #\(c.id)"))
    var fields: [(String, String)] = [
      ("tier", "\(c.tier.rawValue) \(c.tier.name)"), ("source", c.source.isEmpty ? "none" : c.source),
      ("rate", c.rate.map { "$\(Format.rate($0))/h" } ?? "-"),
      ("email", c.email ?? "-"), ("links", c.links.isEmpty ? "-" : c.links.joined(separator: " ")),
      ("tags", c.tags.isEmpty ? "-" : c.tags.joined(separator: ", ")),
    ]
    // A status per role (an application each), with the days in that stage; no role: the candidate's own.
    if applications.isEmpty {
      fields.append(("status", Self.stage(c.status, since: c.since)))
    }
    for a in applications {
      fields.append(
        ("role", a.roleTitle + (a.roleArchived ? " (archived)" : "") + ": " + Self.stage(a.status, since: a.since)))
    }
    if !toInterview.isEmpty { fields.append(("to do", toInterview.joined(separator: "; "))) }
    for (label, value) in fields {
      con.printWrapped(value, lead: "  " + TextTable.pad(label, 8))
    }
    if !notes.isEmpty {
      con.print(con.bold("notes"))
      for n in notes {
        let who = n.author.map { " " + TextTable.oneLine($0) } ?? (n.origin.map { " (\(TextTable.oneLine($0)))" } ?? "")
        con.printWrapped(n.text, lead: "  \(Format.local(n.at))\(who): ")
      }
    }
    con.print(con.bold("history"))
    for h in history {
      var line = "  \(Format.local(h.at))  \(h.from.map { "\($0.rawValue) -> " } ?? "")\(h.to.rawValue)"
      if let r = h.roleId { line += "  [\(TextTable.oneLine(roleTitles[r] ?? "role #\(r)"))]" }
      if h.forced { line += "  forced" }
      if let note = h.note { line += "  " + TextTable.oneLine(note) }
      con.print(line)
    }
    if !interviews.isEmpty {
      con.print(con.bold("interviews"))
      for i in interviews {
        var line = "  #\(i.id)  \(i.bankId) v\(i.bankVersion)  \(TextTable.oneLine(i.interviewer))  \(i.stateText)"
        line += i.finishedAt.map { "  " + Format.local($0) } ?? ""
        if i.sealed {
          line += "  sealed"
        } else if i.isVoid {
          line += "  " + TextTable.oneLine(i.voidNote ?? "")
        } else if i.isFinished {
          line += "  score " + (scores[i.id].map { Format.fixed($0, 1) } ?? "-")
          line += "  " + (i.recommendation?.rawValue ?? "no recommendation")
        }
        con.print(line)
      }
    }
    if !engagements.isEmpty {
      con.print(con.bold("engagements"))
      for e in engagements {
        let open = e.openItems
        var line = "  #\(e.id)" + (e.roleTitle.map { " " + TextTable.oneLine($0) } ?? "")
        line += e.end.map { " · \(e.start) to \($0)" } ?? " · active since \(e.start)"
        line +=
          open.isEmpty ? " · checklist complete" : " · checklist open: " + open.map(\.rawValue).joined(separator: ", ")
        line += " · \(Format.number(e.outcome.hours ?? e.reportedHours)) h"
        if let m = e.outcome.milestone { line += " · milestone \(m.rawValue)" }
        if let q = e.outcome.quality { line += " · quality \(q)" }
        con.print(line)
      }
    }
  }

  /// "screening, 12 days (since 2026-03-01)".
  static func stage(_ status: Status, since: Date) -> String {
    let n = Clock.days(since: since)
    return "\(status.rawValue), \(n == 1 ? "1 day" : "\(n) days") (since \(Timestamp.day(since)))"
  }
}
