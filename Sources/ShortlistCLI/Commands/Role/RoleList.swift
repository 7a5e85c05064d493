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
    let all = try ctx.db.roles()
    let roles = all.filter { archived || $0.archivedAt == nil }
    let hidden = all.count - roles.count
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
      // Archived roles left out are counted, so an archive never reads as "no roles".
      let archivedLine = "\(hidden) archived role\(hidden == 1 ? "" : "s") not shown (`role list --archived`)"
      if roles.isEmpty {
        ctx.console.print(
          hidden > 0 ? archivedLine : "no roles yet; add one with: role add \"ML engineer\" --bank rag-prototype")
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
      let text = table.render(maxWidth: min(ctx.console.columns, 100), color: ctx.console.color)
      ctx.console.page(hidden > 0 ? text + "\n" + archivedLine : text)
    }
  }
}
