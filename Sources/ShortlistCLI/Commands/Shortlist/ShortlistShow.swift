import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistSupport

struct ShortlistShow: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "show", abstract: "The shortlist, ranked by score.")
  @OptionGroup var scope: RoleScopeOption
  @OptionGroup var listing: ListFormatOption
  var format: ListFormat { listing.format }

  func run(in ctx: Context) throws {
    // Only the shortlisted are read, with what the whole comparison has for them (its questions and bank versions).
    let role = try scope.resolve(ctx)
    let built = try ComparisonBuilder.build(ctx: ctx, role: role, status: .shortlisted)
    let report = built.base
    try built.base.rows.checkReads()
    switch format {
    case .json: ctx.console.write(bytes: report.jsonBytes())
    case .csv: ctx.console.writeDocument(CSVWriter.document(report.csvRows()))
    case .table:
      if report.rows.isEmpty {
        // Nobody at `shortlisted` is not nobody gone forward: those at offer or hired (whom `export shortlist` writes)
        // are named as a count, so an empty shortlist never reads as "no one was chosen".
        var further: [String] = []
        for status in [Status.offer, .hired] {
          var n = 0
          try ctx.db.eachCandidate(CandidateFilter(status: status, roleId: role?.id, details: false, roles: false)) {
            _ in n += 1
          }
          if n > 0 { further.append(status == .hired ? "\(n) hired" : "\(n) at \(status.rawValue)") }
        }
        let past =
          further.isEmpty
          ? ""
          : " (\(further.joined(separator: " and ")) went past it; `export shortlist` writes them too)"
        ctx.console.printWrapped(
          "nobody is shortlisted now\(past); `shortlist add NAME` or `shortlist auto --top 3`")
        return
      }
      // The table's colours reach the terminal (its cells were made safe before they were coloured); the scope line,
      // with the role's title, is made safe here.
      let width = min(ctx.console.columns, 100)
      let scope = TextWrap.wrap(ComparisonReport.scopeLine(report.role), width: width).map(TerminalText.safe)
      ctx.console.page(lineCount: scope.count + report.rows.count + 30, coloured: ctx.console.color) { line in
        scope.forEach(line)
        report.tableLines(width: width, color: ctx.console.color, line)
      }
    }
  }
}
