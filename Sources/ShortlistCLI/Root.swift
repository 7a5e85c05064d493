import ArgumentParser
import Foundation
import ShortlistReports

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
      RoleCommand.self, CandidateCommand.self, SourceCommand.self, BankCommand.self, InterviewCommand.self,
      CompareCommand.self,
      PipelineCommand.self, TiersCommand.self, ShortlistCommand.self, ExportCommand.self, BackupCommand.self,
      DemoCommand.self,
      MergeCommand.self, EngagementCommand.self, OnboardingCommand.self, ReportCommand.self, RiskCommand.self,
      WeekCommand.self, CheckinCommand.self, OutcomesCommand.self, TeamCommand.self, SyncCommand.self,
      WhoAmICommand.self, AsCommand.self, QuitCommand.self, ExitCommand.self,
    ]
  )
}

extension Root {
  /// `parseAsRoot`, minus argument-parser's probe for `--generate-completion-script`: before parsing the command,
  /// `parseAsRoot` parses every line twice more as the two completion pseudo-commands (a third of a one-shot command's
  /// parse time, measured with perf). The probe is skipped for a root with a super-command, so `Quick` has Root's tree
  /// under one. What it returns for a command is what `Root` would; anything else (help, an error, a completion
  /// request, a line naming the flag) is parsed again by `Root`, so messages and help are Root's, word for word.
  static func parse(_ words: [String]) throws -> ParsableCommand {
    // The hottest read commands on a plain line: no argument-parser at all (`PlainLine`).
    if let command = PlainLine.parse(words) { return command }
    if let first = words.first, !words.contains(where: { $0.contains("generate-completion-script") }),
      let top = configuration.subcommands.first(where: {
        $0._commandName == first || $0.configuration.aliases.contains(first)
      })
    {
      func quick<Top: ParsableCommand>(_: Top.Type) -> ParsableCommand? { try? Quick<Top>.parseAsRoot(words) }
      if let command = quick(top), command is Runnable { return command }
    }
    return try parseAsRoot(words)
  }

  /// Root with only the command the line names under it: argument-parser builds its tree of every command (about
  /// a hundred) before parsing; this one has that command's subtree only.
  private struct Quick<Top: ParsableCommand>: ParsableCommand {
    static var configuration: CommandConfiguration {
      var c = Root.configuration
      c._superCommandName = "shortlist"
      c.ungroupedSubcommands = [Top.self]
      c.groupedSubcommands = []
      return c
    }
  }
}

struct WhoAmICommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "whoami", abstract: "Who you are in this session: whose scorecards you write and read.")
  static let access = DatabaseAccess.none

  func run(in ctx: Context) throws {
    let source =
      ctx.sessionInterviewer != nil
      ? "set with `as` or --as"
      : ctx.environment["SHORTLIST_INTERVIEWER"].map { _ in "$SHORTLIST_INTERVIEWER" } ?? "your login name"
    ctx.console.print("\(TextTable.oneLine(ctx.interviewer)) (\(source))")
  }
}

struct AsCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "as", abstract: "Be someone else for the rest of the session (a panel sharing one laptop).")
  static let access = DatabaseAccess.none
  @Argument(help: "The interviewer's name.") var name: String

  func run(in ctx: Context) throws {
    ctx.sessionInterviewer = try InterviewStart.interviewerName(name)
    ctx.console.print("you are \(TextTable.oneLine(ctx.interviewer)) for the rest of this session")
  }
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

/// Output formats of views that have no CSV form (a board, an engagement, the week): csv is refused, not ignored.
enum ViewFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json
}
