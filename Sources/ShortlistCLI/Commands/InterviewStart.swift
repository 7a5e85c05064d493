import ArgumentParser
import ShortlistCore

struct InterviewStart: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "start", abstract: "Start an interview and enter interview mode (/help lists its commands).")

  @Argument(help: "Candidate name, unique prefix or #ID.") var candidate: String
  @Option(help: "Question bank (default: the role's first bank).") var bank: String?
  @Option(help: "Role (default: the role in use).") var role: String?
  @Option(name: .customLong("as"), help: "Interviewer name (default: $SHORTLIST_INTERVIEWER, else the login name).")
  var interviewer: String?

  func run(in ctx: Context) throws {
    if ctx.interview != nil { throw CLIError("an interview is already in progress; /finish or /pause it first") }
    let c = try ctx.candidate(candidate)
    if c.forgotten { throw CLIError("candidate #\(c.id) was forgotten and cannot be interviewed") }
    let r = try ctx.effectiveRole(role)
    let bankId: String
    if let bank {
      bankId = bank
    } else if let first = r?.banks.first {
      bankId = first
    } else {
      let known = ctx.banks.banks.map(\.id).joined(separator: ", ")
      throw CLIError(
        r == nil
          ? "no role in use to take a bank from; give --bank (\(known)) or `role use ROLE`"
          : "role '\(r!.title)' has no bank; give --bank (\(known)) or `role edit` it with --bank")
    }
    let b = try ctx.bank(bankId)
    let who = try InterviewStart.interviewerName(interviewer ?? ctx.interviewer)
    // `--as` holds for the rest of the session: a later bare `interview resume` finds this scorecard.
    if interviewer != nil { ctx.sessionInterviewer = who }
    if let open = try ctx.db.openInterviews(interviewer: who).first(where: { $0.candidateId == c.id }) {
      throw CLIError(
        "\(who) already has an open interview #\(open.id) with \(c.name); continue it with `interview resume \(open.id)`"
      )
    }
    let id = try ctx.db.startInterview(candidateId: c.id, roleId: r?.id, bank: b, interviewer: who)
    ctx.changed()
    let mode = InterviewMode(interviewId: id, bank: b, candidateName: c.name, interviewer: who, index: 0)
    ctx.interview = mode
    ctx.console.print(
      "interview #\(id) with \(c.name) on \(b.title) (\(b.id) v\(b.version)), \(b.questions.count) questions, as \(who)"
    )
    ctx.console.print(ctx.console.dim("type notes and press Enter; /help for commands"))
    ctx.console.printWrapped(
      b.scenario.replacingOccurrences(of: "\n", with: " "), lead: "scenario: ", style: ctx.console.dim)
    mode.showQuestion(ctx: ctx)
  }

  static func interviewerName(_ text: String) throws -> String {
    let t = text.trimmed
    guard !t.isEmpty, t.count <= 100, !t.contains(where: { $0.isNewline }) else {
      throw CLIError("an interviewer name is one line of at most 100 characters")
    }
    return t
  }
}
