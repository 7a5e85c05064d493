import CSV
import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

@Suite struct ListingsTests {
  static let ada = Candidate(
    id: 7, uuid: "u-7", name: "Ada \"A\" Lovelace", email: "ada@example.com", tier: .nicheNetwork, source: "AI network",
    rate: 95.5, status: .shortlisted, createdAt: Date(timeIntervalSince1970: 1_796_002_420),
    links: ["https://a.example"], tags: ["rag", "python"], roles: ["ML"])

  static let summary = InterviewSummary(
    id: 3, uuid: "i-3", candidateId: 7, candidateName: "Ada", roleId: nil, snapshotId: 1, bankId: "rag-prototype",
    bankVersion: 2, interviewer: "alice", startedAt: Date(timeIntervalSince1970: 1_796_000_000), finishedAt: nil,
    state: .open, currentQuestion: 0, recommendation: .yes, sealed: false)

  static func object(_ bytes: [UInt8]) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
  }

  @Test func candidateJSONHasThePublicKeysInOrder() throws {
    var j = JSONStream()
    CandidateListing.write(Self.ada, to: &j)
    let text = String(decoding: j.bytes, as: UTF8.self)
    let keys = ["id", "name", "tier", "source", "rate", "status", "email", "tags", "roles", "links", "uuid", "created"]
    let positions = keys.map { text.range(of: "\"\($0)\":")?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil })
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    let o = try Self.object(j.bytes)
    #expect(o["name"] as? String == "Ada \"A\" Lovelace" && o["rate"] as? Double == 95.5)
    #expect(o["created"] as? String == "2026-11-30T01:33:40Z" && o["tags"] as? [String] == ["rag", "python"])
  }

  @Test func candidateShowAddsHistoryAndInterviews() throws {
    let history = [
      StatusChange(id: 1, candidateId: 7, from: nil, to: .sourced, at: Date(timeIntervalSince1970: 0), note: nil),
      StatusChange(
        id: 2, candidateId: 7, from: .sourced, to: .shortlisted, at: Date(timeIntervalSince1970: 60), note: "n"),
    ]
    let o = try Self.object(CandidateListing.detailJSON(Self.ada, history: history, interviews: [Self.summary]))
    let h = try #require(o["history"] as? [[String: Any]])
    #expect(h.count == 2 && h[1]["from"] as? String == "sourced" && h[1]["at"] as? String == "1970-01-01T00:01:00Z")
    let i = try #require(o["interviews"] as? [[String: Any]])
    #expect(i.first?["bank_version"] as? Int == 2 && i.first?["recommendation"] as? String == "yes")
    #expect(i.first?["finished"] is NSNull && i.first?["sealed"] as? Bool == false)
  }

  @Test func csvRowsMatchTheirHeaderAndRoundTrip() throws {
    var out: [UInt8] = []
    var w = CSVWriter { out.append(contentsOf: $0) }
    try w.write(CandidateListing.csvHeader)
    try CandidateListing.writeCSV(Self.ada, to: &w)
    try w.write(InterviewListing.csvHeader)
    try InterviewListing.writeCSV(Self.summary, to: &w)
    try w.flush()
    let reader = try CSVReader(string: String(decoding: out, as: UTF8.self))
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    #expect(rows[1].count == CandidateListing.csvHeader.count && rows[1][1] == "Ada \"A\" Lovelace")
    #expect(rows[1][4] == "95.5" && rows[1][7] == "rag;python")
    #expect(rows[3].count == InterviewListing.csvHeader.count && rows[3][5] == "2026-11-30T00:53:20Z")
  }

  @Test func interviewDetailListsEveryQuestion() throws {
    let bank = QuestionBank(
      id: "b", title: "B", version: 1, scenario: "S",
      questions: [
        Question(id: "q1", title: "Q1", prompt: "P", weight: 2, signals: ["s1", "s2"], rubric: ["1", "2", "3", "4"])
      ])
    let d = InterviewDetail(
      summary: Self.summary, bank: bank, bankHash: "h",
      notes: [InterviewNote(id: 1, questionId: "q1", text: "said x", at: Date(timeIntervalSince1970: 5))],
      answers: ["q1": InterviewAnswer(questionId: "q1", score: 3, comment: "c", skipped: false, skipReason: nil)],
      signals: ["q1": [2: .partial]])
    let o = try Self.object(InterviewListing.detailJSON(d))
    #expect(o["bank_sha256"] as? String == "h")
    let q = try #require((o["questions"] as? [[String: Any]])?.first)
    #expect(q["score"] as? Int == 3 && q["rubric"] as? String != nil)
    let signals = try #require(q["signals"] as? [[String: Any]])
    #expect(signals[0]["mark"] is NSNull && signals[1]["mark"] as? String == "partial")
    #expect((q["notes"] as? [[String: Any]])?.first?["text"] as? String == "said x")
  }
}
