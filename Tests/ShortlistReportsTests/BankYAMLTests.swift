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
    let texts = ["quote \" and \\ back", "colon: and # hash", "- dash first", "tab\there", "'single' ✓ José", "yes"]
    let bank = QuestionBank(
      id: "awkward", title: texts[1], version: 3, scenario: texts[0],
      questions: (1...3).map { i in
        Question(
          id: "q\(i)", title: texts[2] + " \(i)", prompt: texts[3], weight: 1.5, timeboxMinutes: 5,
          followUps: [texts[4]],
          signals: [texts[5], "no"], rubric: texts.prefix(4).map { $0 })
      })
    let back = try BankParser.parse(yaml: BankYAML.render(bank), path: "export.yaml")
    #expect(back == bank)
  }
}
