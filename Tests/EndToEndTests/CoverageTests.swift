import Foundation
import GRDB
import Testing

/// A candidate never asked one of the role's banks ranks on part of the evidence: every format names them and the
/// bank, `shortlist auto` holds them back, `compare --min-coverage` leaves them out.
@Suite struct CoverageTests {
  /// Ada is asked both banks of the role, Chen Half only the first (scoring higher on it).
  func twoBankRole() throws -> Binary {
    let b = try Binary()
    let script = """
      role add RAG --bank rag-prototype --bank backend-api-integration
      candidate add Ada --source Toptal
      candidate add "Chen Half" --source Toptal
      interview start Ada --bank rag-prototype
      /score 3
      /rec yes
      /finish
      interview start Ada --bank backend-api-integration
      /score 3
      /finish
      interview start "Chen Half" --bank rag-prototype
      /score 4
      /next
      /score 4
      /rec strong-yes
      /finish
      """
    let r = try b.run([], stdin: script + "\n")
    #expect(r.status == 0, "\(r.err)")
    return b
  }

  @Test func everyFormatNamesTheBankNotAsked() throws {
    let b = try twoBankRole()
    let line = "Chen Half: backend-api-integration not asked"
    for width in ["80", "100", "120"] {
      let table = try b.run(["compare"], env: ["COLUMNS": width]).out
      #expect(table.contains(line), "at \(width) columns:\n\(table)")
    }
    #expect(try b.run(["compare", "--format", "md"]).out.contains(line))
    let doc = try #require(try b.json(["compare", "--format", "json"]) as? [String: Any])
    let people = try #require(doc["candidates"] as? [[String: Any]])
    let chen = try #require(people.first { $0["name"] as? String == "Chen Half" })
    let ada = try #require(people.first { $0["name"] as? String == "Ada" })
    #expect(chen["incomplete"] as? [String] == ["backend-api-integration"])
    #expect(ada["incomplete"] as? [String] == [])
    let csv = try b.run(["compare", "--format", "csv"]).out
    #expect(csv.components(separatedBy: "\r\n").first?.hasSuffix(",incomplete") == true)
    #expect(csv.contains("backend-api-integration not asked"))
    #expect(try b.run(["compare", "--format", "html"]).out.contains(line))
  }

  @Test func shortlistAutoHoldsThemBackUnlessAsked() throws {
    let b = try twoBankRole()
    let held = try b.run(["shortlist", "auto", "--top", "2"])
    #expect(held.status == 0)
    #expect(held.out.contains("Ada: interviewing -> shortlisted"))
    #expect(held.out.contains("held: Chen Half") && held.out.contains("backend-api-integration not asked"))
    #expect(!held.out.contains("Chen Half: interviewing -> shortlisted"))
    let taken = try b.run(["shortlist", "auto", "--top", "2", "--include-incomplete"])
    #expect(taken.out.contains("Chen Half: interviewing -> shortlisted"), "\(taken.out)")
  }

  @Test func minCoverageLeavesOutThePartlyScored() throws {
    let b = try twoBankRole()
    // Ada scored one question of each bank (24% of the weight), Chen Half two of the first (28%).
    let r = try b.run(["compare", "--min-coverage", "25%", "--format", "json"])
    #expect(r.status == 0)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    let names = (doc["candidates"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    #expect(names == ["Chen Half"])
    #expect(r.err.contains("1 candidate below 25% coverage left out: Ada (24%)"))
    let bad = try b.run(["compare", "--min-coverage", "abc"])
    #expect(bad.status == 1 && bad.err.contains("--min-coverage takes a percentage from 0 to 100"))
  }
}

