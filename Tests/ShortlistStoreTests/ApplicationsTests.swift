import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

/// Applications: a status per (candidate, role), the pipeline rule applied by the Store, and the migration that
/// turned one status per person into one application per role.
@Suite struct ApplicationsTests {
  func twoRoles() throws -> (AppDatabase, Candidate, Role, Role) {
    let db = try AppDatabase.inMemory()
    let rag = try db.addRole(NewRole(title: "RAG"))
    let backend = try db.addRole(NewRole(title: "Backend"))
    let c = try db.addCandidate(
      NewCandidate(name: "Linus", tier: .curatedMarketplace, source: "Toptal"), roleIds: [rag.id, backend.id])
    return (db, c, rag, backend)
  }

  @Test func eachRoleHasItsOwnStatusAndHistory() throws {
    let (db, c, rag, backend) = try twoRoles()
    try db.move(candidateId: c.id, roleId: rag.id, to: .rejected, note: "no retrieval depth")
    #expect(try db.application(candidateId: c.id, roleId: rag.id)?.status == .rejected)
    #expect(try db.application(candidateId: c.id, roleId: backend.id)?.status == .sourced)
    #expect(try db.statusHistory(candidateId: c.id, roleId: backend.id).map(\.to) == [.sourced])
    #expect(try db.statusHistory(candidateId: c.id, roleId: rag.id).map(\.to) == [.sourced, .rejected])
    // Listings scoped to a role read that role's status.
    #expect(try db.candidates(CandidateFilter(roleId: backend.id)).map(\.status) == [.sourced])
    #expect(try db.candidates(CandidateFilter(roleId: rag.id)).map(\.status) == [.rejected])
    #expect(try db.candidates(CandidateFilter(status: .rejected, roleId: backend.id)).isEmpty)
  }

  @Test func theRuleRefusesAndForcedMovesAreRecorded() throws {
    let (db, c, rag, _) = try twoRoles()
    // Reaching hired without a scorecard, then without a note, then forced with one.
    #expect(throws: StoreError.self) { try db.move(candidateId: c.id, roleId: rag.id, to: .hired) }
    #expect(throws: StoreError.self) { try db.move(candidateId: c.id, roleId: rag.id, to: .hired, force: true) }
    let m = try db.move(candidateId: c.id, roleId: rag.id, to: .hired, note: "hired on a referral", force: true)
    #expect(m.forced && m.from == .sourced && m.to == .hired)
    // Leaving hired needs force too; a refused move writes nothing.
    #expect(throws: StoreError.self) { try db.move(candidateId: c.id, roleId: rag.id, to: .sourced) }
    let history = try db.statusHistory(candidateId: c.id, roleId: rag.id)
    #expect(history.map(\.forced) == [false, true])
    #expect(history.last?.note == "hired on a referral")
    // Forward moves and rejections need nothing.
    let other = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x"), roleIds: [rag.id])
    try db.move(candidateId: other.id, roleId: rag.id, to: .interviewing)
    try db.move(candidateId: other.id, roleId: rag.id, to: .withdrawn)
    #expect(try db.statusHistory(candidateId: other.id, roleId: rag.id).allSatisfy { !$0.forced })
  }

  @Test func aFinishedScorecardForTheRoleAllowsTheShortlist() throws {
    let (db, c, rag, backend) = try twoRoles()
    let id = try db.startInterview(candidateId: c.id, roleId: rag.id, bank: InterviewsTests.bank(), interviewer: "a")
    // Starting the interview moved the RAG application (only) to interviewing.
    #expect(try db.application(candidateId: c.id, roleId: rag.id)?.status == .interviewing)
    #expect(try db.application(candidateId: c.id, roleId: backend.id)?.status == .sourced)
    #expect(throws: StoreError.self) { try db.move(candidateId: c.id, roleId: rag.id, to: .shortlisted) }
    try db.setScore(interviewId: id, questionId: "q1", score: 3, comment: nil)
    try db.finishInterview(id)
    try db.move(candidateId: c.id, roleId: rag.id, to: .shortlisted)
    // The scorecard was for RAG: the backend application still needs one.
    #expect(throws: StoreError.self) { try db.move(candidateId: c.id, roleId: backend.id, to: .shortlisted) }
  }

  @Test func tiersCountTheRolesHistoryOnly() throws {
    let (db, c, rag, backend) = try twoRoles()
    try db.move(candidateId: c.id, roleId: rag.id, to: .hired, note: "n", force: true)
    #expect(try db.firstReached(roleId: rag.id)[c.id]?[.hired] != nil)
    #expect(try db.firstReached(roleId: backend.id)[c.id]?[.hired] == nil)
  }

  @Test func rolesArchiveAndRemoveOnlyWithoutInterviews() throws {
    let (db, c, rag, backend) = try twoRoles()
    try db.setCurrentRole(rag.id)
    try db.archiveRole(id: rag.id, archived: true)
    #expect(try db.currentRoleId() == nil)
    #expect(try db.roleNames(activeOnly: true).map(\.name) == ["Backend"])
    #expect(try db.applications(candidateId: c.id).first { $0.roleId == rag.id }?.roleArchived == true)
    _ = try db.startInterview(candidateId: c.id, roleId: backend.id, bank: InterviewsTests.bank(), interviewer: "a")
    #expect(throws: StoreError.self) { try db.removeRole(id: backend.id) }
    try db.removeRole(id: rag.id)
    #expect(try db.applications(candidateId: c.id).map(\.roleTitle) == ["Backend"])
  }

  @Test func aDatabaseOfTheLastVersionGetsOneApplicationPerRole() throws {
    let dir = NSTemporaryDirectory() + "shortlist-apps-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/v6.sqlite"
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator().migrate(queue, upTo: "v6")
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO role(uuid, title, created_at) VALUES ('r1', 'RAG', 1), ('r2', 'Backend', 1);
          INSERT INTO candidate(uuid, name, tier, source, status, created_at, name_key)
            VALUES ('c1', 'Linus', 2, 'Toptal', 'screening', 100, 'linus'), ('c2', 'Ada', 1, 'x', 'offer', 100, 'ada');
          INSERT INTO candidate_role(candidate_id, role_id) VALUES (1, 1), (1, 2);
          INSERT INTO status_change(candidate_id, from_status, to_status, at) VALUES
            (1, NULL, 'sourced', 100), (1, 'sourced', 'screening', 200),
            (2, NULL, 'sourced', 100), (2, 'sourced', 'offer', 300);
          """)
    }
    try queue.close()
    let db = try AppDatabase.open(path: path)
    defer { db.close() }
    let apps = try db.applications(candidateId: 1)
    #expect(apps.map(\.roleTitle) == ["RAG", "Backend"])
    #expect(apps.allSatisfy { $0.status == .screening && $0.since == Date(timeIntervalSince1970: 200) })
    for app in apps {
      #expect(try db.statusHistory(candidateId: 1, roleId: app.roleId).map(\.to) == [.sourced, .screening])
    }
    // Every history row names a role now; a candidate with no role keeps their own rows and status.
    #expect(try db.statusHistory(candidateId: 1).allSatisfy { $0.roleId != nil })
    let ada = try #require(try db.candidate(id: 2))
    #expect(ada.status == .offer && ada.since == Date(timeIntervalSince1970: 300))
    #expect(try db.statusHistory(candidateId: 2).map(\.roleId) == [nil, nil])
  }
}
