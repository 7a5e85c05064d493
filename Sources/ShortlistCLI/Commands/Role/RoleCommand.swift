import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RoleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "role",
    abstract: "Roles: what is being hired for (the Project One-Pager) and the banks used to interview for it.",
    subcommands: [
      RoleAdd.self, RoleList.self, RoleShow.self, RoleUse.self, RoleEdit.self, RoleArchive.self, RoleUnarchive.self,
      RoleRemove.self, RoleFitCommand.self,
    ]
  )
}
