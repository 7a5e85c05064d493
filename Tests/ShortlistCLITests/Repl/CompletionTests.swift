import ArgumentParser
import Foundation
import Testing

@testable import ShortlistCLI
@testable import ShortlistCore
@testable import ShortlistStore

/// Completion is derived from the command tree: every command, subcommand and flag of argument-parser is offered,
/// and nothing else.
@Suite struct CompletionTests {
  /// Every path of the tree, e.g. ["candidate", "add"], with its node.
  func paths(_ node: CommandRegistry.Node, _ prefix: [String] = []) -> [([String], CommandRegistry.Node)] {
    [(prefix, node)] + node.subcommands.flatMap { paths($0, prefix + [$0.name]) }
  }

  @Test func theRegistryIsArgumentParsersTree() throws {
    let root = CommandRegistry.root
    // argument-parser adds its own `help` command to the root.
    #expect(root.subcommands.map(\.name) == Root.configuration.subcommands.map { $0._commandName } + ["help"])
    for sub in Root.configuration.subcommands {
      let node = try #require(root.subcommand(sub._commandName))
      #expect(node.subcommands.map(\.name) == sub.configuration.subcommands.map { $0._commandName })
    }
    #expect(Set(CommandRegistry.commandWords) == Set(Session.commandWords))
    #expect(CommandRegistry.commandWords.contains("help"))
  }

  @Test func everyCommandSubcommandAndFlagIsOffered() throws {
    let h = try Harness()
    #expect(Completion.candidates(before: [], text: "", ctx: h.ctx) == CommandRegistry.commandWords)
    for (path, node) in paths(CommandRegistry.root) where !path.isEmpty && path != ["help"] {
      if !node.subcommands.isEmpty {
        #expect(Completion.candidates(before: path, text: "", ctx: h.ctx) == node.subcommands.map(\.name), "\(path)")
        #expect(Completion.candidates(before: ["help"] + path, text: "", ctx: h.ctx) == node.subcommands.map(\.name))
      } else {
        let flags = Completion.candidates(before: path, text: "-", ctx: h.ctx)
        #expect(flags == node.flagNames, "\(path)")
        // Each flag parses: the list holds nothing argument-parser would refuse as unknown.
        for flag in node.flags {
          let spelling = flag.names[0]
          let words = path + [spelling] + (flag.takesValue ? [flag.values.first ?? "x"] : [])
          do {
            _ = try Root.parseAsRoot(words)
          } catch {
            #expect(!Root.message(for: error).contains("Unknown option"), "\(words)")
          }
        }
      }
    }
  }

  @Test(arguments: [
    (["tiers"], "--out"), (["tiers"], "--force"), (["shortlist", "add"], "--note"),
    (["shortlist", "remove"], "--note"),
    (["export", "shortlist"], "--force"), (["compare"], "--force"), (["interview", "resume"], "--as"),
  ])
  func flagsThatWereMissing(path: [String], flag: String) throws {
    let h = try Harness()
    #expect(Completion.candidates(before: path, text: "--", ctx: h.ctx).contains(flag))
  }

