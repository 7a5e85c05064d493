import ArgumentParser
import Foundation

/// A command that runs against the session's context. REPL lines and shell calls parse to these through the same
/// `parseAsRoot`, so both have the same grammar, help and errors.
protocol Runnable: ParsableCommand {
  func run(in ctx: Context) throws
  /// How the command uses the database (`.write` unless it says otherwise).
  static var access: DatabaseAccess { get }
}

extension Runnable {
  static var access: DatabaseAccess { .write }
}

/// The command tree. `shortlist` on its own opens the REPL; `shortlist COMMAND ...` runs one command.
struct Root: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shortlist",
    abstract: "Vet freelance engineers: candidates per sourcing tier, live structured interviews, honest comparison.",
    discussion: """
      Shell options (before the command): --db PATH (else $SHORTLIST_DB, $XDG_DATA_HOME/shortlist/shortlist.sqlite, \
      ~/.local/share/shortlist/shortlist.sqlite), --banks DIR, -f FILE (run a script), --keep-going, --demo, \
      --color auto|on|off. Standard input that is not a terminal is read as a script, a line per command.
      Candidates are named by name (case-insensitive; a unique prefix is enough) or #ID.
      """,
    subcommands: [
      RoleCommand.self, CandidateCommand.self, BankCommand.self, InterviewCommand.self, CompareCommand.self,
      TiersCommand.self, ShortlistCommand.self, ExportCommand.self, BackupCommand.self, DemoCommand.self,
      MergeCommand.self,
      QuitCommand.self, ExitCommand.self,
    ]
  )
}

struct QuitCommand: Runnable {
  static let configuration = CommandConfiguration(commandName: "quit", abstract: "Leave the REPL (also Ctrl-D).")
  static let access = DatabaseAccess.none
  func run(in ctx: Context) throws { ctx.quitRequested = true }
}

struct ExitCommand: Runnable {
  static let configuration = CommandConfiguration(commandName: "exit", abstract: "Leave the REPL (also Ctrl-D).")
  static let access = DatabaseAccess.none
  func run(in ctx: Context) throws { ctx.quitRequested = true }
}

/// Output formats of list-like commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv
}
