import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

@Suite struct HTMLReportTests {
  static let questions = [
    QuestionRef(id: "q1", title: "First <b>", weight: 2, bankId: "b"),
    QuestionRef(id: "q2", title: "Second", weight: 1, bankId: "b"),
  ]

  static func report(names: [String] = ["<script>alert(1)</script>", "Ada", "Bob"]) -> HTMLReport {
    var candidates: [Candidate] = []
    var cards: [Int64: [ScorecardScores]] = [:]
    for (i, n) in names.enumerated() {
      let id = Int64(i + 1)
      candidates.append(Candidate(id: id, name: n, tier: Tier(rawValue: i % 4 + 1)!, source: "x", rate: 100))
      if i < 2 {
        cards[id] = [
          ScorecardScores(
            interviewId: id, interviewer: "a", scores: i == 0 ? ["q1": 4, "q2": 2] : ["q1": 2], order: ["q1", "q2"])
        ]
      }
    }
    let rows = Comparison.rank(candidates: candidates, questions: questions, scorecards: cards)
    let role = Role(id: 1, title: "Role & <title>", goal: "Goal </svg><script>x</script>")
    return HTMLReport(
      comparison: ComparisonReport(role: role, rows: rows, questions: questions),
      agreement: AgreementSection.compute(rows: rows, questions: questions),
      tiers: TierYield.compute(rows: rows, reached: [:]),
      banks: [(id: "b", version: 3, sha256: String(repeating: "a", count: 64), title: "Bank")],
      evidence: [
        1: [
          EvidenceLine(
            interviewer: "alice", questionId: "q1", score: 4,
            text: "a note with </svg> and <img src=x onerror=alert(1)>")
        ]
      ],
      generated: Date(timeIntervalSince1970: 0))
  }

  @Test func escapesEveryPieceOfUserText() {
    let html = Self.report().render()
    #expect(!html.contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!html.contains("</svg><script>"))
    #expect(!html.contains("<img"))
    #expect(html.contains("Role &amp; &lt;title&gt;"))
    #expect(html.contains("First &lt;b&gt;"))
    #expect(HTML.escape("a\"b'c<>&") == "a&quot;b&#39;c&lt;&gt;&amp;")
    // Controls a terminal would obey, C0, DEL and C1 (CSI), never pass; other text, accents and symbols do.
    #expect(HTML.escape("a\u{1B}[2Jb\u{7F}c\u{9B}31md") == "a\u{FFFD}[2Jb\u{FFFD}c\u{FFFD}31md")
    #expect(HTML.escape("José Ñúñez © 2026\tx\ny") == "José Ñúñez © 2026\tx\ny")
  }

  @Test func selfContained() {
    let html = Self.report().render()
    #expect(!html.contains("src=\"http"))
    #expect(!html.contains("href=\"http"))
    #expect(!html.contains("@import"))
    #expect(html.contains("@media print"))
    #expect(html.contains("sha256 " + String(repeating: "a", count: 64)))
  }

  @Test func barLengthsAreProportionalToScores() throws {
    let html = Self.report().render()
    // Candidate 1: q1 4 (w2), q2 2 (w1): 100 * (2*3 + 1) / 9 = 77.78; candidate 2: q1 2 -> 33.33.
    let widths = Self.attributes(named: "width", ofClass: "bar tier", in: html)
    #expect(widths.count == 2, "one bar per scored candidate")
    #expect(abs(widths[0] - HTMLReport.barMax * 700 / 9 / 100) < 0.06)
    #expect(abs(widths[1] - HTMLReport.barMax / 3) < 0.06)
    #expect(HTMLReport.barLength(100) == HTMLReport.barMax)
    #expect(HTMLReport.barLength(0) == 0)
  }

  @Test func heatmapHasACellPerCandidateAndQuestionWithGapsMarked() {
    let html = Self.report().render()
    let cells = html.components(separatedBy: "class=\"cell").count - 1
    #expect(cells == 2 * Self.questions.count)
    #expect(html.components(separatedBy: "class=\"cell gap\"").count - 1 == 1)
    #expect(HTMLReport.cellColor(1) != HTMLReport.cellColor(4))
  }

  /// Past its limit each per-candidate section shows the first rows in rank order and says how many there are and
  /// where all of them are; the notes read are only those of the rows shown.
  @Test func largeComparisonsShowTheirFirstRowsAndSaySo() {
    let names = (1...7).map { "Person \($0)" }
    var report = Self.report(names: names)
    // Two of the seven are scored (see `report`); the other five wait for an interview.
    report.shown = HTMLReport.Selection(report.comparison, limit: 1)
    #expect(report.shown?.scoredCount == 2)
    #expect(report.shown?.waitingCount == 5)
    #expect(report.shown?.evidenceIds == [report.comparison.rows[0].candidate.id])
    let html = report.render()
    #expect(Self.attributes(named: "width", ofClass: "bar tier", in: html).count == 1, "one bar")
    #expect(html.components(separatedBy: "class=\"cell").count - 1 == Self.questions.count, "one heatmap row")
    #expect(html.contains("Showing the first 1 of 2 ranked candidates"))
    #expect(html.contains("Not interviewed yet: Person 3 and 4 more"))
    #expect(!html.contains("Person 4"))
    let whole = Self.report(names: names).render()
    #expect(!whole.contains("Showing the first"))
    #expect(whole.contains("Not interviewed yet: Person 3, Person 4, Person 5, Person 6, Person 7<"))
    #expect(
      Format.grouped(1_234_567) == "1,234,567" && Format.grouped(-1_000) == "-1,000" && Format.grouped(999) == "999")
  }

  static func attributes(named name: String, ofClass cls: String, in html: String) -> [Double] {
    html.components(separatedBy: "<rect class=\"\(cls)").dropFirst().compactMap { chunk in
      guard let r = chunk.range(of: " \(name)=\"") else { return nil }
      let rest = chunk[r.upperBound...]
      return Double(rest.prefix { $0 != "\"" })
    }
  }
}
