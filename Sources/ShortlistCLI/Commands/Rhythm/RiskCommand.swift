import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RiskCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "risk", abstract: "The shared risk log of the engagements.",
    subcommands: [RiskAdd.self, RiskList.self, RiskClose.self])
}
