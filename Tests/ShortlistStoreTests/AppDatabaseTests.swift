import Foundation
import GRDB
import ShortlistSupport
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// A class suite: each test gets its own instance, and `deinit` removes the folders that test made.
@Suite final class AppDatabaseTests {
  private var made: [String] = []

  deinit { for dir in made { try? FileManager.default.removeItem(atPath: dir) } }

  func tempDir() throws -> String {
    let dir = NSTemporaryDirectory() + "shortlist-store-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    made.append(dir)
    return dir
  }

  /// What a read on another thread ended with.
  final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    func set(_ value: String) { lock.withLock { text = value } }
    var value: String? { lock.withLock { text } }
  }

  /// A report's second connection only reads, sees what the first committed, and shares its stop: Ctrl-C
  /// (`interrupt()` on the database the command opened) ends a read running on the second. Once closed, a stop no
  /// longer reaches it. None for a database in memory.
  @Test func aCompanionReaderReadsAndStopsWithItsDatabase() throws {
    let dir = try tempDir()
    let db = try AppDatabase.open(path: dir + "/db.sqlite")
    defer { db.close() }
    #expect(try AppDatabase.inMemory().companionReader() == nil)
    let companion = try #require(db.companionReader())
    #expect(companion.isReadOnly)
    try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "AI network"))
    #expect(try companion.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM candidate") } == 1)
    #expect(throws: StoreError.self) {
      try companion.read { try $0.execute(sql: "DELETE FROM candidate") }
    }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    // Minutes of work unless stopped.
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 5000000000) SELECT count(*) FROM n"
    Thread.detachNewThread {
      do {
        _ = try companion.read { try Int.fetchOne($0, sql: sql) }
        outcome.set("finished")
      } catch {
        outcome.set(error.localizedDescription)
      }
      done.signal()
    }
    // `sqlite3_interrupt` stops only a statement already running: asked again until the read ends (30 s deadline).
    let deadline = Date().addingTimeInterval(30)
    while done.wait(timeout: .now() + 0.05) == .timedOut, Date() < deadline { db.interrupt() }
    #expect(outcome.value?.contains("interrupted (Ctrl-C)") == true, "\(outcome.value ?? "still running")")
    db.clearInterrupt()
    companion.close()
    db.interrupt()
    db.clearInterrupt()
    #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM candidate") } == 1)
  }

  @Test func createsFilePrivateAndInWAL() throws {
    let dir = try tempDir()
    let path = dir + "/new/deeper/db.sqlite"
    let db = try AppDatabase.open(path: path)
    try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "AI network"))
    #expect(PrivateFile.mode(path) == 0o600)
    #expect(PrivateFile.mode(dir + "/new/deeper") == 0o700)
    let mode = try db.reader.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    #expect(mode == "wal")
    let fk = try db.reader.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") }
    #expect(fk == 1)
    #expect(try db.storedSchemaVersion() == AppDatabase.schemaVersion)
    db.close()
  }

  @Test func refusesNonSQLiteFile() throws {
    let path = try tempDir() + "/notes.txt"
    try Data("hello, this is not a database at all".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: StoreError.notADatabase(path)) { try AppDatabase.open(path: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello, this is not a database at all")
  }

  @Test func refusesForeignSQLiteDatabase() throws {
    let path = try tempDir() + "/other.sqlite"
    let q = try DatabaseQueue(path: path)
    try q.write { try $0.execute(sql: "CREATE TABLE t(x)") }
    try q.close()
    #expect(throws: StoreError.notShortlist(path)) { try AppDatabase.open(path: path) }
  }

  @Test func refusesNewerSchemaAndWritesNothing() throws {
    let path = try tempDir() + "/future.sqlite"
    try AppDatabase.open(path: path).close()
    let q = try DatabaseQueue(path: path)
    try q.write { try $0.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99')") }
    try q.close()
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(
      throws: StoreError.newerSchema(path: path, found: AppDatabase.schemaVersion + 1, known: AppDatabase.schemaVersion)
    ) {
      try AppDatabase.open(path: path)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test func userVersionRecordsTheSchemaAndANewerOneIsRefused() throws {
    let path = try tempDir() + "/uv.sqlite"
    try AppDatabase.open(path: path).close()
    let q = try DatabaseQueue(path: path)
    #expect(try q.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == AppDatabase.schemaVersion)
    try q.write { try $0.execute(sql: "PRAGMA user_version = 99") }
    try q.close()
    #expect(throws: StoreError.newerSchema(path: path, found: 99, known: AppDatabase.schemaVersion)) {
      try AppDatabase.open(path: path)
    }
  }

  @Test func candidateRoundTripWithLinksTagsRoles() throws {
    let db = try AppDatabase.inMemory()
    let role = try db.addRole(
      NewRole(title: "ML engineer", model: .tm, budgetMin: 80, budgetMax: 120, banks: ["rag-prototype"]))
    let saved = try db.addCandidate(
      NewCandidate(
        name: "Ada Lovelace", email: "ada@example.com", tier: .curatedMarketplace, source: "Toptal", rate: 120,
        links: ["https://a.example", "https://b.example"], tags: ["rag", "python"]),
      roleIds: [role.id])
    let read = try #require(try db.candidate(id: saved.id))
    #expect(read.name == "Ada Lovelace")
    #expect(read.links == ["https://a.example", "https://b.example"])
    #expect(read.tags == ["rag", "python"])
    #expect(read.roles == ["ML engineer"])
    #expect(read.rate == 120)
    #expect(try db.roles().first?.banks == ["rag-prototype"])
  }

  @Test func duplicateNamesAreRefusedCaseInsensitively() throws {
    let db = try AppDatabase.inMemory()
    try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    #expect(throws: StoreError.self) {
      try db.addCandidate(NewCandidate(name: "ADA", tier: .nicheNetwork, source: "x"))
    }
    #expect(try db.candidateCount() == 1)
  }

  @Test func schemaChecksTierAndStatus() throws {
    let db = try AppDatabase.inMemory()
    #expect(throws: (any Error).self) {
      try db.writer.write {
        try $0.execute(sql: "INSERT INTO candidate(uuid, name, tier, source, created_at) VALUES ('u', 'x', 5, 's', 0)")
      }
    }
    #expect(throws: (any Error).self) {
      try db.writer.write {
        try $0.execute(
          sql:
            "INSERT INTO candidate(uuid, name, tier, source, status, created_at) VALUES ('u', 'x', 1, 's', 'done', 0)")
      }
    }
  }

  @Test func movesAreRecordedWithTime() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    try db.move(candidateId: c.id, roleId: nil, to: .screening, note: "call booked")
    try db.move(candidateId: c.id, roleId: nil, to: .shortlisted, note: "seen at a conference", force: true)
    #expect(throws: StoreError.self) { try db.move(candidateId: c.id, roleId: nil, to: .shortlisted) }
    let history = try db.statusHistory(candidateId: c.id)
    #expect(history.map(\.to) == [.sourced, .screening, .shortlisted])
    #expect(history[1].from == .sourced)
    #expect(history[1].note == "call booked")
    #expect(try db.candidate(id: c.id)?.status == .shortlisted)
  }

  @Test func currentRoleIsKept() throws {
    let db = try AppDatabase.inMemory()
    let r = try db.addRole(NewRole(title: "Backend"))
    try db.setCurrentRole(r.id)
    #expect(try db.currentRoleId() == r.id)
    try db.setCurrentRole(nil)
    #expect(try db.currentRoleId() == nil)
  }

  @Test func filtersCandidates() throws {
    let db = try AppDatabase.inMemory()
    let r = try db.addRole(NewRole(title: "Backend"))
    try db.addCandidate(NewCandidate(name: "A", tier: .nicheNetwork, source: "x", tags: ["go"]), roleIds: [r.id])
    try db.addCandidate(NewCandidate(name: "B", tier: .generalPlatform, source: "Upwork"))
    #expect(try db.candidates(.init(tier: .generalPlatform)).map(\.name) == ["B"])
    #expect(try db.candidates(.init(roleId: r.id)).map(\.name) == ["A"])
    #expect(try db.candidates(.init(tag: "GO")).map(\.name) == ["A"])
    #expect(try db.candidates(.init(status: .hired)).isEmpty)
  }

  /// Listings that do not show a field do not read it: each flag leaves exactly its fields empty.
  @Test func filterFlagsLeaveOutOnlyWhatTheySay() throws {
    let db = try AppDatabase.inMemory()
    let r = try db.addRole(NewRole(title: "RAG"))
    _ = try db.addCandidate(
      NewCandidate(
        name: "Ada", email: "ada@example.com", tier: .nicheNetwork, source: "Toptal", rate: 90,
        links: ["https://a.example"], tags: ["rag"]), roleIds: [r.id])
    let full = try #require(try db.candidates().first)
    #expect(full.email == "ada@example.com" && !full.uuid.isEmpty && full.links.count == 1 && full.roles == ["RAG"])
    var table = CandidateFilter(links: false)
    table.roles = false
    table.contact = false
    let t = try #require(try db.candidates(table).first)
    #expect(t.name == "Ada" && t.source == "Toptal" && t.tags == ["rag"] && t.rate == 90 && t.tier == .nicheNetwork)
    #expect(t.uuid.isEmpty && t.email == nil && t.links.isEmpty && t.roles.isEmpty)
    var sums = CandidateFilter(details: false)
    sums.identity = false
    let s = try #require(try db.candidates(sums).first)
    #expect(s.name.isEmpty && s.source.isEmpty && s.email == nil && s.tier == .nicheNetwork && s.rate == 90)
  }
}
