import Testing

@testable import ShortlistCore

@Suite struct NameKeyTests {
  @Test(arguments: [
    ("José Ñúñez-O'Brien", "jose nunez obrien"), ("LUKAS MÜLLER", "lukas muller"),
    ("  Ada   Lovelace ", "ada lovelace"),
    ("Søren Kierkegaard", "soren kierkegaard"), ("Straße", "strasse"), ("Łukasz Żółć", "lukasz zolc"),
    ("Zoë \"Z\" O’Neil", "zoe z oneil"), ("Nguyễn Thị Minh Khai", "nguyen thi minh khai"), ("Ｔｏｋｙｏ", "tokyo"),
    ("李小龍", "李小龍"), ("Anonymised #12", "anonymised 12"), ("", ""), ("---", ""),
  ])
  func folds(_ name: String, _ key: String) {
    #expect(NameKey.fold(name) == key)
  }

  /// The byte-by-byte path for ASCII names gives what the Unicode path gives: every string of up to three
  /// characters over letters of both cases, digits, apostrophes, spaces and punctuation.
  @Test func asciiFastPathAgreesWithTheUnicodePath() {
    let alphabet = ["a", "Z", "0", " ", "'", "`", "-", "_", ".", "#", "\"", "\t", "\u{7F}", "\u{1}"]
    var names = [""]
    for _ in 0..<3 { names += names.flatMap { n in alphabet.map { n + $0 } } }
    for name in Set(names) { #expect(NameKey.foldASCII(name) == NameKey.foldUnicode(name), "\(name.debugDescription)") }
    #expect(NameKey.foldASCII("José") == nil)
  }

  @Test func wordsAreDistinctAndInOrder() {
    #expect(NameKey.words("jose nunez obrien nunez") == ["jose", "nunez", "obrien"])
    #expect(NameKey.words("") == [])
  }

  @Test func theBoundIsAboveEveryContinuation() {
    let bound = NameKey.prefixBound("nu")
    for s in ["nu", "nunez", "nu\u{10FFFE}", "nu李"] {
      #expect(Array(s.utf8).lexicographicallyPrecedes(Array(bound.utf8)))
    }
    #expect(!Array("nv".utf8).lexicographicallyPrecedes(Array(bound.utf8)))
  }
}
