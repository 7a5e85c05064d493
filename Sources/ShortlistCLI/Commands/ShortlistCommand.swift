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
  @Option(help: "Why (kept with the status history).") var note: String?

  func run(in ctx: Context) throws {
    guard !names.isEmpty else { throw CLIError("name at least one candidate: shortlist add NAME...", usage: true) }
    var moves: [(candidateId: Int64, to: Status, note: String?)] = []
    var lines: [String] = []
    for n in names {
      let c = try ctx.candidate(n)
      if c.status == .shortlisted {
        lines.append("\(TextTable.oneLine(c.name)) is already shortlisted")
        continue
      }
      if c.forgotten { throw CLIError("candidate #\(c.id) was forgotten and cannot be shortlisted") }
      if moves.contains(where: { $0.candidateId == c.id }) { continue }
      moves.append((c.id, .shortlisted, RoleFields.text(note) ?? "shortlist add"))
      lines.append("\(TextTable.oneLine(c.name)): \(c.status.rawValue) -> shortlisted")
    }
    try ctx.db.move(moves)
    ctx.changed()
    lines.forEach(ctx.console.print)
  }
}

struct ShortlistRemove: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Take a candidate off the shortlist (back to the status they had before).")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(help: "Why (kept with the status history).") var note: String?

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    guard c.status == .shortlisted else {
      throw CLIError("\(c.name) is not shortlisted (status: \(c.status.rawValue))")
    }
    let back = try ctx.db.statusBeforeShortlist(candidateId: c.id) ?? .interviewing
    try ctx.db.move(
      candidateId: c.id, to: back == .shortlisted ? .interviewing : back,
      note: RoleFields.text(note) ?? "shortlist remove")
    ctx.changed()
    ctx.console.print("\(TextTable.oneLine(c.name)): shortlisted -> \(back.rawValue)")
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
    case .csv: ctx.console.write(CSVWriter.document(report.csvRows()))
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
    try ctx.db.move(moves.map { ($0.candidate.id, .shortlisted, "shortlist auto" as String?) })
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
