import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct CandidateList: Runnable {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List candidates.")

  @Option(help: "Only this tier (1-4).") var tier: String?
  @Option(help: "Only this status.") var status: String?
  @Option(help: "Only candidates for this role.") var role: String?
  @Option(help: "Only candidates with this tag.") var tag: String?
  @Option(help: "table, json or csv.") var format: ListFormat = .table

  func run(in ctx: Context) throws {
    var filter = CandidateFilter()
    if let tier { filter.tier = try CandidateFields.tier(tier) }
    if let status { filter.status = try CandidateFields.status(status) }
    if let role { filter.roleId = try ctx.roleId(role) }
    filter.tag = tag
    let list = try ctx.db.candidates(filter)
    switch format {
    case .json:
      ctx.console.print(JSON.array(list.map(Self.json)).render())
    case .csv:
      var rows = [["id", "name", "tier", "source", "rate", "status", "email", "tags", "roles", "links"]]
      for c in list {
        rows.append([
          String(c.id ?? 0), c.name, String(c.tier.rawValue), c.source, c.rate.map(Format.number) ?? "",
          c.status.rawValue, c.email ?? "", c.tags.joined(separator: ";"), c.roles.joined(separator: ";"),
          c.links.joined(separator: " "),
        ])
      }
      ctx.console.write(CSVWriter.document(rows))
    case .table:
      if list.isEmpty {
        ctx.console.print(
          filter.tier == nil && filter.status == nil && filter.roleId == nil && filter.tag == nil
            ? "no candidates yet; add one with: candidate add \"Ada Lovelace\" --source Toptal --rate 120"
            : "no candidates match")
        return
      }
      var table = TextTable([
        .init("id", align: .right), .init("name", minWidth: 12), .init("tier", align: .right), .init("source"),
        .init("rate", align: .right), .init("status"), .init("tags", minWidth: 4),
      ])
      for c in list {
        table.add([
          "#\(c.id ?? 0)", c.name, String(c.tier.rawValue), c.source, c.rate.map { "$" + Format.number($0) } ?? "",
          c.status.rawValue, c.tags.joined(separator: ", "),
        ])
      }
      ctx.console.page(
        table.render(maxWidth: min(ctx.console.columns, 100), color: ctx.console.color) + "\n\(list.count) candidate"
          + (list.count == 1 ? "" : "s"))
    }
  }

  static func json(_ c: Candidate) -> JSON {
    .object([
      ("id", .int(c.id ?? 0)), ("name", .string(c.name)), ("tier", .int(Int64(c.tier.rawValue))),
      ("source", .string(c.source)), ("rate", .number(c.rate)), ("status", .string(c.status.rawValue)),
      ("email", .text(c.email)), ("tags", .strings(c.tags)), ("roles", .strings(c.roles)),
      ("links", .strings(c.links)), ("uuid", .string(c.uuid)), ("created", .string(Format.iso(c.createdAt))),
    ])
  }
}
