import Foundation
import Testing

/// The two source documents as the tool implements them: the full One-Pager, the First 5 Days as written, the tiers'
/// signal levels and the default source map.
@Suite struct PlaybookTests {
  @Test func theOnePagerHasItsSevenFieldsEverywhereItIsShown() throws {
    let b = try Binary()
    let add = try b.run([
      "role", "add", "RAG", "--bank", "rag-prototype", "--goal", "answer support questions", "--contacts",
      "PM: Ana; design: Raj", "--repo", "https://github.com/acme/rag", "--board", "https://linear.app/acme/rag",
    ])
    #expect(add.status == 0, "\(add.err)")
    let show = try b.run(["role", "show", "RAG"]).out
    #expect(show.contains("key contacts") && show.contains("PM: Ana; design: Raj"), "\(show)")
    #expect(show.contains("https://github.com/acme/rag") && show.contains("https://linear.app/acme/rag"))
    let json = try #require(try b.json(["role", "show", "RAG", "--format", "json"]) as? [String: Any])
    #expect(
      json["contacts"] as? String == "PM: Ana; design: Raj" && json["repo"] as? String == "https://github.com/acme/rag")
    #expect(json["board"] as? String == "https://linear.app/acme/rag")
    let bad = try b.run(["role", "edit", "RAG", "--repo", "not a link"])
    #expect(bad.status == 64 && bad.err.contains("--repo takes a link"), "\(bad.err)")
    #expect(try b.run(["role", "edit", "RAG", "--board", ""]).status == 0)
    #expect(!(try b.run(["role", "show", "RAG"]).out.contains("linear.app")))
    let script = """
      candidate add Ada --tier 1
      interview start Ada
      /score 3
      /finish
      engagement start Ada --start 2026-03-02
      """
    #expect(try b.run([], stdin: script + "\n").status == 0)
    let html = b.home + "/r.html"
    #expect(try b.run(["compare", "--format", "html", "--out", html]).status == 0)
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.contains("Key contacts") && page.contains("Code repository") && !page.contains("Project board"))
    // The First 5 Days as written, and the item that shares the One-Pager hands over the repository.
    let days = try b.run(["onboarding", "Ada"]).out
    #expect(days.contains("1-hour pairing session with a senior engineer") && days.contains("tour of the architecture"))
    #expect(days.contains("15-minute chats with the product manager and the designer"))
    #expect(days.contains("small but meaningful (a non-trivial bug fix)"))
    #expect(days.contains("repository: https://github.com/acme/rag"), "\(days)")
  }

  @Test func tiersShowTheirSignalLevelAndContraIsAnOpenMarketplace() throws {
    let b = try Binary()
    let sources = try b.run(["source", "list"]).out
    for level in ["(signal High)", "(signal Medium)", "(signal Variable)", "(signal Low)"] {
      #expect(sources.contains(level), "\(sources)")
    }
    let list = try #require(try b.json(["source", "list", "--format", "json"]) as? [[String: Any]])
    #expect(list.first { $0["source"] as? String == "contra" }?["tier"] as? Int == 4)
    #expect(try b.run(["candidate", "add", "Cy", "--source", "Contra"]).out.contains("tier 4"))
    let tiers = try #require(try b.json(["tiers", "--role", "all", "--format", "json"]) as? [String: Any])
    let levels = (tiers["tiers"] as? [[String: Any]])?.compactMap { $0["signal"] as? String }
    #expect(levels == ["High", "Medium", "Variable", "Low"])
  }
}

/// The governance rhythm's weekly sync call, the engagement models' advice and a retainer's under-use.
@Suite struct RhythmTests {
  @Test func checkinsFixedPriceAdviceAndAnUnderusedRetainer() throws {
    let b = try Binary()
    let now = ["SHORTLIST_NOW": "2026-03-30"]  // a Monday
    let script = """
      role add Core --bank rag-prototype
      role fit Core --answers evolving,ai-core,coordination
      candidate add Ada --tier 1
      candidate add Bo --tier 2
      interview start Ada
      /score 3
      /finish
      interview start Bo
      /score 3
      /finish
      """
    #expect(try b.run([], stdin: script + "\n", env: now).status == 0)
    let fixed = try b.run(["role", "edit", "Core", "--model", "fixed"], env: now)
    #expect(fixed.status == 0 && fixed.err.contains("time and materials") && fixed.err.contains("weekly hour cap"))
    let start = try b.run(["engagement", "start", "Ada", "--model", "fixed", "--start", "2026-03-09"], env: now)
    #expect(start.status == 0 && start.err.contains("the playbook advises time and materials"), "\(start.err)")
    let help = try b.run(["help", "role", "add"]).out
    #expect(help.contains("best for") && help.contains("pro:") && help.contains("con:"))
    #expect(try b.run(["role", "show", "Core"], env: now).out.contains("fixed (fixed price): best for"))
    // A retainer at 3 of 20 hours a week for two weeks, with one sync call.
    let retainer = try b.run(
      ["engagement", "start", "Bo", "--model", "retainer", "--cap", "20", "--start", "2026-03-09"], env: now)
    #expect(retainer.status == 0, "\(retainer.err)")
    for week in ["2026-03-16", "2026-03-23"] {
      let r = try b.run(["report", "Bo", "--hours", "3", "--week", week, "--force"], env: now)
      #expect(r.status == 0, "\(r.err)")
    }
    #expect(
      try b.run(["checkin", "Bo", "--note", "unblocked the data access", "--date", "2026-03-27"], env: now).status == 0)
    let bad = try b.run(["checkin", "Bo", "--date", "2026-01-01"], env: now)
    #expect(bad.status == 64 && bad.err.contains("before the engagement started"))
    let week = try #require(
      try JSONSerialization.jsonObject(with: Data(try b.run(["week", "--format", "json"], env: now).out.utf8))
        as? [[String: Any]])
    let bo = try #require(week.first { $0["candidate"] as? String == "Bo" })
    let ada = try #require(week.first { $0["candidate"] as? String == "Ada" })
    #expect((bo["flags"] as? [String])?.contains("under") == true, "\(bo)")
    #expect(bo["last_checkin"] as? String == "2026-03-27" && !((bo["flags"] as? [String]) ?? []).contains("no-checkin"))
    #expect(ada["days_since_report"] is NSNull && ada["last_checkin"] is NSNull)
    #expect((ada["flags"] as? [String]).map { $0.contains("no-report") && $0.contains("no-checkin") } == true)
    let table = try b.run(["week"], env: now).out
    #expect(table.contains("never") && table.contains("under"), "\(table)")
    #expect(try b.run(["engagement", "show", "Bo"], env: now).out.contains("unblocked the data access"))
    // Forget erases the call's text.
    #expect(try b.run(["candidate", "forget", "Bo", "--yes"], env: now).status == 0)
    #expect(!(try b.run(["engagement", "show", "#2"], env: now).out.contains("unblocked")))
  }
}
