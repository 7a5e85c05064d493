import Foundation
import GRDB
import ShortlistSupport
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// A class suite: each test gets its own instance, and `deinit` removes the folders that test made.
@Suite final class PrivacyTests {
  private var made: [String] = []

  deinit { for dir in made { try? FileManager.default.removeItem(atPath: dir) } }

  func tempDir() throws -> String {
    let dir = NSTemporaryDirectory() + "shortlist-privacy-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    made.append(dir)
    return dir
  }

  static let bank = QuestionBank(
    id: "demo", title: "Demo", version: 1, scenario: "S",
    questions: (1...3).map {
      Question(id: "q\($0)", title: "Q\($0)", prompt: "?", signals: ["a", "b"], rubric: ["1", "2", "3", "4"])
    })

  func contains(_ path: String, _ needle: String) -> Bool {
    guard let data = FileManager.default.contents(atPath: path) else { return false }
    return data.range(of: Data(needle.utf8)) != nil
  }

  func tiers(_ db: AppDatabase) throws -> [TierYield] {
    let data = try db.comparisonData(roleId: nil, tier: nil, viewer: Viewer("alice"))
    let rows = Comparison.rank(candidates: data.candidates, questions: data.questions, scorecards: data.scorecards)
    return TierYield.compute(rows: rows, reached: try db.firstReached())
  }

  @Test func forgetErasesThePersonFromTheFiles() throws {
    let dir = try tempDir()
    let path = dir + "/db.sqlite"
    let db = try AppDatabase.open(path: path)
    let name = "Zephyrine Quasimodo"
    let email = "zq-unique-4711@example.com"
    let c = try db.addCandidate(
      NewCandidate(
        name: name, email: email, tier: .curatedMarketplace, source: "Toptal", rate: 123,
        links: ["https://zq-link.example"], tags: ["zq-tag"]))
    let other = try db.addCandidate(
      NewCandidate(name: "Keep Me", tier: .curatedMarketplace, source: "Toptal", rate: 100))
    for (cand, scores) in [(c.id, [3, 4, 2]), (other.id, [2, 2, 3])] {
      let id = try db.startInterview(candidateId: cand, roleId: nil, bank: Self.bank, interviewer: "alice")
      try db.addNote(interviewId: id, questionId: "q1", text: "\(name) said the data was messy")
      for (i, s) in scores.enumerated() {
        try db.setScore(interviewId: id, questionId: "q\(i + 1)", score: s, comment: "about \(name)")
      }
      try db.finishInterview(id)
    }
    try db.move(candidateId: c.id, roleId: nil, to: .shortlisted, note: "\(name) is great")
    let before = try tiers(db)
    try db.forget(candidateId: c.id)
    let after = try tiers(db)
    for (x, y) in zip(before, after) {
      #expect(x.candidates == y.candidates && x.interviewed == y.interviewed && x.shortlisted == y.shortlisted)
      #expect(x.hired == y.hired && x.meanScore == y.meanScore && x.medianDaysToShortlist == y.medianDaysToShortlist)
    }
    let shell = try #require(try db.candidate(id: c.id))
    #expect(shell.name == "Anonymised #\(c.id)")
    #expect(shell.email == nil && shell.links.isEmpty && shell.tags.isEmpty && shell.forgotten)
    #expect(shell.rate == 125, "the 120-129 rate band")
    #expect(shell.tier == .curatedMarketplace && shell.source == "Toptal")
    let detail = try #require(try db.interviewDetail(id: 1, viewer: Viewer("alice")))
    #expect(detail.notes.isEmpty)
    #expect(detail.answers["q1"]?.score == 3 && detail.answers["q1"]?.comment == nil)
    // The byte search: nothing left in the database file or its WAL.
    for file in [path, path + "-wal"] {
      for needle in [name, email, "zq-link", "zq-tag", "Zephyrine"] {
        #expect(!contains(file, needle), "\(needle) in \(file)")
      }
    }
    #expect(contains(path, "Keep Me"))
    #expect(try db.integrityCheck() == "ok")
    db.close()
  }

