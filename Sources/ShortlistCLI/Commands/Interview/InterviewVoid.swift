import ArgumentParser
import ShortlistReports
import ShortlistTeam

struct InterviewVoid: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "void",
    abstract: "Take a finished scorecard out of every score, agreement and outcome; it stays, marked void.")
  @Argument(help: "The interview's id (as `interview list` shows it, with or without #).") var id: String
  @Option(parsing: .unconditional, help: "Why (required; kept with the scorecard).") var note: String?

  func run(in ctx: Context) throws {
    let interviewId = try InterviewFields.id(id)
    guard let note = RoleFields.text(note) else {
      throw CLIError(
        "say why with --note WHY, e.g. interview void \(interviewId) --note \"wrong candidate\"", usage: true)
    }
    guard let s = try ctx.db.interview(id: interviewId, viewer: ctx.viewer) else {
      throw CLIError("no interview #\(interviewId); `interview list` shows them")
    }
    // In a team, voiding is a lead's act, and the server hears of it first: another member's scorecard is voided
    // there directly (a lead's own goes with the next push).
    if try ctx.db.setting(TeamSettings.url) != nil {
      guard try ctx.db.setting(TeamSettings.lead) == "1" else {
        throw CLIError(
          "in a team only a lead voids a finished scorecard; ask \(TeamSettings.leadsText(ctx)) to run `interview void`"
        )
      }
      if let member = try ctx.db.setting(TeamSettings.member), s.interviewer != member, s.state == .finished,
        s.voidedAt == nil
      {
        let server = try TeamSettings.connect(ctx: ctx)
        defer { server.close() }
        try TeamSchema.voidInterview(server, uuid: s.uuid, note: note)
      }
    }
    try ctx.db.voidInterview(interviewId, note: note)
    ctx.changed()
    ctx.console.print(
      "voided interview #\(interviewId) (\(TextTable.oneLine(s.candidateName)), \(s.bankId) v\(s.bankVersion), \(TextTable.oneLine(s.interviewer))): out of every score; kept in interview list"
    )
  }
}
