import ArgumentParser
import ShortlistCore
import ShortlistReports

struct SourceRemove: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Take a source out of the map (it then needs --tier or a Tier column).")
  @Argument(help: "The source.") var name: String

  func run(in ctx: Context) throws {
    guard try ctx.db.sourceMap().tier(for: name) != nil else {
      throw CLIError("'\(name)' is not in the source map; `source list` shows it")
    }
    try ctx.db.setSource(name, tier: nil)
    ctx.changed()
    ctx.console.print("source \(TextTable.oneLine(name)) no longer implies a tier")
  }
}
