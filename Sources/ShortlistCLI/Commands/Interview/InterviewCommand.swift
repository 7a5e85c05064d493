import ArgumentParser
import ShortlistReports
import ShortlistTeam

struct InterviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "interview",
    abstract: "Live structured interviews: notes as you type, signals, an anchored 1-4 score per question.",
    subcommands: [
      InterviewStart.self, InterviewResume.self, InterviewList.self, InterviewShow.self, InterviewVoid.self,
    ]
  )
}
