import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistSupport

struct CandidateForget: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "forget",
    abstract: "Erase a person's personal data; an anonymised shell with their scores stays for calibration.")

  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Flag(help: "Do not ask (for scripts).") var yes = false

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    if c.forgotten { throw CLIError("candidate #\(c.id) was already forgotten") }
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
