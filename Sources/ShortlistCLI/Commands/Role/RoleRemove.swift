import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RoleRemove: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "remove",
    abstract: "Delete a role that has no interviews (with its applications); archive one that has.")
  @Argument(help: "Role title, unique prefix or #ID.") var role: String

  func run(in ctx: Context) throws {
    let r = try ctx.role(role)
    try ctx.db.removeRole(id: r.id)
    ctx.changed()
    ctx.console.print("removed role \(TextTable.oneLine(r.title))")
  }
}
