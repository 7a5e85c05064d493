import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// `candidate show`'s one read: the same pieces the separate reads give, sealed for the reader.
@Suite struct CandidateProfileTests {
  @Test func onePersonsPiecesAsTheSeparateReadsGiveThem() throws {
    let db = try AppDatabase.inMemory()
    let rag = try db.addRole(NewRole(title: "RAG", banks: ["demo", "systems"]))
    let backend = try db.addRole(NewRole(title: "Backend", banks: ["demo"]))
    let closed = try db.addRole(NewRole(title: "Closed", banks: ["other"]))
    let c = try db.addCandidate(
      NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"), roleIds: [rag.id, backend.id, closed.id])
    let other = try db.addCandidate(NewCandidate(name: "Grace", tier: .nicheNetwork, source: "x"))
    try db.move(candidateId: c.id, roleId: closed.id, to: .rejected, note: "not now")
    _ = try db.addCandidateNote(candidateId: c.id, text: "met at a meetup", author: "alice")
    let done = try db.startInterview(
      candidateId: c.id, roleId: rag.id, bank: InterviewsTests.bank(), interviewer: "alice")
    try db.setScore(interviewId: done, questionId: "q2", score: 4, comment: nil)
    try db.finishInterview(done)
    _ = try db.startInterview(candidateId: other.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "bob")

    let carol = Viewer("carol")
    let p = try #require(try db.candidateProfile(id: c.id, viewer: carol))
    #expect(p.candidate.name == "Ada")
    #expect(p.candidate.roles == ["RAG", "Backend", "Closed"])
    #expect(p.applications == (try db.applications(candidateId: c.id)))
    #expect(p.history == (try db.statusHistory(candidateId: c.id)))
    #expect(p.notes == (try db.candidateNotes(candidateId: c.id)))
    #expect(p.interviews.map(\.id) == (try db.interviews(candidateId: c.id, viewer: carol)).map(\.id))
    #expect(p.scores == (try db.scorecardScores(candidateId: c.id, viewer: carol)))
    #expect(p.scores[done] == 100)
    #expect(p.finishedBanks == (try db.finishedBanks(candidateId: c.id)))
    #expect(p.engagements.isEmpty)
    // Banks still to do: the open roles' banks without a finished scorecard; a closed role has none to do.
    #expect(p.banksToInterview.map(\.role) == ["RAG"])
    #expect(p.banksToInterview.first?.banks == ["systems"])
    #expect(p.roleTitles == [rag.id: "RAG", backend.id: "Backend", closed.id: "Closed"])

    // An open scorecard seals the finished one from carol: who and when, no score.
    _ = try db.startInterview(candidateId: c.id, roleId: rag.id, bank: InterviewsTests.bank(), interviewer: "bob")
    let sealed = try #require(try db.candidateProfile(id: c.id, viewer: carol))
    #expect(sealed.interviews.count == 2)
    #expect(sealed.interviews.first { $0.id == done }?.sealed == true)
    #expect(sealed.scores.isEmpty)
    #expect(sealed.finishedBanks == ["demo"])
    #expect(try db.candidateProfile(id: c.id, viewer: Viewer("alice"))?.scores[done] == 100)

    // A role left behind (no application any more) is still named in the history.
    try db.write { db in
      try db.execute(
        sql: "DELETE FROM candidate_role WHERE candidate_id = ? AND role_id = ?", arguments: [c.id, backend.id])
    }
    let left = try #require(try db.candidateProfile(id: c.id, viewer: carol))
    #expect(left.roleTitles[backend.id] == "Backend")
    #expect(left.applications.count == 2)
    #expect(try db.candidateProfile(id: 999, viewer: carol) == nil)
  }

  @Test func engagementsAreReadWhenThereAreSome() throws {
    let (db, c, e) = try EngagementsTests().hired()
    let p = try #require(try db.candidateProfile(id: c.id, viewer: Viewer("a")))
    #expect(p.engagements.map(\.id) == [e])
    #expect(p.engagements == (try db.engagements(candidateId: c.id)))
  }
}
