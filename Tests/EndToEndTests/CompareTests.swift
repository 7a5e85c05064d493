import CSV
import Foundation
import Testing

@Suite struct CompareTests {
  /// Two interviewers, three candidates, one open scorecard; every expected number computed by hand.
  func panel() throws -> Binary {
    let b = try Binary()
    // rag-prototype weights: first-moves 2, data-quality 2, retrieval-tradeoffs 1.5, measuring-success 2, risks 1.
    let setup = """
      role add "RAG" --bank rag-prototype
      candidate add Ada --source Toptal --rate 120
      candidate add Bob --source Upwork --rate 60
      candidate add Cy --tier 1
      candidate add Dee --tier 3
      interview start Ada
      /score 4
      /next
      /score 3
      /next
      /score 2
      /next
      /skip
      /score 4
      /recommend strong-yes
      /finish
      interview start Bob
      /score 1
      /recommend no
      /finish
      interview start Cy
      /score 4
      /pause

      """
    #expect(try b.run([], stdin: setup).status == 0)
    let bob = """
      interview start Ada
      /score 3
      /next
      /score 3
      /next
      /skip
      /skip
      /score 2
      /recommend yes
      /finish

      """
    #expect(try b.run([], stdin: bob, env: ["SHORTLIST_INTERVIEWER": "bob"]).status == 0)
    return b
  }

  @Test func scoresAreExactAndRanked() throws {
    let b = try panel()
    let doc = try #require(try b.json(["compare", "--format", "json"]) as? [String: Any])
    #expect((doc["role"] as? [String: Any])?["title"] as? String == "RAG")
    let cs = try #require(doc["candidates"] as? [[String: Any]])
    #expect(cs.map { $0["name"] as? String } == ["Ada", "Bob", "Cy", "Dee"])
    // Ada: means first-moves 3.5, data-quality 3, retrieval 2, measuring (none), risks 3.
    // score = 100 * (2*2.5 + 2*2 + 1.5*1 + 1*2) / (3 * (2+2+1.5+1)) = 100 * 12.5 / 19.5
    let ada = cs[0]
    #expect(abs((ada["score"] as? Double ?? -1) - 1250.0 / 19.5) < 1e-9)
    #expect(abs((ada["coverage"] as? Double ?? -1) - 6.5 / 8.5) < 1e-9)
    #expect(ada["interviews"] as? Int == 2)
    #expect(ada["gaps"] as? [String] == ["measuring-success"])
    let q = try #require(ada["questions"] as? [String: Any])
    #expect(q["first-moves"] as? Double == 3.5)
    #expect(q["measuring-success"] is NSNull)
    #expect((ada["recommendations"] as? [String: Int])?["strong-yes"] == 1)
    #expect((ada["recommendations"] as? [String: Int])?["yes"] == 1)
    for key in [
      "name", "tier", "source", "rate", "status", "score", "coverage", "interviews", "questions", "recommendations",
      "gaps",
    ] {
      #expect(ada[key] != nil, "key \(key)")
    }
    // Bob: only first-moves 1 -> score 0, coverage 2/8.5.
    #expect(cs[1]["score"] as? Double == 0)
    #expect(abs((cs[1]["coverage"] as? Double ?? -1) - 2 / 8.5) < 1e-9)
    // Cy's scorecard is open: it never counts.
    #expect(cs[2]["score"] is NSNull)
    #expect(cs[2]["interviews"] as? Int == 0)
    #expect(cs[3]["score"] is NSNull)
    // One candidate per line, in rank order, so the document greps and diffs by candidate.
    let lines = try b.run(["compare", "--format", "json"]).out.split(separator: "\n")
    let candidateLines = lines.filter { $0.hasPrefix("    {\"id\":") }
    #expect(candidateLines.count == 4)
    #expect(candidateLines.first?.contains("\"name\":\"Ada\"") == true)
  }

