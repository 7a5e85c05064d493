import Foundation
import Testing

@Suite struct MergeTests {
  func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

  /// Forget, then merge a copy taken before the forget: the person does not come back, and no byte of them is left.
  @Test func aForgottenPersonNeverComesBackThroughMerge() throws {
    let a = try Binary()
    let setup = try a.run(
      [],
      stdin: """
        role add RAG --bank rag-prototype
        candidate add "Zelda Quixotic" --source Toptal --email zelda-4711@example.com --link https://zq.example
        candidate add "Keep Me" --tier 3
        interview start zelda
        Zelda Quixotic explained the plan
        /score 3 zelda-4711@example.com replied fast
        /finish
        interview start keep
        better than Zelda Quixotic
        /score 2
        /finish

        """)
    #expect(setup.status == 0, "\(setup.err)")
    let old = a.home + "/before-forget.sqlite"
    #expect(try a.run(["backup", old]).status == 0)
    let forget = try a.run(["candidate", "forget", "zelda", "--yes"])
    #expect(forget.status == 0, "\(forget.err)")
    let merged = try a.run(["merge", old])
    #expect(merged.status == 0, "\(merged.err)")
    #expect(merged.out.contains("forgotten people: skipped 1"))
    let list = try a.run(["candidate", "list", "--format", "json"])
    #expect(!list.out.contains("Zelda"))
    #expect(try a.run(["merge", old]).out.contains("skipped 1"), "again: still skipped")
    for file in [a.db, a.db + "-wal"] {
      for needle in ["Zelda", "zelda-4711", "zq.example", "Quixotic"] {
        #expect(bytes(file).range(of: Data(needle.utf8)) == nil, "\(needle) in \(file)")
      }
    }
    // The other way round: the old copy learns of the forget from the database that did it, and erases her too.
    let b = try Binary()
    let copy = b.home + "/copy.sqlite"
    try FileManager.default.copyItem(atPath: old, toPath: copy)
    let back = try b.run(["--db", copy, "merge", a.db])
    #expect(back.status == 0, "\(back.err)")
    #expect(back.out.contains("erased 1 here"))
    for needle in ["Zelda", "zelda-4711", "Quixotic"] {
      #expect(bytes(copy).range(of: Data(needle.utf8)) == nil, "\(needle) left in the copy")
    }
  }

  @Test func panelOnTwoLaptopsMergesBothWaysAndAgain() throws {
    let a = try Binary()
    let b = try Binary()
    #expect(
      try a.run(
        [],
        stdin: """
          role add RAG --bank rag-prototype
          candidate add "Ada Lovelace" --source Toptal --email ada@example.com
          candidate add Bob --tier 4
          interview start ada
          data first
          /score 4
          /next
          /score 3
          /recommend yes
          /finish

          """
      ).status == 0)
    #expect(
      try b.run(
        [],
        stdin: """
          role add RAG --bank rag-prototype
          candidate add "Ada L." --source Toptal --email ADA@example.com
          candidate add Cy --tier 1
          interview start ada
          asked good questions
          /score 2
          /next
          /score 3
          /recommend no
          /finish
          interview start cy
          open note
          /pause

          """, env: ["SHORTLIST_INTERVIEWER": "bob"]
      ).status == 0)

    let dry = try a.run(["merge", b.db, "--dry-run"])
    #expect(dry.status == 0)
    #expect(dry.out.contains("dry run"))
    #expect((try a.json(["candidate", "list", "--format", "json"]) as? [Any])?.count == 2)

    let ab = try a.run(["merge", b.db])
    #expect(ab.status == 0, "\(ab.err)")
    #expect(ab.out.contains("candidates: added 1, matched 1"))
    #expect(ab.out.contains("matched Ada L. (by email)"))
    #expect(ab.out.contains("interviews: added 2 with 2 notes"))
    let ba = try b.run(["merge", a.db])
    #expect(ba.status == 0, "\(ba.err)")
    #expect(ba.out.contains("candidates: added 1, matched 2"))

    // Merging again changes nothing.
    #expect(try a.run(["merge", b.db]).out.contains("nothing to change"))
    #expect(try b.run(["merge", a.db]).out.contains("nothing to change"))

    // Both laptops now compare the same: Ada has two finished scorecards, first-moves mean (4 + 2) / 2.
    func ada(_ x: Binary) throws -> [String: Any] {
      let doc = try #require(try x.json(["compare", "--role", "all", "--format", "json"]) as? [String: Any])
      let cs = try #require(doc["candidates"] as? [[String: Any]])
      return try #require(cs.first { ($0["name"] as? String)?.hasPrefix("Ada") == true })
    }
    let fromA = try ada(a)
    let fromB = try ada(b)
    #expect(fromA["interviews"] as? Int == 2)
    #expect((fromA["questions"] as? [String: Any])?["first-moves"] as? Double == 3)
    #expect(fromA["score"] as? Double == fromB["score"] as? Double)

    // A conflict: the open scorecard goes on in B after it was merged; the changed copy is reported, not copied.
    #expect(
      try b.run([], stdin: "interview resume\nanother note\n/pause\n", env: ["SHORTLIST_INTERVIEWER": "bob"]).status
        == 0)
    let conflict = try a.run(["merge", b.db])
    #expect(conflict.status == 0)
    #expect(conflict.err.contains("differs between the two databases; skipped, nothing overwritten"))
  }

  @Test func refusesNonShortlistFiles() throws {
    let a = try Binary()
    let junk = a.home + "/junk.sqlite"
    try "junk".write(toFile: junk, atomically: false, encoding: .utf8)
    let r = try a.run(["merge", junk])
    #expect(r.status == 1)
    #expect(r.err.hasPrefix("error: "))
    #expect(try a.run(["merge", a.home + "/missing.sqlite"]).status == 1)
  }
}
