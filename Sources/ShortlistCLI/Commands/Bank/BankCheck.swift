import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

struct BankCheck: Runnable {
  /// Compares with the stored snapshots when a database exists; creates none.
  static let access = DatabaseAccess.readIfExists
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Validate a bank file or every bank in a folder; exit 1 if any is invalid.")
  @Argument(help: "A .yaml file or a folder (default: every folder banks are looked up in).") var path: String?

  func run(in ctx: Context) throws {
    // Each folder on its own (an id twice in one folder is an error); across the lookup folders an earlier folder's
    // bank wins, which is said.
    var groups: [[String]] = []
    if let path {
      var isDir: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
        throw CLIError("no such file or folder '\(TextTable.oneLine(path))'")
      }
      groups = [isDir.boolValue ? BankLibrary.bankFiles(in: path) : [path]]
      if groups[0].isEmpty { throw CLIError("no .yaml or .yml files in '\(TextTable.oneLine(path))'") }
    } else {
      groups = ctx.bankFolders.map(BankLibrary.bankFiles(in:)).filter { !$0.isEmpty }
      if groups.isEmpty {
        throw CLIError("no banks found in: \(ctx.bankFolders.map(TextTable.oneLine).joined(separator: ", "))")
      }
    }
    let count = groups.reduce(0) { $0 + $1.count }
    var bad = 0
    var winner: [String: String] = [:]
    for files in groups {
      var ids: [String: String] = [:]
      for file in files {
        do {
          let bank = try BankParser.parse(file: URL(fileURLWithPath: file), displayPath: file)
          if let other = ids[bank.id] {
            ctx.console.report("\(file):1:1: error: bank id '\(bank.id)' is also used by \(other)")
            bad += 1
            continue
          }
          ids[bank.id] = file
          var note = ""
          let state = try ctx.existingDatabase?.snapshotState(bank) ?? (stored: false, matches: true)
          if state.stored && !state.matches {
            ctx.console.report(
              "\(file):1:1: error: bank '\(bank.id)' version \(bank.version) differs from the one interviews used; bump its version"
            )
            bad += 1
            continue
          }
          if state.stored { note = ", used in interviews" }
          if let first = winner[bank.id] { note += "; not used: \(first) has the same id and is found first" }
          winner[bank.id] = winner[bank.id] ?? file
          ctx.console.print("\(file): ok (\(bank.id) v\(bank.version), \(bank.questions.count) questions\(note))")
        } catch let e as BankValidationError {
          ctx.console.report(e.errorDescription ?? "")
          bad += 1
        }
      }
    }
    if bad > 0 {
      throw CLIError("\(bad) of \(count) bank file\(count == 1 ? "" : "s") invalid")
    }
  }
}
