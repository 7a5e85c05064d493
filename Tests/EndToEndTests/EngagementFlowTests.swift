import Foundation
import Testing

/// An engagement from offer to outcome, as a user runs it, on a fixed clock; the refusals included.
@Suite struct EngagementFlowTests {
  func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

  /// A role and a person hired onto it without an interview (a paid trial), on Monday 2 March 2026; `--cap 20`.
  func hiredOnATrial(_ b: Binary, role: String = "RAG", name: String) throws {
    let first = String(name.prefix { $0 != " " })
    let setup = """
      role add "\(role)" --bank rag-prototype --model tm
      candidate add "\(name)" --source Toptal --rate 120
      candidate move \(first) offer --force --note "a paid trial"
      engagement start \(first) --cap 20 --budget 12000 --force --note "a paid trial"
      """
    let made = try b.run([], stdin: setup + "\n", env: ["SHORTLIST_NOW": "2026-03-02T09:00:00Z"])
    #expect(made.status == 0, "\(made.err)")
  }

  /// `week` at 80 and 100 columns: a long name stays whole, and why a row is flagged (the overdue items included) is
  /// said in full on the line under it, never cut to "…".
  @Test func weekFitsANarrowTerminalAndCutsNoFlag() throws {
    let b = try Binary()
    try hiredOnATrial(
      b, role: "Backend engineer, carrier integrations and billing", name: "Grace Brewster Murray Hopper")
    for columns in ["80", "100"] {
      let later = ["SHORTLIST_NOW": "2026-03-20T09:00:00Z", "COLUMNS": columns]
      let table = try b.run(["week"], env: later).out.components(separatedBy: "\n").dropFirst()
      #expect(table.allSatisfy { $0.count <= Int(columns)! }, "\(table)")
      let row = try #require(table.firstIndex { $0.hasPrefix("!  Grace Brewster Murray Hopper") }, "\(table)")
      let why = table[(row + 1)...].prefix { $0.hasPrefix("   ") && !$0.hasPrefix("   Grace") }
      #expect(
        why.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
          == "no-report no-checkin overdue (access, setup, one-pager, codebase-tour, ci-cd, human-map, first-ticket)",
        "\(table)")
      #expect(table[table.startIndex].contains("candidate") && table[table.startIndex].contains("report"))
    }
  }

  /// The days the rhythm is measured from are not moved by accident: an item ticked again keeps the day it was done
  /// (days to first ship), `--on` corrects it, and no call, report or item is recorded in days still to come.
  @Test func theRhythmsDaysStayWhereTheyHappened() throws {
    let b = try Binary()
    try hiredOnATrial(b, name: "Ada")
    let friday = ["SHORTLIST_NOW": "2026-03-06T17:00:00Z"]
    let later = ["SHORTLIST_NOW": "2026-03-20T09:00:00Z"]
    #expect(try b.run(["onboarding", "Ada", "done", "first-ticket"], env: friday).status == 0)
    let again = try b.run(["onboarding", "Ada", "done", "first-ticket"], env: later)
    #expect(again.status == 0 && again.out.contains("already done on 2026-03-06"), "\(again.out)")
    func firstTicket() throws -> String? {
      let items = try json(try b.run(["onboarding", "Ada", "--format", "json"], env: later).out) as? [[String: Any]]
      return items?.first { $0["id"] as? String == "first-ticket" }?["done"] as? String
    }
    #expect(try firstTicket() == "2026-03-06")
    let fixed = try b.run(["onboarding", "Ada", "done", "first-ticket", "--on", "2026-03-05"], env: later)
    #expect(fixed.out.contains("done on 2026-03-05 (was 2026-03-06)") && fixed.out.contains("3 days after the start"))
    #expect(try firstTicket() == "2026-03-05")
    for (args, message) in [
      (["onboarding", "Ada", "done", "setup", "--on", "2026-03-21"], "--on takes a day that has come"),
      (["checkin", "Ada", "--date", "2026-03-21"], "--date takes a day that has come (today is 2026-03-20)"),
      (["report", "Ada", "--hours", "3", "--week", "2026-03-23", "--force"], "--week takes this week or an earlier"),
      (["engagement", "end", "Ada", "--end", "2026-03-21"], "--end takes a day that has come"),
    ] {
      let r = try b.run(args, env: later)
      #expect(r.status == 1 && r.err.contains(message), "\(args): \(r.err)")
    }
    // Later this week is this week; a second report of a week adds to the first, and is told so against the cap.
    #expect(try b.run(["report", "Ada", "--hours", "15", "--week", "2026-03-22", "--force"], env: later).status == 0)
    let second = try b.run(["report", "Ada", "--hours", "10", "--force"], env: later)
    #expect(
      second.out.contains("the week's 2 reports add up to 25 h; 25 h is over the 20 h weekly cap"), "\(second.out)")
  }

  @Test func fromOfferToOutcome() throws {
    let b = try Binary()
    let monday = ["SHORTLIST_NOW": "2026-03-02T09:00:00Z"]
    let setup = """
      role add RAG --bank rag-prototype --model tm
      candidate add Ada --source Toptal --rate 120
      interview start Ada
      /score 3
      /finish
      candidate move Ada offer
      """
    #expect(try b.run([], stdin: setup + "\n", env: monday).status == 0)
    let start = try b.run(["engagement", "start", "Ada", "--cap", "20", "--budget", "12000"], env: monday)
    #expect(start.status == 0 && start.out.contains("offer -> hired"), "\(start.err)")
    let blocked = try b.run(["report", "Ada", "--done", "setup", "--hours", "8"], env: monday)
    #expect(blocked.status == 1 && blocked.err.contains("contract checklist is still open"))
    let badItem = try b.run(["engagement", "check", "Ada", "copyright"], env: monday)
    #expect(badItem.status == 1 && badItem.err.contains("ip"))
    for item in ["ip", "nda", "acceptance"] {
      #expect(try b.run(["engagement", "check", "Ada", item], env: monday).status == 0)
    }
    #expect(
      try b.run(["engagement", "check", "Ada", "data", "--waive", "no production data"], env: monday).status == 0)
    let friday = ["SHORTLIST_NOW": "2026-03-06T17:00:00Z"]
    #expect(
      try b.run(["report", "Ada", "--done", "ingestion", "--hours", "18", "--coordination", "2"], env: friday).status
        == 0
    )
    #expect(try b.run(["onboarding", "Ada", "done", "first-ticket"], env: friday).status == 0)
    #expect(try b.run(["risk", "add", "Ada", "stale staging data", "--severity", "high"], env: friday).status == 0)
    let onboarding =
      try json(try b.run(["onboarding", "Ada", "--format", "json"], env: friday).out) as? [[String: Any]]
    #expect(Set(onboarding?.first?.keys ?? [:].keys) == ["id", "day", "title", "due", "done"])
    #expect(onboarding?.last?["due"] as? String == "2026-03-06")
    let later = ["SHORTLIST_NOW": "2026-03-20T09:00:00Z"]
    let week = try json(try b.run(["week", "--format", "json"], env: later).out) as? [[String: Any]]
    let line = try #require(week?.first)
    #expect(line["days_since_report"] as? Int == 13)
    #expect((line["open_risks"] as? [String: Int])?["high"] == 1)
    #expect(
      Set(line.keys) == [
        "candidate", "role", "days_since_report", "open_risks", "hours_this_week", "cap", "spend", "budget", "overdue",
        "last_checkin", "flags",
      ])
    #expect((line["flags"] as? [String])?.contains("no-report") == true)
    let table = try b.run(["week"], env: later).out
    #expect(table.contains("13d") && table.contains("no-report") && table.contains("!  Ada"), "\(table)")
    let end = try b.run(
      [
        "engagement", "end", "Ada", "--milestone", "late", "--quality", "3", "--communication", "4", "--again", "yes",
        "--rework", "3", "--support", "2",
      ], env: later)
    #expect(end.status == 0, "\(end.err)")
    let list = try json(try b.run(["engagement", "list", "--format", "json"], env: later).out) as? [[String: Any]]
    let e = try #require(list?.first)
    for key in [
      "id", "candidate", "role", "model", "rate", "cap", "budget", "start", "end", "state", "checklist", "hours",
      "spend",
      "days_to_first_ship", "outcome",
    ] {
      #expect(e[key] != nil, "\(key)")
    }
    #expect(e["state"] as? String == "ended" && e["days_to_first_ship"] as? Int == 4)
    #expect((e["checklist"] as? [String: String])?["data"] == "waived")
    #expect((e["outcome"] as? [String: Any])?["quality"] as? Int == 3)
    #expect(try b.run(["candidate", "show", "Ada"], env: later).out.contains("milestone late"))
  }
}
