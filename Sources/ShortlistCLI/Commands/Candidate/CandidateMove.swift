import ArgumentParser
import ShortlistCore
import ShortlistReports

struct CandidateMove: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "move",
    abstract:
      "Move a candidate's application to a status: sourced, screening, interviewing, shortlisted, offer, hired, rejected, withdrawn.",
    discussion: """
      Forward moves along the pipeline, and rejected or withdrawn from any open state, need nothing. Moving back, \
      leaving hired, reopening a rejected or withdrawn application, or reaching shortlisted, offer or hired without \
      a finished scorecard for the role needs --force with a --note, and is recorded as forced.
      """)

  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Argument(help: "The new status.") var status: String
  @Option(
    parsing: .unconditional,
    help: "The role whose application moves (default: the role in use, else the candidate's only role).")
  var role: String?
  @Option(parsing: .unconditional, help: "Why (kept with the status history; required with --force).") var note: String?
  @Flag(help: "Make a move the pipeline rule refuses (needs --note; recorded as forced).") var force = false

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    let s = try CandidateFields.status(status)
    let scope = try ctx.application(of: c, roleOption: role)
    let result = try ctx.db.move(
      candidateId: c.id, roleId: scope.role?.id, to: s, note: RoleFields.text(note), force: force)
    ctx.changed()
    ctx.console.print(Context.moveLine(c.name, result, role: scope.role))
  }
}
