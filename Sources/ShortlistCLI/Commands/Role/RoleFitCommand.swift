import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RoleFitCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Is this a freelancer's role, an engineering partner's or a full-time hire's? Both documents' signals.",
    discussion: RoleFitCommand.signalsHelp)
  @Argument(help: "Role title, unique prefix or #ID.") var role: String
  @Option(
    parsing: .unconditional,
    help: "The signals that hold, comma-separated (e.g. scope,verifiable,short,review); the others do not.")
  var answers: String?

  /// The signals by source, for `help role fit`.
  static let signalsHelp: String = {
    func list(_ s: [FitSignal]) -> String { s.map { "\($0.rawValue) (\($0.reason))" }.joined(separator: ", ") }
    let guideFree = FitSignal.allCases.filter { $0.source == .guide && $0.favours == [.freelancer] }
    let guidePartner = FitSignal.allCases.filter { $0.source == .guide && $0.favours.contains(.partner) }
    return """
      Freelancer or engineering partner (the freelancer-vs-partner guide): for a freelancer \(list(guideFree)); \
      for a partner \(list(guidePartner)). Several partner signals: you need a team with ownership.

      Freelancer or full-time hire (the hiring playbook's decision matrix, freelancer / full-time per row): \
      project type short / long; urgency urgent (productive within 2-4 weeks) / can-wait (can afford a 2-3 month \
      hiring cycle); expertise niche (a specialised skill not on the team) / core (a core competency needed \
      indefinitely); budget opex (a project budget) / capex (approved permanent headcount); team impact deadline \
      (augment to hit a deadline) / culture (institutional knowledge, long-term culture). Only this column makes a \
      full-time hire.

      The verdict: freelancer, partner, full-time, or undecided with fewer than three signals or a tie; with the \
      signals for it and against it, and caveats.
      """
  }()

  func run(in ctx: Context) throws {
    let r = try ctx.role(role)
    var yes = Set<FitSignal>()
    if let answers {
      for word in answers.split(whereSeparator: { $0 == "," || $0 == " " }).map({ String($0).lowercased() }) {
        guard let s = FitSignal(rawValue: word) else {
          throw CLIError(
            "'\(TextTable.oneLine(word))' is not a fit signal; signals: \(FitSignal.allCases.map(\.rawValue).joined(separator: ", "))",
            usage: true)
        }
        yes.insert(s)
      }
    } else {
      guard ctx.interactive else {
        throw CLIError(
          "give the signals that hold with --answers (e.g. --answers scope,verifiable,short,review); signals: \(FitSignal.allCases.map(\.rawValue).joined(separator: ", "))",
          usage: true)
      }
      for s in FitSignal.allCases where ctx.confirm(s.question, scriptDefault: false) { yes.insert(s) }
    }
    let fit = try ctx.db.setFit(roleId: r.id, answers: yes)
    ctx.changed()
    ctx.console.print("\(TextTable.oneLine(r.title)): \(fit.verdict.rawValue)")
    for reason in fit.reasons { ctx.console.printWrapped(reason, lead: "  ") }
    for caveat in fit.caveats { ctx.console.printWrapped(caveat, lead: "  caveat: ") }
  }
}
