import ArgumentParser
import ShortlistCore
import ShortlistReports

struct SourceList: Runnable {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "Every source that implies a tier.")
  static let access = DatabaseAccess.read
  @OptionGroup var listing: ListFormatOption
  var format: ListFormat { listing.format }

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
