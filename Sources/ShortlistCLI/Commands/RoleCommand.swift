import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RoleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "role",
    abstract: "Roles: what is being hired for (the Project One-Pager) and the banks used to interview for it.",
    subcommands: [
      RoleAdd.self, RoleList.self, RoleShow.self, RoleUse.self, RoleEdit.self, RoleArchive.self, RoleUnarchive.self,
      RoleRemove.self, RoleFitCommand.self,
    ]
  )
}

struct RoleFitCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Is this a freelancer's role, an engineering partner's or a full-time hire's? Both documents' signals.",
    discussion: RoleFitCommand.signalsHelp)
  @Argument(help: "Role title, unique prefix or #ID.") var role: String
  @Option(help: "The signals that hold, comma-separated (e.g. scope,verifiable,short,review); the others do not.")
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

  static func json(_ fit: StoredFit?) -> JSON {
    guard let fit else { return .null }
    return .object([
      ("verdict", .string(fit.verdict.rawValue)), ("reasons", .strings(fit.reasons)),
      ("caveats", .strings(fit.caveats)), ("answers", .strings(fit.answers.map(\.rawValue))),
    ])
  }

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

struct RoleArchive: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "archive",
    abstract: "Archive a role: out of role list, the prompt and completion; its history and scores stay.")
  @Argument(help: "Role title, unique prefix or #ID.") var role: String

  func run(in ctx: Context) throws {
    let r = try ctx.role(role)
    guard r.archivedAt == nil else { throw CLIError("role \(TextTable.oneLine(r.title)) is already archived") }
    let wasInUse = try ctx.db.currentRoleId() == r.id
    try ctx.db.archiveRole(id: r.id, archived: true)
    ctx.changed()
    ctx.console.print(
      "archived role \(TextTable.oneLine(r.title))" + (wasInUse ? "; no role in use now (`role use ROLE`)" : ""))
  }
}

struct RoleUnarchive: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "unarchive", abstract: "Bring an archived role back to role list, the prompt and completion.")
  @Argument(help: "Role title, unique prefix or #ID.") var role: String

  func run(in ctx: Context) throws {
    let r = try ctx.role(role)
    guard r.archivedAt != nil else { throw CLIError("role \(TextTable.oneLine(r.title)) is not archived") }
    try ctx.db.archiveRole(id: r.id, archived: false)
    ctx.changed()
    ctx.console.print("unarchived role \(TextTable.oneLine(r.title))")
  }
}

struct RoleRemove: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "remove",
    abstract: "Delete a role that has no interviews (with its applications); archive one that has.")
  @Argument(help: "Role title, unique prefix or #ID.") var role: String

  func run(in ctx: Context) throws {
    let r = try ctx.role(role)
    try ctx.db.removeRole(id: r.id)
    ctx.changed()
    ctx.console.print("removed role \(TextTable.oneLine(r.title))")
  }
}

/// Parsing helpers for role fields, shared by `role add` and `role edit`.
enum RoleFields {
  /// A One-Pager link (repository, board): an http(s) URL or a host path, at most 2,000 characters, one line.
  static func link(_ text: String, _ option: String) throws -> String? {
    let t = text.trimmingCharacters(in: .whitespaces)
    guard !t.isEmpty else { return nil }
    guard t.count <= 2_000, !t.contains(where: { $0.isWhitespace }),
      t.lowercased().hasPrefix("https://") || t.lowercased().hasPrefix("http://") || t.contains(".")
    else {
      throw CLIError(
        "\(option) takes a link such as https://github.com/acme/app (no spaces, at most 2,000 characters), not '\(TextTable.oneLine(String(t.prefix(60))))'",
        usage: true)
    }
    return t
  }

  /// "80-120", "$80-$120", "80–120/h", "100" (a fixed rate).
  static func budget(_ text: String) throws -> (Double, Double) {
    let cleaned = text.replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: " ", with: "")
    let parts = cleaned.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    let accepted = "give --budget as MIN-MAX in USD per hour, e.g. 80-120"
    if parts.count == 1, let v = Format.parseRate(parts[0]) { return (v, v) }
    guard parts.count == 2, let lo = Format.parseRate(parts[0]), let hi = Format.parseRate(parts[1]) else {
      throw CLIError("budget '\(text)' is not a range of positive numbers; \(accepted)")
    }
    guard lo <= hi else { throw CLIError("budget '\(text)' has its minimum above its maximum; \(accepted)") }
    return (lo, hi)
  }

  static func model(_ text: String) throws -> EngagementModel {
    guard let m = EngagementModel.parse(text) else {
      throw CLIError("engagement model '\(text)' is not known; accepted: fixed, tm (time & materials), retainer")
    }
    return m
  }

  static func banks(_ ids: [String], ctx: Context) throws -> [String] {
    try ids.map { try ctx.bank($0).id }
  }

  static func title(_ text: String) throws -> String {
    let t = text.trimmed
    guard !t.isEmpty else { throw CLIError("a role needs a title, e.g. role add \"ML engineer, RAG prototype\"") }
    guard t.count <= 200, !t.contains(where: { $0.isNewline }) else {
      throw CLIError("a role title is one line of at most 200 characters")
    }
    return t
  }

  static func text(_ value: String?) -> String? {
    guard let v = value?.trimmed, !v.isEmpty else { return nil }
    return v
  }
}
