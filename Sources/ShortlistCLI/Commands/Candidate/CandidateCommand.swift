import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports

struct CandidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "candidate",
    abstract: "Candidates: who they are, where they came from (tier), and where they are in the pipeline.",
    subcommands: [
      CandidateAdd.self, CandidateList.self, CandidateShow.self, CandidateEdit.self, CandidateMove.self,
      CandidateForget.self, CandidateImport.self, CandidateNoteCommand.self,
    ]
  )
}
