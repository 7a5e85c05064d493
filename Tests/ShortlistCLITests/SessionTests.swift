import ArgumentParser
import Foundation
import Testing

@testable import ShortlistCLI
@testable import ShortlistCore
@testable import ShortlistStore

@Suite struct SessionTests {
  @Test func addsAndListsCandidates() throws {
    let h = try Harness()
    #expect(h.run("candidate add \"Ada Lovelace\" --source Toptal --rate 120 --email ada@example.com") == [0])
    #expect(h.out.contains("tier 2"))
    h.clear()
    #expect(h.run("candidate list --format json") == [0])
    let data = try #require(h.out.data(using: .utf8))
    let list = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    #expect(list.count == 1)
    #expect(list[0]["name"] as? String == "Ada Lovelace")
    #expect(list[0]["tier"] as? Int == 2)
    #expect(list[0]["rate"] as? Double == 120)
  }

  @Test(arguments: [
    ("candidate add X --tier 5", Int32(1), "tier '5' is not 1-4"),
    ("candidate add X --source Friend", 1, "does not imply a tier"),
    ("candidate add X --tier 2 --rate -3", 1, "is not a positive number"),
    ("candidate add X --tier 2 --rate abc", 1, "is not a positive number"),
    ("candidate add X --tier 2 --email nope", 1, "is not an address"),
    ("candidate add X", 1, "give --tier 1-4"),
    ("candidate add X --tier 2 --bogus", 64, "unknown option '--bogus'"),
    ("candidat list", 64, "unknown command 'candidat'"),
    ("candidate lst", 64, "unknown subcommand 'lst'"),
    ("candidate show nobody", 1, "no candidate matches 'nobody'"),
    ("candidate move Ada done", 1, "status 'done' is not known"),
    ("role add \"\"", 1, "a role needs a title"),
    ("role add R --budget 200-100", 1, "minimum above its maximum"),
    ("role add R --model hourly-ish", 1, "engagement model"),
    ("role add R --bank nosuchbank", 1, "no question bank 'nosuchbank'"),
    ("candidate add \"unterminated", 64, "unterminated"),
    ("demo --candidates -1", 1, "--candidates takes 1 to 100000"),
    ("shortlist auto --top -1", 1, "--top takes a whole number of at least 1"),
    ("shortlist auto --min-score -5", 1, "--min-score takes a score from 0 to 100"),
    // A value of the wrong kind says what the option takes.
    ("demo --seed abc", 64, "is invalid for '--seed <seed>'; --seed: Random seed, a whole number (0 or more)"),
    ("demo --candidates many", 64, "--candidates: How many candidates (1-1000000)"),
    ("bank export rag-prototype --version x --out v", 64, "--version: That version, a whole number"),
  ])
  func badInputIsOneErrorLineAndChangesNothing(line: String, status: Int32, message: String) throws {
    let h = try Harness()
    h.run("candidate add Ada --tier 1")
    let before = try h.ctx.db.candidates()
    let roles = try h.ctx.db.roles()
    h.clear()
    #expect(h.run(line) == [status])
    #expect(h.err.hasPrefix("error: "))
    #expect(h.err.contains(message), "\(h.err)")
    #expect(h.err.split(separator: "\n").count == 1)
    #expect(try h.ctx.db.candidates() == before)
    #expect(try h.ctx.db.roles() == roles)
  }

