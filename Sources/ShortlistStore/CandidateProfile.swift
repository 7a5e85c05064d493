import Foundation
import GRDB
import ShortlistCore

/// Everything `candidate show` prints about one person, read in one transaction (one consistent state of the file)
/// from that person's rows only: its cost does not grow with the number of candidates.
public struct CandidateProfile: Sendable {
  public var candidate: Candidate
  /// One per role, in role order.
  public var applications: [Application]
  public var history: [StatusChange]
  public var notes: [CandidateNote]
  public var engagements: [Engagement]
  /// Sealed for the reader: a sealed scorecard shows who and when, never what.
  public var interviews: [InterviewSummary]
  /// The weighted score of each finished scorecard the reader may see.
  public var scores: [Int64: Double]
  /// The title of every role the applications and the history name.
  public var roleTitles: [Int64: String]
  /// The banks of each open application's role, in the role's order.
  public var roleBanks: [Int64: [String]]
  /// The banks of the finished, unvoided scorecards (sealed or not: which banks, never what was said).
  public var finishedBanks: Set<String>

  /// The banks each open application still needs a finished interview on, per role title, in role order.
  public var banksToInterview: [(role: String, banks: [String])] {
    applications.filter { !$0.status.isClosed }.compactMap { a in
      let left = (roleBanks[a.roleId] ?? []).filter { !finishedBanks.contains($0) }
      return left.isEmpty ? nil : (a.roleTitle, left)
    }
  }
}

extension AppDatabase {
  /// One candidate's profile as `viewer` may read it; nil when there is no such candidate. Interviews, scores and
  /// engagements are read only when a count says there are some (their queries cost more to prepare than the count).
  public func candidateProfile(id: Int64, viewer: Viewer) throws -> CandidateProfile? {
    try read { db in
      guard var candidate = try Self.fetchCandidates(db, CandidateFilter(ids: [id], roles: false)).first else {
        return nil
      }
      var applications: [Application] = []
      try Self.eachApplication(db, candidateIds: [id]) { applications.append($0) }
      candidate.roles = applications.map(\.roleTitle)
      let history = try Self.statusHistory(db, candidateId: id)
      var roleTitles: [Int64: String] = [:]
      for a in applications { roleTitles[a.roleId] = a.roleTitle }
      let unnamed = Set(history.compactMap(\.roleId)).subtracting(roleTitles.keys)
      if !unnamed.isEmpty {
        try db.eachRawRow(
          "SELECT id, title FROM role WHERE id IN (\(unnamed.map(String.init).joined(separator: ",")))"
        ) { row in
          let roleId = row.int64(0)
          roleTitles[roleId] = try row.checked(table: "role", rowId: roleId, columns: ["id", "title"]).string(1)
        }
      }
      var profile = CandidateProfile(
        candidate: candidate, applications: applications, history: history,
        notes: try Self.candidateNotes(db, candidateId: id), engagements: [], interviews: [], scores: [:],
        roleTitles: roleTitles, roleBanks: [:], finishedBanks: [])
      let open = applications.filter { !$0.status.isClosed }.map(\.roleId)
      if !open.isEmpty {
        try db.eachRawRow(
          """
          SELECT role_id, bank_id FROM role_bank WHERE role_id IN (\(open.map(String.init).joined(separator: ",")))
          ORDER BY role_id, position
          """
        ) { row in
          let link = row.checked(table: "role_bank", rowId: row.int64(0), columns: ["role_id", "bank_id"])
          profile.roleBanks[try link.int64(0), default: []].append(try link.string(1))
        }
      }
      var has = (interviews: false, engagements: false)
      try db.eachRawRow(
        """
        SELECT EXISTS (SELECT 1 FROM interview WHERE candidate_id = ?1),
          EXISTS (SELECT 1 FROM engagement WHERE candidate_id = ?1)
        """, arguments: [id]
      ) { row in has = (row.int64(0) != 0, row.int64(1) != 0) }
      if has.interviews {
        try Self.eachInterview(db, candidateId: id, viewer: viewer) { profile.interviews.append($0) }
        let finished = profile.interviews.filter { $0.isFinished && !$0.isVoid }
        profile.finishedBanks = Set(finished.map(\.bankId))
        if finished.contains(where: { !$0.sealed }) {
          profile.scores = try Self.scorecardScores(db, candidateId: id, viewer: viewer)
        }
      }
      if has.engagements {
        profile.engagements = try Self.engagements(db, candidateId: id)
      }
      return profile
    }
  }
}
