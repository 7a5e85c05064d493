import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct RiskClose: Runnable {
  static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a risk.")
  @Argument(help: "The risk's id (as `risk list` shows it).") var id: String
  @Option(parsing: .unconditional, help: "How it was resolved.") var note: String?

  func run(in ctx: Context) throws {
    let text = id.hasPrefix("#") ? String(id.dropFirst()) : id
    guard let n = Int64(text), n > 0 else { throw CLIError("risk close takes a risk id such as 3 or #3", usage: true) }
    try ctx.db.closeRisk(id: n, note: RoleFields.text(note))
    ctx.changed()
    ctx.console.print("risk #\(n) closed")
  }
}
