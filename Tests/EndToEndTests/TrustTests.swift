import Foundation
import GRDB
import Testing

/// Files that cannot be trusted: foreign schema objects, merges that must not touch the other file, and a forget
/// from another process while the person's interview is open.
@Suite struct TrustTests {
  @Test func aPlantedTriggerOrViewIsRefusedAndTheFileUntouched() throws {
    let b = try Binary()
    #expect(try b.run(["candidate", "add", "Ada", "--tier", "1", "--email", "ada@x.io"]).status == 0)
    for plant in [
      "CREATE TRIGGER zz_keep AFTER UPDATE ON candidate BEGIN SELECT 1; END",
      "CREATE VIEW zz_peek AS SELECT name, email FROM candidate",
    ] {
      let queue = try DatabaseQueue(path: b.db)
      try queue.write { try $0.execute(sql: plant) }
      try queue.close()
      let before = try Data(contentsOf: URL(fileURLWithPath: b.db))
      for args in [["candidate", "list"], ["candidate", "forget", "Ada", "--yes"]] {
        let r = try b.run(args)
        #expect(r.status == 1, "\(args)")
        #expect(r.err.contains("that shortlist did not create; refusing to open it"), "\(r.err)")
        #expect(r.err.contains("zz_"))
      }
      #expect(try Data(contentsOf: URL(fileURLWithPath: b.db)) == before)
      let clean = try DatabaseQueue(path: b.db)
      try clean.write {
        try $0.execute(sql: plant.hasPrefix("CREATE TRIGGER") ? "DROP TRIGGER zz_keep" : "DROP VIEW zz_peek")
      }
      try clean.close()
    }
    // A colleague's file with a trigger is refused by merge too.
    let other = try Binary()
    #expect(try other.run(["candidate", "add", "Bea", "--tier", "2"]).status == 0)
    let queue = try DatabaseQueue(path: other.db)
    try queue.write { try $0.execute(sql: "CREATE TRIGGER zz_copy AFTER INSERT ON note BEGIN SELECT 1; END") }
    try queue.close()
    let merged = try b.run(["merge", other.db])
    #expect(merged.status == 1 && merged.err.contains("trigger 'zz_copy'"))
  }

  @Test func aDryRunMergeLeavesTheOtherFileAsItWas() throws {
    let b = try Binary()
    let other = try Binary()
    #expect(try other.run(["candidate", "add", "Bea", "--tier", "2"]).status == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: other.db))
    let walBefore = FileManager.default.fileExists(atPath: other.db + "-wal")
    let r = try b.run(["merge", other.db, "--dry-run"])
    #expect(r.status == 0, "\(r.err)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: other.db)) == before)
    #expect(FileManager.default.fileExists(atPath: other.db + "-wal") == walBefore)
    // The database itself, through a link, is refused as itself.
    #expect(try b.run(["candidate", "add", "Ada", "--tier", "1"]).status == 0)
    let link = b.home + "/link.sqlite"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: b.db)
    let itself = try b.run(["merge", link])
    #expect(itself.status == 1 && itself.err.contains("into itself"))
  }

  @Test func forgetFromAnotherProcessClosesTheOpenInterview() throws {
    let b = try Binary()
    #expect(try b.run(["candidate", "add", "Zelda", "--tier", "1"]).status == 0)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Binary.path)
    p.environment = b.environment
    let input = Pipe()
    let output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    p.standardError = output
    try p.run()
    let deadline = Deadline(seconds: 60, process: p)
    defer { _ = deadline }
    try input.fileHandleForWriting.write(
      contentsOf: Data("interview start zelda --bank rag-prototype\nbefore the forget\n/q\n".utf8))
    // Wait for /q's answer (it lists the saved note): the forget must come after the note was saved.
    var seen = ""
    while !seen.contains("your notes") {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    let forgot = try b.run(["candidate", "forget", "zelda", "--yes"])
    #expect(forgot.status == 0, "\(forgot.err)")
    // The child stops at the first error of its script; a write after it has gone fails with EPIPE, which is fine.
    try? input.fileHandleForWriting.write(
      contentsOf: Data("after the forget: she said something personal\ncandidate list\n".utf8))
    try? input.fileHandleForWriting.close()
    let rest = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = seen + String(decoding: rest, as: UTF8.self)
    #expect(text.contains("closed in another session"))
    #expect(text.contains("left interview mode"))
    let queue = try DatabaseQueue(path: b.db)
    defer { try? queue.close() }
    let notes = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM note") }
    #expect(notes == 0)
    let audit = try queue.read { try Int.fetchOne($0, sql: "SELECT notes_erased FROM interview_abort") }
    #expect(audit == 1)
  }

  @Test func aLooseModeIsTightenedAndAPipeRefused() throws {
    let b = try Binary()
    #expect(try b.run(["candidate", "add", "Ada", "--tier", "1"]).status == 0)
    chmod(b.db, 0o644)
    let r = try b.run(["candidate", "list"])
    #expect(r.status == 0 && r.err.contains("made it private (0600)"))
    #expect(PrivateFileMode.of(b.db) == 0o600)
    #expect(!(try b.run(["candidate", "list"])).err.contains("private"), "said once")
    let fifo = b.home + "/pipe.sqlite"
    #expect(mkfifo(fifo, 0o600) == 0)
    let refused = try b.run(["--db", fifo, "candidate", "list"])
    #expect(refused.status == 1 && refused.err.contains("not a regular file"))
  }

  /// A file left with a hot journal (a crash mid-write in rollback mode) is recovered, not called read-only.
  @Test func aHotJournalIsRecovered() throws {
    let b = try Binary()
    #expect(try b.run(["candidate", "add", "Ada", "--tier", "1"]).status == 0)
    let setup = try DatabaseQueue(path: b.db)
    try setup.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
    try setup.close()
    let crashed = b.home + "/crashed.sqlite"
    var config = Configuration()
    config.journalMode = .default
    let writer = try DatabaseQueue(path: b.db, configuration: config)
    try writer.inDatabase { db in
      try db.execute(sql: "PRAGMA cache_size = 1")
      try db.execute(sql: "BEGIN IMMEDIATE")
      try db.execute(sql: "UPDATE candidate SET name = 'Half Written' WHERE id = 1")
      // Enough pages that the tiny cache spills them into the file before the commit.
      try db.execute(
        sql: """
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
          INSERT INTO setting(key, value) SELECT 'pad' || i, hex(zeroblob(20000)) FROM n
          """)
      // The file and its journal as a crash would leave them.
      try FileManager.default.copyItem(atPath: b.db, toPath: crashed)
      if FileManager.default.fileExists(atPath: b.db + "-journal") {
        try FileManager.default.copyItem(atPath: b.db + "-journal", toPath: crashed + "-journal")
      }
      try db.execute(sql: "ROLLBACK")
    }
    try writer.close()
    let r = try b.run(["--db", crashed, "candidate", "list", "--all-roles", "--format", "json"])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.contains("\"Ada\"") && !r.out.contains("Half Written"))
  }
}
