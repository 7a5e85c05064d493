import ArgumentParser
import ShortlistCore
import ShortlistReports

struct ShortlistCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shortlist", abstract: "The shortlist: who goes forward, with a status-history row for every move.",
    subcommands: [ShortlistAdd.self, ShortlistRemove.self, ShortlistShow.self, ShortlistAuto.self])
}

struct ShortlistAdd: Runnable {
  static let configuration = CommandConfiguration(commandName: "add", abstract: "Shortlist candidates by name.")
  @Argument(help: "Names, unique prefixes or #IDs.") var names: [String]
  @Option(help: "The role (default: the role in use, else each candidate's only role).") var role: String?
  @Option(help: "Why (kept with the status history; required with --force).") var note: String?
  @Flag(help: "Shortlist even where the pipeline rule refuses (no finished scorecard, rejected); needs --note.")
  var force = false

  func run(in ctx: Context) throws {
    guard !names.isEmpty else { throw CLIError("name at least one candidate: shortlist add NAME...", usage: true) }
    var moves: [(candidateId: Int64, roleId: Int64?, to: Status, note: String?)] = []
    var people: [(name: String, role: Role?)] = []
    var lines: [String] = []
    for n in names {
      let c = try ctx.candidate(n)
      if c.forgotten { throw CLIError("candidate #\(c.id) was forgotten and cannot be shortlisted") }
      let scope = try ctx.application(of: c, roleOption: role)
      if scope.status == .shortlisted {
        lines.append("\(TextTable.oneLine(c.name)) is already shortlisted")
        continue
      }
      if moves.contains(where: { $0.candidateId == c.id }) { continue }
      moves.append((c.id, scope.role?.id, .shortlisted, RoleFields.text(note) ?? (force ? nil : "shortlist add")))
      people.append((c.name, scope.role))
    }
    // The same rule as `candidate move`, for all of them or none.
    let results = try ctx.db.move(moves, force: force)
    ctx.changed()
    lines.forEach(ctx.console.print)
    for (p, r) in zip(people, results) { ctx.console.print(Context.moveLine(p.name, r, role: p.role)) }
  }
}

struct ShortlistRemove: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Take a candidate off the shortlist (back to the status they had before).")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(help: "The role (default: the role in use, else the candidate's only role).") var role: String?
  @Option(help: "Why (kept with the status history).") var note: String?

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    let scope = try ctx.application(of: c, roleOption: role)
    guard scope.status == .shortlisted else {
      throw CLIError("\(TextTable.oneLine(c.name)) is not shortlisted (status: \(scope.status.rawValue))")
    }
    var back = try ctx.db.statusBeforeShortlist(candidateId: c.id, roleId: scope.role?.id) ?? .interviewing
    if back == .shortlisted || back.stage == nil { back = .interviewing }
    // Taking someone off the shortlist is a step back the user asked for by name: recorded, not refused.
    let result = try ctx.db.move(
      candidateId: c.id, roleId: scope.role?.id, to: back, note: RoleFields.text(note) ?? "shortlist remove",
      force: true)
    ctx.changed()
    ctx.console.print(Context.moveLine(c.name, result, role: scope.role))
  }
}

struct ShortlistShow: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "show", abstract: "The shortlist, ranked by score.")
  @Option(help: "Role (default: the role in use; `all` for every candidate).") var role: String?
  @Option(help: "table, json or csv.") var format: ListFormat = .table

  func run(in ctx: Context) throws {
    let built = try CompareCommand.build(ctx: ctx, roleOption: role, tierOption: nil, adjusted: false)
    var report = built.base
    report.rows = report.rows.filter { $0.candidate.status == .shortlisted }
    switch format {
    case .json: ctx.console.write(bytes: report.jsonBytes())
    case .csv: ctx.console.writeDocument(CSVWriter.document(report.csvRows()))
    case .table:
      if report.rows.isEmpty {
        ctx.console.print("the shortlist is empty; `shortlist add NAME` or `shortlist auto --top 3`")
        return
      }
      ctx.console.page(report.table(width: min(ctx.console.columns, 100), color: ctx.console.color))
    }
  }
}

struct ShortlistAuto: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "auto",
    abstract: "Shortlist the top N, or everyone at or above a score; never anyone without a finished scorecard.")
  @Option(parsing: .unconditional, help: "Shortlist the N best-scored candidates.") var top: Int?
  @Option(
    name: .customLong("min-score"), parsing: .unconditional, help: "Shortlist everyone scoring at least this (0-100).")
  var minScore: Double?
  @Option(help: "Role (default: the role in use; `all` for every candidate).") var role: String?
  @Flag(
    name: .customLong("include-split"),
    help: "Also shortlist candidates an interviewer recommended no or strong-no (held back otherwise).")
  var includeSplit = false

  func run(in ctx: Context) throws {
    guard (top == nil) != (minScore == nil) else {
      throw CLIError("give exactly one of --top N or --min-score X", usage: true)
    }
    if let top, top < 1 { throw CLIError("--top takes a whole number of at least 1") }
    if let minScore, !(0...100).contains(minScore) { throw CLIError("--min-score takes a score from 0 to 100") }
    let built = try CompareCommand.build(ctx: ctx, roleOption: role, tierOption: nil, adjusted: false)
    var ranked = built.base.rows.filter { $0.interviewed && !$0.sealed && $0.result.score != nil }
    if let top { ranked = Array(ranked.prefix(top)) }
    if let minScore { ranked = ranked.filter { ($0.result.score ?? -1) >= minScore } }
    // A `no` from one interviewer is never passed over in silence: of those picked, candidates any interviewer
    // recommended no or strong-no are held back and named (unless --include-split); nobody moves up in their place.
    var held: [(row: ComparisonRow, against: Int, total: Int)] = []
    if !includeSplit {
      ranked = ranked.filter { row in
        let recs = row.result.recommendations
        let against = (recs[.no] ?? 0) + (recs[.strongNo] ?? 0)
        if against > 0 { held.append((row, against, recs.values.reduce(0, +))) }
        return against == 0
      }
    }
    let movable: Set<Status> = [.sourced, .screening, .interviewing]
    let moves = ranked.filter { movable.contains($0.candidate.status) }
    // The role's applications; across every role, each candidate's own application (their only one).
    var planned: [(candidateId: Int64, roleId: Int64?, to: Status, note: String?)] = []
    for r in moves {
      let roleId = try built.base.role?.id ?? ctx.application(of: r.candidate, roleOption: nil).role?.id
      planned.append((r.candidate.id, roleId, .shortlisted, "shortlist auto"))
    }
    try ctx.db.move(planned)
    ctx.changed()
    for r in moves {
      ctx.console.print(
        "\(TextTable.oneLine(r.candidate.name)): \(r.candidate.status.rawValue) -> shortlisted (score \(Format.fixed(r.result.score ?? 0, 1)))"
      )
    }
    let kept = ranked.count - moves.count
    ctx.console.print(
      "shortlisted \(moves.count) candidate\(moves.count == 1 ? "" : "s")"
        + (kept > 0 ? "; \(kept) already shortlisted or further along" : ""))
    for (row, against, total) in held {
      ctx.console.print(
        "held: \(TextTable.oneLine(row.candidate.name)) (score \(Format.fixed(row.result.score ?? 0, 1))), \(against) of \(total) said no; `shortlist add` them, or --include-split"
      )
    }
  }
}
