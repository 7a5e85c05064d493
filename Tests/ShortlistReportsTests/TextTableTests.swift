import Foundation
import ShortlistCore
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

  /// A note under a row is said in full: wrapped to the width, indented under the second column, made safe; a row
  /// without one has no extra line.
  @Test func aNoteUnderARowIsWrappedNeverCut() {
    var t = TextTable([.init("", minWidth: 1), .init("name", minWidth: 4, priority: 1), .init("role", minWidth: 3)])
    t.add(["!", "Ada Lovelace", "Backend engineer, carrier integrations"])
    t.add(["", "Grace Hopper", "ML engineer"])
    let note = "no-report no-checkin overdue (human-map, first-ticket, set-up, access-review)\u{1B}[2J"
    for width in [30, 40, 80] {
      let lines = t.render(maxWidth: width, notes: [note, nil]).components(separatedBy: "\n")
      #expect(lines[2].hasPrefix("!  Ada Lovelace"), "\(lines)")
      let noteLines = Array(lines[3..<(lines.count - 1)])
      #expect(lines.last?.hasPrefix("   Grace Hopper") == true, "\(lines)")
      #expect(noteLines.allSatisfy { $0.hasPrefix("   ") && TextTable.width($0) <= width }, "\(noteLines)")
      #expect(
        noteLines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") == TextTable.oneLine(note))
      #expect(!lines.joined().contains("\u{1B}"))
    }
    // Without notes it is the plain table.
    #expect(t.render(maxWidth: 80, notes: []) == t.render(maxWidth: 80))
  }

  /// A wrapping column (a risk's text) goes on under itself on lines where every other column is blank; the words are
  /// all there and none is cut; a text that fits stays on one line.
  @Test func aWrappingColumnContinuesUnderItself() {
    var t = TextTable([
      .init("id", align: .right, priority: 1), .init("owner", priority: 1), .init("risk", minWidth: 12, wraps: true),
    ])
    let risk = "Only one person knows the deploy pipeline and she is away in\u{7}August"
    t.add(["#1", "cto", risk])
    t.add(["#2", "founder", "Short."])
    for width in [30, 44, 200] {
      let lines = t.render(maxWidth: width).components(separatedBy: "\n")
      #expect(lines.allSatisfy { TextTable.width($0) <= width }, "\(lines)")
      let start = lines[0].distance(from: lines[0].startIndex, to: lines[0].range(of: "risk")!.lowerBound)
      let body = lines.dropFirst(2)
      let second = body.firstIndex { $0.hasPrefix("#2") }
      let riskLines = body.prefix { !$0.hasPrefix("#2") }
      #expect(riskLines.dropFirst().allSatisfy { $0.prefix(start).allSatisfy { $0 == " " } }, "\(lines)")
      #expect(riskLines.map { String($0.dropFirst(start)) }.joined(separator: " ") == TextTable.oneLine(risk))
      #expect(second.map { lines[$0] } == "#2  founder  Short.")
      #expect(width < 200 ? riskLines.count > 1 : riskLines.count == 1)
    }
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

@Suite struct ComparisonTableTests {
  func report(questions count: Int, name: (Int) -> String = { "Candidate name \($0)" }) -> ComparisonReport {
    let questions = (1...count).map { QuestionRef(id: "q\($0)", title: "Question \($0)", weight: 1, bankId: "b") }
    let ids = questions.map(\.id)
    let candidates = (1...12).map {
      Candidate(
        id: Int64($0), name: name($0), tier: .curatedMarketplace, source: "Toptal",
        rate: 100)
    }
    var cards: [Int64: [ScorecardScores]] = [:]
    for c in candidates {
      cards[c.id] = [
        ScorecardScores(
          interviewId: c.id, interviewer: "x",
          scores: Dictionary(uniqueKeysWithValues: ids.map { ($0, 1 + Int(c.id) % 4) }),
          order: ids, bankId: "b")
      ]
    }
    let rows = Comparison.rank(candidates: candidates, questions: questions, scorecards: cards)
    return ComparisonReport(role: nil, rows: rows, questions: questions)
  }

  @Test func tooManyQuestionsForTheWidthAreLeftOutAndSaidSo() {
    let text = report(questions: 16).table(width: 100)
    let lines = text.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 100 })
    let header = String(lines[0])
    #expect(header.contains("Q1 ") && !header.contains("Q16"))
    #expect(text.contains("not shown at this width"))
    #expect(!report(questions: 5).table(width: 100).contains("not shown"))
  }

  /// Names are read first: up to 30 columns they are never cut, whatever else gives way; the legend spells out every
  /// code the table used.
  @Test func namesKeepTheirWidthAndTheLegendSpellsOutCodes() {
    let names = ["José Ñúñez-O'Brien", "Kowalski, Aleksandra Maria", "Bo"]
    var r = report(questions: 9) { names[($0 - 1) % names.count] + " \($0)" }
    r.adjusted = Dictionary(uniqueKeysWithValues: r.rows.map { ($0.candidate.id, $0.result.score) })
    let text = r.table(width: 100)
    for n in 1...12 { #expect(text.contains(names[(n - 1) % names.count] + " \(n)"), "\(n)") }
    #expect(text.split(separator: "\n").allSatisfy { TextTable.width(String($0)) <= 100 })
    for code in ["SY strong-yes", "SN strong-no", "n: finished scorecards", "cov:", "adj:", "SL shortlisted"] {
      #expect(text.contains(code), "\(code)")
    }
    // A roomy table keeps the long forms and needs no status legend.
    let roomy = report(questions: 2).table(width: 100)
    #expect(roomy.contains("sourced") && !roomy.contains("src sourced"))
  }

  @Test func ranksAreNeverCutWhenTheTableShrinks() {
    let questions = (1...9).map { QuestionRef(id: "q\($0)", title: "Question \($0)", weight: 1, bankId: "b") }
    let ids = questions.map(\.id)
    var candidates: [Candidate] = []
    var cards: [Int64: [ScorecardScores]] = [:]
    for i in 1...12 {
      let id = Int64(i)
      candidates.append(
        Candidate(
          id: id, name: "A rather long candidate name \(i)", tier: .curatedMarketplace, source: "Toptal marketplace",
          rate: 100))
      cards[id] = [
        ScorecardScores(
          interviewId: id, interviewer: "x", scores: Dictionary(uniqueKeysWithValues: ids.map { ($0, 1 + i % 4) }),
          order: ids,
          bankId: "b")
      ]
    }
    let rows = Comparison.rank(candidates: candidates, questions: questions, scorecards: cards)
    let lines = ComparisonReport(role: nil, rows: rows, questions: questions).table(width: 100).split(separator: "\n")
    let ranks = lines.dropFirst(2).prefix(12).map { $0.split(separator: " ").first.map(String.init) ?? "" }
    #expect(ranks == (1...12).map(String.init))
    #expect(lines.prefix(14).allSatisfy { $0.count <= 100 })
  }

  /// A listing laid out row by row (measure, then layout, then one line per row) prints what the whole-table render
  /// prints, at any width.
  @Test func streamedLayoutMatchesTheWholeRender() {
    let columns: [TextTable.Column] = [
      .init("id", align: .right), .init("name", minWidth: 6), .init("source"),
      .init("tags", minWidth: 4, droppable: true),
    ]
    let rows = [
      ["#1", "José Ñúñez-O'Brien", "Toptal", "rag, python"], ["#22", "李小龍 with a longer name", "referral", ""],
      ["#333", "Ada\u{1B}]0;title\u{7}", "Upwork", "x"],
    ]
    for width in [20, 40, 60, 100] {
      var table = TextTable(columns)
      var measure = TextTable.Measure(columns)
      for row in rows {
        table.add(row)
        measure.add(row)
      }
      let layout = TextTable.Layout(columns, measure: measure, maxWidth: width)
      let streamed = (layout.header() + rows.map { layout.line($0) }).joined(separator: "\n")
      #expect(streamed == table.render(maxWidth: width), "width \(width)")
      #expect(!streamed.contains("\u{1B}"))
    }
  }

  /// A styled cell is wrapped in its style and a reset around its padded text; without color the same table has
  /// no escape at all, and the last column's padding is trimmed either way.
  @Test func stylesWrapThePaddedCell() {
    var table = TextTable([.init("n", align: .right), .init("name")])
    table.add(["7", "Ada"], styles: ["\u{1B}[2m", nil])
    table.add(["12", "Grace Hopper"], styles: [nil, "\u{1B}[1m"])
    let colored = table.render(maxWidth: 80, color: true).components(separatedBy: "\n")
    #expect(colored[2] == "\u{1B}[2m 7\u{1B}[0m  Ada")
    #expect(colored[3] == "12  \u{1B}[1mGrace Hopper\u{1B}[0m")
    let plain = table.render(maxWidth: 80).components(separatedBy: "\n")
    #expect(plain[2] == " 7  Ada" && plain[3] == "12  Grace Hopper")
  }
}
