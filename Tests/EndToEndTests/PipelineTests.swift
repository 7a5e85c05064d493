import Foundation
import Testing

/// The pipeline per role, end to end on the built binary with a fixed clock: two roles sharing a candidate, illegal
/// and forced moves, stale candidates, the board, two-bank coverage, bank versions that change weights, voids and
/// aborts.
@Suite struct PipelineTests {
  func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

  @Test func twoRolesShareACandidateWithAStatusEach() throws {
    let b = try Binary()
    let day1 = ["SHORTLIST_NOW": "2026-03-01T09:00:00Z"]
    let setup = """
      role add RAG --bank rag-prototype
      role add Backend --bank backend-api-integration
      candidate add Linus --source Toptal --role RAG
      candidate edit Linus --role Backend
      candidate move Linus rejected --role RAG --note "no retrieval depth"
      """
    let r = try b.run([], stdin: setup + "\n", env: day1)
    #expect(r.status == 0, "\(r.err)")
    // `role add` made Backend the role in use; Linus is still sourced there.
    #expect(r.out.contains("now using role Backend (was RAG"))
    let backend = try json(try b.run(["candidate", "list", "--format", "json"], env: day1).out) as? [[String: Any]]
    #expect(backend?.first?["status"] as? String == "sourced")
    let rag = try json(try b.run(["candidate", "list", "--role", "RAG", "--format", "json"], env: day1).out)
    #expect((rag as? [[String: Any]])?.first?["status"] as? String == "rejected")
    // Illegal moves are refused with what to do; forced ones need a note and are recorded.
    let hired = try b.run(["candidate", "move", "Linus", "hired"], env: day1)
    #expect(hired.status == 1 && hired.err.contains("--force --note"))
    let noNote = try b.run(["candidate", "move", "Linus", "hired", "--force"], env: day1)
    #expect(noNote.status == 1 && noNote.err.contains("--note"))
    let forced = try b.run(["candidate", "move", "Linus", "hired", "--force", "--note", "hired elsewhere"], env: day1)
    #expect(forced.status == 0 && forced.out.contains("(forced)"), "\(forced.err)")
    let back = try b.run(["candidate", "move", "Linus", "sourced", "--role", "Backend"], env: day1)
    #expect(back.status == 1 && back.err.contains("leave hired"))
    let reopen = try b.run(["shortlist", "add", "Linus", "--role", "RAG"], env: day1)
    #expect(reopen.status == 1, "a rejected, never-interviewed person is not shortlisted without --force")
    let show = try json(try b.run(["candidate", "show", "Linus", "--format", "json"], env: day1).out) as? [String: Any]
    let apps = show?["applications"] as? [[String: Any]] ?? []
    #expect(apps.map { $0["role"] as? String } == ["RAG", "Backend"])
    #expect(apps.map { $0["status"] as? String } == ["rejected", "hired"])
    let history = show?["history"] as? [[String: Any]] ?? []
    #expect(history.contains { $0["forced"] as? Bool == true && $0["note"] as? String == "hired elsewhere" })
    // Tiers count what the history shows, per role: the forced hire is Backend's, not RAG's.
    let tiersRAG = try b.run(["tiers", "--role", "RAG", "--format", "json"], env: day1)
    #expect(!tiersRAG.out.contains("\"hired\": 1"))
  }

