import ArgumentParser

/// The read commands that scripts and dashboards run over and over (`candidate show`, `candidate list`,
/// `interview list`, `tiers`), parsed without argument-parser when their line has the plain shape: positional words,
/// and `--option value`, `--option=value` or `--flag` each named once. Argument-parser's first parse in a process
/// is a quarter of a one-shot `candidate show` (2.5 of 10 ms, perf and side by side): it builds each command's
/// argument set several times by reflection, and the Swift runtime scans every one of the binary's 10,000 conformance
/// records for each type it meets first. Anything else on the line (help, a short or unknown option, one named twice,
/// a word that starts with `-`, a value the option does not accept) is left to argument-parser, so its errors and help
/// are unchanged; `PlainLineTests` checks that both give the same command for every line this one takes.
enum PlainLine {
  static func parse(_ words: [String]) -> (any Runnable)? {
    guard let first = words.first else { return nil }
    let second = words.count > 1 ? words[1] : ""
    switch (first, second) {
    case ("candidate", "show"): return parse(CandidateShow.self, words.dropFirst(2))
    case ("candidate", "list"): return parse(CandidateList.self, words.dropFirst(2))
    case ("interview", "list"): return parse(InterviewList.self, words.dropFirst(2))
    case ("tiers", _): return parse(TiersCommand.self, words.dropFirst(1))
    default: return nil
    }
  }

  private static func parse<C: PlainParsable>(_: C.Type, _ rest: ArraySlice<String>) -> C? {
    guard var words = PlainWords(rest, flags: C.plainFlags), let command = C.plain(&words), words.isDone else {
      return nil
    }
    return command
  }
}

/// A command that can be built from a plain line. `plain` reads every property (a property left unset would stop
/// the process when the command reads it) and returns nil for a value its option does not accept.
protocol PlainParsable: Runnable {
  /// The long names that are flags (take no value); every other `--name` takes one.
  static var plainFlags: [String] { get }
  static func plain(_ words: inout PlainWords) -> Self?
}

extension PlainParsable {
  static var plainFlags: [String] { [] }
}

/// The words after a command's name, split into positional words and named options; nil when a word is not plain.
struct PlainWords {
  private var positional: ArraySlice<String>
  private var named: [(name: String, value: String?)] = []

  init?(_ words: ArraySlice<String>, flags: [String]) {
    var positional: [String] = []
    var i = words.startIndex
    while i < words.endIndex {
      let word = words[i]
      i += 1
      guard word.hasPrefix("-") else {
        // `help` anywhere asks argument-parser for help; an empty word is left to it too.
        guard !word.isEmpty, word != "help" else { return nil }
        positional.append(word)
        continue
      }
      guard word.hasPrefix("--"), word.count > 2 else { return nil }
      var name = String(word.dropFirst(2))
      var value: String?
      if let equals = name.firstIndex(of: "=") {
        value = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard !name.isEmpty, !named.contains(where: { $0.name == name }) else { return nil }
      if flags.contains(name) {
        guard value == nil else { return nil }
      } else if value == nil {
        guard i < words.endIndex, !words[i].hasPrefix("-") else { return nil }
        value = words[i]
        i += 1
      }
      // A value that is empty (`--role=`) or starts with `-` is argument-parser's to judge.
      guard value.map({ !$0.isEmpty && !$0.hasPrefix("-") }) ?? true else { return nil }
      named.append((name, value))
    }
    self.positional = positional[...]
  }

  /// True when every word was taken by the command.
  var isDone: Bool { positional.isEmpty && named.isEmpty }

  /// The next positional word.
  mutating func next() -> String? { positional.popFirst() }

  /// An option's value, or nil when it is not on the line.
  mutating func string(_ name: String) -> String? {
    guard let i = named.firstIndex(where: { $0.name == name }) else { return nil }
    return named.remove(at: i).value
  }

  /// An option's value as the option's type (`fallback` when it is not on the line); nil when the value is not
  /// one it accepts.
  mutating func value<T: ExpressibleByArgument>(_ name: String, fallback: T) -> T? {
    guard let text = string(name) else { return fallback }
    return T(argument: text)
  }

  /// Whether a flag is on the line.
  mutating func flag(_ name: String) -> Bool {
    guard let i = named.firstIndex(where: { $0.name == name }) else { return false }
    named.remove(at: i)
    return true
  }
}

extension CandidateShow: PlainParsable {
  static func plain(_ words: inout PlainWords) -> Self? {
    guard let name = words.next(), let format = words.value("format", fallback: ViewFormat.table) else { return nil }
    var c = Self()
    c.name = name
    c.view = ViewFormatOption()
    c.view.format = format
    return c
  }
}

extension CandidateList: PlainParsable {
  static var plainFlags: [String] { ["all-roles"] }
  static func plain(_ words: inout PlainWords) -> Self? {
    guard let format = words.value("format", fallback: ListFormat.table) else { return nil }
    var c = Self()
    c.listing = ListFormatOption()
    c.listing.format = format
    c.tier = words.string("tier").map(TierValue.init(text:))
    c.status = words.string("status")
    c.role = words.string("role")
    c.allRoles = words.flag("all-roles")
    c.tag = words.string("tag")
    c.stale = words.string("stale")
    c.sort = words.string("sort")
    return c
  }
}

extension InterviewList: PlainParsable {
  static func plain(_ words: inout PlainWords) -> Self? {
    guard let format = words.value("format", fallback: ListFormat.table) else { return nil }
    var c = Self()
    c.listing = ListFormatOption()
    c.listing.format = format
    c.candidate = words.string("candidate")
    return c
  }
}

extension TiersCommand: PlainParsable {
  static var plainFlags: [String] { ["force"] }
  static func plain(_ words: inout PlainWords) -> Self? {
    guard let format = words.value("format", fallback: TiersFormat.table) else { return nil }
    var c = Self()
    c.format = format
    c.scope = RoleScopeOption()
    c.scope.role = words.string("role")
    c.output = OutputOptions()
    c.output.out = words.string("out")
    c.output.force = words.flag("force")
    return c
  }
}
