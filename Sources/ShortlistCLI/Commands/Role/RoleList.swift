import ArgumentParser
import ShortlistCore
import ShortlistReports

struct RoleList: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List roles.")

  @OptionGroup var listing: ListFormatOption
  var format: ListFormat { listing.format }
  @Flag(help: "Include archived roles.") var archived = false

  func run(in ctx: Context) throws {
    let roles = try ctx.db.roles().filter { archived || $0.archivedAt == nil }
    let current = try ctx.db.currentRoleId()
    switch format {
    case .json:
      ctx.console.printDocument(
        JSON.array(
          try roles.map { r in
            guard case .object(let members) = RoleListing.json(r) else { return RoleListing.json(r) }
            return .object(members + [("fit", RoleFields.fitJSON(try ctx.db.fit(roleId: r.id)))])
          }
        ).render())
    case .csv:
      ctx.console.writeDocument(CSVWriter.document([RoleListing.csvHeader] + roles.map(RoleListing.csvRow)))
    case .table:
      if roles.isEmpty {
        ctx.console.print("no roles yet; add one with: role add \"ML engineer\" --bank rag-prototype")
        return
      }
      var table = TextTable([
        .init("", minWidth: 1), .init("id", align: .right), .init("title", minWidth: 16, wraps: true),
        .init("model", priority: 1), .init("budget", priority: 1), .init("banks", minWidth: 8, priority: 1),
      ])
      for r in roles {
        table.add([
          r.id == current ? "*" : "", "#\(r.id)", r.title, r.model?.rawValue ?? "", r.budgetText ?? "",
          r.banks.joined(separator: ", "),
        ])
      }
      ctx.console.page(table.render(maxWidth: min(ctx.console.columns, 100), color: ctx.console.color))
    }
  }
}
