import Foundation
import GRDB
import Testing

/// Sync through a real PostgreSQL server (a throwaway cluster): laptops that converge, conflicts that resolve the
/// same way everywhere, forget that reaches the server and every laptop, and syncs that survive kill -9 and a server
/// that stops.
@Suite(.serialized) struct TeamSyncTests {
  static var available: Bool { TeamTests.available }

  /// One member's laptop: their own database and home, and their password in the environment.
  struct Laptop {
    let bin: Binary
    let name: String
    let password: String

    @discardableResult
    func run(_ args: [String], stdin: String? = nil) throws -> Binary.Result {
      try bin.run(args, stdin: stdin, env: ["PGPASSWORD": password, "SHORTLIST_INTERVIEWER": name])
    }

    func sync() throws -> Binary.Result {
      let r = try run(["sync"])
      #expect(r.status == 0, "\(name): \(r.err)")
      return r
    }

    /// A finished scorecard for `who`: a note, two scores, a recommendation.
    func interview(_ who: String, score: Int, note: String? = nil, again: Bool = false) throws {
      let r = try run(
        [],
        stdin:
          "interview start \(who) --bank rag-prototype\(again ? " --again" : "")\n\(note ?? "note by \(name)")\n/score \(score) ok\n/next\n/score \(score)\n/recommend yes\n/finish\n"
      )
      #expect(r.status == 0 && r.out.contains("finished interview"), "\(name): \(r.out)\(r.err)")
    }

    func compare() throws -> String {
      let r = try run(["compare", "--role", "RAG prototype", "--format", "json"])
      #expect(r.status == 0, "\(r.err)")
      return r.out
    }
  }

  static func password(in output: String) -> String? {
    guard let r = output.range(of: "shown this once: ") else { return nil }
    return String(output[r.upperBound...].prefix { !$0.isWhitespace })
  }

