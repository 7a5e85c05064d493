import Foundation
import GRDB
import Testing

/// Faults injected for real: killed processes, concurrent writers, forgetting, file modes.
/// `SHORTLIST_LONG_TESTS=1` runs the larger variants (hundreds of kills, more writers).
@Suite struct FaultTests {
  static var long: Bool { ProcessInfo.processInfo.environment["SHORTLIST_LONG_TESTS"] == "1" }

  /// Starts the binary on a script fed through a pipe; returns the process and the pipes.
  func spawn(_ b: Binary, env: [String: String] = [:]) throws -> (Process, FileHandle, FileHandle) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Binary.path)
    p.environment = b.environment.merging(env) { $1 }
    let input = Pipe()
    let output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    p.standardError = FileHandle.nullDevice
    try p.run()
    return (p, input.fileHandleForWriting, output.fileHandleForReading)
  }

  /// Reads until `marker` appears in the output (or it ends).
  func read(_ handle: FileHandle, until marker: String) -> Bool {
    var seen = ""
    while !seen.contains(marker) {
      let chunk = handle.availableData
      if chunk.isEmpty { return false }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    return true
  }

  @Test func killedAtRandomPointsLosesNoAcknowledgedNote() throws {
    let b = try Binary()
    #expect(
      try b.run([], stdin: "candidate add Ada --tier 1\ninterview start ada --bank rag-prototype\n/pause\n").status == 0
    )
    var rng = SeededRandom(test: "killedAtRandomPointsLosesNoAcknowledgedNote")
    var acknowledged = 0
    var expected: [String] = []
    let kills = Self.long ? 300 : 50
    for round in 0..<kills {
      let (p, input, output) = try spawn(b)
      let deadline = Deadline(seconds: 60, process: p)
      defer { _ = deadline }
      input.write(Data("interview resume 1\n".utf8))
      let n = Int.random(in: 0...6, using: &rng)
      for i in 0..<n { input.write(Data("round \(round) note \(i) ✓ \"q\"\n".utf8)) }
      // The marker's output proves every line before it was handled: those notes are acknowledged.
      // The target always differs from where the last round left the interview (and from question 1 at the start).
      let target = round % 4 + 2
      input.write(Data("/goto \(target)\n".utf8))
      let ok = read(output, until: "Q\(target)/5")
      #expect(ok)
      if ok { acknowledged += n }
      if ok { expected.append(contentsOf: (0..<n).map { "round \(round) note \($0) ✓ \"q\"" }) }
      // More notes may be in flight when the kill lands; they may or may not be saved.
      for i in 0..<Int.random(in: 0...3, using: &rng) { input.write(Data("in flight \(round) \(i)\n".utf8)) }
      kill(p.processIdentifier, SIGKILL)
      p.waitUntilExit()
      try? input.close()
    }
    let queue = try DatabaseQueue(path: b.db)
    let saved = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM note WHERE text LIKE 'round %'") ?? 0 }
    #expect(saved == acknowledged)
    let texts = Set(try queue.read { try String.fetchAll($0, sql: "SELECT text FROM note") })
    let missing = expected.filter { !texts.contains($0) }
    #expect(missing.isEmpty, "\(missing.prefix(5)) of \(b.home)")
    #expect(try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    try queue.close()
  }

  @Test func twoWritersOnOneFileNeverLockOrLose() throws {
    let b = try Binary()
    let writers = Self.long ? 4 : 2
    let lines = Self.long ? 5000 : 2000
    var setup = "role add Panel --bank rag-prototype\n"
    for w in 0..<writers { setup += "candidate add W\(w) --tier \(w % 4 + 1)\n" }
    #expect(try b.run([], stdin: setup).status == 0)
    var processes: [(Process, String)] = []
    for w in 0..<writers {
      var script = "interview start W\(w)\n"
      var notes = 0
      for i in 0..<lines {
        switch i % 10 {
        case 8: script += "/pause\ncandidate edit W\(w) --rate \(50 + i % 100)\ninterview resume\n"
        case 9:
          // Back and forth: the step back is forced, with its note.
          script +=
            "/pause\ncandidate move W\(w) \(i % 20 == 9 ? "screening --force --note retry" : "interviewing")\ninterview resume\n"
        default:
          script += "writer \(w) note \(i)\n"
          notes += 1
        }
      }
      script += "/pause\n"
      let file = b.home + "/w\(w).txt"
      try script.write(toFile: file, atomically: false, encoding: .utf8)
      let p = Process()
      p.executableURL = URL(fileURLWithPath: Binary.path)
      p.arguments = ["-f", file]
      p.environment = b.environment.merging(["SHORTLIST_INTERVIEWER": "w\(w)"]) { $1 }
      let err = b.home + "/w\(w).err"
      _ = FileManager.default.createFile(atPath: err, contents: nil)
      p.standardOutput = FileHandle.nullDevice
      p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
      processes.append((p, err))
      _ = notes
    }
    for (p, _) in processes { try p.run() }
    for (p, err) in processes {
      p.waitUntilExit()
      #expect(p.terminationStatus == 0)
      let text = try String(contentsOfFile: err, encoding: .utf8)
      #expect(!text.contains("locked"))
      #expect(text.isEmpty, "\(text.prefix(300))")
    }
    let queue = try DatabaseQueue(path: b.db)
    for w in 0..<writers {
      let n = try queue.read {
        try Int.fetchOne($0, sql: "SELECT count(*) FROM note WHERE text LIKE ?", arguments: ["writer \(w) note %"]) ?? 0
      }
      #expect(n == lines / 10 * 8)
    }
    #expect(try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    try queue.close()
  }

  @Test func forgetFromTheShellScrubsHistoryAndNeedsYes() throws {
    let b = try Binary()
    #expect(try b.run(["candidate", "add", "Quentin Unique", "--tier", "2", "--email", "qu@example.com"]).status == 0)
    let history = b.home + "/state/shortlist/history"
    try FileManager.default.createDirectory(atPath: b.home + "/state/shortlist", withIntermediateDirectories: true)
    try "role list\ncandidate show \"Quentin Unique\"\ncandidate list\n".write(
      toFile: history, atomically: false, encoding: .utf8)
    let refused = try b.run(["candidate", "forget", "quentin"])
    #expect(refused.status == 1)
    #expect(refused.err.contains("add --yes"))
    let done = try b.run(["candidate", "forget", "quentin", "--yes"])
    #expect(done.status == 0)
    #expect(done.out.contains("Anonymised #1"))
    #expect(try String(contentsOfFile: history, encoding: .utf8) == "role list\ncandidate list\n")
    #expect(PrivateFileMode.of(history) == 0o600)
    for file in [b.db, b.db + "-wal"] {
      let data = FileManager.default.contents(atPath: file) ?? Data()
      #expect(data.range(of: Data("Quentin".utf8)) == nil)
      #expect(data.range(of: Data("qu@example.com".utf8)) == nil)
    }
  }

  @Test func everyFileTheToolWritesIsPrivate() throws {
    let b = try Binary()
    #expect(try b.run(["demo", "--candidates", "12"]).status == 0)
    // While a process holds the database open, its -wal and -shm exist: check them then.
    let (p, input, output) = try spawn(b)
    input.write(Data("candidate add Live --tier 1\nrole list\n".utf8))
    #expect(read(output, until: "title"))
    for suffix in ["", "-wal", "-shm"] { #expect(PrivateFileMode.of(b.db + suffix) == 0o600, "db\(suffix)") }
    try input.close()
    p.waitUntilExit()
    let backup = b.home + "/backup.sqlite"
    let r = try b.run(["backup", backup])
    #expect(r.status == 0)
    #expect(r.out.contains("integrity ok"))
    #expect(PrivateFileMode.of(backup) == 0o600)
    #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
    #expect(try b.run(["--db", backup, "candidate", "show", "live"]).status == 0)
    #expect(try b.run(["backup", backup]).status == 1, "no silent overwrite")
    for (args, file) in [
      (["export", "shortlist", "--all", "--out", b.home + "/e.csv"], b.home + "/e.csv"),
      (["compare", "--format", "html", "--out", b.home + "/r.html"], b.home + "/r.html"),
      (["compare", "--format", "md", "--out", b.home + "/r.md"], b.home + "/r.md"),
    ] {
      #expect(try b.run(args).status == 0)
      #expect(PrivateFileMode.of(file) == 0o600, "\(file)")
    }
  }
}
