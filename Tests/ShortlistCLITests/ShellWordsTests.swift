import Testing

@testable import ShortlistCLI

@Suite struct ShellWordsTests {
  @Test(arguments: [
    ("candidate add \"Ada Lovelace\" --tier 2", ["candidate", "add", "Ada Lovelace", "--tier", "2"]),
    ("a 'b c' d", ["a", "b c", "d"]),
    ("a\\ b", ["a b"]),
    ("x \"q\\\"uote\"", ["x", "q\"uote"]),
    ("  spaced   out  ", ["spaced", "out"]),
    ("empty \"\" arg", ["empty", "", "arg"]),
    ("mixed\"quo\"ted", ["mixedquoted"]),
    ("candidate add Ada --source Toptal  # Toptal => tier 2", ["candidate", "add", "Ada", "--source", "Toptal"]),
    ("candidate show #12", ["candidate", "show", "#12"]),
    ("# a whole comment", []),
    ("tag a#b '#quoted' \\#escaped", ["tag", "a#b", "#quoted", "#escaped"]),
    ("note #hashtag", ["note"]),
  ])
  func splits(line: String, words: [String]) throws {
    #expect(try ShellWords.split(line) == words)
  }

  @Test func unterminatedQuote() {
    #expect(throws: ShellWords.Unterminated.self) { try ShellWords.split("candidate add \"Ada") }
  }

  @Test(arguments: ["Ada Lovelace", "O'Brien", "say \"hi\"", "back\\slash", "plain", "$HOME"])
  func quoteRoundTrips(word: String) throws {
    #expect(try ShellWords.split(ShellWords.quote(word)) == [word])
  }
}
