import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RiskAdd: Runnable {
  static let configuration = CommandConfiguration(commandName: "add", abstract: "Log a risk on an engagement.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Argument(parsing: .captureForPassthrough, help: "The risk (the rest of the line).") var text: [String] = []
  @Option(parsing: .unconditional, help: "low, medium or high (default medium).") var severity: String?
  @Option(parsing: .unconditional, help: "Who owns it.") var owner: String?

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    // Flags may come after the text: take them out of the passthrough words.
    var words = text
    var severityText = severity
    var ownerText = owner
    var k = 0
    while k < words.count {
      if (words[k] == "--severity" || words[k] == "--owner") && k + 1 < words.count {
        if words[k] == "--severity" { severityText = words[k + 1] } else { ownerText = words[k + 1] }
        words.removeSubrange(k...(k + 1))
      } else {
        k += 1
      }
    }
    let body = words.joined(separator: " ").trimmed
    guard !body.isEmpty else {
      throw CLIError("describe the risk: risk add NAME \"staging data is stale\"", usage: true)
    }
    let level = severityText.map { RiskSeverity(rawValue: $0.trimmed.lowercased()) } ?? .medium
    guard let level else { throw CLIError("--severity takes \(RiskSeverity.accepted)") }
    let id = try ctx.db.addRisk(engagementId: e.id, text: body, severity: level, owner: RoleFields.text(ownerText))
    ctx.changed()
    ctx.console.print("risk #\(id) (\(level.rawValue)) logged on \(TextTable.oneLine(c.name))'s engagement")
  }
}
