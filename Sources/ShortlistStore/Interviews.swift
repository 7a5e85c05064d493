import Foundation
import GRDB
import ShortlistCore

/// One interview (a scorecard) as listed.
public struct InterviewSummary: Sendable, Equatable {
  public var id: Int64
  public var uuid: String
  public var candidateId: Int64
  public var candidateName: String
  public var roleId: Int64?
  public var snapshotId: Int64
  public var bankId: String
  public var bankVersion: Int
  public var interviewer: String
  public var startedAt: Date
  public var finishedAt: Date?
  public var state: String
  public var currentQuestion: Int
  public var recommendation: Recommendation?

  public var isFinished: Bool { state == "finished" }
}

public struct InterviewNote: Sendable, Equatable {
  public var id: Int64
  public var questionId: String
  public var text: String
  public var at: Date
}

public struct InterviewAnswer: Sendable, Equatable {
  public var questionId: String
  public var score: Int?
  public var comment: String?
  public var skipped: Bool
  public var skipReason: String?
}

/// Everything stored about one interview, with the bank as it was when the interview started.
public struct InterviewDetail: Sendable {
  public var summary: InterviewSummary
  public var bank: QuestionBank
  public var bankHash: String
  public var notes: [InterviewNote]
  public var answers: [String: InterviewAnswer]
  /// question id -> signal index (1-based) -> mark
  public var signals: [String: [Int: SignalMark]]

  public func notes(for questionId: String) -> [InterviewNote] { notes.filter { $0.questionId == questionId } }
}

extension AppDatabase {
  /// Stores the bank's snapshot on first use and returns its id. The same id and version with different content is
  /// refused: old scorecards must keep their meaning, so a changed bank needs a new version.
  public func snapshot(_ bank: QuestionBank) throws -> Int64 {
    try write { db in try Self.snapshot(db, bank) }
  }

