import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistStore
import ShortlistSupport

/// Runs lines and commands against a context: the one path for REPL lines, script lines and shell calls.
enum Session {
  /// Handles one line as typed in the REPL (interview mode included). Returns the exit status of the line.
  static func handle(line: String, ctx: Context) -> Int32 {
    if let mode = ctx.interview { return mode.handle(line: line, ctx: ctx) }
    let trimmed = line.trimmed
    if trimmed.isEmpty || isComment(trimmed) { return 0 }
    let words: [String]
    do {
      words = try ShellWords.split(line)
    } catch let e as ShellWords.Unterminated {
      ctx.console.error("unterminated \(e.quote) quote; close it, or escape it with a backslash")
      return 64
    } catch {
      ctx.console.error("cannot read that line")
      return 64
    }
    if words.isEmpty { return 0 }
    // Leaving needs neither the parser nor the database: it is instant and cannot fail.
    if words.count == 1, words[0] == "quit" || words[0] == "exit" {
      ctx.quitRequested = true
      return 0
    }
    return execute(words, ctx: ctx)
  }

  /// A script line starting with `#` is a comment (no command starts with `#`).
  private static func isComment(_ s: String) -> Bool { s.hasPrefix("#") }

  static func execute(_ words: [String], ctx: Context) -> Int32 {
    var words = words
    if let first = words.first, first.lowercased() != first, Self.commandWords.contains(first.lowercased()) {
      words[0] = first.lowercased()
    }
    do {
      var command = try Root.parse(words)
      if let runnable = command as? Runnable {
        try ctx.prepareDatabase(type(of: runnable).access)
        try runnable.run(in: ctx)
      } else {
        try command.run()
      }
      return 0
    } catch let e as CLIError {
      // "FILE:LINE: error: ..." already says what it is; it is not prefixed a second time.
      if CLIError.isLocated(e.message) { ctx.console.report(e.message) } else { ctx.console.error(e.message) }
      return e.usage ? 64 : 1
    } catch let e as BankValidationError {
      ctx.console.report(e.errorDescription ?? "invalid bank")
      return 1
    } catch let e as StoreError {
      ctx.console.error(e.errorDescription ?? "database error")
      return 1
    } catch let e as PrivateFile.Failure {
      ctx.console.error(e.errorDescription ?? "cannot write")
      return 1
    } catch let e as LocalizedError where e.errorDescription != nil {
      // Our own layers' errors (ArgumentParser's own errors are not LocalizedError).
      ctx.console.error(e.errorDescription ?? "failed")
      return 1
    } catch {
      let code = Root.exitCode(for: error)
      if code == .success {
        ctx.console.print(Root.fullMessage(for: error, columns: ctx.console.wrapWidth ?? 1_000))
        return 0
      }
      ctx.console.error(usageMessage(error, words: words))
      return code == .validationFailure ? 64 : code.rawValue
    }
  }

  /// The top-level words, from the command registry.
  static let commandWords = Set(CommandRegistry.commandWords)

  /// ArgumentParser's message as one line, with where to find the grammar.
  private static func usageMessage(_ error: Error, words: [String]) -> String {
    var message = Root.message(for: error).trimmed
    message = message.components(separatedBy: "\n").map { $0.trimmed }
      .filter { !$0.isEmpty }.joined(separator: "; ")
    if let first = message.first { message = first.lowercased() + message.dropFirst() }
    let first = words.first ?? ""
    // The command's own words: `candidate list`, but `report` for `report "Ada Lovelace" ...` (a name is no
    // subcommand).
    let subcommands = CommandRegistry.root.subcommand(first)?.subcommands.map(\.name) ?? []
    let path = words.count > 1 && subcommands.contains(words[1]) ? "\(first) \(words[1])" : first
    if !Self.commandWords.contains(first) {
      let known = CommandRegistry.commandWords
      if let guess = CommandRegistry.suggestion(for: first, among: known) {
        return "unknown command '\(first)'; did you mean '\(guess)'? (commands: \(known.joined(separator: ", ")))"
      }
      return "unknown command '\(first)'; commands: \(known.joined(separator: ", "))"
    }
    if first != "help", let node = CommandRegistry.root.subcommand(first), !node.subcommands.isEmpty {
      let subs = node.subcommands.map(\.name)
      guard words.count >= 2 else {
        return "'\(first)' needs a subcommand: \(subs.joined(separator: ", ")) (see `help \(first)`)"
      }
      if !subs.contains(words[1]) && !["-h", "--help", "help"].contains(words[1]) {
        if let guess = CommandRegistry.suggestion(for: words[1], among: subs) {
          return
            "unknown subcommand '\(words[1])' for \(first); did you mean '\(first) \(guess)'? (subcommands: \(subs.joined(separator: ", ")))"
        }
        return "unknown subcommand '\(words[1])' for \(first); subcommands: \(subs.joined(separator: ", "))"
      }
    }
    if message.hasPrefix("unexpected argument"), let quoted = quotingHint(words) { return message + "; " + quoted }
    // A value of the wrong kind (`--seed abc`): what the option takes, from its help, unless the message lists it.
    if message.hasPrefix("the value '"), message.range(of: "provide one of", options: .caseInsensitive) == nil,
      let spelling = message.range(of: #"is invalid for '(--[a-z-]+)"#, options: .regularExpression).map({
        String(message[$0].dropFirst("is invalid for '".count))
      }),
      let help = CommandRegistry.node(for: words).node.flag(spelling)?.help, !help.isEmpty
    {
      return message + "; \(spelling): \(help) (see `help \(path)`)"
    }
    return message + " (see `help \(path)`)"
  }

  /// For a name typed without quotes (`candidate show lukas müller`): the same line with the name quoted.
  static func quotingHint(_ words: [String]) -> String? {
    guard let first = words.first, let node = CommandRegistry.root.subcommand(first) else { return nil }
    var k = 1
    if words.count > 1, node.subcommand(words[1]) != nil { k = 2 }
    let name = words[k...].prefix { !$0.hasPrefix("-") }
    guard name.count > 1 else { return nil }
    let rest = words[(k + name.count)...]
    let line = (words[..<k] + [ShellWords.quote(name.joined(separator: " "))] + rest).joined(separator: " ")
    return "a name with spaces needs quotes: \(line)"
  }
}
