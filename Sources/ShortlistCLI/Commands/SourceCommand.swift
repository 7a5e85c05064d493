import ArgumentParser
import ShortlistCore
import ShortlistReports

struct SourceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "source", abstract: "The source map: which sourcing channel implies which tier (yours to change).",
    subcommands: [SourceList.self, SourceSet.self, SourceRemove.self])
}

struct SourceList: Runnable {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "Every source that implies a tier.")
  static let access = DatabaseAccess.read
  @Option(help: "table or json.") var format: ListFormat = .table

  func run(in ctx: Context) throws {
    let entries = try ctx.db.sourceMap().entries
    switch format {
    case .json:
      ctx.console.printDocument(
        JSON.array(
          entries.map {
            .object([
              ("source", .string($0.source)), ("tier", .int(Int64($0.tier.rawValue))), ("name", .string($0.tier.name)),
              ("signal", .string($0.tier.signalLevel)), ("yours", .bool($0.own)),
            ])
          }
        ).render())
    case .csv:
      ctx.console.writeDocument(
        CSVWriter.document(
          [["tier", "source", "yours"]] + entries.map { [String($0.tier.rawValue), $0.source, $0.own ? "yes" : ""] }))
    case .table:
      for tier in Tier.allCases {
        let names = entries.filter { $0.tier == tier }.map { $0.own ? $0.source + "*" : $0.source }
        ctx.console.printWrapped(
          names.isEmpty ? "-" : names.joined(separator: ", "),
          lead: "\(tier.rawValue) \(tier.name) (signal \(tier.signalLevel)): ")
      }
      ctx.console.print(
        ctx.console.dim("* yours; `source set NAME --tier N` adds or changes one, `source remove NAME`"))
    }
  }
}

struct SourceSet: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "set", abstract: "Add a source to the map or change its tier (candidates already added keep theirs).")
  @Argument(help: "The source, as it is written in --source or a sheet's Source column.") var name: String
  @Option(help: "Its tier, 1-4.") var tier: String

  func run(in ctx: Context) throws {
    let t = try CandidateFields.tier(tier)
    let source = try CandidateFields.source(name)
    try ctx.db.setSource(source, tier: t)
    ctx.changed()
    ctx.console.print("source \(TextTable.oneLine(source)) now implies tier \(t.rawValue) (\(t.name))")
  }
}

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