  @Test func flagValuesComeFromTheCommandsOwnTypes() throws {
    let h = try Harness()
    let compare = Completion.candidates(before: ["compare", "--format"], text: "", ctx: h.ctx)
    #expect(compare == ReportFormat.allCases.map(\.rawValue))
    let list = Completion.candidates(before: ["candidate", "list", "--format"], text: "", ctx: h.ctx)
    #expect(list == ListFormat.allCases.map(\.rawValue))
    #expect(!list.contains("html"))
    #expect(
      Completion.candidates(before: ["candidate", "list", "--status"], text: "", ctx: h.ctx).contains("screening"))
    #expect(Completion.candidates(before: ["export", "shortlist", "--out"], text: "", ctx: h.ctx).isEmpty)
  }

  /// A command's own `--version` option is offered (only argument-parser's `--version` flag is not).
  @Test func aCommandsVersionOptionIsOffered() throws {
    let h = try Harness()
    #expect(
      Completion.candidates(before: ["bank", "export", "rag-prototype"], text: "--", ctx: h.ctx).contains("--version"))
    #expect(!Completion.candidates(before: ["candidate", "list"], text: "--", ctx: h.ctx).contains("--version"))
  }

  /// Names are completed from the ones the name index finds for the prefix typed (a million are not read on every
  /// Tab): the same names, in either case, as matching every name would give; a prefix with letters beyond ASCII,
  /// or none, still matches against every name; `%` and `_` are letters, not patterns.
  @Test func namesCompleteFromThoseThatBeginWithThePrefix() throws {
    let h = try Harness()
    let names = [
      "Ada Lovelace", "adam Smith", "ADELE Ng", "Ådne Berg", "Élise Roy", "élodie Ma", "Bob Ray", "%cent", "_under",
    ]
    for name in names { #expect(h.run("candidate add \"\(name)\" --tier 2") == [0], "\(h.err)") }
    func complete(_ text: String) -> [String] {
      Completion.matches(before: ["candidate", "show"], text: text, quoted: true, ctx: h.ctx).sorted()
    }
    func every(_ text: String) -> [String] { names.filter { $0.lowercased().hasPrefix(text.lowercased()) }.sorted() }
    for text in ["ad", "AD", "Ada", "ada l", "b", "x", "é", "É", "Å", "%", "_", "%c"] {
      #expect(complete(text) == every(text), "\(text)")
    }
    #expect(complete("") == names.sorted())
    // Past the limit an empty word offers no names (a letter still does).
    #expect(Completion.candidateNames(h.ctx, prefix: "", limit: names.count).sorted() == names.sorted())
    #expect(Completion.candidateNames(h.ctx, prefix: "", limit: names.count - 1).isEmpty)
    #expect(Completion.candidateNames(h.ctx, prefix: "a", limit: 1).count == 3)
    #expect(try h.ctx.db.candidateNames(startingWith: "ad") == ["Ada Lovelace", "adam Smith", "ADELE Ng"])
    #expect(try h.ctx.db.candidateNames(startingWith: "%").count == 1)
  }

  @Test func namesAndStatusesInTheirPlaces() throws {
    let h = try Harness()
    #expect(h.run("candidate add \"Ada Lovelace\" --tier 1", "role add RAG") == [0, 0])
    let ctx = h.ctx
    #expect(Completion.candidates(before: ["candidate", "show"], text: "", ctx: ctx) == ["Ada Lovelace"])
    #expect(
      Completion.candidates(before: ["candidate", "move", "ada"], text: "", ctx: ctx) == Status.allCases.map(\.rawValue)
    )
    #expect(
      Completion.candidates(before: ["candidate", "move", "--note", "x"], text: "", ctx: ctx) == ["Ada Lovelace"])
    #expect(Completion.candidates(before: ["compare", "--role"], text: "", ctx: ctx) == ["RAG"])
    #expect(
      Completion.matches(before: ["candidate", "show"], text: "ad", quoted: false, ctx: ctx) == ["\"Ada Lovelace\""])
  }

  @Test(arguments: [
    ("candidat", "candidate"), ("comapre", "compare"), ("intervew", "interview"), ("tier", "tiers"), ("zzz", nil),
  ])
  func didYouMean(typed: String, expected: String?) {
    #expect(CommandRegistry.suggestion(for: typed, among: CommandRegistry.commandWords) == expected)
  }

  @Test func mistypedCommandsSuggestTheRightOne() throws {
    let h = try Harness()
    #expect(h.run("candidat list") == [64])
    #expect(h.err.contains("did you mean 'candidate'?"))
    h.clear()
    #expect(h.run("candidate lst") == [64])
    #expect(h.err.contains("did you mean 'candidate list'?"))
  }
}
