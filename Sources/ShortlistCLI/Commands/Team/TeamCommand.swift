import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

struct TeamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "team",
    abstract: "Team mode: a hiring panel's PostgreSQL server, with sealing enforced by the server.",
    subcommands: [TeamInit.self, TeamMemberCommand.self, TeamJoin.self, TeamStatus.self, TeamLeave.self])
}
