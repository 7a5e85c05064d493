import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct EngagementCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "engagement",
    abstract: "After the hire: the engagement, its contract checklist and the end-of-engagement review.",
    subcommands: [
      EngagementStart.self, EngagementCheck.self, EngagementShow.self, EngagementList.self, EngagementEnd.self,
    ])
}

/// Parsing and naming shared by the engagement commands.
enum EngagementFields {
  static func day(_ text: String, flag: String) throws -> CivilDay {
    guard let d = CivilDay(text) else {
      throw CLIError("\(flag) takes a calendar date as YYYY-MM-DD (e.g. 2026-03-02), not '\(TextTable.oneLine(text))'")
    }
    return d
  }

  static func hours(_ text: String, flag: String) throws -> Double {
    guard let h = Double(text.trimmed), h.isFinite, h >= 0, h < 10_000 else {
      throw CLIError("\(flag) takes a number of hours (0 or more, e.g. 12.5), not '\(TextTable.oneLine(text))'")
    }
    return h
  }

  static func amount(_ text: String, flag: String) throws -> Double {
    let cleaned = text.trimmed.replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "")
    guard let v = Double(cleaned), v.isFinite, v > 0 else {
      throw CLIError("\(flag) takes a positive amount in USD (e.g. 12000), not '\(TextTable.oneLine(text))'")
    }
    return v
  }

  static func level(_ text: String, flag: String, anchors: [Int: String]) throws -> Int {
    guard let n = Int(text.trimmed), (1...4).contains(n) else {
      let list = (1...4).map { "\($0) \(anchors[$0] ?? "")" }.joined(separator: "; ")
      throw CLIError("\(flag) takes 1-4: \(list)")
    }
    return n
  }

  /// The candidate's engagement (the active one, else the latest).
  static func engagement(_ name: String, ctx: Context) throws -> (Candidate, Engagement) {
    let c = try ctx.candidate(name)
    guard let e = try ctx.db.engagement(candidateId: c.id) else {
      throw CLIError("\(TextTable.oneLine(c.name)) has no engagement; start one with `engagement start NAME`")
    }
    return (c, e)
  }

  static func money(_ v: Double?) -> String { v.map { "$" + Format.rate($0) } ?? "-" }

  static func json(_ e: Engagement) -> JSON {
    let outcome: JSON =
      e.end == nil
      ? .null
      : .object([
        ("milestone", .text(e.outcome.milestone?.rawValue)), ("quality", .int(e.outcome.quality)),
        ("communication", .int(e.outcome.communication)), ("again", e.outcome.again.map(JSON.bool) ?? .null),
        ("hours", .number(e.outcome.hours)), ("rework", .number(e.outcome.rework)),
        ("support", .number(e.outcome.support)),
      ])
    return .object([
      ("id", .int(e.id)), ("candidate", .string(e.candidateName)), ("role", .text(e.roleTitle)),
      ("model", .text(e.model?.rawValue)), ("rate", .number(e.rate)), ("cap", .number(e.cap)),
      ("budget", .number(e.budget)), ("start", .string(e.start.description)), ("end", .text(e.end?.description)),
      ("state", .string(e.isActive ? "active" : "ended")),
      ("checklist", .object(ContractItem.allCases.map { ($0.rawValue, .string((e.checklist[$0] ?? .open).rawValue)) })),
      ("hours", .number(e.outcome.hours ?? e.reportedHours)), ("coordination", .number(e.coordinationHours)),
      ("spend", .number(e.spend)), ("days_to_first_ship", .int(e.daysToFirstShip)), ("outcome", outcome),
    ])
  }
}

struct EngagementStart: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "start",
    abstract: "Start an engagement: the candidate moves to hired; the contract checklist and the First 5 Days begin.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(help: "The role (default: the role in use, else the candidate's only role).") var role: String?
  @Option(help: "fixed, tm (time & materials) or retainer (default: the role's).") var model: String?
  @Option(help: "USD per hour (default: the candidate's rate).") var rate: String?
  @Option(help: "Weekly hour cap.") var cap: String?
  @Option(help: "Budget in USD.") var budget: String?
  @Option(help: "Start date, YYYY-MM-DD (default: today).") var start: String?
  @Option(help: "Why (with --force: a hire the pipeline rule refuses, e.g. without a finished scorecard).")
  var note: String?
  @Flag(help: "Hire even where the pipeline rule refuses (needs --note; recorded as forced).") var force = false

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    if c.forgotten { throw CLIError("candidate #\(c.id) was forgotten") }
    let scope = try ctx.application(of: c, roleOption: role)
    let r = scope.role
    let e = NewEngagement(
      candidateId: c.id, roleId: r?.id, model: try model.map(RoleFields.model) ?? r?.model,
      rate: try rate.map(CandidateFields.rate) ?? c.rate,
      cap: try cap.map { try EngagementFields.hours($0, flag: "--cap") }.flatMap { $0 > 0 ? $0 : nil },
      budget: try budget.map { try EngagementFields.amount($0, flag: "--budget") },
      start: try start.map { try EngagementFields.day($0, flag: "--start") } ?? CivilDay.today())
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

struct EngagementCheck: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Tick an item of the contract checklist (ip, nda, data, acceptance), or waive it with a reason.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Argument(help: "ip, nda, data or acceptance.") var item: String
  @Option(help: "Waive the item instead, saying why.") var waive: String?

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    guard let it = ContractItem(rawValue: item.trimmed.lowercased()) else {
      throw CLIError(
        "'\(TextTable.oneLine(item))' is not a checklist item; items: "
          + ContractItem.allCases.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", "))
    }
    if waive != nil && RoleFields.text(waive) == nil { throw CLIError("--waive needs a reason", usage: true) }
    try ctx.db.check(engagementId: e.id, item: it, waive: RoleFields.text(waive))
    ctx.changed()
    let after = try ctx.db.engagement(candidateId: c.id)
    let open = after?.openItems ?? []
    ctx.console.print(
      "\(it.rawValue) (\(it.label)): \(waive == nil ? "done" : "waived")"
        + (open.isEmpty
          ? "; the contract checklist is complete" : "; still open: \(open.map(\.rawValue).joined(separator: ", "))"))
  }
}