  @Test func whoIsWaitingOnAFixedClock() throws {
    let b = try Binary()
    let start = ["SHORTLIST_NOW": "2026-03-01"]
    #expect(
      try b.run(
        [], stdin: "role add RAG\ncandidate add Ada --source Toptal\ncandidate add Bob --source Upwork\n", env: start
      ).status == 0)
    #expect(try b.run(["candidate", "move", "Bob", "screening"], env: ["SHORTLIST_NOW": "2026-03-11"]).status == 0)
    let later = ["SHORTLIST_NOW": "2026-03-21T12:00:00Z"]
    let list = try json(try b.run(["candidate", "list", "--format", "json"], env: later).out) as? [[String: Any]]
    #expect(list?.map { $0["days_in_stage"] as? Int } == [20, 10])
    #expect(list?.map { $0["since"] as? String } == ["2026-03-01", "2026-03-11"])
    let stale = try b.run(["candidate", "list", "--stale", "15"], env: later)
    #expect(stale.out.contains("Ada") && !stale.out.contains("Bob"))
    #expect(stale.out.hasPrefix("role: RAG"), "the table names its scope on its first line")
    let sorted = try b.run(["candidate", "list", "--sort", "since", "--format", "csv"], env: later)
    #expect(sorted.out.components(separatedBy: "\r\n").dropFirst().first?.contains("Ada") == true)
    let badSort = try b.run(["candidate", "list", "--sort", "mood"], env: later)
    #expect(badSort.status == 64 && badSort.err.contains("name, tier, rate, status or since"))
    let board = try json(try b.run(["pipeline", "--format", "json"], env: later).out) as? [String: Any]
    let stages = board?["stages"] as? [[String: Any]] ?? []
    let sourced = stages.first { $0["status"] as? String == "sourced" }?["candidates"] as? [[String: Any]]
    #expect(sourced?.first?["name"] as? String == "Ada" && sourced?.first?["stale"] as? Bool == true)
    #expect((board?["counts"] as? [String: Int])?["screening"] == 1)
    let text = try b.run(["pipeline"], env: later)
    #expect(text.out.contains("Ada 20d!") && text.out.contains("Bob 10d"))
    let badClock = try b.run(["candidate", "list"], env: ["SHORTLIST_NOW": "last tuesday"])
    #expect(badClock.status == 64 && badClock.err.contains("SHORTLIST_NOW"))
  }

  @Test func rolesArchiveAndOnlyEmptyOnesAreRemoved() throws {
    let b = try Binary()
    let script = """
      role add RAG --bank rag-prototype
      candidate add Ada --source Toptal
      interview start Ada
      /score 3
      /finish
      role add Old
      role archive RAG
      """
    #expect(try b.run([], stdin: script + "\n").status == 0)
    let list = try b.run(["role", "list"])
    #expect(!list.out.contains("RAG") && list.out.contains("Old"))
    #expect(list.out.contains("1 archived role not shown (`role list --archived`)"), "\(list.out)")
    let removed = try b.run(["role", "remove", "RAG"])
    #expect(removed.status == 1 && removed.err.contains("archive"))
    #expect(try b.run(["role", "remove", "Old"]).status == 0)
    // Every role archived is not "no roles yet".
    let none = try b.run(["role", "list"]).out
    #expect(none.contains("1 archived role not shown") && !none.contains("no roles yet"), "\(none)")
    #expect(try b.run(["role", "unarchive", "RAG"]).status == 0)
    #expect(try b.run(["role", "list"]).out.contains("RAG"))
  }

  @Test func coverageCountsEveryBankAndVersionsKeepTheirWeights() throws {
    let b = try Binary()
    let banks = b.home + "/banks"
    try FileManager.default.createDirectory(atPath: banks, withIntermediateDirectories: true)
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("QuestionBanks/rag-prototype.yaml").path
    let original = try String(contentsOfFile: package, encoding: .utf8)
    try original.write(toFile: banks + "/rag-prototype.yaml", atomically: false, encoding: .utf8)
    let env = ["SHORTLIST_BANKS": banks]
    let script = """
      role add RAG --bank rag-prototype --bank backend-api-integration
      candidate add Ada --source Toptal
      interview start Ada --bank rag-prototype
      /score 4
      /next
      /score 2
      /finish
      """
    #expect(try b.run([], stdin: script + "\n", env: env).status == 0)
    let before = try json(try b.run(["compare", "--format", "json"], env: env).out) as? [String: Any]
    let ada = (before?["candidates"] as? [[String: Any]])?.first
    let score = ada?["score"] as? Double
    // The unasked bank is a gap: coverage per bank, and the table marks it.
    let perBank = ada?["banks"] as? [String: Double]
    #expect(perBank?["backend-api-integration"] == 0)
    #expect((perBank?["rag-prototype"] ?? 0) > 0)
    #expect((ada?["coverage"] as? Double ?? 1) < perBank!["rag-prototype"]!)
    #expect(try b.run(["compare"], env: env).out.contains("*: never asked"))
    // Version 2 doubles the first question's weight: Ada's score stays; Bob, scored on v2, uses v2's weights.
    var v2 = original.replacingOccurrences(of: "version: 1", with: "version: 2")
    let first = try #require(v2.range(of: "weight: 2\n"))
    v2.replaceSubrange(first, with: "weight: 4\n")
    try v2.write(toFile: banks + "/rag-prototype.yaml", atomically: false, encoding: .utf8)
    let second = """
      candidate add Bob --source Toptal
      interview start Bob --bank rag-prototype
      /score 4
      /next
      /score 2
      /finish
      """
    #expect(try b.run([], stdin: second + "\n", env: env).status == 0)
    let after = try json(try b.run(["compare", "--format", "json"], env: env).out) as? [String: Any]
    let rows = after?["candidates"] as? [[String: Any]] ?? []
    #expect(rows.first { $0["name"] as? String == "Ada" }?["score"] as? Double == score)
    #expect((rows.first { $0["name"] as? String == "Bob" }?["score"] as? Double ?? 0) > score ?? 100)
    let versions = after?["bank_versions"] as? [String: [String: Int]]
    #expect(versions?["rag-prototype"] == ["1": 1, "2": 1])
    #expect(try b.run(["compare"], env: env).out.contains("rag-prototype v1 (1 scorecard), v2 (1)"))
  }

  @Test func voidsAbortsAndASecondScorecardOnOneBank() throws {
    let b = try Binary()
    let script = """
      role add RAG --bank rag-prototype
      candidate add Ada --source Toptal
      interview start Ada
      a note about Ada
      /abort
      interview start Ada
      /score 4
      /finish
      """
    let r = try b.run([], stdin: script + "\n")
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.contains("1 note erased"))
    let again = try b.run([], stdin: "interview start Ada\n")
    #expect(again.status == 1 && again.err.contains("--again"))
    #expect(try b.run([], stdin: "interview start Ada --again\n/score 1\n/finish\n").status == 0)
    let scoreBefore = try json(try b.run(["compare", "--format", "json"]).out) as? [String: Any]
    #expect((scoreBefore?["candidates"] as? [[String: Any]])?.first?["interviews"] as? Int == 2)
    let missingNote = try b.run(["interview", "void", "3"])
    #expect(missingNote.status == 64)
    #expect(try b.run(["interview", "void", "3", "--note", "scored the wrong person"]).status == 0)
    let after = try json(try b.run(["compare", "--format", "json"]).out) as? [String: Any]
    let ada = (after?["candidates"] as? [[String: Any]])?.first
    #expect(ada?["interviews"] as? Int == 1 && ada?["score"] as? Double == 100)
    let list = try json(try b.run(["interview", "list", "--format", "json"]).out) as? [[String: Any]]
    #expect(list?.map { $0["id"] as? Int } == [2, 3])
    #expect(list?.last?["void"] as? Bool == true)
    #expect(try b.run(["interview", "show", "3"]).out.contains("scored the wrong person"))
    let db = try String(contentsOfFile: b.db, encoding: .isoLatin1)
    #expect(!db.contains("a note about Ada"), "the aborted interview's note is erased from the file")
  }
}
