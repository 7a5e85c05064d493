import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RoleArchive: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "archive",
    abstract: "Archive a role: out of role list, the prompt and completion; its history and scores stay.")
  @Argument(help: "Role title, unique prefix or #ID.") var role: String

  func run(in ctx: Context) throws {
    let r = try ctx.role(role)
    guard r.archivedAt == nil else { throw CLIError("role \(TextTable.oneLine(r.title)) is already archived") }
    let wasInUse = try ctx.db.currentRoleId() == r.id
    try ctx.db.archiveRole(id: r.id, archived: true)
    ctx.changed()
    ctx.console.print(
      "archived role \(TextTable.oneLine(r.title))" + (wasInUse ? "; no role in use now (`role use ROLE`)" : ""))
  }
}
