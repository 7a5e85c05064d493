@preconcurrency import CReadline
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

/// The interactive loop over GNU readline: banner, prompt with the role in use, history, completion, Ctrl-C
/// that clears the line, Ctrl-D that leaves.
final class Repl {
  private let ctx: Context
  private let historyPath: String
  static let historyLimit: Int32 = 2000

  init(ctx: Context, historyPath: String) {
    self.ctx = ctx
    self.historyPath = historyPath
  }

  func run() -> Int32 {
    setUpReadline()
    let c = ctx.console
    c.print(c.bold("Shortlist \(ShortlistMain.version)") + " on \(ctx.dbPath)")
    c.printWrapped("Type `help` for commands, `help COMMAND` for one, Tab to complete, Ctrl-D to leave.")
    BackgroundSync.start(ctx: ctx)
    ctx.ask = { [weak self] question in self?.ask(question) }
    ctx.historyChanged = { [historyPath] in
      // The file was scrubbed: the lines in memory (Up arrow) must go too.
      clear_history()
      read_history(historyPath)
    }
    while !ctx.quitRequested {
      switchHistory()
      guard let line = readLine(prompt: prompt()) else {
        // Ctrl-D on an empty line.
        if let mode = ctx.interview {
          c.print("")
          _ = mode.endOfInput(ctx: ctx)
          continue
        }
        c.print("")
        break
      }
      if line.trimmed.isEmpty { continue }
      remember(line)
      Interrupts.shared.newCommand()
      _ = Session.handle(line: line, ctx: ctx)
    }
    history_truncate_file(historyPath, Self.historyLimit)
    return 0
  }

  private func readLine(prompt: String) -> String? {
    guard let raw = shortlist_readline(prompt) else { return nil }
    defer { free(raw) }
    return String(cString: raw)
  }

  /// A yes/no question on the terminal; Ctrl-D or anything but y/yes is no.
  private func ask(_ question: String) -> Bool? {
    guard let answer = readLine(prompt: question + " [y/N] ") else { return false }
    return ["y", "yes"].contains(answer.trimmed.lowercased())
  }

  /// Interview mode has a history of its own (its slash commands, in memory only): Up never brings a REPL command
  /// back into the note prompt, where one Enter would store it as a note, and nothing typed during a call is written
  /// to the history file. Switched when the mode changes.
  private var interviewHistory: [String] = []
  private var historyIsInterview = false

  private func switchHistory() {
    let interviewing = ctx.interview != nil
    guard interviewing != historyIsInterview else { return }
    historyIsInterview = interviewing
    if interviewing {
      clear_history()
      for line in interviewHistory.suffix(200) { add_history(line) }
    } else {
      interviewHistory = (0..<history_length).compactMap { i in
        history_get(history_base + i).flatMap { $0.pointee.line.map { String(cString: $0) } }
      }
      clear_history()
      read_history(historyPath)
    }
  }

  /// Commands go to history; notes typed in interview mode and lines starting with a space do not, and interview
  /// commands stay in the interview's own history (never in the file).
  private func remember(_ typed: String) {
    if typed.hasPrefix(" ") { return }
    if ctx.interview != nil {
      if typed.hasPrefix("/") && !typed.hasPrefix("//"), let line = HistoryFilter.line(typed), !historyEndsWith(line) {
        add_history(line)
      }
      return
    }
    guard let line = HistoryFilter.line(typed) else { return }
    if historyEndsWith(line) { return }
    add_history(line)
    do {
      try PrivateFile.makeFolder((historyPath as NSString).deletingLastPathComponent)
      try PrivateFile.touch(historyPath)
      append_history(1, historyPath)
    } catch {
      // History is a convenience; a read-only home must not stop the REPL.
    }
  }

  private func historyEndsWith(_ line: String) -> Bool {
    guard let last = history_get(history_base + history_length - 1), let text = last.pointee.line else { return false }
    return String(cString: text) == line
  }

  private func prompt() -> String {
    if let mode = ctx.interview { return mode.prompt(ctx: ctx) }
    let role = (try? ctx.db.currentRoleId()).flatMap { $0 }.flatMap { try? ctx.db.role(id: $0) }
    let label = role.map { "shortlist [\(TextTable.cutTitle($0.title))]> " } ?? "shortlist> "
    return ctx.console.color ? "\u{01}\u{1B}[1;36m\u{02}" + label + "\u{01}\u{1B}[0m\u{02}" : label
  }

  private func setUpReadline() {
    shortlist_rl_configure()
    Completion.context = ctx
    shortlist_rl_set_completion(Completion.attempt)
    shortlist_install_sigint()
    Interrupts.shared.watch(fd: shortlist_sigint_pipe())
    stifle_history(Self.historyLimit)
    do {
      try PrivateFile.makeFolder((historyPath as NSString).deletingLastPathComponent)
      try PrivateFile.touch(historyPath)
    } catch {}
    read_history(historyPath)
  }
}

extension TextTable {
  static func cutTitle(_ s: String) -> String { TextTable.cut(TextTable.oneLine(s), 24) }
}
