@preconcurrency import CReadline
import Foundation
import ShortlistCore

/// Tab completion: command words, then subcommands, flags, and the values they take (candidate and role names,
/// statuses, tiers, banks, formats). Lists are read afresh on every Tab, so they follow every change.
/// State lives in statics touched only from the REPL thread (readline calls back on it).
enum Completion {
  nonisolated(unsafe) static var context: Context?

  static let subcommands: [String: [String]] = [
    "role": ["add", "list", "show", "use", "edit"],
    "candidate": ["add", "list", "show", "edit", "move", "forget", "import"],
    "bank": ["list", "show", "check"],
    "interview": ["start", "resume", "list", "show"],
    "shortlist": ["add", "remove", "show", "auto"],
    "export": ["shortlist"],
    "help": Array(Session.commandWords).sorted(),
  ]

  static let flags: [String: [String]] = [
    "role add": ["--bank", "--goal", "--metric", "--stack", "--milestone", "--model", "--budget"],
    "role list": ["--format"],
    "role show": ["--format"],
    "role edit": ["--title", "--goal", "--metric", "--stack", "--milestone", "--model", "--budget", "--bank"],
    "candidate add": ["--tier", "--source", "--rate", "--email", "--link", "--role", "--tag"],
    "candidate list": ["--tier", "--status", "--role", "--tag", "--format"],
    "candidate show": ["--format"],
    "candidate edit": [
      "--name", "--email", "--tier", "--source", "--rate", "--link", "--unlink", "--tag", "--untag", "--role",
      "--unrole",
    ],
    "candidate move": ["--note"],
    "candidate forget": ["--yes"],
    "candidate import": ["--role"],
    "bank list": ["--format"],
    "bank show": ["--format"],
    "interview start": ["--bank", "--role", "--as"],
    "interview list": ["--candidate", "--format"],
    "interview show": ["--format"],
    "compare": ["--role", "--tier", "--format", "--out", "--adjusted"],
    "tiers": ["--role", "--format"],
    "shortlist show": ["--role", "--format"],
    "shortlist auto": ["--top", "--min-score", "--role"],
    "export shortlist": ["--role", "--out", "--redact", "--all"],
    "merge": ["--dry-run"],
    "backup": ["--force"],
    "interview resume": ["--as"],
    "demo": ["--candidates", "--seed"],
  ]

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
    guard let first = before.first?.lowercased() else { return Array(Session.commandWords).sorted() }
    if before.count == 1, let subs = subcommands[first] { return subs }
    let path = subcommands[first] != nil && before.count >= 2 ? "\(first) \(before[1])" : first
    if let last = before.last, last.hasPrefix("--") {
      if let values = values(forFlag: last, ctx: ctx) { return values }
    }
    if text.hasPrefix("-") { return flags[path] ?? [] }
    let positional = before.dropFirst(path.split(separator: " ").count).filter { !$0.hasPrefix("-") }
    switch path {
    case "candidate show", "candidate edit", "candidate forget", "interview start", "shortlist remove":
      return positional.isEmpty ? candidateNames(ctx) : []
    case "shortlist add":
      return candidateNames(ctx)
    case "candidate move":
      return positional.isEmpty ? candidateNames(ctx) : positional.count == 1 ? Status.allCases.map(\.rawValue) : []
    case "role show", "role use", "role edit":
      return positional.isEmpty ? roleNames(ctx) + (path == "role use" ? ["none"] : []) : []
    case "bank show":
      return ctx.banks.banks.map(\.id)
    default:
      return flags[path] ?? []
    }
  }

  static func values(forFlag flag: String, ctx: Context) -> [String]? {
    switch flag {
    case "--tier": return ["1", "2", "3", "4"]
    case "--status": return Status.allCases.map(\.rawValue)
    case "--role", "--unrole": return roleNames(ctx)
    case "--format": return ["table", "json", "csv", "md", "html"]
    case "--model": return EngagementModel.allCases.map(\.rawValue)
    case "--bank": return ctx.banks.banks.map(\.id)
    case "--source": return ["Toptal", "Braintrust", "referral", "outreach", "network", "Upwork", "Fiverr"]
    case "--candidate": return candidateNames(ctx)
    case "--yes", "--redact", "--adjusted", "--all", "--dry-run", "--force": return nil
    default: return []
    }
  }

  static func candidateNames(_ ctx: Context) -> [String] {
    ((try? ctx.db.candidateNames()) ?? []).map(\.name)
  }

  static func roleNames(_ ctx: Context) -> [String] {
    ((try? ctx.db.roleNames()) ?? []).map(\.name)
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
