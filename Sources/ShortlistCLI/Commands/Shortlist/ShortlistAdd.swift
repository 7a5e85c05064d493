import ArgumentParser
import ShortlistCore
import ShortlistReports

struct ShortlistAdd: Runnable {
  static let configuration = CommandConfiguration(commandName: "add", abstract: "Shortlist candidates by name.")
  @Argument(help: "Names, unique prefixes or #IDs.") var names: [String]
  @Option(parsing: .unconditional, help: "The role (default: the role in use, else each candidate's only role).")
  var role: String?
  @Option(parsing: .unconditional, help: "Why (kept with the status history; required with --force).") var note: String?
  @Flag(help: "Shortlist even where the pipeline rule refuses (no finished scorecard, rejected); needs --note.")
  var force = false

  func run(in ctx: Context) throws {
    guard !names.isEmpty else { throw CLIError("name at least one candidate: shortlist add NAME...", usage: true) }
    var moves: [(candidateId: Int64, roleId: Int64?, to: Status, note: String?)] = []
    var people: [(name: String, role: Role?)] = []
    var lines: [String] = []
    for n in names {
      let c = try ctx.candidate(n)
      if c.forgotten { throw CLIError("candidate #\(c.id) was forgotten and cannot be shortlisted") }
      let scope = try ctx.application(of: c, roleOption: role)
      if scope.status == .shortlisted {
        lines.append("\(TextTable.oneLine(c.name)) is already shortlisted")
        continue
      }
      if moves.contains(where: { $0.candidateId == c.id }) { continue }
      moves.append((c.id, scope.role?.id, .shortlisted, RoleFields.text(note) ?? (force ? nil : "shortlist add")))
      people.append((c.name, scope.role))
    }
    // The same rule as `candidate move`, for all of them or none.
    let results = try ctx.db.move(moves, force: force)
    ctx.changed()
    lines.forEach(ctx.console.print)
    for (p, r) in zip(people, results) { ctx.console.print(Context.moveLine(p.name, r, role: p.role)) }
  }
}