  static func snapshot(_ db: Database, _ bank: QuestionBank) throws -> Int64 {
    let hash = bank.sha256
    if let row = try Row.fetchOne(
      db, sql: "SELECT id, sha256 FROM bank_snapshot WHERE bank_id = ? AND version = ?",
      arguments: [bank.id, bank.version])
    {
      let stored: String = row["sha256"]
      guard stored == hash else {
        throw StoreError.conflict(
          "bank '\(bank.id)' version \(bank.version) was changed after interviews used it; bump its version to \(bank.version + 1) (or higher) so old scorecards keep their meaning"
        )
      }
      return row["id"]
    }
    try db.execute(
      sql: "INSERT INTO bank_snapshot(bank_id, version, sha256, title, content, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      arguments: [bank.id, bank.version, hash, bank.title, bank.canonicalJSON(), now()])
    return db.lastInsertedRowID
  }

  /// The stored snapshot with this bank id and version, if any, and whether it matches `bank`.
  public func snapshotState(_ bank: QuestionBank) throws -> (stored: Bool, matches: Bool) {
    try read { db in
      guard
        let hash = try String.fetchOne(
          db, sql: "SELECT sha256 FROM bank_snapshot WHERE bank_id = ? AND version = ?",
          arguments: [bank.id, bank.version])
      else { return (false, true) }
      return (true, hash == bank.sha256)
    }
  }

  /// Starts an interview: snapshot, interview row, and the candidate moved to `interviewing` when earlier in the
  /// pipeline, all in one transaction.
  public func startInterview(candidateId: Int64, roleId: Int64?, bank: QuestionBank, interviewer: String) throws
    -> Int64
  {
    try write { db in
      let snapshotId = try Self.snapshot(db, bank)
      try db.execute(
        sql: """
          INSERT INTO interview(uuid, candidate_id, role_id, snapshot_id, interviewer, started_at, state)
          VALUES (?, ?, ?, ?, ?, ?, 'open')
          """,
        arguments: [UUIDv7Generator.make(), candidateId, roleId, snapshotId, interviewer, now()])
      let id = db.lastInsertedRowID
      if let roleId {
        try db.execute(
          sql: "INSERT OR IGNORE INTO candidate_role(candidate_id, role_id) VALUES (?, ?)",
          arguments: [candidateId, roleId])
      }
      let status = try String.fetchOne(db, sql: "SELECT status FROM candidate WHERE id = ?", arguments: [candidateId])
      if status == Status.sourced.rawValue || status == Status.screening.rawValue {
        try Self.move(db, candidateId: candidateId, to: .interviewing, note: "interview #\(id) started")
      }
      return id
    }
  }

  /// Saves one note in its own transaction; it is on disk when this returns.
  @discardableResult
  public func addNote(interviewId: Int64, questionId: String, text: String) throws -> Int64 {
    try write { db in
      try Self.requireOpen(db, interviewId)
      try db.execute(
        sql: "INSERT INTO note(uuid, interview_id, question_id, text, at) VALUES (?, ?, ?, ?, ?)",
        arguments: [UUIDv7Generator.make(), interviewId, questionId, Self.keepable(text), now()])
      return db.lastInsertedRowID
    }
  }

  public func setScore(interviewId: Int64, questionId: String, score: Int, comment: String?) throws {
    guard (1...4).contains(score) else { throw StoreError.invalid("a score is 1, 2, 3 or 4") }
    try write { db in
      try Self.requireOpen(db, interviewId)
      try db.execute(
        sql: """
          INSERT INTO answer(interview_id, question_id, score, comment, skipped, skip_reason, at)
          VALUES (?, ?, ?, ?, 0, NULL, ?)
          ON CONFLICT(interview_id, question_id) DO UPDATE SET score = excluded.score, comment = excluded.comment,
            skipped = 0, skip_reason = NULL, at = excluded.at
          """,
        arguments: [interviewId, questionId, score, comment.map(Self.keepable), now()])
    }
  }

  public func skip(interviewId: Int64, questionId: String, reason: String?) throws {
    try write { db in
      try Self.requireOpen(db, interviewId)
      try db.execute(
        sql: """
          INSERT INTO answer(interview_id, question_id, score, comment, skipped, skip_reason, at)
          VALUES (?, ?, NULL, NULL, 1, ?, ?)
          ON CONFLICT(interview_id, question_id) DO UPDATE SET score = NULL, comment = NULL, skipped = 1,
            skip_reason = excluded.skip_reason, at = excluded.at
          """,
        arguments: [interviewId, questionId, reason.map(Self.keepable), now()])
    }
  }

  public func setSignal(interviewId: Int64, questionId: String, index: Int, mark: SignalMark) throws {
    try write { db in
      try Self.requireOpen(db, interviewId)
      try db.execute(
        sql: """
          INSERT INTO signal_mark(interview_id, question_id, signal_index, value, at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT(interview_id, question_id, signal_index) DO UPDATE SET value = excluded.value, at = excluded.at
          """,
        arguments: [interviewId, questionId, index, mark.rawValue, now()])
    }
  }

  public func recommend(interviewId: Int64, _ recommendation: Recommendation) throws {
    try write { db in
      try Self.requireOpen(db, interviewId)
      try db.execute(
        sql: "UPDATE interview SET recommendation = ? WHERE id = ?", arguments: [recommendation.rawValue, interviewId])
    }
  }

  public func setCurrentQuestion(interviewId: Int64, index: Int) throws {
    try write { db in
      try db.execute(
        sql: "UPDATE interview SET current_question = ? WHERE id = ? AND state = 'open'",
        arguments: [max(0, index), interviewId])
    }
  }

  public func finishInterview(_ interviewId: Int64) throws {
    try write { db in
      try Self.requireOpen(db, interviewId)
      try db.execute(
        sql: "UPDATE interview SET state = 'finished', finished_at = ? WHERE id = ?", arguments: [now(), interviewId])
    }
  }

  /// SQLite text bound from Swift ends at a NUL; a NUL typed into a note becomes a visible U+2400 so nothing after
  /// it is lost.
  static func keepable(_ text: String) -> String {
    text.contains("\0") ? text.replacingOccurrences(of: "\0", with: "\u{2400}") : text
  }

  private static func requireOpen(_ db: Database, _ id: Int64) throws {
    guard let state = try String.fetchOne(db, sql: "SELECT state FROM interview WHERE id = ?", arguments: [id]) else {
      throw StoreError.notFound("no interview #\(id)")
    }
    guard state == "open" else { throw StoreError.invalid("interview #\(id) is finished; its scorecard is final") }
  }

  // MARK: - Reads

  static let summarySQL = """
    SELECT i.*, c.name AS candidate_name, s.bank_id, s.version AS bank_version
    FROM interview i JOIN candidate c ON c.id = i.candidate_id JOIN bank_snapshot s ON s.id = i.snapshot_id
    """

  static func summary(_ row: Row) -> InterviewSummary {
    InterviewSummary(
      id: row["id"], uuid: row["uuid"], candidateId: row["candidate_id"], candidateName: row["candidate_name"],
      roleId: row["role_id"], snapshotId: row["snapshot_id"], bankId: row["bank_id"], bankVersion: row["bank_version"],
      interviewer: row["interviewer"], startedAt: Date(timeIntervalSince1970: row["started_at"]),
      finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)), state: row["state"],
      currentQuestion: row["current_question"],
      recommendation: (row["recommendation"] as String?).flatMap(Recommendation.init(rawValue:)))
  }

  public func interviews(candidateId: Int64? = nil) throws -> [InterviewSummary] {
    try read { db in
      if let candidateId {
        return try Row.fetchAll(
          db, sql: Self.summarySQL + " WHERE i.candidate_id = ? ORDER BY i.id", arguments: [candidateId]
        ).map(Self.summary)
      }
      return try Row.fetchAll(db, sql: Self.summarySQL + " ORDER BY i.id").map(Self.summary)
    }
  }

  public func interview(id: Int64) throws -> InterviewSummary? {
    try read { db in
      try Row.fetchOne(db, sql: Self.summarySQL + " WHERE i.id = ?", arguments: [id]).map(Self.summary)
    }
  }

  /// Open interviews of one interviewer, most recent first.
  public func openInterviews(interviewer: String) throws -> [InterviewSummary] {
    try read { db in
      try Row.fetchAll(
        db, sql: Self.summarySQL + " WHERE i.state = 'open' AND i.interviewer = ? ORDER BY i.started_at DESC, i.id DESC",
        arguments: [interviewer]
      ).map(Self.summary)
    }
  }

  public func interviewDetail(id: Int64) throws -> InterviewDetail? {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: Self.summarySQL + " WHERE i.id = ?", arguments: [id]) else {
        return nil
      }
      let summary = Self.summary(row)
      guard
        let snap = try Row.fetchOne(
          db, sql: "SELECT content, sha256 FROM bank_snapshot WHERE id = ?", arguments: [summary.snapshotId])
      else { return nil }
      let bank = try QuestionBank.fromCanonicalJSON(snap["content"])
      let notes = try Row.fetchAll(
        db, sql: "SELECT id, question_id, text, at FROM note WHERE interview_id = ? ORDER BY at, id", arguments: [id]
      ).map {
        InterviewNote(id: $0["id"], questionId: $0["question_id"], text: $0["text"], at: Date(timeIntervalSince1970: $0["at"]))
      }
      var answers: [String: InterviewAnswer] = [:]
      for a in try Row.fetchAll(db, sql: "SELECT * FROM answer WHERE interview_id = ?", arguments: [id]) {
        answers[a["question_id"]] = InterviewAnswer(
          questionId: a["question_id"], score: a["score"], comment: a["comment"], skipped: a["skipped"],
          skipReason: a["skip_reason"])
      }
      var signals: [String: [Int: SignalMark]] = [:]
      for s in try Row.fetchAll(db, sql: "SELECT * FROM signal_mark WHERE interview_id = ?", arguments: [id]) {
        signals[s["question_id"], default: [:]][s["signal_index"]] = SignalMark(rawValue: s["value"])
      }
      return InterviewDetail(
        summary: summary, bank: bank, bankHash: snap["sha256"], notes: notes, answers: answers, signals: signals)
    }
  }

  /// True when `interviewer` has an open scorecard for this candidate: then other scorecards stay sealed.
  public func hasOpenScorecard(candidateId: Int64, interviewer: String) throws -> Bool {
    try read { db in
      try Int.fetchOne(
        db, sql: "SELECT 1 FROM interview WHERE candidate_id = ? AND interviewer = ? AND state = 'open' LIMIT 1",
        arguments: [candidateId, interviewer]) != nil
    }
  }
}
