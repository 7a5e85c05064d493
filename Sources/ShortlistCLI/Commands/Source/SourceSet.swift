import ArgumentParser
import ShortlistCore
import ShortlistReports

struct SourceSet: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "set", abstract: "Add a source to the map or change its tier (candidates already added keep theirs).")
  @Argument(help: "The source, as it is written in --source or a sheet's Source column.") var name: String
  @Option(parsing: .unconditional, help: "Its tier, 1-4.") var tier: TierValue

  func run(in ctx: Context) throws {
    let t = try tier.value("--tier")
    let source = try CandidateFields.source(name)
    try ctx.db.setSource(source, tier: t)
    ctx.changed()
    ctx.console.print("source \(TextTable.oneLine(source)) now implies tier \(t.rawValue) (\(t.name))")
  }
}
