import ArgumentParser
import ShortlistCore
import ShortlistReports

struct CandidateMove: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "move",
    abstract:
      "Move a candidate to a status: sourced, screening, interviewing, shortlisted, offer, hired, rejected, withdrawn.")

  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Argument(help: "The new status.") var status: String
  @Option(help: "Why (kept with the status history).") var note: String?

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    let s = try CandidateFields.status(status)
    try ctx.db.move(candidateId: c.id, to: s, note: RoleFields.text(note))
    ctx.changed()
    ctx.console.print("\(TextTable.oneLine(c.name)): \(c.status.rawValue) -> \(s.rawValue)")
  }
}
