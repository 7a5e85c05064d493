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

/// A sheet from a semicolon locale: decimal commas and sources named with a few more words.
@Suite struct SheetTests {
  @Test func aSemicolonSheetWithDecimalCommasAndAWordyChannel() throws {
    let b = try Binary()
    let sheet = b.home + "/semi.csv"
    try "name;source;rate\nAna Lima;LinkedIn Recruiter;105,50\nBo Chen;Toptal;90\n".write(
      toFile: sheet, atomically: false, encoding: .utf8)
    let r = try b.run(["candidate", "import", sheet])
    #expect(r.status == 0 && r.out.contains("imported 2"), "\(r.err)")
    #expect(r.err.contains("source 'LinkedIn Recruiter' taken as linkedin (tier 3)"), "\(r.err)")
    let list = try #require(try b.json(["candidate", "list", "--format", "json"]) as? [[String: Any]])
    let ana = try #require(list.first { $0["name"] as? String == "Ana Lima" })
    #expect(ana["rate"] as? Double == 105.5 && ana["tier"] as? Int == 3)
  }
}

/// A call records what the interviewer meant: habits typed into the note prompt are not notes, and a note can be
/// taken back.
@Suite struct CallTests {
  @Test func habitsAreNotSavedAndUndoTakesANoteBack() throws {
    let b = try Binary()
    #expect(try b.run(["role", "add", "Core", "--bank", "rag-prototype"]).status == 0)
    #expect(try b.run(["candidate", "add", "Ada", "--tier", "1"]).status == 0)
    let call = [
      "interview start Ada", "quit", "candidate list", "exit", "//quit", "uses pgvector for retrieval",
      "typo note to take back", "/undo", "/scenario", "/score 3 clear trade-offs", "/q", "/finish",
    ].joined(separator: "\n")
    let r = try b.run([], stdin: call + "\n")
    #expect(r.status == 0, "\(r.err)")
    #expect(
      r.out.contains("not saved: \"quit\" looks like a command; /pause leaves the call, //quit saves it as a note"))
    #expect(r.out.contains("not saved: \"candidate list\" looks like a command"))
    #expect(r.out.contains("undone (q1): typo note to take back"))
    #expect(r.out.contains("scenario: A 40-person support team"))
    #expect(r.out.contains("scored 3: clear trade-offs"), "/q shows the score with its comment")
    let detail = try b.run(["interview", "show", "1", "--format", "json"]).out
    #expect(detail.contains("\"quit\"") && detail.contains("uses pgvector for retrieval"), "\(detail)")
    #expect(!detail.contains("typo note") && !detail.contains("candidate list") && !detail.contains("\"exit\""))
    // The HTML keeps the note exactly as typed: no capital, no full stop added.
    let html = b.home + "/r.html"
    #expect(try b.run(["compare", "--format", "html", "--out", html]).status == 0)
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(!page.contains("Uses pgvector") && !page.contains("Quit."))
  }
}
