import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

struct BankExport: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract:
      "Write a bank as YAML: the snapshot interviews used (a custom bank travels with a backup), else the folder's.")
  static let access = DatabaseAccess.read
  @Argument(help: "Bank id.") var bank: String
  @Option(parsing: .unconditional, help: "That version, a whole number (default: the newest stored).") var version: Int?
  @Option(parsing: .unconditional, help: "The folder to write ID.yaml into (created 0700 if missing).") var out: String
  @Flag(help: "Replace the file if it exists.") var force = false

  func run(in ctx: Context) throws {
    // The snapshot interviews used; a bank no interview has used yet comes from the folder (its version there).
    let stored = try ctx.db.storedBank(id: bank, version: version)
    let fromFolder =
      stored == nil ? ctx.banks.bank(bank).flatMap { version == nil || $0.version == version ? $0 : nil } : nil
    guard let b = stored ?? fromFolder else {
      throw CLIError(
        "no bank '\(bank)'\(version.map { " version \($0)" } ?? "") stored or in the banks folder; `bank list` shows them"
      )
    }
    if !FileManager.default.fileExists(atPath: out) { try PrivateFile.makeFolder(out) }
    let path = (out as NSString).appendingPathComponent("\(b.id).yaml")
    try OutputFile.write(Data(BankYAML.render(b).utf8), to: path, force: force)
    ctx.console.print(
      "wrote \(path) (\(b.id) v\(b.version), \(b.questions.count) questions, sha256 \(b.sha256.prefix(12)))")
  }
}
