import Foundation
import GRDB

/// Who is reading. Every read that can return scorecard content (scores, signal marks, notes, comments, skip
/// reasons, recommendations) takes one, and returns that content already sealed for them.
public struct Viewer: Sendable, Hashable {
  /// The interviewer name the reader works as (their own scorecards are never sealed from them).
  public var name: String
  /// A team lead reads everything (team mode); a local reader never does.
  public var seesEverything: Bool

  public init(_ name: String, seesEverything: Bool = false) {
    self.name = name
    self.seesEverything = seesEverything
  }
}

/// The sealing rule of PRODUCT.md, in one place: while a candidate has an open scorecard, the content of the other
/// scorecards for that candidate is hidden from everyone but their own authors, and the candidate is marked sealed.
/// Team mode enforces the same rule per member on the server, with row-level security.
enum Sealing {
  /// Candidates with at least one open scorecard (by anyone): they are sealed for every viewer.
  static func sealedCandidates(_ db: Database, viewer: Viewer) throws -> Set<Int64> {
    if viewer.seesEverything { return [] }
    return Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT candidate_id FROM interview WHERE state = 'open'"))
  }

  /// The same rule for a row already read (the hot paths read the interviews once and seal in Swift): the content
  /// of an interview is hidden from `viewer` when its candidate is sealed and someone else wrote it. A test pins this
  /// to `visibleCondition` over every combination.
  static func hides(candidateSealed: Bool, interviewer: String, viewer: Viewer) -> Bool {
    !viewer.seesEverything && candidateSealed && interviewer != viewer.name
  }

  /// A SQL condition, true for the interviews whose content `viewer` may read; `alias` is the interview table's alias.
  /// Its one argument is the viewer's name.
  static func visibleCondition(alias i: String, viewer: Viewer) -> (sql: String, arguments: StatementArguments) {
    if viewer.seesEverything { return ("1", []) }
    return (
      """
      (\(i).interviewer = ? OR NOT EXISTS (SELECT 1 FROM interview sealing_open
        WHERE sealing_open.candidate_id = \(i).candidate_id AND sealing_open.state = 'open'))
      """,
      [viewer.name]
    )
  }

  /// Whether `viewer` may read the content of interview `interviewId`.
  static func canRead(_ db: Database, interviewId: Int64, viewer: Viewer) throws -> Bool {
    let visible = visibleCondition(alias: "i", viewer: viewer)
    return try Int.fetchOne(
      db, sql: "SELECT 1 FROM interview i WHERE i.id = ? AND \(visible.sql)",
      arguments: [interviewId] + visible.arguments) != nil
  }
}

extension AppDatabase {
  /// Candidate ids whose other scorecards are sealed for `viewer` (see `Sealing`).
  public func sealedCandidates(viewer: Viewer) throws -> Set<Int64> {
    try read { db in try Sealing.sealedCandidates(db, viewer: viewer) }
  }
}
