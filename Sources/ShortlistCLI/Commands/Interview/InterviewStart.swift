import ArgumentParser
import ShortlistCore
import ShortlistReports

struct InterviewStart: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "start", abstract: "Start an interview and enter interview mode (/help lists its commands).")

  @Argument(help: "Candidate name, unique prefix or #ID.") var candidate: String
  @Option(
    parsing: .unconditional,
    help: "Question bank (default: the role's first bank you have not finished with this candidate).")
  var bank: String?
  @Option(parsing: .unconditional, help: "Role (default: the role in use).") var role: String?
  @Option(
    name: .customLong("as"), parsing: .unconditional,
    help: "Interviewer name (default: $SHORTLIST_INTERVIEWER, else the login name).")
  var interviewer: String?
  @Flag(help: "Interview again on a bank this interviewer already finished with this candidate (scripts need it).")
  var again = false

  func run(in ctx: Context) throws {
    if ctx.interview != nil { throw CLIError("an interview is already in progress; /finish or /pause it first") }
    let c = try ctx.candidate(candidate)
    if c.forgotten { throw CLIError("candidate #\(c.id) was forgotten and cannot be interviewed") }
    let r = try ctx.effectiveRole(role)
    // In a team, scorecards are recorded under the member's own name: the server's sealing is per member.
    let member = try ctx.db.setting("team_member")
    let who = try InterviewStart.interviewerName(interviewer ?? member ?? ctx.interviewer)
    if let member, who != member {
      throw CLIError(
        "this database is in a team as \(TextTable.oneLine(member)); interviews are recorded under that name, not \(TextTable.oneLine(who))"
      )
    }
    let bankId: String
    var choice: String?
    if let bank {
      bankId = bank
    } else if let r, let first = r.banks.first {
      // A role with several banks: the first one this interviewer has not finished with this candidate.
      let done = try ctx.db.finishedBanks(candidateId: c.id, interviewer: who)
      let next = r.banks.first { !done.contains($0) } ?? first
      bankId = next
      if r.banks.count > 1, let k = r.banks.firstIndex(of: next) {
        let finished = r.banks.filter { done.contains($0) }
        choice =
          "bank \(k + 1) of \(r.banks.count) for \(TextTable.oneLine(r.title))"
          + (finished.isEmpty ? "" : " (\(finished.joined(separator: ", ")) done)")
          + (done.contains(next) ? "; every bank of the role is done, this one again" : "")
      }
    } else {
      let known = ctx.banks.banks.map(\.id).joined(separator: ", ")
      throw CLIError(
        r == nil
          ? "no role in use to take a bank from; give --bank (\(known)) or `role use ROLE`"
          : "role '\(r!.title)' has no bank; give --bank (\(known)) or `role edit` it with --bank")
    }
    let b = try ctx.bank(bankId)
    // `--as` holds for the rest of the session: a later bare `interview resume` finds this scorecard.
    if interviewer != nil { ctx.sessionInterviewer = who }
    if let open = try ctx.db.openInterviews(interviewer: who).first(where: { $0.candidateId == c.id }) {
      throw CLIError(
        "\(who) already has an open interview #\(open.id) with \(c.name); continue it with `interview resume \(open.id)`"
      )
    }
    // A second scorecard on the same bank by the same interviewer is usually a mistake: asked on a terminal, refused
    // in a script unless --again.
    if !again, try ctx.db.finishedBanks(candidateId: c.id, interviewer: who).contains(b.id) {
      let what =
        "\(TextTable.oneLine(who)) already has a finished scorecard for \(TextTable.oneLine(c.name)) on \(b.id)"
      guard ctx.confirm("\(what); start a second one?", scriptDefault: false) else {
        throw CLIError(
          "\(what); add --again to interview on it a second time, or `interview void ID --note WHY` the first")
      }
    }
    let id = try ctx.db.startInterview(candidateId: c.id, roleId: r?.id, bank: b, interviewer: who)
    ctx.changed()
    let mode = InterviewMode(
      interviewId: id, bank: b, candidateName: c.name, interviewer: who, index: 0, roleBanks: r?.banks ?? [])
    ctx.interview = mode
    ctx.console.printWrapped(
      "interview #\(id) with \(TextTable.oneLine(c.name)) on \(TextTable.oneLine(b.title)) (\(b.id) v\(b.version)), \(b.questions.count) questions, as \(TextTable.oneLine(who))"
    )
    if let choice { ctx.console.print(choice) }
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
