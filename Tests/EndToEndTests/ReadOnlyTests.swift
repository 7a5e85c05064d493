import Foundation
import GRDB
import Testing

/// Commands that only read open the database read-only: they write nothing (not even the schema cookie or the file
/// change counter), never wait on another process's writer, and help creates no database at all.
@Suite struct ReadOnlyTests {
  /// The header fields SQLite bumps on any write: file change counter (24), schema cookie (40), user version (60).
  static func header(_ path: String) throws -> [UInt8] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(100)
    return Array(data[24..<28]) + Array(data[40..<44]) + Array(data[60..<64])
  }

  @Test func helpVersionAndBankCheckCreateNoDatabase() throws {
    let bin = try Binary()
    for args in [
      ["help"], ["--help"], ["--version"], ["help", "candidate"], ["candidate", "list", "--help"],
      ["bank", "check", Binary.packageRoot + "/QuestionBanks"], ["candidate", "list"], ["compare", "--format", "json"],
    ] {
      let r = try bin.run(args)
      #expect(r.status == 0, "\(args): \(r.err)")
      #expect(!FileManager.default.fileExists(atPath: bin.db), "\(args) created the database")
    }
    #expect(try bin.run(["candidate", "list"]).out.contains("no candidates yet"))
  }

  /// `--version` answers before the environment is read (start-up): the same one line whatever the environment
  /// holds, even a clock setting every other command refuses.
  @Test func versionIsOneLineWhateverTheEnvironment() throws {
    let bin = try Binary()
    for env in [[:], ["SHORTLIST_NOW": "not a date", "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "x"]] {
      let r = try bin.run(["--version"], env: env)
      #expect(r.status == 0, "\(env): \(r.err)")
      #expect(r.out.range(of: #"^shortlist [0-9]+\.[0-9]+\.[0-9]+\n$"#, options: .regularExpression) != nil, "\(r.out)")
      #expect(r.err.isEmpty)
    }
    #expect(try bin.run(["candidate", "list"], env: ["SHORTLIST_NOW": "not a date"]).status != 0)
  }

  @Test func readingCommandsWriteNothing() throws {
    let bin = try Binary()
    #expect(try bin.run(["demo", "--candidates", "30", "--seed", "4"]).status == 0)
    let before = try Self.header(bin.db)
    let name = try #require(
      (try bin.json(["candidate", "list", "--format", "json"]) as? [[String: Any]])?.first?["name"])
    let out = bin.home + "/out.csv"
    for args in [
      ["candidate", "list"], ["candidate", "list", "--format", "json"], ["candidate", "list", "--format", "csv"],
      ["candidate", "show", "\(name)"], ["candidate", "show", "\(name)", "--format", "json"],
      ["interview", "list", "--format", "json"], ["interview", "show", "1", "--format", "json"], ["role", "list"],
      ["role", "show", "#1"], ["compare"], ["compare", "--format", "json", "--adjusted"],
      ["tiers", "--format", "json"],
      ["shortlist", "show"], ["bank", "list"], ["bank", "check", Binary.packageRoot + "/QuestionBanks"],
      ["export", "shortlist", "--all", "--out", out, "--force"], ["backup", bin.home + "/copy.sqlite"],
    ] {
      let r = try bin.run(args)
      #expect(r.status == 0, "\(args): \(r.err)")
      #expect(try Self.header(bin.db) == before, "\(args) wrote to the database")
    }
    // A write still migrates and writes as before.
    #expect(try bin.run(["candidate", "add", "New Person", "--source", "Toptal"]).status == 0)
    #expect(try Self.header(bin.db) != before)
  }

  @Test func readingCommandsDoNotWaitOnAnotherWriter() throws {
    let bin = try Binary()
    #expect(try bin.run(["demo", "--candidates", "20", "--seed", "5"]).status == 0)
    let queue = try DatabaseQueue(path: bin.db)
    defer { try? queue.close() }
    // Another process holds the write lock (an open write transaction) for as long as the reads run: a reader that
    // waited for it would time out and fail.
    try queue.inDatabase { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      try db.execute(sql: "UPDATE candidate SET source = source || ' (edited)' WHERE id = 1")
      defer { try? db.execute(sql: "ROLLBACK") }
      for args in [["candidate", "list", "--format", "csv"], ["tiers", "--format", "json"], ["compare"]] {
        let r = try bin.run(args)
        #expect(r.status == 0, "\(args): \(r.err)")
      }
      let listed = try bin.run(["candidate", "list", "--all-roles", "--format", "csv"])
      #expect(listed.out.split(separator: "\r\n").count == 21)
      #expect(!listed.out.contains("(edited)"), "a reader sees only committed rows")
    }
  }
}