  @Test func agreementAndAdjustedKeys() throws {
    let b = try panel()
    let doc = try #require(try b.json(["compare", "--format", "json", "--adjusted"]) as? [String: Any])
    let agreement = try #require(doc["agreement"] as? [String: Any])
    let icc = try #require(agreement["icc"] as? [String: Any])
    #expect(icc["icc2_1"] is NSNull)
    #expect(icc["reason"] as? String != nil)
    let overall = try #require(agreement["overall"] as? [String: Any])
    // Pairable units: Ada's first-moves (4,3), data-quality (3,3), risks (4,2).
    #expect(overall["units"] as? Int == 3)
    #expect(overall["values"] as? Int == 6)
    let interviewers = try #require(doc["interviewers"] as? [[String: Any]])
    #expect(interviewers.map { $0["name"] as? String } == ["bob", "alice"].sorted())
    #expect(interviewers.allSatisfy { $0["offset"] is NSNull }, "fewer than 5 shared items")
    let cs = try #require(doc["candidates"] as? [[String: Any]])
    #expect(cs[0]["adjusted_score"] as? Double == cs[0]["score"] as? Double)
  }

  @Test func formatsAndFiles() throws {
    let b = try panel()
    let table = try b.run(["compare"])
    #expect(table.status == 0)
    #expect(table.out.contains("- when there is no") && table.out.contains("recs: SY strong-yes"))
    for line in table.out.split(separator: "\n") { #expect(line.count <= 100, "fits 100 columns: \(line)") }
    let md = try b.run(["compare", "--format", "md"])
    #expect(md.out.contains("| # | Name | Tier |"))
    let out = b.home + "/cmp.csv"
    let written = try b.run(["compare", "--format", "csv", "--out", out])
    #expect(written.out.hasPrefix("wrote \(out)"))
    #expect(PrivateFileMode.of(out) == 0o600)
    let tiers = try #require(try b.json(["tiers", "--format", "json"]) as? [String: Any])
    let rows = try #require(tiers["tiers"] as? [[String: Any]])
    #expect(rows.count == 4)
    #expect(rows[1]["candidates"] as? Int == 1)
    #expect(rows[1]["interviewed"] as? Int == 1)
  }

  @Test func shortlistAutoNeverTakesTheUninterviewed() throws {
    let b = try panel()
    // Bob's one interviewer said no: held back and named, never passed over in silence.
    let held = try b.run(["shortlist", "auto", "--top", "10"])
    #expect(held.status == 0)
    #expect(held.out.contains("shortlisted 1 candidate\n"))
    #expect(held.out.contains("held: Bob (score 0.0), 1 of 1 said no"), "\(held.out)")
    let r = try b.run(["shortlist", "auto", "--top", "10", "--include-split"])
    #expect(r.status == 0)
    #expect(r.out.contains("shortlisted 1 candidate; 1 already shortlisted or further along"), "\(r.out)")
    let list = try #require(
      try b.json(["candidate", "list", "--status", "shortlisted", "--format", "json"]) as? [[String: Any]])
    #expect(Set(list.compactMap { $0["name"] as? String }) == ["Ada", "Bob"])
    #expect(try b.run(["shortlist", "remove", "bob"]).status == 0)
    let bob = try #require(try b.json(["candidate", "show", "bob", "--format", "json"]) as? [String: Any])
    #expect(bob["status"] as? String == "interviewing")
    #expect((bob["history"] as? [[String: Any]])?.count == 4)
    #expect(try b.run(["shortlist", "auto", "--min-score", "50"]).out.contains("already shortlisted"))
    #expect(try b.run(["shortlist", "auto"]).status == 64)
  }

  /// What a hiring lead reads about one person: each finished scorecard's score and recommendation (sealed ones say
  /// sealed), rates with cents; the CSV for Excel on Windows starts with the byte order mark when asked.
  @Test func candidateShowScoresAndTheByteOrderMark() throws {
    let b = try panel()
    let ada = try b.run(["candidate", "show", "ada"])
    #expect(ada.out.contains("alice  finished") && ada.out.contains("score ") && ada.out.contains("strong-yes"))
    let json = try #require(try b.json(["candidate", "show", "ada", "--format", "json"]) as? [String: Any])
    let cards = try #require(json["interviews"] as? [[String: Any]])
    #expect(cards.allSatisfy { $0["score"] is Double }, "\(cards)")
    // Cy's scorecard is open (alice's): bob sees it sealed, with no score.
    let cy = try b.run(["candidate", "show", "cy"], env: ["SHORTLIST_INTERVIEWER": "bob"])
    #expect(!cy.out.contains("score "))
    #expect(try b.run(["candidate", "add", "Eve", "--tier", "3", "--rate", "95.5"]).status == 0)
    #expect(try b.run(["candidate", "show", "eve"]).out.contains("$95.50/h"))
    let out = b.home + "/sheet.csv"
    #expect(try b.run(["export", "shortlist", "--all", "--bom", "--out", out]).status == 0)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    // An import reads it back.
    let copy = try Binary()
    #expect(try copy.run(["candidate", "import", out]).status == 0)
    let plain = try b.run(["compare", "--format", "csv", "--bom"])
    #expect(plain.out.hasPrefix("\u{FEFF}rank,"))
  }

