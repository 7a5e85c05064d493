import Foundation
import Testing

@Suite struct ShellTests {
  @Test func oneShotCallsAndExitCodes() throws {
    let b = try Binary()
    let add = try b.run(["candidate", "add", "Ada Lovelace", "--source", "Toptal", "--rate", "120"])
    #expect(add.status == 0)
    #expect(add.out == "added candidate #1 Ada Lovelace (tier 2, Toptal)\n")
    #expect(add.err == "")
    let bad = try b.run(["candidate", "add", "Bob", "--tier", "7"])
    #expect(bad.status == 1)
    #expect(bad.out == "")
    #expect(bad.err.hasPrefix("error: tier '7' is not 1-4; tiers: 1 Niche talent network"))
    let usage = try b.run(["candidate", "add", "Bob", "--tierr", "1"])
    #expect(usage.status == 64)
    #expect(usage.err.hasPrefix("error: unknown option '--tierr'"))
    let unknown = try b.run(["frobnicate"])
    #expect(unknown.status == 64)
    let list = try #require(try b.json(["candidate", "list", "--format", "json"]) as? [[String: Any]])
    #expect(list.count == 1)
    #expect(PrivateFileMode.of(b.db) == 0o600)
  }

  @Test func dbOptionAndBadDatabases() throws {
    let b = try Binary()
    let other = b.home + "/other.sqlite"
    #expect(try b.run(["--db", other, "role", "add", "Backend"]).status == 0)
    #expect(FileManager.default.fileExists(atPath: other))
    #expect(!FileManager.default.fileExists(atPath: b.db))
    let text = b.home + "/notes.txt"
    try "not sqlite".write(toFile: text, atomically: false, encoding: .utf8)
    let r = try b.run(["--db", text, "candidate", "list"])
    #expect(r.status == 1)
    #expect(r.err == "error: '\(text)' is not a SQLite database; give --db a Shortlist database file or a new path\n")
    #expect(try String(contentsOfFile: text, encoding: .utf8) == "not sqlite")
    let missingDir = try b.run(["--db", "/proc/nope/x.sqlite", "candidate", "list"])
    #expect(missingDir.status == 1)
    #expect(missingDir.err.hasPrefix("error: cannot open"))
  }

  @Test func pipedScriptStopsAtFirstErrorUnlessKeepGoing() throws {
    let b = try Binary()
    let script = """
      role add "ML engineer" --bank rag-prototype
      candidate add "Ada Lovelace" --source Toptal
      candidate add Bob --tier 9
      candidate add Cy --tier 3

      """
    let r = try b.run([], stdin: script)
    #expect(r.status == 1)
    #expect(!r.out.contains("Shortlist"), "no banner in scripts")
    #expect(!r.out.contains("shortlist>"), "no prompt in scripts")
    #expect(
      r.err
        == "-:3: error: tier '9' is not 1-4; tiers: 1 Niche talent network, 2 Curated marketplace, 3 Direct outreach & referral, 4 General freelance platform\n"
    )
    #expect((try b.json(["candidate", "list", "--format", "json"]) as? [Any])?.count == 1)
    let k = try b.run(["--keep-going"], stdin: "candidate add Bob --tier 9\ncandidate add Cy --tier 3\n")
    #expect(k.status == 1)
    #expect((try b.json(["candidate", "list", "--format", "json"]) as? [Any])?.count == 2)
    #expect(!FileManager.default.fileExists(atPath: b.home + "/state/shortlist/history"), "scripts keep no history")
  }

  @Test func scriptFromFile() throws {
    let b = try Binary()
    let file = b.home + "/s.txt"
    try "# setup\nrole add Backend\ncandidate add Zed --tier 4 --role Backend\n".write(
      toFile: file, atomically: false, encoding: .utf8)
    let r = try b.run(["-f", file])
    #expect(r.status == 0)
    let list = try #require(
      try b.json(["candidate", "list", "--role", "backend", "--format", "json"]) as? [[String: Any]])
    #expect(list.first?["roles"] as? [String] == ["Backend"])
    // A script that cannot be read is one error line, never a crash (a folder used to trap in FileHandle).
    for bad in [b.home, b.home + "/missing.txt"] {
      let r = try b.run(["-f", bad])
      #expect(r.status == 1)
      #expect(r.err.hasPrefix("error: cannot read script '\(bad)': "), "\(r.err)")
      #expect(r.err.split(separator: "\n").count == 1)
    }
  }

  @Test func manyCandidatesAcrossTiers() throws {
    let b = try Binary()
    let sources = ["AI network", "Toptal", "referral", "Upwork"]
    var script = "role add \"RAG prototype\"\n"
    for i in 0..<200 {
      script +=
        "candidate add \"Person \(i)\" --source \"\(sources[i % 4])\" --rate \(60 + i) --email p\(i)@example.com --tag t\(i % 3)\n"
    }
    #expect(try b.run([], stdin: script).status == 0)
    let list = try #require(try b.json(["candidate", "list", "--format", "json"]) as? [[String: Any]])
    #expect(list.count == 200)
    for (i, c) in list.enumerated() {
      #expect(c["tier"] as? Int == i % 4 + 1)
      #expect(c["rate"] as? Double == Double(60 + i))
      #expect(c["id"] as? Int == i + 1)
    }
    let tier2 = try #require(try b.json(["candidate", "list", "--tier", "2", "--format", "json"]) as? [Any])
    #expect(tier2.count == 50)
  }
}