/// The cells a hiring decision is read from are never cut, at any width: the recommendation tally of a split panel
/// and the sealed mark.
@Suite struct DecisionCellTests {
  @Test func aSplitPanelAndASealedMarkShowWhole() throws {
    let b = try Binary()
    var script = """
      candidate add "Maximilian Alexander Longname-Smith" --source "LinkedIn Recruiter Premium" --tier 3 --rate 95
      candidate add "Priya Sealed-Until-Finished" --tier 1

      """
    for (who, score, rec) in [
      ("carol", 4, "strong-yes"), ("dave", 3, "yes"), ("erin", 2, "no"), ("frank", 1, "strong-no"),
    ] {
      script += "interview start Maximilian --bank rag-prototype --as \(who)\n/score \(score)\n/rec \(rec)\n/finish\n"
    }
    // Priya's interview stays open (a note, no /finish): her scores are sealed for everyone else.
    script += "interview start Priya --bank rag-prototype --as gina\na first note\n"
    #expect(try b.run([], stdin: script).status == 0)
    for width in ["80", "100", "120"] {
      let out = try b.run(["compare"], env: ["COLUMNS": width, "SHORTLIST_INTERVIEWER": "hal"]).out
      let row = out.split(separator: "\n").first { $0.contains("Maximilian") } ?? ""
      #expect(row.contains("1SY 1Y 1N 1SN"), "at \(width) columns: \(row)")
      let sealed = out.split(separator: "\n").first { $0.contains("Priya") } ?? ""
      #expect(sealed.contains(" sealed "), "at \(width) columns: \(sealed)")
      #expect(out.split(separator: "\n").allSatisfy { $0.count <= Int(width)! }, "\(out)")
    }
    let shown = try b.run(["shortlist", "show"], env: ["COLUMNS": "80"])
    #expect(shown.status == 0)
  }
}

/// What a newcomer meets on the way: a first read with no database, `interview show` by name, every problem of
/// `candidate add` at once, the role line of `shortlist show`, `bank export` before any interview.
@Suite struct NewcomerTests {
  @Test func aFirstReadWithNoDatabaseIsAnEmptyResultAndCreatesNothing() throws {
    let b = try Binary()
    // The default place, on a machine where not even its folder exists yet.
    let home = b.home + "/fresh-home"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let env = ["HOME": home, "XDG_DATA_HOME": "", "SHORTLIST_DB": ""]
    let list = try b.run(["candidate", "list"], env: env)
    #expect(list.status == 0, "\(list.err)")
    #expect(list.out.contains("no candidates yet") && list.out.contains("--demo") && list.out.contains("import"))
    let json = try b.run(["candidate", "list", "--format", "json"], env: env)
    #expect(json.status == 0 && json.out.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    let empty = try b.run(["compare"], env: env)
    #expect(empty.status == 0 && empty.out.contains("no candidates yet; `candidate add NAME`"), "\(empty.out)")
    #expect(!empty.out.contains("score: 100 x"), "no legend under an empty table: \(empty.out)")
    let created = try FileManager.default.contentsOfDirectory(atPath: home)
    #expect(created.isEmpty, "\(created)")
  }

  /// Nobody at `shortlisted` is not nobody chosen: `shortlist show` counts those who went past it (offer, hired),
  /// whom `export shortlist` writes; with nobody anywhere it says only how to start one.
  @Test func anEmptyShortlistNamesThoseWhoWentPastIt() throws {
    let b = try Binary()
    #expect(try b.run(["role", "add", "RAG", "--bank", "rag-prototype"]).status == 0)
    #expect(try b.run(["candidate", "add", "Ada", "--source", "Toptal"]).status == 0)
    let none = try b.run(["shortlist", "show"])
    #expect(none.status == 0 && none.out.contains("nobody is shortlisted") && !none.out.contains("went past"))
    let script = """
      candidate add Bo --source Toptal
      candidate add Cy --source Toptal
      candidate move Ada offer --force --note "a paid trial"
      candidate move Bo hired --force --note "a paid trial"
      candidate move Cy hired --force --note "a paid trial"
      """
    #expect(try b.run([], stdin: script + "\n").status == 0)
    let past = try b.run(["shortlist", "show"])
    #expect(past.out.contains("1 at offer and 2 hired went past it"), "\(past.out)")
    let sheet = try b.run(["export", "shortlist", "--out", "-"]).out
    #expect(sheet.split(separator: "\r\n").count == 4, "\(sheet)")
  }

  /// An empty comparison says why (a role nobody applied for, a tier with nobody in it), not an empty table.
  @Test func anEmptyComparisonSaysWhy() throws {
    let b = try Binary()
    #expect(try b.run(["role", "add", "RAG", "--bank", "rag-prototype"]).status == 0)
    let none = try b.run(["compare"])
    #expect(none.status == 0 && none.out.contains("nobody has applied for this role yet"), "\(none.out)")
    #expect(try b.run(["candidate", "add", "Ada", "--source", "Toptal"]).status == 0)
    let tier = try b.run(["compare", "--tier", "1"])
    #expect(tier.out.contains("nobody in tier 1 (Niche talent network) to compare"), "\(tier.out)")
    #expect(try b.run(["compare", "--tier", "2"]).out.contains("Ada"))
  }

