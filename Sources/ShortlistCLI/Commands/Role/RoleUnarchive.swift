import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RoleUnarchive: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "unarchive", abstract: "Bring an archived role back to role list, the prompt and completion.")
  @Argument(help: "Role title, unique prefix or #ID.") var role: String

  func run(in ctx: Context) throws {
    let r = try ctx.role(role)
    guard r.archivedAt != nil else { throw CLIError("role \(TextTable.oneLine(r.title)) is not archived") }
    try ctx.db.archiveRole(id: r.id, archived: false)
    ctx.changed()
    ctx.console.print("unarchived role \(TextTable.oneLine(r.title))")
  }
}
