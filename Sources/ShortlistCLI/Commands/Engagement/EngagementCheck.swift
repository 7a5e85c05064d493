import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct EngagementCheck: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Tick an item of the contract checklist (ip, nda, data, acceptance), or waive it with a reason.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Argument(help: "ip, nda, data or acceptance.") var item: String
  @Option(parsing: .unconditional, help: "Waive the item instead, saying why.") var waive: String?

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    guard let it = ContractItem(rawValue: item.trimmed.lowercased()) else {
      throw CLIError(
        "'\(TextTable.oneLine(item))' is not a checklist item; items: "
          + ContractItem.allCases.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", "))
    }
    if waive != nil && RoleFields.text(waive) == nil { throw CLIError("--waive needs a reason", usage: true) }
    try ctx.db.check(engagementId: e.id, item: it, waive: RoleFields.text(waive))
    ctx.changed()
    let after = try ctx.db.engagement(candidateId: c.id)
    let open = after?.openItems ?? []
    ctx.console.print(
      "\(it.rawValue) (\(it.label)): \(waive == nil ? "done" : "waived")"
        + (open.isEmpty
          ? "; the contract checklist is complete" : "; still open: \(open.map(\.rawValue).joined(separator: ", "))"))
  }
}
