import Foundation

@testable import ShortlistCLI
@testable import ShortlistStore

/// A context over an in-memory database whose output is captured.
final class Harness {
  var out = ""
  var err = ""
  let ctx: Context

  /// `path`: a database file (made if missing) instead of one in memory, for what only a file has (a second
  /// connection to it).
  init(environment: [String: String] = ["SHORTLIST_INTERVIEWER": "alice"], path: String? = nil) throws {
    var captureOut: (String) -> Void = { _ in }
    var captureErr: (String) -> Void = { _ in }
    let console = Console(
      isTerminal: false, colorMode: .off, environment: environment, out: { captureOut($0) }, err: { captureErr($0) })
    ctx = Context(
      db: try path.map { try AppDatabase.open(path: $0) } ?? AppDatabase.inMemory(), dbPath: path ?? ":memory:",
      console: console, environment: environment,
      banksFolder: nil, interactive: false)
    captureOut = { [unowned self] in self.out += $0 }
    captureErr = { [unowned self] in self.err += $0 }
  }

  /// Runs lines as a script would; returns the status of each.
  @discardableResult
  func run(_ lines: String...) -> [Int32] {
    lines.map { Session.handle(line: $0, ctx: ctx) }
  }

  func clear() {
    out = ""
    err = ""
  }
}
