import ArgumentParser
import Foundation

/// The one list of commands: argument-parser's tree under `Root`, read once through its own tool-info dump
/// (`--experimental-dump-help`). REPL completion (commands, subcommands, flags, flag values), the REPL's command
/// words and "did you mean" suggestions all come from here, so a command or flag added to the tree is known to all.
enum CommandRegistry {
  struct Flag: Equatable {
    /// `--long` and `-s` spellings.
    var names: [String]
    /// False for a flag that takes no value (`--force`).
    var takesValue: Bool
    /// The values argument-parser knows (an enum's cases), when it knows them.
    var values: [String]
    /// Its help text (what it takes).
    var help: String = ""
  }

  final class Node: Sendable {
    let name: String
    let abstract: String
    let subcommands: [Node]
    let flags: [Flag]
    /// Value names of the positional arguments, in order.
    let positionals: [String]

    init(name: String, abstract: String, subcommands: [Node], flags: [Flag], positionals: [String]) {
      self.name = name
      self.abstract = abstract
      self.subcommands = subcommands
      self.flags = flags
      self.positionals = positionals
    }

    func subcommand(_ word: String) -> Node? { subcommands.first { $0.name == word } }

    /// Every spelling of every flag, long ones first.
    var flagNames: [String] { flags.flatMap { $0.names.sorted { $0.count > $1.count } } }

    func flag(_ spelling: String) -> Flag? { flags.first { $0.names.contains(spelling) } }
  }

  static let root: Node = load()

  /// The REPL's top-level words: every command of the tree, plus `help`.
  static var commandWords: [String] { Set(root.subcommands.map(\.name) + ["help"]).sorted() }

  /// The node for a path of words (`["candidate", "add"]`), as far as it goes, with how many words it used.
  static func node(for words: [String]) -> (node: Node, used: Int) {
    var node = root
    var used = 0
    for word in words {
      guard let next = node.subcommand(word.lowercased()) else { break }
      node = next
      used += 1
    }
    return (node, used)
  }

  /// The closest known word to a mistyped one (edit distance at most 2, or a unique prefix), for "did you mean".
  static func suggestion(for word: String, among known: [String]) -> String? {
    let w = word.lowercased()
    let prefixed = known.filter { $0.hasPrefix(w) }
    if prefixed.count == 1, w.count >= 2 { return prefixed[0] }
    let scored = known.map { ($0, distance(w, $0)) }.filter { $0.1 <= min(2, max(1, w.count / 3)) }
    return scored.min { $0.1 < $1.1 }?.0
  }

  /// Edit distance where a swap of two neighbours counts as one edit (optimal string alignment).
  static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var before = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    for i in 1...x.count {
      var current = [i] + [Int](repeating: 0, count: y.count)
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { current[j] = min(current[j], before[j - 2] + 1) }
      }
      before = previous
      previous = current
    }
    return previous[y.count]
  }

  // MARK: - Reading argument-parser's dump

  private struct Dump: Decodable {
    struct Name: Decodable {
      var kind: String
      var name: String
    }
    struct Argument: Decodable {
      var kind: String
      var names: [Name]?
      var valueName: String?
      var allValues: [String]?
      var shouldDisplay: Bool?
      var abstract: String?
    }
    struct Command: Decodable {
      var commandName: String
      var abstract: String?
      var subcommands: [Command]?
      var arguments: [Argument]?
    }
    var command: Command
  }

  private static func load() -> Node {
    var text = ""
    do {
      _ = try Root.parseAsRoot(["--experimental-dump-help"])
    } catch {
      text = Root.fullMessage(for: error)
    }
    guard let dump = try? JSONDecoder().decode(Dump.self, from: Data(text.utf8)) else {
      return Node(name: "shortlist", abstract: "", subcommands: [], flags: [], positionals: [])
    }
    return node(dump.command)
  }

  /// argument-parser's own flags; `--version` is hidden where it is argument-parser's (a flag), not where a command
  /// has an option of that name (`bank export --version N`).
  private static let hidden: Set<String> = ["--help", "-h", "--experimental-dump-help"]

  private static func node(_ c: Dump.Command) -> Node {
    var flags: [Flag] = []
    var positionals: [String] = []
    for a in c.arguments ?? [] {
      switch a.kind {
      case "positional":
        positionals.append(a.valueName ?? "value")
      default:
        let names = (a.names ?? []).map { ($0.kind == "short" ? "-" : "--") + $0.name }.filter {
          !hidden.contains($0) && !($0 == "--version" && a.kind == "flag")
        }
        guard !names.isEmpty else { continue }
        flags.append(
          Flag(names: names, takesValue: a.kind == "option", values: a.allValues ?? [], help: a.abstract ?? ""))
      }
    }
    return Node(
      name: c.commandName, abstract: c.abstract ?? "", subcommands: (c.subcommands ?? []).map(node), flags: flags,
      positionals: positionals)
  }
}
