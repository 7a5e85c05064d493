import ArgumentParser
import ShortlistCore
import ShortlistReports

struct RoleShow: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a role's one-pager.")

  @Argument(help: "Role title, unique prefix or #ID.") var role: String
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

  func run(in ctx: Context) throws {
    let r = try ctx.role(role)
    let fit = try ctx.db.fit(roleId: r.id)
    if format == .json {
      var json = RoleListing.json(r)
      if case .object(var members) = json {
        members.append(("fit", RoleFields.fitJSON(fit)))
        json = .object(members)
      }
      ctx.console.printDocument(json.render())
      return
    }
    let c = ctx.console
    var count = 0
    try ctx.db.eachCandidate(.init(roleId: r.id, details: false)) { _ in count += 1 }
    c.print(c.bold("\(r.title)") + c.dim("  #\(r.id)"))
    let fields: [(String, String?)] = [
      ("goal", r.goal), ("success metric", r.metric), ("tech stack", r.stack), ("first milestone", r.milestone),
      ("engagement", r.model.map(\.summary)), ("budget", r.budgetText),
      ("banks", r.banks.isEmpty ? nil : r.banks.joined(separator: ", ")), ("key contacts", r.contacts),
      ("code repository", r.repo), ("project board", r.board), ("candidates", String(count)),
    ]
    for (label, value) in fields {
      c.printWrapped(value ?? "-", lead: "  " + TextTable.pad(label, 16))
    }
    c.printWrapped(
      fit.map {
        "\($0.verdict.rawValue): " + $0.reasons.joined(separator: "; ")
          + ($0.caveats.isEmpty ? "" : "; caveats: " + $0.caveats.joined(separator: "; "))
      } ?? "not done (`role fit ROLE`)",
      lead: "  " + TextTable.pad("fit check", 16))
  }
}
