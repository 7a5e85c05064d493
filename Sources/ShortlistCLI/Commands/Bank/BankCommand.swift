import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

struct BankCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bank", abstract: "Question banks: case studies with signals and anchored rubrics.",
    subcommands: [BankList.self, BankShow.self, BankCheck.self, BankExport.self])
}
