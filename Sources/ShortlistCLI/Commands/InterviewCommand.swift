import ArgumentParser
import ShortlistReports

struct InterviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "interview",
    abstract: "Live structured interviews: notes as you type, signals, an anchored 1-4 score per question.",
    subcommands: [
      InterviewStart.self, InterviewResume.self, InterviewList.self, InterviewShow.self, InterviewVoid.self,
    ]
  )
}

struct InterviewVoid: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "void",
    abstract: "Take a finished scorecard out of every score, agreement and outcome; it stays, marked void.")
  @Argument(help: "The interview's id (as `interview list` shows it, with or without #).") var id: String
  @Option(help: "Why (required; kept with the scorecard).") var note: String?

  func run(in ctx: Context) throws {
    let interviewId = try InterviewShow.parseId(id)
    guard let note = RoleFields.text(note) else {
      throw CLIError(
        "say why with --note WHY, e.g. interview void \(interviewId) --note \"wrong candidate\"", usage: true)
    }
    guard let s = try ctx.db.interview(id: interviewId, viewer: ctx.viewer) else {
      throw CLIError("no interview #\(interviewId); `interview list` shows them")
    }
    try ctx.db.voidInterview(interviewId, note: note)
    ctx.changed()
    ctx.console.print(
      "voided interview #\(interviewId) (\(TextTable.oneLine(s.candidateName)), \(s.bankId) v\(s.bankVersion), \(TextTable.oneLine(s.interviewer))): out of every score; kept in interview list"
    )
  }
}
