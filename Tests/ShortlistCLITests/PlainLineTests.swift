import ArgumentParser
import Testing

@testable import ShortlistCLI

/// `PlainLine` gives the command argument-parser gives for every line it takes, and leaves it every line it cannot
/// take word for word (help, errors, short options, options named twice, values that start with `-`).
@Suite struct PlainLineTests {
  /// The command as argument-parser's `parseAsRoot` sees it (type and every property), or its error.
  static func parsed(_ words: [String]) -> String {
    do {
      let command = try Root.parseAsRoot(words)
      return "\(type(of: command)) \(String(describing: command))"
    } catch {
      return "error \(Root.exitCode(for: error).rawValue)"
    }
  }

  static func plain(_ words: [String]) -> String? {
    PlainLine.parse(words).map { "\(type(of: $0)) \(String(describing: $0))" }
  }

  @Test(arguments: [
    "candidate show Ada", "candidate show #12", "candidate show Ada --format json", "candidate show --format=json Ada",
    "candidate show 'Zoë Ångström'", "candidate list", "candidate list --all-roles --format json",
    "candidate list --tier 2 --status sourced --tag rag --stale 5 --sort rate --role ml --format csv",
    "candidate list --sort=name --format=table", "interview list", "interview list --candidate ada --format json",
    "tiers", "tiers --role all --format json", "tiers --format md --out tiers.md --force", "tiers --format=csv",
  ])
  func takesPlainLinesAsArgumentParserDoes(_ line: String) throws {
    let words = try ShellWords.split(line)
    let plain = try #require(Self.plain(words), "\(line) is plain")
    #expect(plain == Self.parsed(words), "\(line)")
  }

  @Test(arguments: [
    "candidate show", "candidate show Ada Bob", "candidate show Ada --format yaml", "candidate show -h",
    "candidate show --help", "candidate show help", "candidate show Ada --format json --format csv",
    "candidate show Ada --format", "candidate show Ada --format -x", "candidate show ''", "candidate show -- Ada",
    "candidate show Ada --bogus 1", "candidate list --all-roles=yes", "candidate list --tier", "candidate list x",
    "candidate list --tier -1", "tiers --force --force", "tiers --out -", "tiers --format html", "tiers all",
    "interview list --candidate", "candidate add Ada", "role list", "compare --role all", "tiers --=x", "candidate",
    "tiers --role=", "candidate list --format=", "tiers --role ''",
  ])
  func leavesEveryOtherLineToArgumentParser(_ line: String) throws {
    #expect(Self.plain(try ShellWords.split(line)) == nil, "\(line)")
  }

  /// Random lines from the four commands' words and some that are not theirs: whatever `PlainLine` takes, it takes
  /// as argument-parser does.
  @Test func randomLinesParseAlike() {
    var rng = FuzzTests.LCG(state: FuzzTests.seed("PlainLineTests.randomLinesParseAlike", default: 16))
    let heads: [[String]] = [["candidate", "show"], ["candidate", "list"], ["interview", "list"], ["tiers"]]
    let words = [
      "Ada", "#3", "--format", "json", "csv", "table", "md", "yaml", "--role", "all", "--tier", "2", "--status",
      "sourced", "--tag", "rag", "--stale", "4", "--sort", "rate", "--all-roles", "--candidate", "--out", "x.csv",
      "--force", "--format=json", "--role=ml", "-h", "--help", "help", "-", "--", "", "--all-roles=1", "show", "list",
      "--role=", "--format=", "--out=a=b", "#", "Zoë", "---x", "--tier=2", "--candidate=#3", "--force=", "=x",
      "--Format",
    ]
    var taken = 0
    for _ in 0..<3_000 {
      var line = heads.randomElement(using: &rng)!
      for _ in 0..<Int(rng.next() % 6) { line.append(words.randomElement(using: &rng)!) }
      guard let plain = Self.plain(line) else { continue }
      taken += 1
      #expect(plain == Self.parsed(line), "\(line)")
    }
    #expect(taken > 300, "only \(taken) random lines were plain")
  }
}