  @Test func backupWhileInUseIsPrivateAndVerified() throws {
    let dir = try tempDir()
    let db = try AppDatabase.open(path: dir + "/db.sqlite")
    try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let second = try AppDatabase.open(path: dir + "/db.sqlite")
    try second.addCandidate(NewCandidate(name: "Bob", tier: .nicheNetwork, source: "x"))
    let size = try db.backup(to: dir + "/b.sqlite", force: false)
    #expect(size > 0)
    #expect(PrivateFile.mode(dir + "/b.sqlite") == 0o600)
    let copy = try AppDatabase.open(path: dir + "/b.sqlite")
    #expect(try copy.candidates().map(\.name) == ["Ada", "Bob"])
    #expect(try copy.integrityCheck() == "ok")
  }

  /// A forget while another connection reads an old snapshot does not claim the bytes are gone: it says so, and
  /// the next open finishes the purge.
  @Test func aForgetHeldUpByAReaderIsFinishedAtTheNextOpen() throws {
    let path = try tempDir() + "/held.sqlite"
    let db = try AppDatabase.open(path: path)
    let c = try db.addCandidate(NewCandidate(name: "Zelda Fitz", email: "zelda@x.io", tier: .nicheNetwork, source: "x"))
    var config = Configuration()
    config.readonly = true
    let reader = try DatabaseQueue(path: path, configuration: config)
    var complete = true
    try reader.read { r in
      _ = try Int.fetchOne(r, sql: "SELECT count(*) FROM candidate")
      complete = try db.forget(candidateId: c.id)
    }
    try reader.close()
    #expect(!complete, "a reader held the old pages")
    #expect(try db.setting("purge_pending") == "1")
    db.close()
    let again = try AppDatabase.open(path: path)
    #expect(try again.setting("purge_pending") == nil)
    again.close()
    for file in [path, path + "-wal"] {
      let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
      #expect(bytes.range(of: Data("zelda@x.io".utf8)) == nil, "\(file)")
    }
  }

  @Test func olderSchemaMigratesAfterABackup() throws {
    let dir = try tempDir()
    let path = dir + "/old.sqlite"
    // A fixture at every released schema version before the current one.
    for version in Schema.migrations.indices.dropLast() {
      let target = Schema.migrations[version].0
      try? FileManager.default.removeItem(atPath: path)
      let queue = try DatabaseQueue(path: path)
      try Schema.migrator().migrate(queue, upTo: target)
      try queue.write { db in
        try db.execute(sql: "INSERT INTO role(uuid, title, created_at) VALUES ('r1', 'Backend', 1)")
        try db.execute(
          sql:
            "INSERT INTO candidate(uuid, name, email, tier, source, rate, created_at) VALUES ('c1', 'Ada', 'ada@x.io', 2, 'Toptal', 120, 1)"
        )
        try db.execute(sql: "INSERT INTO candidate_role(candidate_id, role_id) VALUES (1, 1)")
        try db.execute(sql: "INSERT INTO status_change(candidate_id, to_status, at) VALUES (1, 'sourced', 1)")
      }
      try queue.close()
      let db = try AppDatabase.open(path: path)
      #expect(try db.storedSchemaVersion() == AppDatabase.schemaVersion)
      let c = try #require(try db.candidates().first)
      #expect(c.name == "Ada" && c.email == "ada@x.io" && c.rate == 120 && c.roles == ["Backend"])
      let backup = "\(path).pre-v\(AppDatabase.schemaVersion).bak"
      #expect(FileManager.default.fileExists(atPath: backup))
      #expect(PrivateFile.mode(backup) == 0o600)
      db.close()
      try? FileManager.default.removeItem(atPath: backup)
    }
  }
}
