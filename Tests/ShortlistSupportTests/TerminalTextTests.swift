import Foundation
import Testing

@testable import ShortlistSupport

@Suite struct TerminalTextTests {
  @Test(arguments: [
    (0x1B, false), (0x07, false), (0x00, false), (0x7F, false), (0x80, false), (0x9B, false), (0x9F, false),
    (0x202A, false), (0x202E, false), (0x2066, false), (0x2069, false), (0x2028, false), (0x2029, false),
    (0x20, true), (0x41, true), (0xA0, true), (0xE9, true), (0x2027, true), (0x202F, true), (0x2065, true),
    (0x206A, true), (0x1F600, true),
  ])
  func whichCharactersReachATerminal(value: UInt32, safe: Bool) throws {
    #expect(TerminalText.isSafe(value) == safe)
    let scalar = try #require(Unicode.Scalar(value))
    let text = "x" + String(Character(scalar)) + "y"
    #expect(TerminalText.safe(text) == (safe ? text : "x?y"))
    #expect(TerminalText.isClean(text.utf8, keepLines: true) == safe)
  }

  @Test func linesAndTabsAreKeptOrFlattened() {
    #expect(TerminalText.safe("a\nb\tc\rd") == "a\nb\tc?d")
    #expect(TerminalText.oneLine("a\nb\tc\rd\u{1B}e") == "a b c d?e")
  }

  /// A table the tool coloured keeps its colour sequences and nothing else: an OSC title, a clear-screen, a C1 CSI, a
  /// bell or a bidi override are replaced as `safe` replaces them, and a sequence that is not a colour stays cut.
  @Test func colourSequencesAloneSurvive() {
    #expect(TerminalText.safeKeepingColours("a \u{1B}[32m 92.2\u{1B}[0m b") == "a \u{1B}[32m 92.2\u{1B}[0m b")
    #expect(TerminalText.safeKeepingColours("\u{1B}[1;2m\u{1B}[m") == "\u{1B}[1;2m\u{1B}[m")
    let planted = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}evil\u{1B}[12345678901234567m\u{1B}[32"
    #expect(TerminalText.safeKeepingColours(planted) == TerminalText.safe(planted))
    #expect(TerminalText.safeKeepingColours("plain text") == "plain text")
  }

  /// The fast byte scan agrees with the scalar rule on random text (seeded; SHORTLIST_SEED replays).
  @Test func theFastScanAgreesWithTheRule() {
    let seed = UInt64(ProcessInfo.processInfo.environment["SHORTLIST_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64.max)
    print("theFastScanAgreesWithTheRule: seed \(seed) (SHORTLIST_SEED=\(seed) replays it)")
    var rng = SplitMix(seed: seed)
    let pool: [UInt32] = [
      0x09, 0x0A, 0x1B, 0x41, 0x7E, 0x7F, 0x85, 0xC2, 0xE9, 0x2028, 0x202D, 0x2030, 0x2067, 0x1F600,
    ]
    for _ in 0..<2_000 {
      let text = String(
        String.UnicodeScalarView(
          (0..<Int(rng.next() % 8)).compactMap { _ in Unicode.Scalar(pool[Int(rng.next() % 14)]) }))
      let expected = text.unicodeScalars.allSatisfy { $0 == "\n" || $0 == "\t" || TerminalText.isSafe($0.value) }
      #expect(TerminalText.isClean(text.utf8, keepLines: true) == expected, "\(text.unicodeScalars.map(\.value))")
    }
  }

  struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }
}
