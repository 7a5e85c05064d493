import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct PipelineCommand: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "pipeline",
    abstract: "The board: a column per stage with its people and their days in stage; stale ones marked.")

  @OptionGroup var scope: RoleScopeOption
  @Option(parsing: .unconditional, help: "Mark people in an open stage for this many days or more (default 14).")
  var stale: String?
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

  func run(in ctx: Context) throws {
    var staleDays = 14
    if let stale {
      guard let d = Int(stale.trimmed), d >= 0 else {
        throw CLIError("--stale takes a whole number of days (0 or more), not '\(TextTable.oneLine(stale))'")
      }
      staleDays = d
    }
    let scope = try self.scope.resolve(ctx)
    var board = PipelineBoard(role: scope?.title, staleDays: staleDays)
    let now = Clock.now()
    try ctx.db.eachCandidate(CandidateFilter(roleId: scope?.id, details: false)) { c in
      board.add(c.status, .init(id: c.id, name: c.name, since: c.since, days: Clock.days(since: c.since, now: now)))
    }
    board.finish()
    // Written as they are laid out, never held whole (a million people in the pipeline).
    switch format {
    case .json:
      var j = JSONStream(sink: { ctx.console.write(raw: $0) })
      try board.writeJSON(into: &j)
      ctx.console.endRaw()
    case .table:
      let depth = Status.pipeline.map { board.count(of: $0) }.max() ?? 0
      ctx.console.page(lineCount: depth + 5) { line in board.tableLines(width: min(ctx.console.columns, 120), line) }
    }
  }
}
