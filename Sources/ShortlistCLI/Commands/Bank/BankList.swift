import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

struct BankList: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the banks found.")
  @Option(parsing: .unconditional, help: "table or json.") var format: ListFormat = .table

  func run(in ctx: Context) throws {
    ctx.reloadBanks()
    let lib = ctx.banks
    if format == .json {
      ctx.console.printDocument(
        JSON.array(
          lib.entries.map {
            .object([
              ("id", .string($0.bank.id)), ("title", .string($0.bank.title)), ("version", .int(Int64($0.bank.version))),
              ("questions", .int(Int64($0.bank.questions.count))), ("sha256", .string($0.bank.sha256)),
              ("file", .string($0.file)),
            ])
          }
        ).render())
      return
    }
    if lib.entries.isEmpty {
      ctx.console.print("no banks found in: \(lib.folders.joined(separator: ", "))")
    } else {
      var table = TextTable([
        .init("id", priority: 1), .init("version", align: .right, priority: 1),
        .init("questions", align: .right, priority: 1), .init("title", minWidth: 16, wraps: true),
      ])
      for e in lib.entries {
        table.add([e.bank.id, String(e.bank.version), String(e.bank.questions.count), e.bank.title])
      }
      ctx.console.print(table.render(maxWidth: min(ctx.console.columns, 100)))
    }
    for invalid in lib.invalid {
      ctx.console.warn("skipped an invalid bank: \(invalid.problems.first?.description ?? "")")
    }
  }
}
