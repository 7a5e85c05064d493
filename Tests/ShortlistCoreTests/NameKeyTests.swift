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