struct EngagementShow: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "An engagement: terms, checklist, First 5 Days, reports, risks and outcome.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(help: "table or json.") var format: ViewFormat = .table

  func run(in ctx: Context) throws {
    let (_, e) = try EngagementFields.engagement(name, ctx: ctx)
    if format == .json {
      ctx.console.printDocument(EngagementFields.json(e).render())
      return
    }
    let con = ctx.console
    con.print(
      con.bold("engagement #\(e.id) \(TextTable.oneLine(e.candidateName))")
        + (e.roleTitle.map { " · " + TextTable.oneLine($0) } ?? "") + " · " + (e.isActive ? "active" : "ended"))
    con.print(
      "  terms   \(e.model?.label ?? "no model") · \(EngagementFields.money(e.rate))/h · cap \(e.cap.map { Format.number($0) + " h/week" } ?? "-") · budget \(EngagementFields.money(e.budget))"
    )
    con.print("  dates   started \(e.start)" + (e.end.map { ", ended \($0)" } ?? ""))
    con.print(
      "  work    \(Format.number(e.reportedHours)) h reported, spend \(EngagementFields.money(e.spend)), founder's coordination \(Format.number(e.coordinationHours)) h"
        + (e.daysToFirstShip.map { ", first ticket shipped after \($0) days" } ?? ""))
    con.print(con.bold("contract checklist"))
    for item in ContractItem.allCases {
      con.print(
        "  \(TextTable.pad((e.checklist[item] ?? .open).rawValue, 7)) \(item.rawValue): \(item.label)"
      )
    }
    con.print(con.bold("first 5 days"))
    let today = CivilDay.today()
    for o in try ctx.db.onboarding(engagementId: e.id) {
      let state = o.done.map { "done \($0)" } ?? (o.due < today ? "OVERDUE (due \(o.due))" : "due \(o.due)")
      con.print("  day \(o.item.day)  \(o.item.id): \(TextTable.oneLine(o.item.title)) · \(state)")
    }
    let reports = try ctx.db.reports(engagementId: e.id)
    if !reports.isEmpty {
      con.print(con.bold("weekly reports"))
      for r in reports {
        con.print(
          "  week of \(r.week): \(r.hours.map { Format.number($0) + " h" } ?? "- h")"
            + (r.coordination.map { ", coordination \(Format.number($0)) h" } ?? "")
            + (r.forced ? " (forced: checklist open)" : ""))
        for (label, text) in [("done", r.done), ("next", r.next), ("blockers", r.blockers)] {
          if let text { con.printWrapped(text, lead: "    \(label): ") }
        }
      }
    }
    let checkins = try ctx.db.checkins(engagementId: e.id)
    con.print(con.bold("weekly sync calls"))
    if checkins.isEmpty { con.print("  none yet (`checkin \(TextTable.oneLine(e.candidateName)) --note ...`)") }
    for k in checkins { con.printWrapped(k.note ?? "-", lead: "  \(k.day)  ") }
    let risks = try ctx.db.risks(engagementId: e.id)
    if !risks.isEmpty {
      con.print(con.bold("risks"))
      for k in risks {
        con.printWrapped(
          "\(k.severity.rawValue)\(k.closed == nil ? "" : ", closed"): \(k.text)"
            + (k.owner.map { " (owner \($0))" } ?? ""),
          lead: "  #\(k.id) ")
      }
    }
    if !e.isActive {
      con.print(con.bold("outcome"))
      let o = e.outcome
      con.print("  first milestone: \(o.milestone?.rawValue ?? "-")")
      if let q = o.quality { con.print("  quality \(q): \(OutcomeLevels.quality[q] ?? "")") }
      if let q = o.communication { con.print("  communication \(q): \(OutcomeLevels.communication[q] ?? "")") }
      con.print("  would engage again: \(o.again.map { $0 ? "yes" : "no" } ?? "-")")
      con.print(
        "  hours \(o.hours.map(Format.number) ?? "-"), rework \(o.rework.map(Format.number) ?? "-"), support \(o.support.map(Format.number) ?? "-")"
      )
    }
  }
}

