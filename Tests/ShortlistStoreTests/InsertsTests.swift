import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// One insert path per table, and the raw hot-path reads checked against the record reads.
@Suite struct InsertsTests {
  static let insertable: [String: [String]] = [
    SettingRecord.databaseTableName: SettingRecord.insertColumns,
    RoleRecord.databaseTableName: RoleRecord.insertColumns,
    RoleBankRecord.databaseTableName: RoleBankRecord.insertColumns,
    CandidateRecord.databaseTableName: CandidateRecord.insertColumns,
    CandidateLinkRecord.databaseTableName: CandidateLinkRecord.insertColumns,
    CandidateTagRecord.databaseTableName: CandidateTagRecord.insertColumns,
    CandidateRoleRecord.databaseTableName: CandidateRoleRecord.insertColumns,
    CandidateNameTokenRecord.databaseTableName: CandidateNameTokenRecord.insertColumns,
    StatusChangeRecord.databaseTableName: StatusChangeRecord.insertColumns,
    BankSnapshotRecord.databaseTableName: BankSnapshotRecord.insertColumns,
    InterviewRecord.databaseTableName: InterviewRecord.insertColumns,
    NoteRecord.databaseTableName: NoteRecord.insertColumns,
    AnswerRecord.databaseTableName: AnswerRecord.insertColumns,
    SignalMarkRecord.databaseTableName: SignalMarkRecord.insertColumns,
    ForgottenRecord.databaseTableName: ForgottenRecord.insertColumns,
    QuestionTimeRecord.databaseTableName: QuestionTimeRecord.insertColumns,
    SourceTierRecord.databaseTableName: SourceTierRecord.insertColumns,
    InterviewAbortRecord.databaseTableName: InterviewAbortRecord.insertColumns,
    CandidateNoteRecord.databaseTableName: CandidateNoteRecord.insertColumns,
    EngagementRecord.databaseTableName: EngagementRecord.insertColumns,
    ContractCheckRecord.databaseTableName: ContractCheckRecord.insertColumns,
    OnboardingItemRecord.databaseTableName: OnboardingItemRecord.insertColumns,
    WeeklyReportRecord.databaseTableName: WeeklyReportRecord.insertColumns,
    CheckinRecord.databaseTableName: CheckinRecord.insertColumns,
    RiskRecord.databaseTableName: RiskRecord.insertColumns,
    RoleFitRecord.databaseTableName: RoleFitRecord.insertColumns,
    SyncConflictRecord.databaseTableName: SyncConflictRecord.insertColumns,
  ]