  /// A lead with a role and two candidates, and `members` - 1 members who joined.
  func team(_ pg: PostgresCluster, members: Int) throws -> [Laptop] {
    let lead = Laptop(bin: try Binary(), name: "admin", password: pg.adminPassword)
    #expect(try lead.run(["role", "add", "RAG prototype", "--bank", "rag-prototype"]).status == 0)
    #expect(
      try lead.run(["candidate", "add", "Grace Hopper", "--tier", "1", "--email", "grace@example.com"]).status == 0)
    #expect(try lead.run(["candidate", "add", "Linus Torvalds", "--tier", "3", "--rate", "90"]).status == 0)
    let initOut = try lead.run(["team", "init", pg.url("admin")])
    #expect(initOut.status == 0 && initOut.out.contains("pushed"), "\(initOut.err)")
    var laptops = [lead]
    for k in 1..<members {
      let name = "m\(k)"
      let added = try lead.run(["team", "member", "add", name])
      let password = try #require(Self.password(in: added.out), "\(added.out)\(added.err)")
      let laptop = Laptop(bin: try Binary(), name: name, password: password)
      let joined = try laptop.run(["team", "join", pg.url(name)])
      #expect(joined.status == 0 && joined.out.contains("joined the team"), "\(joined.out)\(joined.err)")
      #expect(!joined.out.contains(password) && !joined.err.contains(password))
      laptops.append(laptop)
    }
    return laptops
  }

  @Test(
    .enabled(if: TeamSyncTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"),
    arguments: [2, 5])
  func laptopsConverge(members: Int) throws {
    let pg = try PostgresCluster()
    let laptops = try team(pg, members: members)
    for (k, l) in laptops.enumerated() {
      try l.interview("Grace", score: 1 + k % 4)
      try l.interview("Linus", score: 4 - k % 4)
      _ = try l.sync()
    }
    for l in laptops { _ = try l.sync() }
    let lead = try laptops[0].compare()
    #expect(lead.contains("\"Grace Hopper\"") && lead.contains("\"Linus Torvalds\""))
    for l in laptops.dropFirst() {
      #expect(try l.compare() == lead, "\(l.name)'s comparison differs from the lead's")
      let list = try l.run(["interview", "list", "--format", "json"]).out
      let interviews = try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [Any]
      #expect(interviews?.count == 2 * members)
    }
    // Nothing is left to push, and a sync with nothing new changes nothing.
    let again = try laptops[1].run(["sync", "--format", "json"])
    #expect(again.out.contains("\"pushed\": 0") && again.out.contains("\"pulled\": 0"), "\(again.out)")
    let status = try laptops[1].run(["team", "status", "--format", "json"]).out
    #expect(status.contains("\"pending\": 0") && status.contains("\"member\": \"m1\""), "\(status)")
  }

  /// A note taken back with `/undo` during a call, after a sync had carried it, leaves the server and the lead's
  /// laptop that had pulled it; the note typed before it stays.
  @Test(.enabled(if: TeamSyncTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func aNoteTakenBackLeavesTheServerAndTheLaptopsThatPulledIt() throws {
    let pg = try PostgresCluster()
    let laptops = try team(pg, members: 2)
    let (lead, m1) = (laptops[0], laptops[1])
    let count = { (text: String) in
      try pg.psql(
        ["-d", "team", "-c", "SELECT count(*) FROM shortlist.note WHERE text = '\(text)'"], user: "admin",
        password: pg.adminPassword
      ).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    // The call begins; the laptop syncs mid-call (as the shell does in the background) with both notes.
    let started = try m1.run(
      [], stdin: "interview start Grace --bank rag-prototype\nkeeps the scope small\nan ill-judged remark\n")
    #expect(started.status == 0, "\(started.out)\(started.err)")
    _ = try m1.sync()
    _ = try lead.sync()
    // The lead's laptop holds what the server let it read (shown once her own scorecard is in; read here directly).
    let held = { (text: String) in
      try DatabaseQueue(path: lead.bin.db).read {
        try Int.fetchOne($0, sql: "SELECT count(*) FROM note WHERE text = ?", arguments: [text]) ?? -1
      }
    }
    #expect(try count("an ill-judged remark") == "1")
    #expect(try held("an ill-judged remark") == 1)
    // Taken back, then synced while the interview is still open.
    let id = try #require(
      started.out.range(of: "`interview resume ").map { started.out[$0.upperBound...].prefix { $0.isNumber } })
    let undone = try m1.run([], stdin: "interview resume \(id)\n/undo\n")
    #expect(undone.status == 0 && undone.out.contains("an ill-judged remark"), "\(undone.out)\(undone.err)")
    _ = try m1.sync()
    #expect(try count("an ill-judged remark") == "0")
    #expect(try count("keeps the scope small") == "1")
    _ = try lead.sync()
    #expect(try held("an ill-judged remark") == 0)
    #expect(try held("keeps the scope small") == 1)
  }

  @Test(.enabled(if: TeamSyncTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func theSameCandidateEditedOnTwoLaptopsResolvesTheSameEverywhere() throws {
    let pg = try PostgresCluster()
    let laptops = try team(pg, members: 2)
    let (lead, m1) = (laptops[0], laptops[1])
    #expect(try lead.run(["candidate", "edit", "Linus", "--rate", "100"]).status == 0)
    usleep(5_000)
    #expect(try m1.run(["candidate", "edit", "Linus", "--rate", "120"]).status == 0)
    _ = try lead.sync()
    let second = try m1.sync()
    #expect(second.out.contains("conflicts 1") && second.out.contains("rate"), "\(second.out)")
    _ = try lead.sync()
    for l in laptops {
      let show = try l.run(["candidate", "show", "Linus"]).out
      #expect(show.contains("$120/h"), "\(l.name): \(show)")
      let status = try l.run(["team", "status", "--format", "json"]).out
      let object = try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any]
      let conflicts = object?["conflicts"] as? [[String: Any]] ?? []
      #expect(conflicts.count == 1, "\(l.name): \(status)")
      #expect(conflicts.first?["field"] as? String == "rate" && conflicts.first?["lost_by"] as? String == "admin")
      #expect(conflicts.first?["table"] as? String == "candidate")
    }
  }

  @Test(.enabled(if: TeamSyncTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func forgetReachesTheServerAndEveryLaptop() throws {
    let pg = try PostgresCluster()
    let laptops = try team(pg, members: 3)
    try laptops[1].interview("Grace", score: 3, note: "Grace Hopper asked about the data first")
    try laptops[2].interview("Linus", score: 2, note: "compared him with Grace Hopper")
    for l in laptops { _ = try l.sync() }
    #expect(try pg.dump().contains("Grace Hopper"))
    // In a team only a lead forgets (a member files a request: TeamAttackTests).
    let forgot = try laptops[0].run(["candidate", "forget", "Grace", "--yes"])
    #expect(forgot.status == 0, "\(forgot.err)")
    _ = try laptops[0].sync()
    let dump = try pg.dump()
    #expect(!dump.contains("Grace Hopper") && !dump.contains("grace@example.com"))
    for l in laptops { _ = try l.sync() }
    for l in laptops {
      let list = try l.run(["candidate", "list", "--all-roles"]).out
      #expect(!list.contains("Grace"), "\(l.name): \(list)")
      let bytes = try Data(contentsOf: URL(fileURLWithPath: l.bin.db))
      #expect(bytes.range(of: Data("Grace Hopper".utf8)) == nil, "\(l.name)'s file")
      #expect(bytes.range(of: Data("grace@example.com".utf8)) == nil, "\(l.name)'s file")
    }
    // A laptop that had not heard yet cannot bring her back.
    _ = try laptops[2].sync()
    #expect(!(try pg.dump()).contains("Grace Hopper"))
  }

  /// Runs `sync` and kills it with SIGKILL after `delay` seconds (if it is still running).
  func killedSync(_ l: Laptop, after delay: Double) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Binary.path)
    p.arguments = ["sync"]
    p.environment = l.bin.environment.merging(["PGPASSWORD": l.password]) { $1 }
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    let deadline = Deadline(seconds: 60, process: p)
    usleep(useconds_t(delay * 1_000_000))
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    _ = deadline
  }

  @Test(.enabled(if: TeamSyncTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func killNineAtAnyPointThenRerunGivesTheSameEndState() throws {
    var random = SeededRandom(test: "killNineAtAnyPointThenRerunGivesTheSameEndState")
    let pg = try PostgresCluster()
    let laptops = try team(pg, members: 3)
    for round in 0..<4 {
      for l in laptops.dropFirst() {
        try l.interview(round % 2 == 0 ? "Grace" : "Linus", score: 1 + round, again: round >= 2)
        #expect(try l.run(["candidate", "note", "Linus", "round \(round) by \(l.name)"]).status == 0)
        try killedSync(l, after: Double.random(in: 0...0.25, using: &random))
      }
    }
    for l in laptops { _ = try l.sync() }
    for l in laptops { _ = try l.sync() }
    let lead = try laptops[0].compare()
    for l in laptops.dropFirst() { #expect(try l.compare() == lead, "\(l.name)") }
    // Every scorecard once on the server and on every laptop.
    let onServer = try pg.psql(
      ["-d", "team", "-c", "SELECT count(*) FROM shortlist.interview"], user: "admin", password: pg.adminPassword)
    #expect(onServer.trimmingCharacters(in: .whitespacesAndNewlines) == "8")
    for l in laptops {
      let list = try l.run(["interview", "list", "--format", "json"]).out
      #expect((try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [Any])?.count == 8, "\(l.name)")
      let notes = try l.run(["candidate", "show", "Linus"]).out
      #expect(notes.components(separatedBy: "round ").count - 1 == 8, "\(l.name): \(notes)")
    }
  }

  /// The REPL syncs in the background after `/finish` (and at start); with the server gone, the attempt is one
  /// warning line and the prompt answers at once.
  @Test(
    .enabled(
      if: TeamSyncTests.available && TerminalTests.tmux != nil, "needs PostgreSQL server binaries and tmux"))
  func theReplSyncsInTheBackground() throws {
    let pg = try PostgresCluster()
    let laptops = try team(pg, members: 2)
    let m1 = laptops[1]
    m1.bin.environment["PGPASSWORD"] = m1.password
    m1.bin.environment["SHORTLIST_INTERVIEWER"] = m1.name
    let s = try TerminalTests.Session(tmux: try #require(TerminalTests.tmux), binary: m1.bin)
    _ = try s.wait { $0.contains("shortlist>") }
    try s.keys("interview start Grace --bank rag-prototype", "Enter")
    _ = try s.wait { $0.contains("[Grace") }
    try s.keys("background note", "Enter", "/score 3", "Enter")
    try finish(s)
    // The lead sees the scorecard without m1 ever typing `sync` (a deadline of 20 s).
    var seen = false
    for _ in 0..<40 where !seen {
      _ = try laptops[0].sync()
      seen = try laptops[0].run(["interview", "list"]).out.contains("m1")
      if !seen { usleep(500_000) }
    }
    #expect(seen, "the background sync after /finish did not reach the server")
    try pg.stop()
    try s.keys("interview start Linus --bank rag-prototype", "Enter")
    _ = try s.wait { $0.contains("[Linus") }
    try s.keys("/score 2", "Enter")
    try finish(s)
    // The warning may wrap in the pane; read the screen as one line, for up to 30 s on a loaded machine.
    var screen = ""
    for _ in 0..<3 where !screen.contains("run `sync` to retry") {
      screen = try s.wait { $0.replacingOccurrences(of: "\n", with: "").contains("run `sync` to retry") }
        .replacingOccurrences(of: "\n", with: "")
    }
    #expect(screen.contains("warning: background sync failed") && screen.contains("run `sync` to retry"), "\(screen)")
    try s.keys("Enter", "candidate list --all-roles", "Enter")
    let listed = try s.wait { $0.contains("Linus Torvalds") && $0.contains("Grace Hopper") }
    #expect(listed.contains("Linus Torvalds"))
    try pg.start()
  }

  /// `/finish`, confirming that unscored questions stay unscored.
  func finish(_ s: TerminalTests.Session) throws {
    let before = try s.screen().components(separatedBy: "finished interview").count
    try s.keys("/finish", "Enter")
    // Up to 30 s on a loaded machine; the question is answered whenever it shows.
    let deadline = Date().addingTimeInterval(30)
    var answered = false
    while Date() < deadline {
      let screen = try s.screen()
      if screen.components(separatedBy: "finished interview").count > before { return }
      if !answered, s.lastLine(screen).contains("[y/N]") {
        try s.keys("y", "Enter")
        answered = true
      }
      Thread.sleep(forTimeInterval: 0.1)
    }
  }

  @Test(.enabled(if: TeamSyncTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func aServerThatStopsLosesNoLocalChange() throws {
    let pg = try PostgresCluster()
    let laptops = try team(pg, members: 2)
    let m1 = laptops[1]
    try m1.interview("Grace", score: 4)
    try pg.stop()
    let failed = try m1.run(["sync"])
    #expect(failed.status == 1)
    #expect(failed.err.split(separator: "\n").count == 1 && failed.err.contains("cannot reach the team server"))
    #expect(!failed.err.contains(m1.password))
    let status = try m1.run(["team", "status", "--format", "json"]).out
    #expect(!status.contains("\"pending\": 0"), "\(status)")
    // The call goes on offline.
    try m1.interview("Linus", score: 3)
    try pg.start()
    // Stopped again in the middle of a sync: either it finished or it failed in one line; nothing is lost.
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Binary.path)
    p.arguments = ["sync"]
    p.environment = m1.bin.environment.merging(["PGPASSWORD": m1.password]) { $1 }
    let errPipe = Pipe()
    p.standardOutput = FileHandle.nullDevice
    p.standardError = errPipe
    try p.run()
    let deadline = Deadline(seconds: 60, process: p)
    usleep(30_000)
    try pg.stop()
    p.waitUntilExit()
    _ = deadline
    let err = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(p.terminationStatus == 0 || (p.terminationStatus == 1 && err.split(separator: "\n").count == 1), "\(err)")
    try pg.start()
    _ = try m1.sync()
    _ = try laptops[0].sync()
    let list = try laptops[0].run(["interview", "list", "--format", "json"]).out
    #expect((try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [Any])?.count == 2)
  }
}
