import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

struct BankShow: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a bank's questions.")
  @Argument(help: "Bank id.") var bank: String
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

  func run(in ctx: Context) throws {
    let b = try ctx.bank(bank)
    if format == .json {
      ctx.console.printDocument(b.canonicalJSON())
      return
    }
    let c = ctx.console
    var lines: [Console.Styled] = []
    lines.append(c.bold(TextTable.oneLine(b.title)) + c.dim("  \(b.id) v\(b.version)  sha256 \(b.sha256.prefix(12))"))
    lines += c.wrappedStyled(b.scenario.replacingOccurrences(of: "\n", with: " "))
    for (i, q) in b.questions.enumerated() {
      lines.append(.plain(""))
      var head = "Q\(i + 1) \(q.title)  (\(q.id), weight \(Format.number(q.weight))"
      if let t = q.timeboxMinutes { head += ", \(t) min" }
      lines.append(c.bold(TextTable.oneLine(head + ")")))
      lines += c.wrappedStyled(q.prompt, lead: "  ")
      for f in q.followUps { lines += c.wrappedStyled(f, lead: "  follow-up: ") }
      for (k, s) in q.signals.enumerated() { lines += c.wrappedStyled(s, lead: "  signal \(k + 1): ") }
      for level in 1...4 {
        lines += c.wrappedStyled(q.rubric[level - 1], lead: "  \(level) \(RubricLevel.names[level] ?? ""): ")
      }
    }
    c.page(lines)
  }
}
