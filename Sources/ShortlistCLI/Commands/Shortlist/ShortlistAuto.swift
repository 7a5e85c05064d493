import ArgumentParser
import ShortlistCore
import ShortlistReports

struct ShortlistAuto: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "auto",
    abstract: "Shortlist the top N, or everyone at or above a score; never anyone without a finished scorecard.")
  @Option(parsing: .unconditional, help: "Shortlist the N best-scored candidates.") var top: Int?
  @Option(
    name: .customLong("min-score"), parsing: .unconditional, help: "Shortlist everyone scoring at least this (0-100).")
  var minScore: Double?
  @OptionGroup var scope: RoleScopeOption
  @Flag(
    name: .customLong("include-split"),
    help: "Also shortlist candidates an interviewer recommended no or strong-no (held back otherwise).")
  var includeSplit = false
  @Flag(
    name: .customLong("include-incomplete"),
    help: "Also shortlist candidates never asked one of the role's banks (held back otherwise).")
  var includeIncomplete = false

  func validate() throws {
    guard (top == nil) != (minScore == nil) else {
      throw ValidationError("give exactly one of --top N or --min-score X")
    }
    // A value out of range is an error of content (exit 1), a missing or doubled choice one of grammar (64).
    if let top, top < 1 { throw CLIError("--top takes a whole number of at least 1") }
    if let minScore, !(0...100).contains(minScore) { throw CLIError("--min-score takes a score from 0 to 100") }
  }

  func run(in ctx: Context) throws {
    let built = try ComparisonBuilder.build(ctx: ctx, role: try scope.resolve(ctx))
    // The rows come in rank order (scores falling, none last): read until the top N or the first score below the
    // minimum, never the rest (a million candidates' rows are read back from the comparison's temporary file).
    var ranked: [ComparisonRow] = []
    for row in built.base.rows {
      guard row.interviewed && !row.sealed, let score = row.result.score else { continue }
      if let top, ranked.count >= top { break }
      if let minScore, score < minScore { break }
      ranked.append(row)
    }
    // Nobody moves on a row the comparison's temporary file could not give back.
    try built.base.rows.checkReads()
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
    // Nor is half the evidence: a candidate never asked one of the role's banks ranks on part of it, and is held
    // back, naming the bank (unless --include-incomplete).
    var incomplete: [(row: ComparisonRow, banks: [String])] = []
    if !includeIncomplete {
      ranked = ranked.filter { row in
        let missing = built.base.banksNotAsked(row)
        if !missing.isEmpty { incomplete.append((row, missing)) }
        return missing.isEmpty
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
    for (row, banks) in incomplete {
      ctx.console.print(
        "held: \(TextTable.oneLine(row.candidate.name)) (score \(Format.fixed(row.result.score ?? 0, 1))), \(banks.joined(separator: ", ")) not asked; interview them on it, `shortlist add` them, or --include-incomplete"
      )
    }
  }
}