  /// A value that starts with `-` is the option's value, not another option: a negative number gets the option's
  /// own rule ("--stale takes a whole number of days"), not "missing value"; text may start with a dash; a value
  /// left out is still "missing value", and the hint names the command, never a candidate's name.
  @Test func aValueStartingWithADashIsTheOptionsValue() throws {
    let h = try Harness()
    #expect(h.run("demo --candidates 30 --seed 3") == [0])
    let hired = try #require(
      try h.ctx.db.engagements().first { $0.end == nil }?.candidateName, "the demo has an active engagement")
    let refused: [(String, Int32, String)] = [
      ("candidate list --stale -3", 1, "--stale takes a whole number of days (0 or more), not '-3'"),
      ("pipeline --stale -2", 1, "--stale takes a whole number of days (0 or more), not '-2'"),
      ("candidate list --tier -1", 1, "tier '-1' is not 1-4"),
      ("compare --tier -2", 1, "tier '-2' is not 1-4"),
      ("compare --min-coverage -5", 1, "--min-coverage takes a percentage from 0 to 100 (e.g. 80), not '-5'"),
      ("source set foo --tier -1", 1, "tier '-1' is not 1-4"),
      ("role add X --budget -5-10", 1, "budget '-5-10' is not a range of positive numbers"),
      ("outcomes --own-rate -5", 1, "--own-rate takes a positive amount in USD (e.g. 150 USD per hour), not '-5'"),
      ("report \"\(hired)\" --hours -3 --force", 1, "--hours takes a number of hours (0 or more, e.g. 12.5), not '-3'"),
      ("report \"\(hired)\" --hours 2 --coordination -3 --force", 1, "--coordination takes a number of hours"),
      ("engagement end \"\(hired)\" --quality -1", 1, "--quality takes 1-4"),
      ("candidate list --stale", 64, "missing value for '--stale <stale>' (see `help candidate list`)"),
      ("report \"\(hired)\" --hours", 64, "missing value for '--hours <hours>' (see `help report`)"),
    ]
    let before = try h.ctx.db.engagements()
    let candidates = try h.ctx.db.candidates()
    for (line, status, message) in refused {
      h.clear()
      #expect(h.run(line) == [status], "\(line)")
      #expect(h.err.hasPrefix("error: ") && h.err.contains(message), "\(line): \(h.err)")
      #expect(h.err.split(separator: "\n").count == 1, "\(line)")
    }
    #expect(try h.ctx.db.engagements() == before)
    #expect(try h.ctx.db.candidates() == candidates)
    h.clear()
    #expect(
      h.run("candidate add \"Dash Tag\" --tier 2 --tag -ml", "candidate note \"Dash Tag\" \"-5% on the rate is fine\"")
        == [0, 0])
    #expect(h.run("candidate move \"Dash Tag\" rejected --note \"-no show twice\"") == [0], "\(h.err)")
    h.clear()
    #expect(h.run("candidate show \"Dash Tag\"") == [0])
    for text in ["-ml", "-5% on the rate is fine", "-no show twice"] { #expect(h.out.contains(text), "\(text)") }
  }

  @Test func duplicateNameIsRefused() throws {
    let h = try Harness()
    h.run("candidate add Ada --tier 1")
    h.clear()
    #expect(h.run("candidate add ada --tier 2") == [1])
    #expect(h.err.contains("already exists"))
  }

  @Test func ambiguousPrefixListsMatches() throws {
    let h = try Harness()
    h.run("candidate add \"Ada Lovelace\" --tier 1", "candidate add \"Ada Byron\" --tier 1")
    h.clear()
    #expect(h.run("candidate show ada") == [1])
    #expect(h.err.contains("Ada Byron (#2)") && h.err.contains("Ada Lovelace (#1)"))
    #expect(h.run("candidate show \"ada l\"") == [0])
    #expect(h.run("candidate show #2") == [0])
  }

  @Test func roleUseIsTheDefault() throws {
    let h = try Harness()
    h.run("role add Backend", "role add \"ML engineer\"", "role use ml")
    h.run("candidate add Ada --tier 1")
    #expect(try h.ctx.db.candidates().first?.roles == ["ML engineer"])
    h.run("candidate add Bob --tier 1 --role backend")
    #expect(try h.ctx.db.candidates()[1].roles == ["Backend"])
    h.clear()
    h.run("role list --format json")
    let list = try #require(try JSONSerialization.jsonObject(with: Data(h.out.utf8)) as? [[String: Any]])
    #expect(list.map { $0["title"] as? String } == ["Backend", "ML engineer"])
    #expect(
      Set(list[0].keys) == [
        "id", "title", "goal", "metric", "stack", "milestone", "model", "budget_min", "budget_max", "banks",
        "contacts", "repo", "board",
        "archived", "fit",
      ])
  }

  @Test func editAndMove() throws {
    let h = try Harness()
    h.run("candidate add Ada --tier 1 --tag ml")
    #expect(h.run("candidate edit ada --source Upwork --rate 80 --tag rag --untag ml --link https://x.io") == [0])
    let c = try #require(try h.ctx.db.candidates().first)
    #expect(c.tier == .generalPlatform)
    #expect(c.rate == 80)
    #expect(c.tags == ["rag"])
    #expect(c.links == ["https://x.io"])
    #expect(h.run("candidate move ada screening --note \"intro call\"") == [0])
    #expect(try h.ctx.db.statusHistory(candidateId: c.id).last?.note == "intro call")
  }

  @Test func helpWorks() throws {
    let h = try Harness()
    #expect(h.run("help") == [0])
    #expect(h.out.contains("candidate"))
    h.clear()
    #expect(h.run("help candidate add") == [0])
    #expect(h.out.contains("--tier"))
    h.clear()
    #expect(h.run("candidate add --help") == [0])
    #expect(h.out.contains("--source"))
  }

  @Test func commentsAndBlankLinesDoNothing() throws {
    let h = try Harness()
    #expect(h.run("", "   ", "# a comment") == [0, 0, 0])
    #expect(h.out.isEmpty && h.err.isEmpty)
  }
}

