import Foundation
import Testing

/// Decisions that must be defended: a hire over an interviewer's no, an interview started from a script that
/// recorded nothing.
@Suite struct HonestyTests {
  @Test func aHireOverANoIsRefusedNamingWhoUnlessForcedWithANote() throws {
    let b = try Binary()
    let script = """
      role add Core --bank rag-prototype
      candidate add Ada --tier 1
      interview start Ada --as carol
      /score 2
      /recommend no
      /finish
      interview start Ada --as dave
      /score 1
      /recommend strong-no
      /finish
      interview start Ada --as erin
      /score 4
      /recommend yes
      /finish
      """
    #expect(try b.run([], stdin: script + "\n").status == 0)
    let refused = try b.run(["engagement", "start", "Ada"])
    #expect(refused.status == 1, "\(refused.out)")
    #expect(refused.err.contains("2 of 3 said no: carol no, dave strong-no") && refused.err.contains("--force --note"))
    #expect(
      try b.run(["engagement", "list", "--format", "json"]).out.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    let forced = try b.run(["engagement", "start", "Ada", "--force", "--note", "the CTO overruled: urgent"])
    #expect(forced.status == 0 && forced.err.contains("hiring over a no"), "\(forced.err)")
    let show = try b.run(["candidate", "show", "Ada"]).out
    #expect(show.contains("the CTO overruled: urgent"), "\(show)")
  }

  @Test func anInterviewFromAScriptThatRecordedNothingLeavesNothingBehind() throws {
    let b = try Binary()
    #expect(try b.run(["role", "add", "Core", "--bank", "rag-prototype"]).status == 0)
    #expect(try b.run(["candidate", "add", "Ada", "--tier", "1"]).status == 0)
    let empty = try b.run(["interview", "start", "Ada"], stdin: "")
    #expect(empty.status == 0 && empty.out.contains("removed: the input ended before anything was recorded"))
    #expect(
      try b.run(["interview", "list", "--format", "json"]).out.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    // A script that records a note keeps today's behaviour: the interview stays open and resumable.
    let noted = try b.run([], stdin: "interview start Ada\nasked about the data first\n")
    #expect(noted.out.contains("left open"), "\(noted.out)")
    #expect(try b.run(["interview", "list", "--format", "json"]).out.contains("\"open\""))
  }
}
