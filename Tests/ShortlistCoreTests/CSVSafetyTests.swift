import Testing

@testable import ShortlistCore

@Suite struct CSVSafetyTests {
  @Test(arguments: [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("\0x", "'\0x"), ("'=x", "''=x"), ("''-x", "'''-x"), ("plain", "plain"), ("'quoted", "'quoted"),
    ("", ""), ("'", "'"), ("a=b", "a=b"), ("\r\nx", "'\r\nx"),
    // A trigger followed by a combining mark is one Character in Swift but still starts with the trigger byte.
    ("=\u{301}1+1", "'=\u{301}1+1"), ("'\u{301}x", "'\u{301}x"), ("-\u{20DD}", "'-\u{20DD}"),
  ])
  func guardsAndUnguards(value: String, written: String) {
    #expect(CSVSafety.guardField(value) == written)
    #expect(CSVSafety.unguardField(written) == value)
    #expect(!CSVSafety.startsWithTrigger(written))
  }
}
