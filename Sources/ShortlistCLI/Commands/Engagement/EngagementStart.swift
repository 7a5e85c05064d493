import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct EngagementStart: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "start",
    abstract: "Start an engagement: the candidate moves to hired; the contract checklist and the First 5 Days begin.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @OptionGroup var application: ApplicationRoleOption
  @Option(parsing: .unconditional, help: "fixed, tm (time & materials) or retainer (default: the role's).") var model:
    ModelValue?
  @Option(parsing: .unconditional, help: "USD per hour (default: the candidate's rate).") var rate: RateValue?
  @Option(parsing: .unconditional, help: "Weekly hour cap.") var cap: HoursValue?
  @Option(parsing: .unconditional, help: "Budget in USD.") var budget: AmountValue?
  @Option(parsing: .unconditional, help: "Start date, YYYY-MM-DD (default: today).") var start: DayValue?
  @Option(
    parsing: .unconditional,
    help: "Why (with --force: a hire the pipeline rule refuses, e.g. without a finished scorecard).")
  var note: String?
  @Flag(help: "Hire even where the pipeline rule refuses (needs --note; recorded as forced).") var force = false

  func run(in ctx: Context) throws {
    try Problems.check([(model, "--model"), (rate, "--rate"), (cap, "--cap"), (budget, "--budget"), (start, "--start")])
    let capHours = try cap?.value("--cap")
    let c = try ctx.candidate(name)
    if c.forgotten { throw CLIError("candidate #\(c.id) was forgotten") }
    let scope = try ctx.application(of: c, roleOption: application.role)
    let r = scope.role
    let e = NewEngagement(
      candidateId: c.id, roleId: r?.id, model: try model?.value("--model") ?? r?.model,
      rate: try rate?.value("--rate") ?? c.rate, cap: capHours.flatMap { h in h > 0 ? h : nil },
      budget: try budget?.value("--budget"), start: try start?.value("--start") ?? CivilDay.today())
    // A hire over an interviewer's no is a decision to defend: refused, naming who, unless forced with a note.
    let finished = try ctx.db.interviews(candidateId: c.id, viewer: ctx.viewer).filter {
      $0.state == .finished && !$0.isVoid && (r == nil || $0.roleId == nil || $0.roleId == r?.id)
    }
    let against = finished.filter { $0.recommendation == .no || $0.recommendation == .strongNo }
    if !against.isEmpty {
      let who = against.map { "\(TextTable.oneLine($0.interviewer)) \($0.recommendation?.rawValue ?? "")" }
      let line = "\(against.count) of \(finished.count) said no: \(who.joined(separator: ", "))"
      guard force, RoleFields.text(note) != nil else {
        throw CLIError(
          "\(TextTable.oneLine(c.name)): \(line); add --force --note WHY to hire over it (the note is kept with the move)"
        )
      }
      ctx.console.warn("hiring over a no (\(line)); the note is kept with the move")
    }
    let playbook = try ctx.playbook()
    if let r,
      let advice = EngagementModel.fixedPriceAdvice(
        model: e.model, fitAnswers: try ctx.db.fit(roleId: r.id)?.answers.map(\.rawValue) ?? [])
    {
      ctx.console.warn(advice)
    }
    if let r, let fit = try ctx.db.fit(roleId: r.id), fit.verdict != .freelancer {
      ctx.console.warn(
        "the fit check of \(TextTable.oneLine(r.title)) says \(fit.verdict.rawValue), not freelancer: \(fit.reasons.joined(separator: "; "))"
      )
    }
    let id = try ctx.db.startEngagement(e, playbook: playbook, note: RoleFields.text(note), force: force)
    ctx.changed()
    var terms: [String] = []
    if let m = e.model { terms.append(m.label) }
    if let rate = e.rate { terms.append("$\(Format.rate(rate))/h") }
    if let cap = e.cap { terms.append("cap \(Format.number(cap)) h/week") }
    if let b = e.budget { terms.append("budget $\(Format.number(b))") }
    ctx.console.print(
      "engagement #\(id) with \(TextTable.oneLine(c.name))" + (r.map { " for \(TextTable.oneLine($0.title))" } ?? "")
        + " starts \(e.start)" + (terms.isEmpty ? "" : " (\(terms.joined(separator: ", ")))")
        + (scope.status == .hired ? "" : "; \(scope.status.rawValue) -> hired"))
    ctx.console.print(
      "contract checklist open: \(ContractItem.accepted); tick each with `engagement check \(ShellWords.quote(c.name)) ITEM`"
    )
    ctx.console.print("the First 5 Days: `onboarding \(ShellWords.quote(c.name))`")
  }
}
