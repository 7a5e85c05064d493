import Testing

@testable import ShortlistReports

@Suite struct TextTableTests {
  @Test func fitsTheWidthBudget() {
    var t = TextTable([.init("name", minWidth: 4), .init("notes", minWidth: 5), .init("n", align: .right)])
    t.add(["Ada Lovelace", String(repeating: "long text ", count: 30), "1"])
    t.add(["Grace", "short", "22"])
    let out = t.render(maxWidth: 60)
    for line in out.split(separator: "\n") { #expect(TextTable.width(String(line)) <= 60) }
    #expect(out.contains("…"))
    #expect(out.contains("22"))
  }

  @Test func controlCharactersNeverReachTheTerminal() {
    #expect(TextTable.oneLine("a\nb\u{1B}[31mc") == "a b?[31mc")
  }

  @Test func wideCharactersCountDouble() {
    #expect(TextTable.width("日本") == 4)
    #expect(TextTable.width("abc") == 3)
  }

  @Test func markdownEscapesPipes() {
    let md = Markdown.table(headers: ["a", "b"], rows: [["x|y", "<b>"]])
    #expect(md == "| a | b |\n| --- | --- |\n| x\\|y | &lt;b&gt; |")
  }
}
