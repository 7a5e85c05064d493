import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct EngagementCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "engagement",
    abstract: "After the hire: the engagement, its contract checklist and the end-of-engagement review.",
    subcommands: [
      EngagementStart.self, EngagementCheck.self, EngagementShow.self, EngagementList.self, EngagementEnd.self,
    ])
}
