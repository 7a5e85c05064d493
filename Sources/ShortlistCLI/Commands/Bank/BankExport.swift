import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

struct BankExport: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a bank back as YAML from the snapshot interviews used (a custom bank travels with a backup).")
  static let access = DatabaseAccess.read
  @Argument(help: "Bank id.") var bank: String
  @Option(parsing: .unconditional, help: "That version (default: the newest stored).") var version: Int?
  @Option(help: "The folder to write ID.yaml into (created 0700 if missing).") var out: String
  @Flag(help: "Replace the file if it exists.") var force = false

  func run(in ctx: Context) throws {
    guard let b = try ctx.db.storedBank(id: bank, version: version) else {
      throw CLIError(
        "no stored snapshot of bank '\(bank)'\(version.map { " version \($0)" } ?? ""); a bank is stored when an interview first uses it"
      )
    }
    if !FileManager.default.fileExists(atPath: out) { try PrivateFile.makeFolder(out) }
    let path = (out as NSString).appendingPathComponent("\(b.id).yaml")
    try OutputFile.write(Data(BankYAML.render(b).utf8), to: path, force: force)
    ctx.console.print(
      "wrote \(path) (\(b.id) v\(b.version), \(b.questions.count) questions, sha256 \(b.sha256.prefix(12)))")
  }
}
