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
