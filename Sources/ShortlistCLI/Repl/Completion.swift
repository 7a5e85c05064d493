@preconcurrency import CReadline
import Foundation
import ShortlistCore

/// Tab completion: command words, then subcommands, flags, and the values they take (candidate and role names,
/// statuses, tiers, banks, formats). Lists are read afresh on every Tab, so they follow every change.
/// State lives in statics touched only from the REPL thread (readline calls back on it).
enum Completion {
  nonisolated(unsafe) static var context: Context?

  static let interviewCommands = [
    "/q", "/next", "/prev", "/goto", "/signal", "/score", "/skip", "/recommend", "/finish", "/pause", "/help",
  ]

  /// The words that may complete `text`, given the words typed before it.
  static func candidates(before: [String], text: String, ctx: Context) -> [String] {
    if ctx.interview != nil {
      if before.isEmpty { return interviewCommands }
      switch before.first {
      case "/signal": return before.count == 2 ? SignalMark.allCases.map(\.rawValue) : []
      case "/recommend": return Recommendation.allCases.map(\.rawValue)
      case "/score": return before.count == 1 ? ["1", "2", "3", "4"] : []
      default: return []
      }
    }
    guard let first = before.first?.lowercased() else { return CommandRegistry.commandWords }
    // `help candidate a<Tab>` walks the same tree.
    if first == "help" {
      let (node, used) = CommandRegistry.node(for: Array(before.dropFirst()))
      return used == before.count - 1 ? node.subcommands.map(\.name) : []
    }
    let (node, used) = CommandRegistry.node(for: before)
    guard used > 0 else { return [] }
    if used == before.count && !node.subcommands.isEmpty { return node.subcommands.map(\.name) }
    if let last = before.last, last.hasPrefix("-"), let flag = node.flag(last), flag.takesValue {
      return values(forFlag: last, flag: flag, text: text, ctx: ctx)
    }
    if text.hasPrefix("-") { return node.flagNames }
    let path = before.prefix(used).map { $0.lowercased() }.joined(separator: " ")
    // Positional words typed so far: not flags, and not the value of an option before them.
    var positional: [String] = []
    var k = used
    while k < before.count {
      let word = before[k]
      if word.hasPrefix("-") {
        if node.flag(word)?.takesValue == true { k += 1 }
      } else {
        positional.append(word)
      }
      k += 1
    }
    switch path {
    case "candidate show", "candidate edit", "candidate forget", "interview start", "shortlist remove":
      return positional.isEmpty ? candidateNames(ctx, prefix: text) : node.flagNames
    case "shortlist add":
      return candidateNames(ctx, prefix: text)
    case "candidate move":
      return positional.isEmpty
        ? candidateNames(ctx, prefix: text) : positional.count == 1 ? Status.allCases.map(\.rawValue) : node.flagNames
    case "role show", "role use", "role edit":
      return positional.isEmpty ? roleNames(ctx) + (path == "role use" ? ["none"] : []) : node.flagNames
    case "bank show":
      return positional.isEmpty ? ctx.banks.banks.map(\.id) : node.flagNames
    case "source remove":
      return positional.isEmpty ? ((try? ctx.db.sourceMap()) ?? SourceMap()).entries.map(\.source) : node.flagNames
    default:
      return node.flagNames
    }
  }

  /// Values for an option: what the database or the banks hold for names, else the values argument-parser knows.
  static func values(forFlag spelling: String, flag: CommandRegistry.Flag, text: String, ctx: Context) -> [String] {
    switch spelling {
    case "--tier": return ["1", "2", "3", "4"]
    case "--status": return Status.allCases.map(\.rawValue)
    case "--role", "--unrole": return roleNames(ctx)
    case "--model": return EngagementModel.allCases.map(\.rawValue)
    case "--bank": return ctx.banks.banks.map(\.id)
    case "--source": return ((try? ctx.db.sourceMap()) ?? SourceMap()).entries.map(\.source)
    case "--candidate": return candidateNames(ctx, prefix: text)
    default: return flag.values
    }
  }

  /// The names that may complete `prefix` (filtered by `matches` as every list is): a million candidates are not
  /// all read on every Tab. On an empty word, every name only up to `limit` of them: past it, a list of every name
  /// is none to choose from (at a million it took seconds to read, then readline asked to show a million); a letter
  /// or two narrows them through the index.
  static func candidateNames(_ ctx: Context, prefix: String, limit: Int = 10_000) -> [String] {
    let cap = prefix.isEmpty ? limit + 1 : nil
    let names = (try? ctx.db.candidateNames(startingWith: prefix, limit: cap)) ?? []
    if let cap, names.count >= cap { return [] }
    return names
  }

  static func roleNames(_ ctx: Context) -> [String] {
    ((try? ctx.db.roleNames(activeOnly: true)) ?? []).map(\.name)
  }

  /// Matches for `text`, case-insensitive; names with spaces come back quoted unless the user opened a quote.
  static func matches(before: [String], text: String, quoted: Bool, ctx: Context) -> [String] {
    let lower = text.lowercased()
    var seen = Set<String>()
    return candidates(before: before, text: text, ctx: ctx).filter { $0.lowercased().hasPrefix(lower) }
      .filter { seen.insert($0).inserted }
      .map { word in
        if quoted || !word.contains(where: { $0 == " " || $0 == "\"" || $0 == "'" }) { return word }
        return ShellWords.quote(word)
      }
  }

  /// readline's attempted-completion hook.
  static let attempt:
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
      textPointer, start, _ in
      shortlist_rl_set_completion_over(1)
      guard let ctx = Completion.context, let textPointer else { return nil }
      let text = String(cString: textPointer)
      let lineBytes = shortlist_rl_line_buffer().map { String(cString: $0) } ?? ""
      let prefix = String(decoding: Array(lineBytes.utf8.prefix(Int(start))), as: UTF8.self)
      let before = Completion.wordsBefore(prefix)
      let quoted = shortlist_rl_completion_quote_character() != 0
      let found = Completion.matches(before: before, text: text, quoted: quoted, ctx: ctx)
      return Completion.toC(found, typed: text)
    }

  /// The complete words before the cursor's word, tolerant of an open quote.
  static func wordsBefore(_ prefix: String) -> [String] {
    var p = prefix
    while let last = p.last, last == "\"" || last == "'" { p.removeLast() }
    return (try? ShellWords.split(p)) ?? p.split(separator: " ").map(String.init)
  }

  /// Builds readline's match array: [common prefix, match1, match2, ..., NULL], all malloc'ed.
  static func toC(_ matches: [String], typed: String) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard !matches.isEmpty else { return nil }
    let sorted = matches.sorted { $0.lowercased() < $1.lowercased() }
    var lcd = sorted[0]
    for m in sorted.dropFirst() {
      var common = ""
      for (a, b) in zip(lcd, m) {
        guard a.lowercased() == b.lowercased() else { break }
        common.append(a)
      }
      lcd = common
    }
    if lcd.count < typed.count { lcd = typed }
    let count = sorted.count == 1 ? 1 : sorted.count + 1
    let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: count + 1)
    if sorted.count == 1 {
      array[0] = strdup(sorted[0])
      array[1] = nil
    } else {
      array[0] = strdup(lcd)
      for (i, m) in sorted.enumerated() { array[i + 1] = strdup(m) }
      array[count] = nil
    }
    // readline frees each string and the array with free(); allocate the array with malloc to match.
    let raw = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (count + 1))!
      .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: count + 1)
    for i in 0...count { raw[i] = array[i] }
    array.deallocate()
    return raw
  }
}
