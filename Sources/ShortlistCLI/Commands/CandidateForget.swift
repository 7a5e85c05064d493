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
    try ctx.db.forget(candidateId: c.id)
    let removed = Self.scrubHistory(
      path: Paths.history(ctx.environment), words: [c.name] + (c.email.map { [$0] } ?? []))
    if removed > 0 { ctx.historyChanged?() }
    ctx.changed()
    ctx.console.print(
      "forgot candidate #\(c.id): now \"Anonymised #\(c.id)\"; scores, signals and recommendations kept"
        + (removed > 0 ? "; removed \(removed) history line\(removed == 1 ? "" : "s")" : ""))
  }

  /// Removes history lines that mention any of `words` (case-insensitive); returns how many.
  static func scrubHistory(path: String, words: [String]) -> Int {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
    let needles = words.map { $0.lowercased() }.filter { !$0.isEmpty }
    var kept: [Substring] = []
    var removed = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let lower = line.lowercased()
      if needles.contains(where: { lower.contains($0) }) {
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
