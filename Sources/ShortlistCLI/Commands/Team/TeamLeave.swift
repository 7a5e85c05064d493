import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

struct TeamLeave: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "leave", abstract: "Forget this database's team connection; the local data stays.")

  func run(in ctx: Context) throws {
    guard let url = try ctx.db.setting(TeamSettings.url) else { throw CLIError("this database is not in a team") }
    for key in [TeamSettings.url, TeamSettings.member, TeamSettings.lead, TeamSettings.lastSync, TeamSync.watermarkKey]
    {
      try ctx.db.setSetting(key, nil)
    }
    ctx.changed()
    ctx.console.print("left the team at \(url); every local row stays")
  }
}