enum PrivateFileMode {
  static func of(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int).map { $0 & 0o777 }
  }
}

@Suite struct OutputFailureTests {
  /// Runs `shortlist ARGS` through /bin/sh with standard output redirected as `redirect` says; returns its status
  /// and what it wrote to standard error.
  func shell(_ b: Binary, _ args: String, _ redirect: String) throws -> (status: Int32, err: String) {
    let errPath = b.home + "/shell-err-\(UUID().uuidString)"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "'\(Binary.path)' \(args) 2>'\(errPath)' \(redirect); echo $? > '\(errPath).status'"]
    p.environment = b.environment
    try p.run()
    p.waitUntilExit()
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    let status =
      Int32(
        ((try? String(contentsOfFile: errPath + ".status", encoding: .utf8)) ?? "").trimmingCharacters(
          in: .whitespacesAndNewlines)) ?? -1
    return (status, err)
  }

  @Test func aReaderThatGoesAwayEndsTheOutputQuietly() throws {
    let b = try Binary()
    #expect(try b.run(["demo", "--candidates", "300"]).status == 0)
    let r = try shell(b, "compare --role all --format json", "| head -c 10 >/dev/null")
    #expect(!r.err.contains("Fatal error") && !r.err.contains("crashed"), "no crash report: \(r.err)")
    // A script's later output goes to a pipe whose reader has left: that used to crash in FileHandle.write.
    let script = b.home + "/script.txt"
    try String(repeating: "candidate list\nrole list\n", count: 20).write(
      toFile: script, atomically: false, encoding: .utf8)
    let list = try shell(b, "-f '\(script)'", "| head -n 1 >/dev/null")
    #expect(!list.err.contains("Fatal error") && !list.err.contains("crashed"), "no crash report: \(list.err)")
    #expect(list.err.isEmpty)
  }

  @Test func aFullDiskIsOneErrorLineAndStatusOne() throws {
    guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
    let b = try Binary()
    let r = try shell(b, "role list", ">/dev/full")
    #expect(r.status == 1)
    #expect(r.err == "error: cannot write to standard output: No space left on device\n")
  }
}

/// Shell manners: where a script failed, a new database said, quotes suggested, comments after a command, who you are.
@Suite struct ShellMannersTests {
  @Test func scriptErrorsNameTheirFileAndLine() throws {
    let b = try Binary()
    let script = b.home + "/day.txt"
    try "role list\n\ncandidate show nobody\nrole list\n".write(toFile: script, atomically: false, encoding: .utf8)
    let r = try b.run(["-f", script])
    #expect(r.status == 1)
    #expect(r.err.hasPrefix("\(script):3: error: no candidate matches 'nobody'"), "\(r.err)")
    let piped = try b.run(["--keep-going"], stdin: "frobnicate\nrole list\ncandidate show nobody\n")
    #expect(piped.err.split(separator: "\n").map { $0.prefix(4) } == ["-:1:", "-:3:"], "\(piped.err)")
  }

