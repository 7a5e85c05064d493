import Foundation
import Testing

/// Sealing is enforced where the data is read: with an open scorecard for a candidate, no command in any format shows
/// another interviewer's scores, notes, comments, skip reasons or recommendation for that candidate.
@Suite struct SealingTests {
  /// bob finishes Ada (strong-no, notes and comments that say BOBSECRET) and Grace (yes); alice opens Ada.
  func sealedDatabase() throws -> Binary {
    let b = try Binary()
    let setup = try b.run(
      [],
      stdin: """
        role add "ML engineer" --bank rag-prototype
        candidate add "Ada Lovelace" --source Toptal --rate 120 --email ada@example.com
        candidate add "Grace Hopper" --tier 1 --rate 150

        """)
    #expect(setup.status == 0, "\(setup.err)")
    let bob = ["SHORTLIST_INTERVIEWER": "bob"]
    let ada = try b.run(
      [],
      stdin: """
        interview start ada
        BOBSECRET-NOTE on the first question
        /signal 1 no
        /score 1 BOBSECRET-COMMENT jumped to tools
        /next
        /skip BOBSECRET-SKIP
        /next
        /score 2
        /recommend strong-no
        /finish

        """, env: bob)
    #expect(ada.status == 0, "\(ada.err)")
    let grace = try b.run(
      [], stdin: "interview start grace\ngood call\n/score 4 clear\n/next\n/score 3\n/recommend yes\n/finish\n",
      env: bob)
    #expect(grace.status == 0, "\(grace.err)")
    let alice = try b.run(
      [], stdin: "interview start ada\nalice typed this\n/pause\n", env: ["SHORTLIST_INTERVIEWER": "alice"])
    #expect(alice.status == 0, "\(alice.err)")
    return b
  }

  static let commands: [[String]] = [
    ["candidate", "show", "ada", "--format", "json"],
    ["candidate", "show", "ada"],
    ["candidate", "list", "--format", "json"],
    ["candidate", "list", "--format", "csv"],
    ["interview", "list", "--format", "json"],
    ["interview", "list", "--format", "csv"],
    ["interview", "list"],
    ["interview", "list", "--candidate", "ada", "--format", "json"],
    ["compare", "--format", "json"],
    ["compare", "--format", "csv"],
    ["compare", "--format", "md"],
    ["compare"],
    ["compare", "--adjusted", "--format", "json"],
    ["compare", "--adjusted"],
    ["compare", "--format", "html"],
    ["tiers", "--format", "json"],
    ["tiers"],
    ["shortlist", "show"],
    ["shortlist", "show", "--format", "json"],
    ["role", "list", "--format", "json"],
  ]

  /// What must never appear: bob's free text for Ada and his recommendation (the only strong-no in the database).
  func leaks(_ text: String) -> [String] {
    var found: [String] = []
    if text.contains("BOBSECRET") { found.append("BOBSECRET") }
    if text.range(of: #""recommendation":\s*"strong-no""#, options: .regularExpression) != nil {
      found.append("recommendation strong-no")
    }
    if text.range(of: #""strong-no":\s*[1-9]"#, options: .regularExpression) != nil { found.append("strong-no tally") }
    if text.contains("1SN") || text.contains("1 strong-no") { found.append("strong-no tally text") }
    return found
  }

  @Test(arguments: ["alice", "carol"])
  func noSealedValueInAnyOutput(viewer: String) throws {
    let b = try sealedDatabase()
    let env = ["SHORTLIST_INTERVIEWER": viewer]
    for command in Self.commands {
      let r = try b.run(command, env: env)
      #expect(r.status == 0, "\(command): \(r.err)")
      #expect(leaks(r.out + r.err).isEmpty, "\(command) leaked \(leaks(r.out + r.err))")
    }
    // Files written by reports and exports.
    let files: [[String]] = [
      ["export", "shortlist", "--all", "--out", b.home + "/x-\(viewer).csv"],
      ["compare", "--format", "html", "--out", b.home + "/r-\(viewer).html"],
      ["compare", "--format", "json", "--adjusted", "--out", b.home + "/c-\(viewer).json"],
      ["tiers", "--format", "csv", "--out", b.home + "/t-\(viewer).csv"],
    ]
    for command in files {
      let r = try b.run(command, env: env)
      #expect(r.status == 0, "\(command): \(r.err)")
      let written = String(decoding: try Data(contentsOf: URL(fileURLWithPath: command.last!)), as: UTF8.self)
      #expect(leaks(written).isEmpty, "\(command) wrote \(leaks(written))")
    }
    // bob's scorecard itself is refused, by the Store, with the reason.
    let show = try b.run(["interview", "show", "1", "--format", "json"], env: env)
    #expect(show.status == 1)
    #expect(show.err.contains("sealed until you finish your own scorecard"))
    // Ada is marked sealed and has no score; Grace is not sealed.
    let compare = try b.run(["compare", "--format", "json"], env: env)
    let lines = compare.out.split(separator: "\n").map(String.init)
    let adaLine = try #require(lines.first { $0.contains("Ada Lovelace") })
    #expect(adaLine.contains(#""sealed":true"#))
    #expect(adaLine.contains(#""score":null"#))
    let graceLine = try #require(lines.first { $0.contains("Grace Hopper") })
    #expect(graceLine.contains(#""sealed":false"#))
  }

  @Test func theAuthorStillSeesTheirOwnAndEveryoneSeesAllOnceFinished() throws {
    let b = try sealedDatabase()
    let bob = try b.run(["interview", "show", "1", "--format", "json"], env: ["SHORTLIST_INTERVIEWER": "bob"])
    #expect(bob.status == 0)
    #expect(bob.out.contains("BOBSECRET-NOTE"))
    let finish = try b.run(
      [], stdin: "interview resume\n/score 3\n/finish\n", env: ["SHORTLIST_INTERVIEWER": "alice"])
    #expect(finish.status == 0, "\(finish.err)")
    let shown = try b.run(["candidate", "show", "ada", "--format", "json"], env: ["SHORTLIST_INTERVIEWER": "carol"])
    #expect(
      shown.out.contains(#""recommendation" : "strong-no""#) || shown.out.contains(#""recommendation": "strong-no""#))
  }
}
