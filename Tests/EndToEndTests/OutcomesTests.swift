import Foundation
import Testing

/// Outcomes from engagements with known scores and outcomes; the figures from scipy 1.17.1 (spearmanr and its p value;
/// Fisher z with the Bonett-Wright standard error by hand), written here.
@Suite struct OutcomesEndToEndTests {
  @Test func knownScoresAndOutcomesGiveScipysFigures() throws {
    let b = try Binary()
    let scores = [4, 3, 2, 4, 1, 3]
    let quality = [4, 3, 2, 3, 1, 2]
    var script = "role add RAG --bank rag-prototype\nrole fit RAG --answers scope,verifiable,short,review\n"
    for (k, s) in scores.enumerated() {
      script += """
        candidate add C\(k) --tier \(k % 2 + 1) --rate 100
        interview start C\(k)
        /score \(s)
        /finish
        engagement start C\(k) --force --note "known outcome" --start 2026-01-05
        engagement check C\(k) ip
        engagement check C\(k) nda
        engagement check C\(k) data
        engagement check C\(k) acceptance
        report C\(k) --hours 40 --coordination 2 --week 2026-01-05
        engagement end C\(k) --milestone \(quality[k] >= 3 ? "yes" : "no") --quality \(quality[k]) --end 2026-02-13 --support 4

        """
    }
    let r = try b.run([], stdin: script, env: ["SHORTLIST_NOW": "2026-02-20"])
    #expect(r.status == 0, "\(r.err)")
    let json = try #require(try b.json(["outcomes", "--format", "json"]) as? [String: Any])
    let overall = try #require(json["overall"] as? [String: Any])
    #expect(abs((overall["rho"] as? Double ?? 0) - 0.8939393939393938) < 1e-9)
    #expect(abs((overall["ci_low"] as? Double ?? 0) - 0.10214262476024448) < 1e-9)
    #expect(abs((overall["ci_high"] as? Double ?? 0) - 0.9923304853963785) < 1e-9)
    #expect(abs((overall["p"] as? Double ?? 0) - 0.016276748198235835) < 1e-9)
    #expect(overall["verdict"] as? String == "uncertain (positive)", "six engagements predict nothing yet")
    #expect((overall["reference_label"] as? String)?.contains("corrected meta-analytic") == true)
    #expect(overall["n"] as? Int == 6)
    let first = try #require((json["questions"] as? [[String: Any]])?.first)
    #expect(first["id"] as? String == "first-moves" && first["n"] as? Int == 6)
    let tiers = try #require(json["tiers"] as? [[String: Any]])
    // Tier 1: C0, C2, C4 (qualities 4, 2, 1: one milestone delivered): (3 x 40 + 3 x 4) x 100 + 3 x 2 x 150.
    let t1 = try #require(tiers.first { $0["tier"] as? Int == 1 })
    #expect(t1["cost_per_milestone"] as? Double == 14_100)
    let alice = try #require((json["interviewers"] as? [[String: Any]])?.first)
    #expect(alice["n"] as? Int == 6)
    // The role's fit check is a freelancer's: no warning at engagement start.
    #expect(!r.err.contains("fit check"))
  }

  @Test func aRoleThatIsNoFreelancersIsWarnedAtEngagementStart() throws {
    let b = try Binary()
    let script = """
      role add Core --bank rag-prototype
      role fit Core --answers from-scratch,ai-core,long,evolving,coordination
      candidate add Ada --tier 1
      interview start Ada
      /score 3
      /finish
      engagement start Ada
      """
    let r = try b.run([], stdin: script + "\n")
    #expect(r.status == 0, "\(r.err)")
    // The guide's partner conditions make a partner (a full-time hire comes only from the playbook's matrix).
    #expect(r.out.contains("Core: partner") && r.out.contains("you need a team with ownership"), "\(r.out)")
    #expect(r.err.contains("the fit check of Core says partner, not freelancer"))
    let show = try #require(try b.json(["role", "show", "Core", "--format", "json"]) as? [String: Any])
    let fit = show["fit"] as? [String: Any]
    #expect(fit?["verdict"] as? String == "partner" && fit?["caveats"] is [Any])
    let matrix = try b.run(["role", "fit", "Core", "--answers", "long,can-wait,core,capex,culture,urgent"])
    #expect(matrix.out.contains("Core: full-time") && matrix.out.contains("2-3 month hiring cycle"), "\(matrix.out)")
    let regulated = try b.run(
      ["role", "fit", "Core", "--answers", "scope,verifiable,no-ops,no-architecture,short,review,regulated"])
    #expect(regulated.out.contains("Core: freelancer") && regulated.out.contains("security and compliance review"))
    #expect(try b.run(["role", "fit", "Core", "--answers", "ai-core,evolving"]).out.contains("Core: undecided"))
    let help = try b.run(["help", "role", "fit"]).out
    #expect(
      help.contains("freelancer-vs-partner guide") && help.contains("decision matrix") && help.contains("push-back"))
    let bad = try b.run(["role", "fit", "Core", "--answers", "vibes"])
    #expect(bad.status == 64 && bad.err.contains("not a fit signal"))
  }
}
