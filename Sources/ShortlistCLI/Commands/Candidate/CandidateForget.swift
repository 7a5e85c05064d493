import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistStore
import ShortlistSupport
import ShortlistTeam

struct CandidateForget: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "forget",
    abstract: "Erase a person's personal data; an anonymised shell with their scores stays for calibration.",
    discussion: """
      In a team, only a lead forgets (on the server and, at their next sync, on every laptop); a member files a \
      request the leads see in `team status`: candidate forget NAME --request --note WHY.
      """)

  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Flag(help: "Do not ask (for scripts).") var yes = false
  @Flag(help: "In a team: ask the leads to forget this person (with --note).") var request = false
  @Option(parsing: .unconditional, help: "Why, for the leads (with --request).") var note: String?

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    if c.forgotten { throw CLIError("candidate #\(c.id) was already forgotten") }
    let inTeam = try ctx.db.setting(TeamSettings.url) != nil
    if request || note != nil {
      guard inTeam else {
        throw CLIError("--request is for a team member asking a lead; this database is not in a team", usage: true)
      }
      guard request, let note, !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw CLIError("a forget request says why: candidate forget NAME --request --note WHY", usage: true)
      }
      let server = try TeamSettings.connect(ctx: ctx)
      defer { server.close() }
      try TeamSchema.requestForget(server, candidate: c.uuid, note: note)
      ctx.console.print(
        "asked \(TeamSettings.leadsText(ctx)) to forget candidate #\(c.id); a lead sees the request in `team status`")
      return
    }
    if inTeam, try ctx.db.setting(TeamSettings.lead) != "1" {
      throw CLIError(
        "in a team only a lead forgets someone: ask \(TeamSettings.leadsText(ctx)), or file a request with "
          + "`candidate forget \(name) --request --note WHY`")
    }
    if !yes {
      guard ctx.interactive else {
        throw CLIError("forgetting cannot be undone; add --yes to forget \(c.name) from a script")
      }
      guard
        ctx.confirm("erase \(c.name)'s name, email, links, tags, notes and comments for good?", scriptDefault: false)
      else {
        ctx.console.print("nothing was erased")
        return
      }
    }
    let purged = try ctx.db.forget(candidateId: c.id)
    let removed = Self.scrubHistory(path: Paths.history(ctx.environment)) {
      HistoryFilter.names($0, id: c.id, name: c.name, email: c.email)
    }
    if removed > 0 { ctx.historyChanged?() }
    ctx.changed()
    ctx.console.print(
      "forgot candidate #\(c.id): now \"Anonymised #\(c.id)\"; scores, signals and recommendations kept"
        + (removed > 0 ? "; removed \(removed) history line\(removed == 1 ? "" : "s")" : ""))
    if !purged {
      ctx.console.warn(
        "another shortlist session is still reading the database: the erased text leaves the file when it ends (finished at the next open)"
      )
    }
  }

  /// Removes the history lines `names` picks; returns how many.
  static func scrubHistory(path: String, names: (String) -> Bool) -> Int {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
    var kept: [Substring] = []
    var removed = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if !line.isEmpty && names(String(line)) {
        removed += 1
      } else {
        kept.append(line)
      }
    }
    guard removed > 0 else { return 0 }
    try? OutputFile.write(Data(kept.joined(separator: "\n").utf8), to: path, force: true)
    return removed
  }
}
