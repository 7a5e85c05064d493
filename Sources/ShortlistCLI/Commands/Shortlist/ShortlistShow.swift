import ArgumentParser
import ShortlistCore
import ShortlistReports
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
    let built = try ComparisonBuilder.build(ctx: ctx, role: try scope.resolve(ctx), status: .shortlisted)
    let report = built.base
    try built.base.rows.checkReads()
    switch format {
    case .json: ctx.console.write(bytes: report.jsonBytes())
    case .csv: ctx.console.writeDocument(CSVWriter.document(report.csvRows()))
    case .table:
      if report.rows.isEmpty {
        ctx.console.print("the shortlist is empty; `shortlist add NAME` or `shortlist auto --top 3`")
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