  /// The exported shortlist carries the people past it (offer, hired) with their status, ranked as compare ranks.
  @Test func exportIncludesOffersAndUsesCompareRanks() throws {
    let b = try panel()
    #expect(try b.run(["shortlist", "add", "bob"]).status == 0)
    #expect(try b.run(["candidate", "move", "ada", "offer"]).status == 0)
    let out = b.home + "/sl.csv"
    #expect(try b.run(["export", "shortlist", "--out", out]).status == 0)
    let reader = try CSVReader(string: try String(contentsOfFile: out, encoding: .utf8), hasHeaderRow: true)
    let header = try #require(reader.headerRow)
    var rows: [[String: String]] = []
    while let r = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, r))) }
    #expect(rows.map { $0["name"] ?? "" } == ["Ada", "Bob"])
    #expect(rows.map { $0["status"] ?? "" } == ["offer", "shortlisted"])
    #expect(rows.map { $0["rank"] ?? "" } == ["1", "2"])
  }

  @Test func exportThenImportGivesEveryValueBack() throws {
    let b = try Binary()
    let hostile = [
      "=1+1", "'=quoted", "''-double", "+44 20", "-5", "@SUM(A1)", "\tTab", "say \"hi\", ok", "Line\r\nBreak",
      "Emoji 😀👩‍💻", "עברית مرحبا", String(repeating: "ü,\"\n", count: 45), "'plain quote",
    ]
    // The first sheet is written by hand (a name with a line break cannot be typed on one REPL line).
    func quoted(_ f: String) -> String { "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    var sheet = "name,email,tier,source,rate,tags\r\n"
    for (i, h) in hostile.enumerated() {
      sheet +=
        [quoted("N\(i) " + h), "n\(i)@example.com", String(i % 4 + 1), quoted(h), String(50 + i), "t\(i)"]
        .joined(separator: ",") + "\r\n"
    }
    let first = b.home + "/first.csv"
    try sheet.write(toFile: first, atomically: false, encoding: .utf8)
    let loaded = try b.run(["candidate", "import", first])
    #expect(loaded.status == 0, "\(loaded.err)")
    let before = try #require(try b.json(["candidate", "list", "--format", "json"]) as? [[String: Any]])
    #expect(before.count == hostile.count)
    let out = b.home + "/all.csv"
    #expect(try b.run(["export", "shortlist", "--all", "--role", "all", "--out", out]).status == 0)
    #expect(PrivateFileMode.of(out) == 0o600)
    let reader = try CSVReader(string: try String(contentsOfFile: out, encoding: .utf8), hasHeaderRow: true)
    while let row = reader.next() {
      for field in row {
        if let first = field.unicodeScalars.first { #expect(!["=", "+", "-", "@", "\t", "\r", "\0"].contains(first)) }
      }
    }
    let c = try Binary()
    let imported = try c.run(["candidate", "import", out])
    #expect(imported.status == 0, "\(imported.err)")
    let after = try #require(try c.json(["candidate", "list", "--format", "json"]) as? [[String: Any]])
    #expect(after.count == before.count)
    for (x, y) in zip(before, after) {
      for key in ["name", "email", "tier", "source", "rate", "tags", "links"] {
        #expect(String(describing: x[key]!) == String(describing: y[key]!), "\(key)")
      }
    }
  }

  /// Sheets as they come: semicolons (Excel in much of Europe), profile columns as links, advice for a sheet, every
  /// problem at once, and --skip-bad setting the refused rows aside with their reason.
  @Test func sheetsAsTheyCome() throws {
    let b = try Binary()
    let sheet = b.home + "/sourcing.csv"
    try """
    Name;Email;Source;LinkedIn;GitHub;Rate
    José Ñúñez-O'Brien;jose@example.com;Toptal;https://linkedin.com/in/jose;https://github.com/jose;95.5
    Mystery Person;m@example.com;Some Agency;;;80
    José Again;jose@example.com;Toptal;;;90
    Ada Lovelace;ada@example.com;referral;;;120

    """.write(toFile: sheet, atomically: false, encoding: .utf8)
    let first = try b.run(["candidate", "import", sheet])
    #expect(first.status == 1)
    #expect(first.err.contains(":3: error: source 'Some Agency' does not imply a tier; add a Tier column (1-4)"))
    #expect(first.err.contains(":4: skipped: same email as line 2"), "duplicates on the first pass: \(first.err)")
    #expect(first.err.contains("1 bad row and 1 duplicate; nothing was imported"))
    let second = try b.run(["candidate", "import", sheet, "--skip-bad"])
    #expect(second.status == 0, "\(second.err)")
    #expect(second.out.contains("imported 2 candidates"))
    let rejected = b.home + "/sourcing.rejected.csv"
    #expect(second.out.contains("wrote the 2 refused rows, with a reason column, to \(rejected)"))
    #expect(PrivateFileMode.of(rejected) == 0o600)
    let text = try String(contentsOfFile: rejected, encoding: .utf8)
    #expect(text.hasPrefix("Name,Email,Source,LinkedIn,GitHub,Rate,reason\r\n"))
    #expect(text.contains("Mystery Person") && text.contains("same email as line 2"))
    let jose = try #require(try b.json(["candidate", "show", "nunez", "--format", "json"]) as? [String: Any])
    #expect(jose["links"] as? [String] == ["https://linkedin.com/in/jose", "https://github.com/jose"])
    #expect(jose["rate"] as? Double == 95.5)
  }

  /// What a CFO reads: per-scorecard strengths and concerns with their authors, the rate against the budget,
  /// rejected people apart, and the agreement appendix only when wanted.
  @Test func reportAndExportSayWhoSawWhat() throws {
    let b = try Binary()
    let script = """
      role add RAG --bank rag-prototype --budget 80-120
      candidate add "José Ñúñez" --source Toptal --rate 140
      candidate add Rita --source referral --rate 100
      interview start jose --as alice
      looked at the data before any tool
      /score 3
      /finish
      interview start jose --as bob
      /score 1 jumped to tools
      /finish
      interview start rita --as alice
      /score 4
      /finish
      candidate move rita rejected --note "took another offer"
      """
    let r = try b.run([], stdin: script + "\n")
    #expect(r.status == 0, "\(r.err)")
    let out = b.home + "/s.csv"
    #expect(try b.run(["export", "shortlist", "--all", "--out", out]).status == 0)
    let csv = try String(contentsOfFile: out, encoding: .utf8)
    #expect(csv.contains("alice (first-moves, 3): looked at the data before any tool"))
    #expect(csv.contains("bob (first-moves, 1): jumped to tools"))
    let html = b.home + "/r.html"
    #expect(try b.run(["compare", "--format", "html", "--out", html]).status == 0)
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.contains("over the $80-120/h budget"))
    #expect(page.contains("Not going forward") && page.contains("Rita: rejected"))
    #expect(page.contains("bob, on First moves and questions (scored 1 of 4): jumped to tools<"), "as typed")
    #expect(page.contains("Appendix: interviewer agreement"))
    let calm = b.home + "/calm.html"
    #expect(try b.run(["compare", "--format", "html", "--no-agreement", "--out", calm]).status == 0)
    #expect(!(try String(contentsOfFile: calm, encoding: .utf8)).contains("interviewer agreement"))
  }

  @Test func importIsAllOrNothing() throws {
    let b = try Binary()
    try b.run(["candidate", "add", "Existing", "--tier", "1", "--email", "e@example.com"])
    let sheet = b.home + "/s.csv"
    try
      "Name,EMAIL,Tier,Source,Rate,Notes\nGood,g@example.com,2,,100,x\nBad Tier,,9,,,\nBad Rate,,1,,-4,\nDup,e@example.com,1,,,\n"
      .write(toFile: sheet, atomically: false, encoding: .utf8)
    let r = try b.run(["candidate", "import", sheet])
    #expect(r.status == 1)
    #expect(r.err.contains("\(sheet):3: error: tier '9' is not 1-4"))
    #expect(r.err.contains("\(sheet):4: error: rate '-4'"))
    #expect(!r.err.contains("unknown column"), "Notes is a sourcing note now")
    #expect((try b.json(["candidate", "list", "--format", "json"]) as? [Any])?.count == 1)
    try "name,email,source\nGood,g@example.com,Toptal\nDup,E@example.com,Upwork\nexisting,,referral\n".write(
      toFile: sheet, atomically: false, encoding: .utf8)
    let ok = try b.run(["candidate", "import", sheet])
    #expect(ok.status == 0)
    #expect(ok.out.contains("imported 1 candidate"))
    #expect(ok.err.contains("\(sheet):3: skipped: same email as #1 Existing"))
    #expect(ok.err.contains("\(sheet):4: skipped: same name as #1 Existing"))
    let broken = b.home + "/b.csv"
    try Data([0x6E, 0x61, 0x6D, 0x65, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: broken))
    let bad = try b.run(["candidate", "import", broken])
    #expect(bad.status == 1)
    #expect(bad.err.hasPrefix("\(broken):2: error: the file is not UTF-8"), "located errors are not prefixed twice")
    for (text, message) in [
      ("", "cannot read a header row"), ("\n\n", "the first line is empty"),
      ("email\nx@y.io\n", "the header has no name column"),
    ] {
      try text.write(toFile: broken, atomically: false, encoding: .utf8)
      let r = try b.run(["candidate", "import", broken])
      #expect(r.status == 1)
      #expect(r.err.hasPrefix("\(broken):1: error: \(message)"), "\(r.err)")
      #expect(r.err.split(separator: "\n").count == 1)
    }
  }

  @Test func aBadRowAfterManyGoodOnesStillImportsNothing() throws {
    let b = try Binary()
    let sheet = b.home + "/big.csv"
    var text = "name,email,tier\n"
    for i in 1...6000 { text += "Person \(i),p\(i)@example.com,\(i == 5500 ? "9" : "3")\n" }
    try text.write(toFile: sheet, atomically: false, encoding: .utf8)
    let bad = try b.run(["candidate", "import", sheet])
    #expect(bad.status == 1)
    #expect(bad.err.contains("\(sheet):5501: error: tier '9'"))
    #expect(
      (try b.json(["candidate", "list", "--format", "json"]) as? [Any])?.count == 0,
      "rows sent before the bad one are rolled back")
    try text.replacingOccurrences(of: "Person 5500,p5500@example.com,9", with: "Person 5500,p5500@example.com,3")
      .write(toFile: sheet, atomically: false, encoding: .utf8)
    let ok = try b.run(["candidate", "import", sheet])
    #expect(ok.status == 0)
    #expect(ok.out.contains("imported 6000 candidates"))
    #expect((try b.json(["candidate", "list", "--format", "json"]) as? [Any])?.count == 6000)
  }

  @Test func redactedExportHasNoNamesOrEmails() throws {
    let b = try panel()
    #expect(try b.run(["shortlist", "add", "Ada"]).status == 0)
    let out = b.home + "/r.csv"
    #expect(try b.run(["export", "shortlist", "--out", out, "--redact"]).status == 0)
    let text = try String(contentsOfFile: out, encoding: .utf8)
    #expect(text.hasPrefix("rank,candidate_id,tier,"))
    #expect(!text.contains("Ada"))
  }

  @Test func demoIsDeterministic() throws {
    let a = try Binary()
    let b = try Binary()
    #expect(try a.run(["demo", "--candidates", "30", "--seed", "7"]).status == 0)
    #expect(try b.run(["demo", "--candidates", "30", "--seed", "7"]).status == 0)
    let ja = try a.run(["compare", "--format", "json"]).out
    let jb = try b.run(["compare", "--format", "json"]).out
    #expect(ja == jb)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(ja.utf8)) as? [String: Any])
    let cs = try #require(doc["candidates"] as? [[String: Any]])
    #expect(cs.contains { ($0["interviews"] as? Int ?? 0) >= 2 })
    let tiers = try #require(try a.json(["tiers", "--role", "all", "--format", "json"]) as? [String: Any])
    #expect((tiers["tiers"] as? [[String: Any]])?.allSatisfy { ($0["candidates"] as? Int ?? 0) > 0 } == true)
  }
}