struct EngagementList: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "Every engagement.")
  @Flag(help: "Only active engagements.") var active = false
  @Option(help: "table or json.") var format: ViewFormat = .table

  func run(in ctx: Context) throws {
    let list = try ctx.db.engagements(activeOnly: active)
    switch format {
    case .json: ctx.console.printDocument(JSON.array(list.map(EngagementFields.json)).render())
    case .table:
      if list.isEmpty {
        ctx.console.print("no engagements yet; `engagement start NAME` after the hire")
        return
      }
      var t = TextTable([
        .init("id", align: .right), .init("candidate", minWidth: 8), .init("role"), .init("state"), .init("start"),
        .init("checklist"), .init("hours", align: .right), .init("spend", align: .right),
        .init("budget", align: .right),
      ])
      for e in list {
        let open = e.openItems
        t.add([
          "#\(e.id)", e.candidateName, e.roleTitle ?? "", e.isActive ? "active" : "ended", e.start.description,
          open.isEmpty ? "complete" : "open: " + open.map(\.rawValue).joined(separator: ","),
          Format.number(e.outcome.hours ?? e.reportedHours), EngagementFields.money(e.spend),
          EngagementFields.money(e.budget),
        ])
      }
      ctx.console.page(t.render(maxWidth: min(ctx.console.columns, 100), color: ctx.console.color))
    }
  }
}

struct EngagementEnd: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "end", abstract: "End an engagement with its outcome review.",
    discussion: """
      quality: \((1...4).map { "\($0) \(OutcomeLevels.quality[$0] ?? "")" }.joined(separator: "; "))
      communication: \((1...4).map { "\($0) \(OutcomeLevels.communication[$0] ?? "")" }.joined(separator: "; "))
      """)
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(help: "First milestone met: yes, late or no.") var milestone: String?
  @Option(help: "Quality of the work, 1-4 (see below).") var quality: String?
  @Option(help: "Communication, 1-4 (see below).") var communication: String?
  @Option(help: "Would engage again: yes or no.") var again: String?
  @Option(help: "Total hours (default: the hours reported).") var hours: String?
  @Option(help: "Rework hours, inside the total.") var rework: String?
  @Option(help: "Support hours after delivery.") var support: String?
  @Option(help: "End date, YYYY-MM-DD (default: today).") var end: String?

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    guard e.isActive else { throw CLIError("the engagement with \(TextTable.oneLine(c.name)) has already ended") }
    var o = EngagementOutcome()
    if let milestone {
      guard let m = MilestoneOutcome(rawValue: milestone.trimmed.lowercased()) else {
        throw CLIError("--milestone takes \(MilestoneOutcome.accepted)")
      }
      o.milestone = m
    }
    o.quality = try quality.map { try EngagementFields.level($0, flag: "--quality", anchors: OutcomeLevels.quality) }
    o.communication = try communication.map {
      try EngagementFields.level($0, flag: "--communication", anchors: OutcomeLevels.communication)
    }
    if let again {
      switch again.trimmed.lowercased() {
      case "yes", "y", "true": o.again = true
      case "no", "n", "false": o.again = false
      default: throw CLIError("--again takes yes or no")
      }
    }
    o.hours = try hours.map { try EngagementFields.hours($0, flag: "--hours") } ?? e.reportedHours
    o.rework = try rework.map { try EngagementFields.hours($0, flag: "--rework") }
    o.support = try support.map { try EngagementFields.hours($0, flag: "--support") }
    if let r = o.rework, let h = o.hours, r > h {
      throw CLIError("--rework (\(Format.number(r)) h) is inside --hours; it cannot exceed them")
    }
    let day = try end.map { try EngagementFields.day($0, flag: "--end") } ?? CivilDay.today()
    guard day >= e.start else { throw CLIError("the end date \(day) is before the start, \(e.start)") }
    try ctx.db.endEngagement(id: e.id, on: day, outcome: o)
    ctx.changed()
    var parts: [String] = []
    if let m = o.milestone { parts.append("first milestone \(m.rawValue)") }
    if let q = o.quality { parts.append("quality \(q) (\(OutcomeLevels.quality[q] ?? ""))") }
    if let q = o.communication { parts.append("communication \(q)") }
    if let a = o.again { parts.append(a ? "would engage again" : "would not engage again") }
    ctx.console.print(
      "ended engagement #\(e.id) with \(TextTable.oneLine(c.name)) on \(day)"
        + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")))
  }
}
