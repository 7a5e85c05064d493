import ArgumentParser
import ShortlistCore
import ShortlistReports

struct ShortlistRemove: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Take a candidate off the shortlist (back to the status they had before).")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @OptionGroup var application: ApplicationRoleOption
  @Option(parsing: .unconditional, help: "Why (kept with the status history).") var note: String?

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    let scope = try ctx.application(of: c, roleOption: application.role)
    guard scope.status == .shortlisted else {
      throw CLIError("\(TextTable.oneLine(c.name)) is not shortlisted (status: \(scope.status.rawValue))")
    }
    var back = try ctx.db.statusBeforeShortlist(candidateId: c.id, roleId: scope.role?.id) ?? .interviewing
    if back == .shortlisted || back.stage == nil { back = .interviewing }
    // Taking someone off the shortlist is a step back the user asked for by name: recorded, not refused.
    let result = try ctx.db.move(
      candidateId: c.id, roleId: scope.role?.id, to: back, note: RoleFields.text(note) ?? "shortlist remove",
      force: true)
    ctx.changed()
    ctx.console.print(Context.moveLine(c.name, result, role: scope.role))
  }
}
