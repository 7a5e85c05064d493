import ArgumentParser
import ShortlistCore
import ShortlistReports

struct ShortlistCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shortlist", abstract: "The shortlist: who goes forward, with a status-history row for every move.",
    subcommands: [ShortlistAdd.self, ShortlistRemove.self, ShortlistShow.self, ShortlistAuto.self])
}
