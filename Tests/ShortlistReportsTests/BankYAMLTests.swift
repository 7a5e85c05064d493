import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

/// A bank written back from its snapshot parses to the same bank, with the same hash, whatever its texts hold.
@Suite struct BankYAMLTests {
  @Test func theShippedBanksRoundTrip() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("QuestionBanks")
    let files = BankLibrary.bankFiles(in: folder.path)
    #expect(!files.isEmpty)
    for file in files {
      let bank = try BankParser.parse(file: URL(fileURLWithPath: file))
      let back = try BankParser.parse(yaml: BankYAML.render(bank), path: "export.yaml")
      #expect(back == bank, "\(file)")
      #expect(back.sha256 == bank.sha256)
    }
  }

  @Test func awkwardTextSurvives() throws {
    let texts = [
      "quote \" and \\ back", "colon: and # hash", "- dash first", "tab\there", "'single' ✓ José", "yes",
      "nbsp \u{A0} degree ° pound £",
    ]
    let bank = QuestionBank(
      id: "awkward", title: texts[1], version: 3, scenario: texts[0],
      questions: (1...3).map { i in
        Question(
          id: "q\(i)", title: texts[2] + " \(i)", prompt: texts[3], weight: 1.5, timeboxMinutes: 5,
          followUps: [texts[4], texts[6]],
          signals: [texts[5], "no"], rubric: texts.prefix(4).map { $0 })
      })
    let back = try BankParser.parse(yaml: BankYAML.render(bank), path: "export.yaml")
    #expect(back == bank)
  }

  /// Bank text never holds a control character (the parser refuses one), but a snapshot merged from another file
  /// might: its export writes C1 controls as escapes (YAML may not carry them raw; U+0085 is a line break to it), so
  /// the file reads back to the parser's one-line refusal, and a terminal showing it never obeys a CSI.
  @Test func controlsInASnapshotAreWrittenAsEscapes() throws {
    var bank = Self.small
    #expect(try BankParser.parse(yaml: BankYAML.render(bank), path: "small.yaml") == bank)
    bank.title = "csi \u{9B}31m nel \u{85}"
    let yaml = BankYAML.render(bank)
    #expect(!yaml.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
    #expect(yaml.contains("\\u009b") && yaml.contains("\\u0085"))
    #expect(throws: BankValidationError.self) { try BankParser.parse(yaml: yaml, path: "export.yaml") }
  }

  static let small = QuestionBank(
    id: "small", title: "Small", version: 1, scenario: "A scenario",
    questions: (1...3).map { i in
      Question(
        id: "q\(i)", title: "Question \(i)", prompt: "Why?", weight: 1, timeboxMinutes: 5, followUps: [],
        signals: ["one signal", "another"], rubric: ["poor", "fair", "good", "great"])
    })
}