  @Test func interviewShowTakesACandidate() throws {
    let b = try Binary()
    let script = """
      candidate add Ada --source Toptal
      interview start Ada --bank rag-prototype
      /score 3
      /finish
      """
    #expect(try b.run([], stdin: script + "\n").status == 0)
    let one = try b.run(["interview", "show", "Ada"])
    #expect(one.status == 0 && one.out.contains("interview #1") && one.out.contains("recommendation"))
    #expect(try b.run([], stdin: "interview start Ada --bank rag-prototype --as bob\n/score 2\n/finish\n").status == 0)
    let two = try b.run(["interview", "show", "Ada"])
    #expect(two.status == 0 && two.out.contains("Ada has 2 interviews") && two.out.contains("#2"))
  }

  @Test func candidateAddNamesEveryProblemAtOnce() throws {
    let b = try Binary()
    let r = try b.run(["candidate", "add", "Ada", "--rate", "abc"])
    #expect(r.status == 1)
    #expect(r.err.contains("give --tier 1-4") && r.err.contains("rate 'abc' is not a positive number"), "\(r.err)")
    #expect(r.err.split(separator: "\n").count == 1)
  }

  @Test func shortlistShowStartsWithTheRoleAndBankExportNeedsNoInterview() throws {
    let b = try Binary()
    #expect(try b.run(["role", "add", "RAG", "--bank", "rag-prototype"]).status == 0)
    #expect(try b.run(["candidate", "add", "Ada", "--source", "Toptal"]).status == 0)
    #expect(try b.run(["shortlist", "add", "Ada", "--force", "--note", "referral from the CTO"]).status == 0)
    let shown = try b.run(["shortlist", "show"])
    #expect(shown.out.hasPrefix("role: RAG"), "\(shown.out)")
    let out = b.home + "/banks-out"
    let exported = try b.run(["bank", "export", "backend-api-integration", "--out", out])
    #expect(exported.status == 0, "\(exported.err)")
    #expect(FileManager.default.fileExists(atPath: out + "/backend-api-integration.yaml"))
  }
}

/// The demo at any size and seed: its dates end on SHORTLIST_NOW's day (engagements, reports and moves included),
/// and two seeds never share a UUID.
@Suite struct DemoTests {
  @Test func datesEndOnTheDayAndSeedsDoNotShareUUIDs() throws {
    let b = try Binary()
    let env = ["SHORTLIST_NOW": "2027-01-10"]
    #expect(try b.run(["demo", "--candidates", "400", "--seed", "3"], env: env).status == 0)
    let path = b.home + "/db.sqlite"
    let other = b.home + "/other.sqlite"
    #expect(try b.run(["--db", other, "demo", "--candidates", "400", "--seed", "4"], env: env).status == 0)
    let queue = try DatabaseQueue(path: path)
    let day = 1_799_539_200.0  // 2027-01-10T00:00:00Z
    try queue.read { db in
      for (sql, what) in [
        ("SELECT max(at) FROM status_change", "moves"), ("SELECT max(finished_at) FROM interview", "interviews"),
        ("SELECT max(created_at) FROM candidate", "candidates"), ("SELECT max(opened_at) FROM risk", "risks"),
      ] {
        let latest = try Double.fetchOne(db, sql: sql) ?? 0
        #expect(latest <= day, "\(what)")
      }
      for (sql, what) in [
        ("SELECT max(start_day) FROM engagement", "engagements"), ("SELECT max(end_day) FROM engagement", "ends"),
        ("SELECT max(done_day) FROM onboarding_item", "onboarding"), ("SELECT max(week) FROM weekly_report", "reports"),
      ] {
        let latest = try String.fetchOne(db, sql: sql) ?? ""
        #expect(latest <= "2027-01-10", "\(what)")
      }
      let engagements = try Int.fetchOne(db, sql: "SELECT count(*) FROM engagement") ?? 0
      #expect(engagements > 0)
    }
    try queue.close()
    let merged = try b.run(["merge", other])
    #expect(merged.status == 0)
    let count = try DatabaseQueue(path: path).read {
      try Int.fetchOne($0, sql: "SELECT count(DISTINCT uuid) FROM candidate")
    }
    #expect(count ?? 0 > 400, "the second seed's people are new people, not the first seed's")
  }
}
