import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct InterviewResume: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue an open interview where it stopped (default: your most recent open one).")

  @Argument(help: "Interview ID (with or without #).") var id: String?
  @Option(
    name: .customLong("as"), parsing: .unconditional,
    help: "Interviewer name (default: $SHORTLIST_INTERVIEWER, else the login name).")
  var interviewer: String?

  func run(in ctx: Context) throws {
    if ctx.interview != nil { throw CLIError("an interview is already in progress; /finish or /pause it first") }
    let who = try interviewer.map(InterviewStart.interviewerName) ?? ctx.interviewer
    if interviewer != nil { ctx.sessionInterviewer = who }
    let interviewId: Int64
    if let id {
      interviewId = try InterviewFields.id(id)
    } else {
      let open = try ctx.db.openInterviews(interviewer: who)
      guard let only = open.first else {
        throw CLIError("no open interview for \(who); `interview list` shows them all, `interview resume ID` picks one")
      }
      guard open.count == 1 else {
        let list = open.map {
          "#\($0.id) \(TextTable.oneLine($0.candidateName)) (\($0.bankId), q\($0.currentQuestion + 1))"
        }
        throw CLIError(
          "\(who) has \(open.count) open interviews: \(list.joined(separator: ", ")); `interview resume ID` picks one")
      }
      interviewId = only.id
    }
    // Resuming is continuing that interviewer's own scorecard: it is read as theirs.
    guard let summary = try ctx.db.interview(id: interviewId, viewer: ctx.viewer),
      let detail = try ctx.db.interviewDetail(id: interviewId, viewer: Viewer(summary.interviewer))
    else {
      throw CLIError("no interview #\(interviewId); `interview list` shows them")
    }
    guard !detail.summary.isFinished else {
      throw CLIError("interview #\(interviewId) is finished; its scorecard is final (`interview show \(interviewId)`)")
    }
    let mode = InterviewMode(
      interviewId: interviewId, bank: detail.bank, candidateName: detail.summary.candidateName,
      interviewer: detail.summary.interviewer, index: detail.summary.currentQuestion, spent: detail.seconds,
      roleBanks: try detail.summary.roleId.flatMap { try ctx.db.role(id: $0) }?.banks ?? [])
    ctx.interview = mode
    ctx.changed()
    ctx.console.printWrapped(
      "resumed interview #\(interviewId) with \(TextTable.oneLine(detail.summary.candidateName)) at question \(mode.index + 1)/\(detail.bank.questions.count) (\(detail.notes.count) notes so far), as \(TextTable.oneLine(detail.summary.interviewer))"
    )
    ctx.console.printWrapped(
      detail.bank.scenario.replacingOccurrences(of: "\n", with: " "), lead: "scenario: ", style: ctx.console.dim)
    mode.showQuestion(ctx: ctx)
  }
}
