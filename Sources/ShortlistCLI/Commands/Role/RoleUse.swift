import ArgumentParser
import ShortlistCore
import ShortlistReports

struct RoleUse: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "use", abstract: "Make a role the default for later commands (shown in the prompt).")

  @Argument(help: "Role title, unique prefix or #ID; `none` to stop using one.") var role: String

  func run(in ctx: Context) throws {
    if role.lowercased() == "none" {
      try ctx.db.setCurrentRole(nil)
      ctx.changed()
      ctx.console.print("no role in use")
      return
    }
    let r = try ctx.role(role)
    if r.archivedAt != nil {
      throw CLIError("role \(TextTable.oneLine(r.title)) is archived; `role unarchive` it first")
    }
    try ctx.db.setCurrentRole(r.id)
    ctx.changed()
    ctx.console.print("now using role \(r.title)")
  }
}
