import Foundation
import GRDB
import Testing

@testable import ShortlistCLI
@testable import ShortlistCore
@testable import ShortlistReports
@testable import ShortlistStore

@Suite struct ComparisonBuilderTests {
  /// The candidates' part of the JSON document (everything but the agreement section).
  static func rowsJSON(_ built: BuiltComparison) throws -> String {
    var bytes: [UInt8] = []
    try built.base.writeJSON({ bytes.append(contentsOf: $0) }, extra: { [] })
    return String(decoding: bytes, as: UTF8.self)
  }

  static func close(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case let (x?, y?): abs(x - y) <= 1e-12 * max(1, abs(x))
    default: false
    }
  }

  static func sameAgreement(_ a: AgreementSection, _ b: AgreementSection) -> Bool {
    guard a.perQuestion.keys.sorted() == b.perQuestion.keys.sorted() else { return false }
    for (q, x) in a.perQuestion {
      guard let y = b.perQuestion[q], close(x.interval.value, y.interval.value),
        close(x.ordinal.value, y.ordinal.value), x.interval.units == y.interval.units, x.verdict == y.verdict,
        close(x.ci?.lowerBound, y.ci?.lowerBound), close(x.ci?.upperBound, y.ci?.upperBound)
      else { return false }
    }
    guard close(a.overallInterval.value, b.overallInterval.value),
      close(a.overallOrdinal.value, b.overallOrdinal.value), a.overallVerdict == b.overallVerdict,
      close(a.overallCI?.lowerBound, b.overallCI?.lowerBound), close(a.icc.icc21, b.icc.icc21),
      close(a.icc.icc2k, b.icc.icc2k), a.icc.targets == b.icc.targets,
      a.interviewers.count == b.interviewers.count
    else { return false }
    for (x, y) in zip(a.interviewers, b.interviewers) {
      guard x.rater == y.rater, x.scorecards == y.scorecards, x.sharedItems == y.sharedItems,
        close(x.offset, y.offset)
      else { return false }
    }
    guard a.adjustedScores.count == b.adjustedScores.count else { return false }
    for (id, x) in a.adjustedScores {
      guard let y = b.adjustedScores[id], close(x, y) else { return false }
    }
    return true
  }

  /// A comparison read in slices, its rows in a temporary file, is the comparison read whole: the same rows in the
  /// same order in every format, the same agreement section (up to the order floating-point sums are taken in), with
  /// a role or without, one tier or all, adjusted or not, the JSON written as the rows are read or after.
  @Test func slicesGiveTheWholeComparison() throws {
    let h = try Harness()
    #expect(h.run("demo --candidates 300 --seed 4") == [0])
    let role = try h.ctx.db.roles().first { $0.id == (try? h.ctx.db.currentRoleId()) ?? nil }
    for (role, tier, adjusted) in [(nil, nil, false), (role, nil, true), (nil, Tier.curatedMarketplace, false)] {
      let whole = try ComparisonBuilder.build(
        ctx: h.ctx, role: role, tier: tier, adjusted: adjusted, agreement: true, slice: 1_000_000)
      #expect(!whole.base.rows.isSpilled)
      #expect(whole.base.rows.count > 0)
      #expect(whole.agreement.interviewers.count >= 2 && whole.agreement.icc.targets > 0)
      for slice: Int64 in [7, 64] {
        let parts = try ComparisonBuilder.build(
          ctx: h.ctx, role: role, tier: tier, adjusted: adjusted, agreement: true, json: slice == 7, slice: slice)
        #expect(parts.base.rows.isSpilled)
        // Each candidate's JSON written as the slices are read (not with adjusted scores, known only at the end).
        #expect(parts.base.rows.isRendered == (slice == 7 && !adjusted))
        let label = "role \(role?.title ?? "all"), tier \(tier.map { "\($0.rawValue)" } ?? "all"), slice \(slice)"
        #expect(try Self.rowsJSON(parts) == Self.rowsJSON(whole), "\(label)")
        #expect(parts.base.csvRows() == whole.base.csvRows(), "\(label)")
        #expect(parts.base.markdown() == whole.base.markdown(), "\(label)")
        #expect(parts.base.table(width: 100) == whole.base.table(width: 100), "\(label)")
        #expect(parts.base.questions == whole.base.questions, "\(label)")
        #expect(parts.base.versionsText == whole.base.versionsText, "\(label)")
        #expect(Self.sameAgreement(parts.agreement, whole.agreement), "\(label)")
      }
    }
  }

  /// `shortlist show` reads only the shortlisted (`status:`): it gets the whole comparison's rows with that status, with
  /// the whole comparison's questions and bank versions, even when a bank version that only other candidates were
  /// scored with adds a question; with a role or without, a small file or one read in slices.
  @Test func aStatusReadsItsOwnRowsWithTheWholeComparisonsQuestions() throws {
    let h = try Harness()
    #expect(h.run("demo --candidates 200 --seed 5") == [0])
    try h.ctx.db.write { db in
      let row = try #require(try Row.fetchOne(db, sql: "SELECT content FROM bank_snapshot ORDER BY id LIMIT 1"))
      var bank = try QuestionBank.fromCanonicalJSON(row["content"])
      bank.version += 1
      var extra = bank.questions[0]
      extra.id = "extra-question"
      extra.title = "Extra"
      bank.questions.append(extra)
      try db.execute(
        sql: """
          INSERT INTO bank_snapshot (bank_id, version, sha256, title, content, created_at) VALUES (?, ?, ?, ?, ?, 0)
          """, arguments: [bank.id, bank.version, bank.sha256, bank.title, bank.canonicalJSON()])
      let snapshot = db.lastInsertedRowID
      try db.execute(
        sql: """
          UPDATE interview SET snapshot_id = ? WHERE id IN (
            SELECT i.id FROM interview i JOIN candidate c ON c.id = i.candidate_id
            WHERE i.state = 'finished' AND c.status <> 'shortlisted'
              AND NOT EXISTS (SELECT 1 FROM candidate_role r WHERE r.candidate_id = c.id AND r.status = 'shortlisted')
            ORDER BY i.id LIMIT 6)
          """, arguments: [snapshot])
      #expect(db.changesCount == 6)
    }
    let role = try h.ctx.db.roles().first { $0.id == (try? h.ctx.db.currentRoleId()) ?? nil }
    for role in [nil, role] {
      for slice: Int64 in [1_000_000, 16] {
        let whole = try ComparisonBuilder.build(ctx: h.ctx, role: role, slice: slice)
        whole.base.rows.keep { $0.candidate.status == .shortlisted }
        let only = try ComparisonBuilder.build(ctx: h.ctx, role: role, slice: slice, status: .shortlisted)
        let label = "role \(role?.title ?? "all"), slice \(slice)"
        #expect(only.base.rows.count > 0 && only.base.rows.count == whole.base.rows.count, "\(label)")
        #expect(only.base.questions.contains { $0.id == "extra-question" }, "\(label)")
        #expect(only.base.versionsText != nil, "\(label): the mixed versions are said")
        #expect(only.base.questions == whole.base.questions, "\(label)")
        #expect(only.base.versionsText == whole.base.versionsText, "\(label)")
        #expect(try Self.rowsJSON(only) == Self.rowsJSON(whole), "\(label)")
        #expect(only.base.csvRows() == whole.base.csvRows(), "\(label)")
        #expect(only.base.table(width: 100) == whole.base.table(width: 100), "\(label)")
      }
    }
  }

  /// Rows left out of a spilled comparison (`--min-coverage`, `shortlist show`) keep the others in rank order.
  @Test func spilledRowsFilterInOrder() throws {
    let h = try Harness()
    #expect(h.run("demo --candidates 120 --seed 2") == [0])
    let whole = try ComparisonBuilder.build(ctx: h.ctx, role: nil, slice: 1_000_000)
    let parts = try ComparisonBuilder.build(ctx: h.ctx, role: nil, slice: 10)
    var kept = whole.base.rows
    kept.keep { $0.result.coverage > 0.5 }
    parts.base.rows.keep { $0.result.coverage > 0.5 }
    #expect(parts.base.rows.ids == kept.ids)
    #expect(!kept.ids.isEmpty && kept.count < whole.base.rows.count)
  }
}
