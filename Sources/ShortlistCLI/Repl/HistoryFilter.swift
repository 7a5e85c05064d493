import ShortlistCore

/// What may be kept of a typed line in a history, and which lines name a person. History keeps commands, never the
/// free text people type about candidates: `--note`, `--email`, `--waive` and `--reason` values, the text of
/// `candidate note`, `/score` comments and `/skip` reasons.
enum HistoryFilter {
  /// Options whose value is free text about a person.
  static let privateOptions: Set<String> = [
    "--note", "--email", "--waive", "--reason", "--blockers", "--text", "--done", "--next",
  ]

  /// The line as history keeps it (the private text left out), or nil when nothing of it may be kept.
  static func line(_ line: String) -> String? {
    let trimmed = line.trimmed
    if trimmed.hasPrefix("/") {
      // Interview commands: `/score 3 comment` keeps `/score 3`; `/skip reason` keeps `/skip`.
      let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
      guard let first = parts.first else { return nil }
      switch first.lowercased() {
      case "/score", "/s": return parts.prefix(2).joined(separator: " ")
      case "/skip": return "/skip"
      default: return trimmed
      }
    }
    guard let words = try? ShellWords.split(line), !words.isEmpty else { return nil }
    var kept: [String] = []
    var changed = false
    var k = 0
    // `candidate note NAME TEXT...` and `risk add NAME TEXT...`: the text goes.
    if words.count > 3,
      (words[0].lowercased() == "candidate" && words[1].lowercased() == "note")
        || (words[0].lowercased() == "risk" && words[1].lowercased() == "add")
    {
      return words.prefix(3).map(ShellWords.quote).joined(separator: " ")
    }
    while k < words.count {
      let w = words[k]
      let flag = w.split(separator: "=", maxSplits: 1).first.map(String.init)?.lowercased() ?? w
      if privateOptions.contains(flag) {
        changed = true
        // `--note=text` is one word; `--note text` is two.
        k += w.contains("=") ? 1 : 2
        continue
      }
      kept.append(w)
      k += 1
    }
    return changed ? kept.map(ShellWords.quote).joined(separator: " ") : line
  }

  /// Whether a history line names the person: their full name or email anywhere in it, `#ID`, or a word that
  /// resolves to them (a prefix of a word of their name, as `candidate` lookups accept).
  static func names(_ line: String, id: Int64, name: String, email: String?) -> Bool {
    let lower = line.lowercased()
    if lower.contains(name.lowercased()) { return true }
    if let email, !email.isEmpty, lower.contains(email.lowercased()) { return true }
    let words = (try? ShellWords.split(line)) ?? line.split(separator: " ").map(String.init)
    let key = NameKey.fold(name)
    let nameWords = NameKey.words(key)
    let commandWords = CommandRegistry.node(for: words).used
    for w in words.dropFirst(commandWords) {
      if w == "#\(id)" { return true }
      if w.hasPrefix("-") { continue }
      let folded = NameKey.fold(w)
      guard folded.count >= 2 else { continue }
      if folded == key || key.hasPrefix(folded) || nameWords.contains(where: { $0.hasPrefix(folded) }) { return true }
    }
    return false
  }
}