  /// Every table of the schema has a record whose insert writes every column but a generated id: a new table or
  /// column without its record fails here.
  @Test func everyTableHasARecordThatWritesEveryColumn() throws {
    let db = try AppDatabase.inMemory()
    try db.read { db in
      let tables = try String.fetchAll(
        db,
        sql:
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'"
      )
      #expect(Set(tables) == Set(Self.insertable.keys))
      for table in tables {
        let columns = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?)", arguments: [table])
          .filter { !($0["name"] == "id" && $0["pk"] == 1) }
          .map { $0["name"] as String }
        #expect(Set(columns) == Set(Self.insertable[table] ?? []), "\(table)")
        #expect(columns.count == Self.insertable[table]?.count, "\(table)")
      }
    }
  }

  /// A record written through its insert path reads back equal through GRDB's decoding.
  @Test func recordsRoundTrip() throws {
    let db = try AppDatabase.inMemory()
    try db.write { db in
      let role = RoleRecord(
        NewRole(title: "R", goal: "g", model: .tm, budgetMin: 10, budgetMax: 20, banks: []))
      var stored = role
      stored.id = try role.insertRow(db)
      #expect(try RoleRecord.fetchOne(db, key: stored.id) == stored)
      var c = CandidateRecord(
        NewCandidate(name: "Zoë \"Z\" O'Neil", email: "z@example.com", tier: .directOutreach, source: "s", rate: 95.5),
        provenance: "sheet.csv:2")
      let cid = try c.insertRow(db)
      c.id = cid
      #expect(try CandidateRecord.fetchOne(db, key: c.id) == c)
      let link = CandidateLinkRecord(candidateId: cid, position: 0, url: "https://example.com/ü?q=1&r=2")
      try link.insertRow(db)
      #expect(try CandidateLinkRecord.fetchAll(db) == [link])
      var change = StatusChangeRecord(candidateId: cid, fromStatus: nil, toStatus: "sourced", at: 1.5, note: "n")
      change.id = try change.insertRow(db)
      #expect(try StatusChangeRecord.fetchOne(db, key: change.id) == change)
      var snap = BankSnapshotRecord(bankId: "b", version: 1, sha256: "h", title: "T", content: "{}", createdAt: 2)
      let sid = try snap.insertRow(db)
      snap.id = sid
      var interview = InterviewRecord(
        uuid: "u", candidateId: cid, roleId: stored.id, snapshotId: sid, interviewer: "alice", startedAt: 3,
        finishedAt: nil, state: "open", currentQuestion: 1, recommendation: "yes")
      let iid = try interview.insertRow(db)
      interview.id = iid
      #expect(try InterviewRecord.fetchOne(db, key: interview.id) == interview)
      var answer = AnswerRecord(
        interviewId: iid, questionId: "q1", score: 3, comment: "c", skipped: false, skipReason: nil, at: 4)
      try answer.insertRow(db)
      // `.replace` is the upsert of the live call: the second write of a question wins.
      answer.score = nil
      answer.skipped = true
      answer.skipReason = "no time"
      try answer.insertRow(db, .replace)
      #expect(try AnswerRecord.fetchAll(db) == [answer])
      // `.ignore` keeps the first row and says so through changesCount.
      let tag = CandidateTagRecord(candidateId: cid, tag: "rag")
      try tag.insertRow(db, .ignore)
      try CandidateTagRecord(candidateId: cid, tag: "RAG").insertRow(db, .ignore)
      #expect(db.changesCount == 0)
      #expect(try CandidateTagRecord.fetchAll(db) == [tag])
    }
  }

  /// The raw C-API reads of the hot paths (candidate listing, comparison scores, the notes index) give what the
  /// record reads give, on the demo data set.
  @Test func rawHotPathsAgreeWithRecordReads() throws {
    let db = try AppDatabase.inMemory()
    let bank = InterviewsTests.bank()
    try db.insertDemo(DemoPlan.make(candidates: 60, seed: 3, roles: [("RAG", bank), ("Backend", bank)]))
    let everyone = Viewer("nobody", seesEverything: true)

    let raw = try db.candidates()
    let (records, links, tags, roles) = try db.read { db in
      (
        try CandidateRecord.order(CandidateRecord.Columns.id).fetchAll(db),
        try CandidateLinkRecord.order(CandidateLinkRecord.Columns.position).fetchAll(db),
        try CandidateTagRecord.fetchAll(db),
        try Row.fetchAll(
          db, sql: "SELECT cr.candidate_id, r.title FROM candidate_role cr JOIN role r ON r.id = cr.role_id")
      )
    }
    #expect(raw.count == records.count && raw.count == 60)
    for (r, record) in zip(raw.sorted { $0.id < $1.id }, records) {
      var expected = try record.candidate()
      expected.links = links.filter { $0.candidateId == record.id }.map(\.url)
      expected.tags = tags.filter { $0.candidateId == record.id }.map(\.tag)
      expected.roles = roles.filter { $0["candidate_id"] == record.id }.map { $0["title"] as String }
      #expect(r.id == expected.id && r.name == expected.name && r.email == expected.email)
      #expect(r.tier == expected.tier && r.status == expected.status && r.source == expected.source)
      #expect(r.rate == expected.rate && r.createdAt == expected.createdAt && r.links == expected.links)
      #expect(Set(r.tags) == Set(expected.tags) && Set(r.roles) == Set(expected.roles))
    }

    let data = try db.comparisonData(roleId: nil, tier: nil, viewer: everyone)
    let answers = try db.read { db in try AnswerRecord.fetchAll(db) }
    var scored = 0
    for (_, cards) in data.scorecards {
      for card in cards {
        for (q, question) in data.questions.enumerated() {
          let stored = answers.first { $0.interviewId == card.interviewId && $0.questionId == question.id }
          #expect(Int(card.scores[q]) == (stored?.score ?? 0))
          if card.scores[q] > 0 { scored += 1 }
        }
      }
    }
    #expect(scored > 0)

    let notes = try db.read { db in try NoteRecord.fetchAll(db) }
    let owners = try db.read { db in
      Dictionary(uniqueKeysWithValues: try InterviewRecord.fetchAll(db).map { ($0.id, $0.candidateId) })
    }
    let picks = Dictionary(uniqueKeysWithValues: raw.map { ($0.id, data.questions.map(\.id)) })
    let aligned = try db.notesAligned(for: picks, viewer: everyone)
    for (cid, questions) in picks {
      for (q, question) in questions.enumerated() {
        let expected = notes.filter { owners[$0.interviewId] == cid && $0.questionId == question }
          .sorted { ($0.at, $0.id ?? 0) < ($1.at, $1.id ?? 0) }.map(\.text)
        #expect(aligned[cid]?[q] == (expected.isEmpty ? nil : expected.joined(separator: " / ")), "\(cid) \(question)")
      }
    }
  }
}

@Suite struct SchemaObjectsTests {
  /// Every object today's schema creates is one the foreign-object check knows.
  @Test func theFreshSchemaHasNoForeignObjects() throws {
    let db = try AppDatabase.inMemory()
    #expect(try db.read { try Schema.foreignObjects($0) }.isEmpty)
    try db.writer.write { try $0.execute(sql: "CREATE VIEW v AS SELECT 1") }
    #expect(try db.read { try Schema.foreignObjects($0) } == ["view 'v'"])
  }
}

/// Nothing a file holds can trap the process: the Store and the CLI use no `try!`, no `fatalError` and no force
/// unwrap of a dictionary or array lookup.
@Suite struct NoTrapsTests {
  @Test func storeAndCLIHaveNoTraps() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    var found: [String] = []
    for folder in ["Sources/ShortlistStore", "Sources/ShortlistCLI"] {
      let dir = root.appendingPathComponent(folder)
      let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
      for file in files where file.hasSuffix(".swift") {
        let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          let code = line.trimmingCharacters(in: .whitespaces)
          if code.hasPrefix("//") { continue }
          for trap in ["try!", "fatalError(", "]!"] where code.contains(trap) {
            found.append("\(folder)/\(file):\(n + 1): \(trap)")
          }
        }
      }
    }
    #expect(found.isEmpty, "\(found)")
  }
}
