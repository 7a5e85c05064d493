import ArgumentParser
import ShortlistCore
import ShortlistReports

struct SourceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "source", abstract: "The source map: which sourcing channel implies which tier (yours to change).",
    subcommands: [SourceList.self, SourceSet.self, SourceRemove.self])
}