@Suite struct StartUpTests {
  @Test func theEnvironmentIsReadAsFoundationReadsIt() {
    #expect(ShortlistMain.processEnvironment() == ProcessInfo.processInfo.environment)
  }

  /// `Root.parse` skips argument-parser's completion probe: every line parses to what `parseAsRoot` gives, and
  /// every line it cannot take (help, errors, a completion request) is `parseAsRoot`'s, message for message.
  @Test(arguments: [
    "candidate show Ada", "candidate list --format json --tier 2", "interview list", "tiers --role all --format json",
    "candidate show", "candidate show Ada --format yaml", "candidate bogus", "help candidate", "candidate --help",
    "candidate list --generate-completion-script bash", "--generate-completion-script zsh", "role add X --bogus",
    "compare --role all", "export shortlist --out x.csv",
  ])
  func parsesAsParseAsRoot(_ line: String) throws {
    let words = try ShellWords.split(line)
    func outcome(_ parse: () throws -> ParsableCommand) -> String {
      do {
        let command = try parse()
        return "\(type(of: command)) \(String(describing: command))"
      } catch {
        return "error \(Root.exitCode(for: error).rawValue): \(Root.fullMessage(for: error, columns: 100))"
      }
    }
    #expect(outcome { try Root.parse(words) } == outcome { try Root.parseAsRoot(words) })
  }
}

@Suite struct CandidateTableTests {
  /// The table written from rows held in memory and the one written past the memory budget (whose full blocks go to
  /// a temporary file; `PackedRowsTests` spills them) are the same, character for character, with and without a sort
  /// and a stale filter.
  @Test func heldAndReReadTablesAreTheSame() throws {
    let h = try Harness()
    let names = ["Ada Lovelace", "Grace Hopper", "Linus", "Zoë Ångström", "田中 太郎", "Edsger W. Dijkstra"]
    for (k, name) in names.enumerated() {
      let line =
        "candidate add \"\(name)\" --tier \(k % 4 + 1) --source \(["Toptal", "referral", "Upwork"][k % 3])"
        + (k % 2 == 0 ? " --rate \(40 + 17 * k)" : "") + " --tag \(["rag", "go", "evals"][k % 3])"
        + (k % 3 == 2 ? " --tag python" : "")
      #expect(h.run(line) == [0], "\(h.err)")
    }
    for args in ["", " --sort name", " --stale 0", " --tier 1"] {
      h.clear()
      h.ctx.tableRowsBudget = 4 << 20
      #expect(h.run("candidate list" + args) == [0])
      let held = h.out
      h.clear()
      h.ctx.tableRowsBudget = 0
      #expect(h.run("candidate list" + args) == [0])
      #expect(h.out == held, "candidate list\(args)")
      #expect(held.contains("candidate"), "\(held)")
    }
  }
}
