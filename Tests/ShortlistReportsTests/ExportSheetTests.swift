import CSV
import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

@Suite struct ExportSheetTests {
  static let questions = [
    QuestionRef(id: "q1", title: "Q1", weight: 1, bankId: "b"),
    QuestionRef(id: "q2", title: "Q2", weight: 1, bankId: "b"),
  ]

  static func rows() -> [ComparisonRow] {
    let ada = Candidate(id: 1, name: "Ada, \"A\"", email: "ada@example.com", tier: .nicheNetwork, source: "x", rate: 90)
    let bob = Candidate(id: 2, name: "=cmd|' /C calc'!A0", tier: .generalPlatform, source: "Upwork")
    return Comparison.rank(
      candidates: [ada, bob], questions: questions,
      scorecards: [1: [ScorecardScores(interviewId: 1, interviewer: "alice", scores: [4, 2], recommendation: .yes)]])
  }

  static func sheet(redact: Bool) throws -> [[String]] {
    let sheet = ExportSheet(questions: questions, redact: redact)
    var out: [UInt8] = []
    var w = CSVWriter { out.append(contentsOf: $0) }
    try w.write(sheet.header)
    var rank = 0
    for row in rows() {
      if row.interviewed { rank += 1 }
      // José's case: alice scored q1 high and wrote a note; bob scored q1 low with a comment: each is judged by
      // its own author's score, never the mean.
      let evidence: [EvidenceLine] =
        row.interviewed
        ? [
          EvidenceLine(interviewer: "alice", questionId: "q1", score: 4, text: "clear plan"),
          EvidenceLine(interviewer: "bob", questionId: "q1", score: 1, text: "jumped to tools"),
          EvidenceLine(interviewer: "alice", questionId: "q2", score: 2, text: "vague on cost"),
        ] : []
      try sheet.write(row, rank: row.interviewed ? rank : nil, evidence: evidence, to: &w)
    }
    try w.flush()
    let reader = try CSVReader(string: String(decoding: out, as: UTF8.self))
    var parsed: [[String]] = []
    while let r = reader.next() { parsed.append(r) }
    return parsed
  }

  @Test func everyRowHasTheHeadersColumns() throws {
    for redact in [false, true] {
      let rows = try Self.sheet(redact: redact)
      #expect(rows.count == 3)
      #expect(rows.allSatisfy { $0.count == rows[0].count })
    }
  }

  @Test func rankedRowCarriesMeansAndTheNotesBehindThem() throws {
    let rows = try Self.sheet(redact: false)
    let h = rows[0]
    let ada = Dictionary(uniqueKeysWithValues: zip(h, rows[1]))
    #expect(ada["rank"] == "1" && ada["name"] == "Ada, \"A\"" && ada["q:q1"] == "4.00" && ada["q:q2"] == "2.00")
    #expect(ada["strengths"] == "alice (q1, 4): clear plan")
    #expect(ada["concerns"] == "bob (q1, 1): jumped to tools\nalice (q2, 2): vague on cost")
    #expect(ada["recommendations"] == "1 yes")
    let bob = Dictionary(uniqueKeysWithValues: zip(h, rows[2]))
    #expect(bob["rank"] == "" && bob["coverage"] == "" && bob["strengths"] == "")
    // A formula trigger is neutralised, never run by a spreadsheet.
    #expect(bob["name"]?.hasPrefix("'=") == true)
  }

  @Test func redactedSheetHasNoNamesEmailsOrLinks() throws {
    let rows = try Self.sheet(redact: true)
    #expect(rows[0].contains("candidate_id") && !rows[0].contains("name") && !rows[0].contains("links"))
    #expect(!rows.joined().joined().contains("ada@example.com") && !rows.joined().joined().contains("Ada"))
  }
}
