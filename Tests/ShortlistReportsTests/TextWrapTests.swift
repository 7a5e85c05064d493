import Testing

@testable import ShortlistReports

@Suite struct TextWrapTests {
  static let rubric =
    "Sketches a pipeline that starts from the tickets: samples 50, names the stale and duplicated pages, and proposes concrete checks or questions before any tool."

  @Test(arguments: [40, 60, 80, 100])
  func linesFitAndWordsStayWhole(width: Int) {
    let lead = " *3 Solid: "
    let lines = TextWrap.wrap(Self.rubric, width: width, lead: lead)
    #expect(lines.allSatisfy { TextTable.width($0) <= width }, "\(lines)")
    #expect(lines[0].hasPrefix(lead))
    // Continuation lines hang under the end of the label.
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: lead.count)) })
    // Joining the lines gives the words back in order: nothing cut mid-word.
    let words = lines.map { $0.trimmingPrefix(" *3 Solid: ") }.joined(separator: " ").split(separator: " ")
    #expect(words == Self.rubric.split(separator: " "))
  }

  @Test func aWordLongerThanTheLineIsCutAndNothingIsLost() {
    let url = "https://example.com/" + String(repeating: "x", count: 70)
    let lines = TextWrap.wrap("see \(url) now", width: 30)
    #expect(lines.allSatisfy { TextTable.width($0) <= 30 })
    #expect(lines.joined().replacingOccurrences(of: " ", with: "") == "see\(url)now")
  }

  @Test func wideCharactersCountTwoColumns() {
    let lines = TextWrap.wrap(String(repeating: "李小龍 ", count: 10), width: 20)
    #expect(lines.allSatisfy { TextTable.width($0) <= 20 })
    #expect(lines.count == 4)  // three words of 6 columns and two spaces fill a line of 20
  }

  @Test func emptyTextIsTheLeadAlone() {
    #expect(TextWrap.wrap("", width: 40, lead: "note: ") == ["note:"])
  }
}