  @Test func aNewDatabaseAtAGivenPathIsSaid() throws {
    let b = try Binary()
    let path = b.home + "/typo.sqlite"
    let first = try b.run(["--db", path, "candidate", "add", "Ada", "--source", "Toptal"])
    #expect(first.err == "created new database \(path)\n")
    let second = try b.run(["--db", path, "candidate", "add", "Bea", "--source", "Toptal"])
    #expect(second.err == "")
    // Reading a path that does not exist creates nothing and says so by finding nobody.
    let read = try b.run(["--db", b.home + "/other.sqlite", "candidate", "list"])
    #expect(read.err == "" && !FileManager.default.fileExists(atPath: b.home + "/other.sqlite"))
  }

  @Test func unquotedNamesGetAQuotingHintAndCommentsAreIgnored() throws {
    let b = try Binary()
    let r = try b.run([], stdin: "candidate add \"Lukas Müller\" --source Toptal  # Toptal => tier 2\n")
    #expect(r.status == 0, "\(r.err)")
    let show = try b.run(["candidate", "show", "lukas", "müller"])
    #expect(show.status == 64)
    #expect(show.err.contains("a name with spaces needs quotes: candidate show \"lukas müller\""), "\(show.err)")
    #expect(try b.run(["candidate", "show", "muller"]).out.contains("Lukas Müller"))
  }

  @Test func whoamiAndAsHoldForTheSession() throws {
    let b = try Binary()
    let r = try b.run([], stdin: "whoami\nas carol\nwhoami\n")
    #expect(
      r.out
        == "alice ($SHORTLIST_INTERVIEWER)\nyou are carol for the rest of this session\ncarol (set with `as` or --as)\n"
    )
  }
}

/// The source map is the user's: add a niche network to tier 1, take a source out, and candidates added before keep
/// their tier.
@Suite struct SourceMapTests {
  @Test func setRemoveAndWhatItChanges() throws {
    let b = try Binary()
    let r = try b.run(
      ["--keep-going"],
      stdin: """
        candidate add Old --source Upwork
        source set "DeepNet AI" --tier 1
        source set Upwork --tier 3
        candidate add Zed --source "deepnet ai"
        candidate add Yan --source upwork
        source remove fiverr
        candidate add Xu --source Fiverr

        """)
    #expect(r.status == 1)
    #expect(r.out.contains("added candidate #2 Zed (tier 1, deepnet ai)"))
    #expect(r.out.contains("added candidate #3 Yan (tier 3, upwork)"))
    #expect(r.err.contains("-:7: error: source 'Fiverr' does not imply a tier"), "\(r.err)")
    let old = try #require(try b.json(["candidate", "show", "old", "--format", "json"]) as? [String: Any])
    #expect(old["tier"] as? Int == 4, "candidates added before keep their tier")
    let list = try #require(try b.json(["source", "list", "--format", "json"]) as? [[String: Any]])
    #expect(
      list.contains {
        $0["source"] as? String == "deepnet ai" && $0["tier"] as? Int == 1 && $0["yours"] as? Bool == true
      })
    #expect(!list.contains { $0["source"] as? String == "fiverr" })
    #expect(list.contains { $0["source"] as? String == "turing" && $0["tier"] as? Int == 2 })
  }
}

/// Names and file contents with terminal escape codes never reach the terminal raw, in output or in errors.
@Suite struct EscapeCodeTests {
  @Test func namesWithEscapesAreShownSafely() throws {
    let b = try Binary()
    let sheet = b.home + "/evil.csv"
    try "name,source\n\"Mallory\u{1B}]0;owned\u{7}\",Toptal\n\"Eve\u{1B}]52;c;ZXZpbA==\u{7}\",Nowhere\n".write(
      toFile: sheet, atomically: false, encoding: .utf8)
    let bad = try b.run(["candidate", "import", sheet])
    #expect(!bad.err.contains("\u{1B}") && !bad.out.contains("\u{1B}"), "\(bad.err)")
    #expect(try b.run(["candidate", "import", sheet, "--skip-bad"]).status == 0)
    for args in [
      ["candidate", "move", "mallory", "screening"], ["candidate", "show", "mallory"], ["candidate", "list"],
      ["shortlist", "add", "mallory"], ["candidate", "edit", "mallory", "--rate", "90"],
      ["candidate", "show", "zz\u{1B}[2J"],
    ] {
      let r = try b.run(args)
      #expect(!r.out.contains("\u{1B}") && !r.err.contains("\u{1B}"), "\(args): \(r.out) \(r.err)")
    }
  }
}
