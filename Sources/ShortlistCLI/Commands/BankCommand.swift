import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

struct BankCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bank", abstract: "Question banks: case studies with signals and anchored rubrics.",
    subcommands: [BankList.self, BankShow.self, BankCheck.self, BankExport.self])
}

struct BankList: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the banks found.")
  @Option(help: "table or json.") var format: ListFormat = .table

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
        .init("id"), .init("version", align: .right), .init("questions", align: .right), .init("title", minWidth: 10),
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

struct BankShow: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a bank's questions.")
  @Argument(help: "Bank id.") var bank: String
  @Option(help: "table or json.") var format: ListFormat = .table

  func run(in ctx: Context) throws {
    let b = try ctx.bank(bank)
    if format == .json {
      ctx.console.printDocument(b.canonicalJSON())
      return
    }
    let c = ctx.console
    var lines: [Console.Styled] = []
    lines.append(c.bold(TextTable.oneLine(b.title)) + c.dim("  \(b.id) v\(b.version)  sha256 \(b.sha256.prefix(12))"))
    lines += c.wrappedStyled(b.scenario.replacingOccurrences(of: "\n", with: " "))
    for (i, q) in b.questions.enumerated() {
      lines.append(.plain(""))
      var head = "Q\(i + 1) \(q.title)  (\(q.id), weight \(Format.number(q.weight))"
      if let t = q.timeboxMinutes { head += ", \(t) min" }
      lines.append(c.bold(TextTable.oneLine(head + ")")))
      lines += c.wrappedStyled(q.prompt, lead: "  ")
      for f in q.followUps { lines += c.wrappedStyled(f, lead: "  follow-up: ") }
      for (k, s) in q.signals.enumerated() { lines += c.wrappedStyled(s, lead: "  signal \(k + 1): ") }
      for level in 1...4 {
        lines += c.wrappedStyled(q.rubric[level - 1], lead: "  \(level) \(RubricLevel.names[level] ?? ""): ")
      }
    }
    c.page(lines)
  }
}

struct BankCheck: Runnable {
  /// Compares with the stored snapshots when a database exists; creates none.
  static let access = DatabaseAccess.readIfExists
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Validate a bank file or every bank in a folder; exit 1 if any is invalid.")
  @Argument(help: "A .yaml file or a folder.") var path: String

  func run(in ctx: Context) throws {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
      throw CLIError("no such file or folder '\(path)'")
    }
    let files = isDir.boolValue ? BankLibrary.bankFiles(in: path) : [path]
    if files.isEmpty { throw CLIError("no .yaml or .yml files in '\(path)'") }
    var bad = 0
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
        ctx.console.print("\(file): ok (\(bank.id) v\(bank.version), \(bank.questions.count) questions\(note))")
      } catch let e as BankValidationError {
        ctx.console.report(e.errorDescription ?? "")
        bad += 1
      }
    }
    if bad > 0 {
      throw CLIError("\(bad) of \(files.count) bank file\(files.count == 1 ? "" : "s") invalid")
    }
  }
}

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
