import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// The sealing rule is written twice, as SQL for the reads that filter in the database and in Swift for the hot
/// paths that read every interview once; this pins the two to the same answer for every interview and viewer.
@Suite struct SealingTests {
  @Test func theSQLAndTheSwiftRuleAgree() throws {
    let db = try AppDatabase.inMemory()
    let bank = InterviewsTests.bank()
    // Ada: alice finished, bob still open (sealed). Bo: carol finished only (not sealed). Cy: alice open alone.
    let ada = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"))
    let bo = try db.addCandidate(NewCandidate(name: "Bo", tier: .nicheNetwork, source: "x"))
    let cy = try db.addCandidate(NewCandidate(name: "Cy", tier: .nicheNetwork, source: "x"))
    var interviews: [Int64] = []
    for (c, who, finish) in [
      (ada.id, "alice", true), (ada.id, "bob", false), (bo.id, "carol", true), (cy.id, "alice", false),
    ] {
      let id = try db.startInterview(candidateId: c, roleId: nil, bank: bank, interviewer: who)
      try db.addNote(interviewId: id, questionId: "q1", text: "n")
      if finish {
        try db.write {
          try $0.execute(sql: "UPDATE interview SET state = 'finished', finished_at = 1 WHERE id = ?", arguments: [id])
        }
      }
      interviews.append(id)
    }
    for viewer in [
      Viewer("alice"), Viewer("bob"), Viewer("carol"), Viewer("dave"), Viewer("lead", seesEverything: true),
    ] {
      try db.read { d in
        let sealed = try Sealing.sealedCandidates(d, viewer: viewer)
        for id in interviews {
          let row = try #require(
            try Row.fetchOne(d, sql: "SELECT candidate_id, interviewer FROM interview WHERE id = ?", arguments: [id]))
          let candidate: Int64 = try #require(row["candidate_id"] as Int64?)
          let interviewer: String = try #require(row["interviewer"] as String?)
          let swift = !Sealing.hides(
            candidateSealed: sealed.contains(candidate), interviewer: interviewer, viewer: viewer)
          let sql = try Sealing.canRead(d, interviewId: id, viewer: viewer)
          #expect(swift == sql, "interview \(id) for \(viewer.name)")
        }
      }
    }
  }
}
