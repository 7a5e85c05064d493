import Foundation
import Testing

@Suite struct InterviewTests {
  func setUp() throws -> Binary {
    let b = try Binary()
    let r = try b.run(
      [],
      stdin: """
        role add "ML engineer" --bank rag-prototype
        candidate add "Ada Lovelace" --source Toptal --rate 120
        candidate add "Grace Hopper" --tier 1

        """)
    #expect(r.status == 0, "\(r.err)")
    return b
  }

  func detail(_ b: Binary, _ id: Int, env: [String: String] = [:]) throws -> [String: Any] {
    let r = try b.run(["interview", "show", String(id), "--format", "json"], env: env)
    return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], "\(r.err)")
  }

  @Test func fullInterviewThroughAPipe() throws {
    let b = try setUp()
    let long = String(repeating: "ü", count: 10_000)
    let script = """
      interview start ada
      Asked about "refund windows", she said: check the data first.
      \(long)
      /signal 1 yes
      /signal 3 partial
      /score 4 sampled 50 tickets first
      /next
      second question note
      /score 2
      /goto Q4
      /skip ran out of time
      /goto retrieval-tradeoffs
      /score 3
      /recommend strong-yes
      /finish

      """
    let r = try b.run([], stdin: script)
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.contains("unscored: q4 measuring-success (skipped), q5 risks-and-handover\n"))
    #expect(r.out.contains("finished interview #1 with Ada Lovelace"))
    let d = try detail(b, 1)
    #expect(d["state"] as? String == "finished")
    #expect(d["recommendation"] as? String == "strong-yes")
    let qs = try #require(d["questions"] as? [[String: Any]])
    #expect(qs.count == 5)
    let notes = try #require(qs[0]["notes"] as? [[String: Any]])
    #expect(
      notes.map { $0["text"] as? String } == ["Asked about \"refund windows\", she said: check the data first.", long])
    #expect(qs[0]["score"] as? Int == 4)
    #expect(qs[0]["comment"] as? String == "sampled 50 tickets first")
    let signals = try #require(qs[0]["signals"] as? [[String: Any]])
    #expect(signals.map { $0["mark"] as? String } == ["yes", nil, "partial"])
    #expect(qs[1]["score"] as? Int == 2)
    #expect(qs[2]["score"] as? Int == 3)
    #expect(qs[3]["skipped"] as? Bool == true)
    #expect(qs[3]["skip_reason"] as? String == "ran out of time")
    #expect(qs[4]["score"] is NSNull)
    let list = try #require(try b.json(["interview", "list", "--format", "json"]) as? [[String: Any]])
    #expect(list.count == 1)
    #expect(
      Set(list[0].keys).isSuperset(of: ["id", "candidate", "bank", "interviewer", "state", "started", "finished"]))
    let ada = try #require(try b.json(["candidate", "list", "--format", "json"]) as? [[String: Any]]).first
    #expect(ada?["status"] as? String == "interviewing")
  }

  @Test func sealedUntilYourOwnScorecardIsFinished() throws {
    let b = try setUp()
    #expect(try b.run([], stdin: "interview start ada\n/score 4\n/finish\n").status == 0)
    let bob = ["SHORTLIST_INTERVIEWER": "bob"]
    #expect(try b.run([], stdin: "interview start ada\nbob's note\n/pause\n", env: bob).status == 0)
    let sealed = try b.run(["interview", "show", "1"], env: bob)
    #expect(sealed.status == 1)
    #expect(sealed.err.contains("sealed until you finish your own scorecard"))
    #expect(try b.run(["interview", "resume"], stdin: nil, env: bob).status == 0)
    #expect(try b.run([], stdin: "interview resume\n/finish\n", env: bob).status == 0)
    #expect(try b.run(["interview", "show", "1"], env: bob).status == 0)
  }

  @Test func changedBankNeedsANewVersion() throws {
    let b = try setUp()
    let banks = b.home + "/banks"
    try FileManager.default.createDirectory(atPath: banks, withIntermediateDirectories: true)
    let original = try String(contentsOfFile: Binary.packageRoot + "/QuestionBanks/rag-prototype.yaml", encoding: .utf8)
    try original.write(toFile: banks + "/rag-prototype.yaml", atomically: false, encoding: .utf8)
    let env = ["SHORTLIST_BANKS": banks]
    #expect(try b.run([], stdin: "interview start ada\n/score 3\n/finish\n", env: env).status == 0)
    try original.replacingOccurrences(of: "Walk me through your first week.", with: "What do you do first?")
      .write(toFile: banks + "/rag-prototype.yaml", atomically: false, encoding: .utf8)
    let refused = try b.run(["interview", "start", "grace"], env: env)
    #expect(refused.status == 1)
    #expect(refused.err.contains("bump its version to 2"))
    let check = try b.run(["bank", "check", banks], env: env)
    #expect(check.status == 1)
    // The old scorecard still reads with the text it was scored against.
    let old = try b.run(["interview", "show", "1"], env: env)
    #expect(old.out.contains("score 3"))
    try original.replacingOccurrences(of: "Walk me through your first week.", with: "What do you do first?")
      .replacingOccurrences(of: "version: 1", with: "version: 2")
      .write(toFile: banks + "/rag-prototype.yaml", atomically: false, encoding: .utf8)
    #expect(try b.run([], stdin: "interview start grace\n/pause\n", env: env).status == 0)
  }

  /// The clock is per question and stored: time spent before a pause is still there after resume, in `interview
  /// show`, and resume shows the scenario and the notes already typed.
  @Test func timeOnAQuestionSurvivesPauseAndResume() throws {
    let b = try setUp()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Binary.path)
    process.environment = b.environment
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Deadline(seconds: 60, process: process)
    defer { _ = deadline }
    try? input.fileHandleForWriting.write(contentsOf: Data("interview start ada\nfirst thought\n".utf8))
    Thread.sleep(forTimeInterval: 1.2)
    try? input.fileHandleForWriting.write(contentsOf: Data("/pause\n".utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    let paused = try detail(b, 1)
    let q1 = try #require((paused["questions"] as? [[String: Any]])?.first)
    #expect((q1["seconds"] as? Double ?? 0) >= 1, "\(q1)")
    let resumed = try b.run([], stdin: "interview resume\n/pause\n")
    #expect(resumed.out.contains("scenario: "))
    #expect(resumed.out.contains("your notes") && resumed.out.contains("first thought"))
    #expect(resumed.out.contains("on it"))
    let again = try #require((try detail(b, 1)["questions"] as? [[String: Any]])?.first)
    #expect((again["seconds"] as? Double ?? 0) >= (q1["seconds"] as? Double ?? 0))
  }

  /// A role with two banks: the next interview takes the bank not yet done, says so, and /finish and candidate show
  /// say what remains.
  @Test func aRoleWithTwoBanksIsInterviewedOnBoth() throws {
    let b = try Binary()
    let r = try b.run(
      [],
      stdin: """
        role add R --bank rag-prototype --bank freelance-engagement-fit
        candidate add "José Ñúñez-O'Brien" --source Toptal
        interview start jose
        /finish
        candidate show nunez
        interview start "o'brien"
        /finish

        """)
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.contains("on RAG prototype over a messy knowledge base (rag-prototype v1)"))
    #expect(r.out.contains("bank 1 of 2 for R\n"))
    #expect(r.out.contains("still to interview José Ñúñez-O'Brien on: freelance-engagement-fit"))
    #expect(r.out.contains("to do   freelance-engagement-fit (R)"))
    #expect(r.out.contains("(freelance-engagement-fit v1)"))
    #expect(r.out.contains("bank 2 of 2 for R (rag-prototype done)"))
    #expect(r.out.contains("every bank of the role is done for José Ñúñez-O'Brien"))
  }

  /// A bank travels with the database: exported from the snapshot interviews used, it checks as that same bank.
  @Test func bankExportWritesTheStoredBankBack() throws {
    let b = try setUp()
    #expect(try b.run([], stdin: "interview start ada\n/score 3\n/finish\n").status == 0)
    let dir = b.home + "/banks-out"
    let r = try b.run(["bank", "export", "rag-prototype", "--out", dir])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.hasPrefix("wrote \(dir)/rag-prototype.yaml (rag-prototype v1, 5 questions"))
    #expect(PrivateFileMode.of(dir + "/rag-prototype.yaml") == 0o600)
    let check = try b.run(["bank", "check", dir])
    #expect(check.out.contains("ok (rag-prototype v1, 5 questions, used in interviews)"), "\(check.out)")
    #expect(try b.run(["bank", "export", "rag-prototype", "--out", dir]).status == 1, "no overwrite without --force")
    #expect(
      try b.run(["bank", "export", "nope", "--out", dir]).err.contains("no bank 'nope' stored or in the banks folder"))
    // `bank check` with no path checks every folder banks are looked up in, says which copy is used, and fails on an
    // invalid one anywhere.
    let all = try b.run(["--banks", dir, "bank", "check"])
    #expect(all.status == 0, "\(all.err)")
    #expect(all.out.contains("\(dir)/rag-prototype.yaml: ok") && all.out.contains("agentic-systems.yaml: ok"))
    #expect(all.out.contains("not used: \(dir)/rag-prototype.yaml has the same id and is found first"), "\(all.out)")
    try "id: broken\n".write(toFile: dir + "/broken.yaml", atomically: true, encoding: .utf8)
    let broken = try b.run(["--banks", dir, "bank", "check"])
    #expect(broken.status == 1 && broken.err.contains("broken.yaml") && broken.err.contains("invalid"), "\(broken.err)")
  }

  @Test func killedMidInterviewLosesNoAcknowledgedNote() throws {
    let b = try setUp()
    #expect(try b.run([], stdin: "interview start ada\n/pause\n").status == 0)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Binary.path)
    process.environment = b.environment
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Deadline(seconds: 60, process: process)
    defer { _ = deadline }
    try? input.fileHandleForWriting.write(contentsOf: Data("interview resume 1\n".utf8))
    let n = 25
    for i in 0..<n {
      try? input.fileHandleForWriting.write(contentsOf: Data("note \(i) with \"quotes\" and ✓\n".utf8))
    }
    // A command after the notes: its output means every note before it was committed (acknowledged).
    try? input.fileHandleForWriting.write(contentsOf: Data("/goto 2\n".utf8))
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("Q2/5") {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen.append(chunk)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    let d = try detail(b, 1)
    let qs = try #require(d["questions"] as? [[String: Any]])
    let notes = (qs[0]["notes"] as? [[String: Any]]) ?? []
    #expect(notes.count == n)
    #expect(notes.last?["text"] as? String == "note \(n - 1) with \"quotes\" and ✓")
    // Resume continues where it stopped.
    let resumed = try b.run(["interview", "resume", "1"])
    #expect(resumed.out.contains("at question 2/5"))
    let check = try b.run([], stdin: "bank list\n")
    #expect(check.status == 0)
  }

  @Test func aSecondStartPointsToTheOpenInterview() throws {
    let b = try setUp()
    #expect(try b.run([], stdin: "interview start ada\n/pause\n").status == 0)
    let again = try b.run(["interview", "start", "ada"])
    #expect(again.status == 1)
    #expect(
      again.err
        == "error: alice already has an open interview #1 with Ada Lovelace; continue it with `interview resume 1`\n")
    // Another interviewer may start their own.
    #expect(try b.run([], stdin: "interview start ada\n/pause\n", env: ["SHORTLIST_INTERVIEWER": "bob"]).status == 0)
  }

  @Test func badInterviewCommands() throws {
    let b = try setUp()
    for (line, message) in [
      ("/score 5", "/score takes 1, 2, 3 or 4"), ("/signal 9 yes", "/signal takes a signal number"),
      ("/signal 1 maybe", "signal mark 'maybe'"), ("/goto 0", "/goto takes a question number"),
      ("/goto q9", "or an id: first-moves, data-quality"),
      ("/recommend perhaps", "recommendation 'perhaps'"), ("/recommend", "/recommend takes one of strong-no"),
      ("/frob", "unknown interview command '/frob'"),
      ("/prev", "this is the first question"),
    ] {
      let r = try b.run([], stdin: "interview resume\ninterview start ada\n\(line)\n")
      let r2 = r.err.contains("no open interview") ? try b.run([], stdin: "interview start ada\n\(line)\n") : r
      #expect(r2.status != 0)
      #expect(r2.err.contains(message), "\(line): \(r2.err)")
    }
  }
}
