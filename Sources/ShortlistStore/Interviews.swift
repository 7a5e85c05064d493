import Foundation
import GRDB
import ShortlistCore

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
      let id: Int64 = try Decode.value(row, "id", table: "bank_snapshot", rowId: nil)
      let stored: String = try Decode.value(row, "sha256", table: "bank_snapshot", rowId: id)
      guard stored == hash else {
        throw StoreError.conflict(
          "bank '\(bank.id)' version \(bank.version) was changed after interviews used it; bump its version to \(bank.version + 1) (or higher) so old scorecards keep their meaning"
        )
      }
      return id
    }
    return try BankSnapshotRecord(
      bankId: bank.id, version: bank.version, sha256: hash, title: bank.title, content: bank.canonicalJSON(),
      createdAt: now()
    ).insertRow(db)
  }

  /// A bank as it was stored when interviews used it: the given version, else the newest.
  public func storedBank(id: String, version: Int? = nil) throws -> QuestionBank? {
    try read { db in
      let row =
        try version.map {
          try Row.fetchOne(
            db, sql: "SELECT id, content FROM bank_snapshot WHERE bank_id = ? AND version = ?", arguments: [id, $0])
        }
        ?? Row.fetchOne(
          db, sql: "SELECT id, content FROM bank_snapshot WHERE bank_id = ? ORDER BY version DESC LIMIT 1",
          arguments: [id])
      guard let row else { return nil }
      let rowId: Int64 = try Decode.value(row, "id", table: "bank_snapshot", rowId: nil)
      return try QuestionBank.fromCanonicalJSON(Decode.value(row, "content", table: "bank_snapshot", rowId: rowId))
    }
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
      let id = try InterviewRecord(
        uuid: UUIDv7Generator.make(), candidateId: candidateId, roleId: roleId, snapshotId: snapshotId,
        interviewer: interviewer, startedAt: now(), finishedAt: nil, state: InterviewState.open.rawValue,
        currentQuestion: 0, recommendation: nil
      ).insertRow(db)
      // The application for the role (opened if the candidate had none) moves to interviewing when earlier.
      var status: String?
      if let roleId {
        try Self.attach(db, candidateId: candidateId, roleId: roleId)
        status = try String.fetchOne(
          db, sql: "SELECT status FROM candidate_role WHERE candidate_id = ? AND role_id = ?",
          arguments: [candidateId, roleId])
      } else {
        status = try String.fetchOne(db, sql: "SELECT status FROM candidate WHERE id = ?", arguments: [candidateId])
      }
      if status == Status.sourced.rawValue || status == Status.screening.rawValue {
        try Self.move(
          db, candidateId: candidateId, roleId: roleId, to: .interviewing, note: "interview #\(id) started",
          force: false)
      }
      return id
    }
  }

  /// Saves one note in its own transaction; it is on disk when this returns.
  @discardableResult
  public func addNote(interviewId: Int64, questionId: String, text: String, timeSpent: Double = 0) throws -> Int64 {
    try write { db in
      try Self.requireOpen(db, interviewId)
      let id = try NoteRecord(
        uuid: UUIDv7Generator.make(), interviewId: interviewId, questionId: questionId, text: try Self.limited(text),
        at: now()
      ).insertRow(db)
      try Self.addTime(db, interviewId: interviewId, questionId: questionId, seconds: timeSpent)
      return id
    }
  }

  /// Takes back the last note typed on a question of an open interview: deleted, so it is in no output; returns its
  /// text, or nil when there is none.
  public func undoLastNote(interviewId: Int64, questionId: String) throws -> String? {
    try write { db in
      try Self.requireOpen(db, interviewId)
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT id, text FROM note WHERE interview_id = ? AND question_id = ? ORDER BY id DESC LIMIT 1",
          arguments: [interviewId, questionId])
      else { return nil }
      let f = row.fields(table: "note", rowId: nil)
      let id: Int64 = try f.value(0)
      let text: String = try f.value(1)
      try db.execute(sql: "DELETE FROM note WHERE id = ?", arguments: [id])
      return text
    }
  }

  /// Adds time spent on a question (when the interviewer moves on, pauses or finishes).
  public func addTime(interviewId: Int64, questionId: String, seconds: Double) throws {
    guard seconds > 0 else { return }
    try write { db in try Self.addTime(db, interviewId: interviewId, questionId: questionId, seconds: seconds) }
  }

  static func addTime(_ db: Database, interviewId: Int64, questionId: String, seconds: Double) throws {
    guard seconds > 0, seconds.isFinite else { return }
    let before =
      try Double.fetchOne(
        db, sql: "SELECT seconds FROM question_time WHERE interview_id = ? AND question_id = ?",
        arguments: [interviewId, questionId]) ?? 0
    try QuestionTimeRecord(interviewId: interviewId, questionId: questionId, seconds: before + seconds)
      .insertRow(db, .replace)
  }

  public func setScore(interviewId: Int64, questionId: String, score: Int, comment: String?) throws {
    guard (1...4).contains(score) else { throw StoreError.invalid("a score is 1, 2, 3 or 4") }
    try write { db in
      try Self.requireOpen(db, interviewId)
      try AnswerRecord(
        interviewId: interviewId, questionId: questionId, score: score,
        comment: try comment.map { try Self.limited($0, "a comment") },
        skipped: false, skipReason: nil, at: now()
      ).insertRow(db, .replace)
    }
  }

  public func skip(interviewId: Int64, questionId: String, reason: String?) throws {
    try write { db in
      try Self.requireOpen(db, interviewId)
      try AnswerRecord(
        interviewId: interviewId, questionId: questionId, score: nil, comment: nil, skipped: true,
        skipReason: try reason.map { try Self.limited($0, "a reason") }, at: now()
      ).insertRow(db, .replace)
    }
  }

  public func setSignal(interviewId: Int64, questionId: String, index: Int, mark: SignalMark) throws {
    try write { db in
      try Self.requireOpen(db, interviewId)
      try SignalMarkRecord(
        interviewId: interviewId, questionId: questionId, signalIndex: index, value: mark.rawValue, at: now()
      ).insertRow(db, .replace)
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

  /// Why the interview cannot be finished yet, or nil (asked before `/finish` asks anything of the user).
  public func finishProblem(_ interviewId: Int64) throws -> String? {
    try read { db in try Self.finishProblem(db, interviewId) }
  }

  /// In a team the server finishes a scorecard only with an answer (a score or a skip), so that an empty one opens no
  /// sealing; finished here without one, it could never be pushed (finished is final) and would stay pending for
  /// good. Said before, while a score or /abort can still mend it.
  static func finishProblem(_ db: Database, _ interviewId: Int64) throws -> String? {
    let inTeam = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM setting WHERE key = 'team_member')")
    let answered = try Bool.fetchOne(
      db, sql: "SELECT EXISTS (SELECT 1 FROM answer WHERE interview_id = ? AND (score IS NOT NULL OR skipped = 1))",
      arguments: [interviewId])
    guard inTeam == true, answered != true else { return nil }
    return "in a team a scorecard is finished with at least one score or /skip (the server refuses an empty one); "
      + "score a question, or /abort to discard the interview"
  }

  public func finishInterview(_ interviewId: Int64) throws {
    try write { db in
      try Self.requireOpen(db, interviewId)
      if let problem = try Self.finishProblem(db, interviewId) { throw StoreError.invalid(problem) }
      try db.execute(
        sql: "UPDATE interview SET state = 'finished', finished_at = ?, synced = NULL WHERE id = ?",
        arguments: [now(), interviewId])
    }
  }

  /// Takes a finished scorecard out of every score, agreement and outcome; it stays, marked void, with why.
  public func voidInterview(_ interviewId: Int64, note: String) throws {
    try write { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT state, voided_at FROM interview WHERE id = ?", arguments: [interviewId])
      else { throw StoreError.notFound("no interview #\(interviewId)") }
      guard
        (try row.checkedOptional(0, table: "interview", rowId: interviewId) as String?)
          == InterviewState.finished.rawValue
      else {
        throw StoreError.invalid(
          "interview #\(interviewId) is still open; discard it with /abort in interview mode (`interview resume \(interviewId)`)"
        )
      }
      guard (try row.checkedOptional(1, table: "interview", rowId: interviewId) as Double?) == nil else {
        throw StoreError.invalid("interview #\(interviewId) is already void")
      }
      try db.execute(
        sql: "UPDATE interview SET voided_at = ?, void_note = ?, synced = NULL WHERE id = ?",
        arguments: [now(), try Self.limited(note), interviewId])
    }
  }

  /// Discards an open interview: its notes, scores, signals and times are erased; an audit row keeps who, whom,
  /// which bank and when. Returns how many notes were erased.
  @discardableResult
  public func abortInterview(_ interviewId: Int64) throws -> Int {
    try write { db in
      try Self.requireOpen(db, interviewId)
      return try Self.abortInterview(db, interviewId)
    }
  }

  /// Removes an open interview in which nothing was recorded (no note, score, skip, signal or recommendation) and
  /// returns true; leaves any other alone and returns false. An empty open interview would seal its candidate.
  public func removeIfEmpty(_ interviewId: Int64) throws -> Bool {
    try write { db in
      let recorded =
        try Int.fetchOne(
          db,
          sql: """
            SELECT (SELECT count(*) FROM note WHERE interview_id = ?1) + (SELECT count(*) FROM answer WHERE interview_id = ?1)
              + (SELECT count(*) FROM signal_mark WHERE interview_id = ?1)
              + (SELECT count(*) FROM interview WHERE id = ?1 AND (recommendation IS NOT NULL OR state <> 'open'))
            """, arguments: [interviewId]) ?? 1
      guard recorded == 0,
        try Int.fetchOne(db, sql: "SELECT 1 FROM interview WHERE id = ?", arguments: [interviewId]) != nil
      else { return false }
      try db.execute(sql: "DELETE FROM question_time WHERE interview_id = ?", arguments: [interviewId])
      try db.execute(sql: "DELETE FROM interview WHERE id = ?", arguments: [interviewId])
      return true
    }
  }

  @discardableResult
  static func abortInterview(_ db: Database, _ interviewId: Int64) throws -> Int {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT i.uuid, i.candidate_id, i.role_id, s.bank_id, s.version, i.interviewer, i.started_at
          FROM interview i JOIN bank_snapshot s ON s.id = i.snapshot_id WHERE i.id = ?
          """, arguments: [interviewId])
    else { throw StoreError.notFound("no interview #\(interviewId)") }
    let notes =
      try Int.fetchOne(db, sql: "SELECT count(*) FROM note WHERE interview_id = ?", arguments: [interviewId]) ?? 0
    let f = row.fields(table: "interview", rowId: interviewId)
    try InterviewAbortRecord(
      uuid: try f.value(0), candidateId: try f.value(1), roleId: try f.optional(2), bankId: try f.value(3),
      bankVersion: try f.value(4), interviewer: try f.value(5), startedAt: try f.value(6), abortedAt: now(),
      notesErased: notes
    ).insertRow(db)
    try db.execute(sql: "DELETE FROM interview WHERE id = ?", arguments: [interviewId])
    return notes
  }

  /// SQLite text bound from Swift ends at a NUL; a NUL typed into a note becomes a visible U+2400 so nothing after
  /// it is lost.
  static func keepable(_ text: String) -> String {
    text.contains("\0") ? text.replacingOccurrences(of: "\0", with: "\u{2400}") : text
  }

  /// An interview that may take notes and scores: open, and of a person not forgotten. A forget (or an /abort) in
  /// another session closes it: every later write is refused, nothing lands on an anonymised record.
  private static func requireOpen(_ db: Database, _ id: Int64) throws {
    guard
      let row = try Row.fetchOne(
        db,
        sql: "SELECT i.state, c.forgotten FROM interview i JOIN candidate c ON c.id = i.candidate_id WHERE i.id = ?",
        arguments: [id])
    else {
      throw StoreError.gone(
        "interview #\(id) was closed in another session (its candidate was forgotten, or it was discarded); nothing was saved"
      )
    }
    if (try row.checkedOptional(1, table: "candidate", rowId: nil) as Int64?) == 1 {
      throw StoreError.gone("interview #\(id) is of a forgotten candidate; nothing more can be written to it")
    }
    let state: String? = try row.checkedOptional(0, table: "interview", rowId: id)
    guard state == "open" else { throw StoreError.invalid("interview #\(id) is finished; its scorecard is final") }
  }

  // MARK: - Reads

  static let summarySQL = """
    SELECT i.id, i.uuid, i.candidate_id, c.name AS candidate_name, i.role_id, i.snapshot_id, s.bank_id,
      s.version AS bank_version, i.interviewer, i.started_at, i.finished_at, i.state, i.current_question,
      i.recommendation, i.voided_at, i.void_note
    FROM interview i JOIN candidate c ON c.id = i.candidate_id JOIN bank_snapshot s ON s.id = i.snapshot_id
    """

  /// Decodes a summary row; a value of the wrong type or out of range is an error naming the row, never a default.
  static func summary(_ row: Row, sealed: Bool) throws -> InterviewSummary {
    let id: Int64 = try Decode.value(row, "id", table: "interview", rowId: nil)
    let f = Decode.Fields(row: row, table: "interview", rowId: id)
    let stateText: String = try f.value("state")
    guard let state = InterviewState(rawValue: stateText) else {
      throw StoreError.damaged(table: "interview", rowId: id, column: "state")
    }
    let recommendation: Recommendation?
    if let text: String = try f.optional("recommendation") {
      guard let r = Recommendation(rawValue: text) else {
        throw StoreError.damaged(table: "interview", rowId: id, column: "recommendation")
      }
      recommendation = r
    } else {
      recommendation = nil
    }
    var summary = InterviewSummary(
      id: id, uuid: try f.value("uuid"), candidateId: try f.value("candidate_id"),
      candidateName: try f.value("candidate_name"),
      roleId: try f.optional("role_id"), snapshotId: try f.value("snapshot_id"), bankId: try f.value("bank_id"),
      bankVersion: try f.value("bank_version"), interviewer: try f.value("interviewer"),
      startedAt: Date(timeIntervalSince1970: try f.value("started_at")),
      finishedAt: (try f.optional("finished_at") as Double?).map(Date.init(timeIntervalSince1970:)), state: state,
      currentQuestion: try f.value("current_question"), recommendation: sealed ? nil : recommendation, sealed: sealed)
    summary.voidedAt = (try f.optional("voided_at") as Double?).map(Date.init(timeIntervalSince1970:))
    summary.voidNote = sealed ? nil : try f.optional("void_note")
    return summary
  }

  /// Interviews (of one candidate, or all), sealed for `viewer`: a sealed scorecard shows who and when, never what.
  public func interviews(candidateId: Int64? = nil, viewer: Viewer) throws -> [InterviewSummary] {
    var out: [InterviewSummary] = []
    try eachInterview(candidateId: candidateId, viewer: viewer) { out.append($0) }
    return out
  }

  static let interviewListColumns = [
    "visible", "id", "uuid", "candidate_id", "candidate_name", "role_id", "snapshot_id", "bank_id", "bank_version",
    "interviewer", "started_at", "finished_at", "state", "current_question", "recommendation", "voided_at", "void_note",
  ]

  /// The same, handed to `body` one at a time in id order (listings that stream). Columns are read by position with
  /// the C API and checked: a value of the wrong type or an unknown state is a damaged row, never a default.
  public func eachInterview(
    candidateId: Int64? = nil, viewer: Viewer, _ body: (InterviewSummary) throws -> Void
  ) throws {
    try read { db in try Self.eachInterview(db, candidateId: candidateId, viewer: viewer, body) }
  }

  static func eachInterview(
    _ db: Database, candidateId: Int64? = nil, viewer: Viewer, _ body: (InterviewSummary) throws -> Void
  ) throws {
    let visible = Sealing.visibleCondition(alias: "i", viewer: viewer)
    var arguments: StatementArguments = []
    var whereSQL = ""
    if let candidateId {
      whereSQL = " WHERE i.candidate_id = ?"
      arguments = [candidateId]
    }
    // The summary's columns after a `visible` one (string concatenation: Foundation's replacingOccurrences bridges).
    let sql =
      "SELECT \(visible.sql) AS visible, " + Self.summarySQL.dropFirst("SELECT ".count) + whereSQL + " ORDER BY i.id"
    try db.eachRawRow(sql, arguments: visible.arguments + arguments) { row in
      let id = row.int64(1)
      let r = row.checked(table: "interview", rowId: id, columns: Self.interviewListColumns)
      let sealed = row.isNull(0) || row.int64(0) == 0
      guard let state = InterviewState(rawValue: try r.string(12)) else {
        throw StoreError.damaged(table: "interview", rowId: id, column: "state")
      }
      var recommendation: Recommendation?
      if !sealed, let text = try r.optionalString(14) {
        guard let value = Recommendation(rawValue: text) else {
          throw StoreError.damaged(table: "interview", rowId: id, column: "recommendation")
        }
        recommendation = value
      }
      var summary = InterviewSummary(
        id: id, uuid: try r.string(2), candidateId: try r.int64(3), candidateName: try r.string(4),
        roleId: try r.optionalInt64(5), snapshotId: try r.int64(6), bankId: try r.string(7),
        bankVersion: Int(try r.int64(8)), interviewer: try r.string(9),
        startedAt: Date(timeIntervalSince1970: try r.double(10)),
        finishedAt: try r.optionalDouble(11).map(Date.init(timeIntervalSince1970:)), state: state,
        currentQuestion: Int(try r.int64(13)), recommendation: recommendation, sealed: sealed)
      summary.voidedAt = try r.optionalDouble(15).map(Date.init(timeIntervalSince1970:))
      summary.voidNote = sealed ? nil : try r.optionalString(16)
      try body(summary)
    }
  }

  /// The banks a candidate has finished scorecards on (by this interviewer, or by anyone): which of a role's banks
  /// still need an interview.
  public func finishedBanks(candidateId: Int64, interviewer: String? = nil) throws -> Set<String> {
    try read { db in
      var sql = """
        SELECT DISTINCT s.bank_id FROM interview i JOIN bank_snapshot s ON s.id = i.snapshot_id
        WHERE i.candidate_id = ? AND i.state = 'finished' AND i.voided_at IS NULL
        """
      var arguments: StatementArguments = [candidateId]
      if let interviewer {
        sql += " AND i.interviewer = ?"
        arguments += [interviewer]
      }
      return Set(try String.fetchAll(db, sql: sql, arguments: arguments))
    }
  }

  /// The weighted score (0-100) of each finished, unvoided scorecard of one candidate that `viewer` may read; sealed
  /// ones have none, and neither has a scorecard without a scored question. Each is scored with the questions and
  /// weights of its own bank version, read from the snapshot by SQLite's JSON functions (one read per version, the
  /// bank never decoded whole): a candidate's page costs about the same with three scorecards as with none.
  public func scorecardScores(candidateId: Int64, viewer: Viewer) throws -> [Int64: Double] {
    try read { db in try Self.scorecardScores(db, candidateId: candidateId, viewer: viewer) }
  }

  static func scorecardScores(_ db: Database, candidateId: Int64, viewer: Viewer) throws -> [Int64: Double] {
    let visible = Sealing.visibleCondition(alias: "i", viewer: viewer)
    var snapshotOf: [Int64: Int64] = [:]
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT i.id, i.snapshot_id FROM interview i
        WHERE i.candidate_id = ? AND i.state = 'finished' AND i.voided_at IS NULL AND \(visible.sql)
        """, arguments: [candidateId] + visible.arguments)
    {
      let id: Int64 = try row.checked(0, table: "interview", rowId: nil)
      snapshotOf[id] = try row.checked(1, table: "interview", rowId: id)
    }
    if snapshotOf.isEmpty { return [:] }
    var questionsOf: [Int64: [(id: String, weight: Double)]] = [:]
    for sid in Set(snapshotOf.values) { questionsOf[sid] = try Self.snapshotWeights(db, snapshotId: sid) }
    var scored: [Int64: [String: Double]] = [:]
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT a.interview_id, a.question_id, a.score FROM answer a JOIN interview i ON i.id = a.interview_id
        WHERE i.candidate_id = ? AND a.score BETWEEN 1 AND 4
        """, arguments: [candidateId])
    {
      let id: Int64 = try row.checked(0, table: "answer", rowId: nil)
      guard snapshotOf[id] != nil else { continue }
      let score: Int = try row.checked(2, table: "answer", rowId: id)
      scored[id, default: [:]][try row.checked(1, table: "answer", rowId: id)] = Double(score)
    }
    var out: [Int64: Double] = [:]
    for (id, sid) in snapshotOf {
      let questions = questionsOf[sid] ?? []
      let answers = scored[id] ?? [:]
      let weighted = Scoring.weighted(means: questions.map { answers[$0.id] }, weights: questions.map(\.weight))
      if let score = weighted.score { out[id] = score }
    }
    return out
  }

  /// The question ids and weights of a stored bank version, in the bank's order. Content that is not a bank (not
  /// JSON, no question list, a question without a text id or a numeric weight) is a damaged row.
  static func snapshotWeights(_ db: Database, snapshotId: Int64) throws -> [(id: String, weight: Double)] {
    let damaged = StoreError.damaged(table: "bank_snapshot", rowId: snapshotId, column: "content")
    let shape = try String.fetchOne(
      db, sql: "SELECT json_type(content, '$.questions') FROM bank_snapshot WHERE id = ? AND json_valid(content)",
      arguments: [snapshotId])
    guard shape == "array" else { throw damaged }
    return try Row.fetchAll(
      db,
      sql: """
        SELECT json_type(j.value, '$.id'), j.value ->> '$.id', json_type(j.value, '$.weight'), j.value ->> '$.weight'
        FROM bank_snapshot s, json_each(s.content, '$.questions') j WHERE s.id = ? ORDER BY j.key
        """, arguments: [snapshotId]
    ).map { row in
      let idType = String.fromDatabaseValue(row[0] as DatabaseValue)
      let weightType = String.fromDatabaseValue(row[2] as DatabaseValue)
      guard idType == "text", weightType == "real" || weightType == "integer",
        let id = String.fromDatabaseValue(row[1] as DatabaseValue),
        let weight = Double.fromDatabaseValue(row[3] as DatabaseValue)
      else { throw damaged }
      return (id, weight)
    }
  }

  /// One interview's summary, sealed for `viewer`.
  public func interview(id: Int64, viewer: Viewer) throws -> InterviewSummary? {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: Self.summarySQL + " WHERE i.id = ?", arguments: [id]) else {
        return nil
      }
      return try Self.summary(row, sealed: !(try Sealing.canRead(db, interviewId: id, viewer: viewer)))
    }
  }

  /// Open interviews of one interviewer, most recent first (their own: never sealed from them).
  public func openInterviews(interviewer: String) throws -> [InterviewSummary] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: Self.summarySQL + " WHERE i.state = 'open' AND i.interviewer = ? ORDER BY i.started_at DESC, i.id DESC",
        arguments: [interviewer]
      ).map { try Self.summary($0, sealed: false) }
    }
  }

  /// Everything stored about one interview, for `viewer`: a scorecard sealed for them is refused with
  /// `StoreError.sealed`, so no caller can show its content by mistake.
  public func interviewDetail(id: Int64, viewer: Viewer) throws -> InterviewDetail? {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: Self.summarySQL + " WHERE i.id = ?", arguments: [id]) else {
        return nil
      }
      let summary = try Self.summary(row, sealed: false)
      guard try Sealing.canRead(db, interviewId: id, viewer: viewer) else {
        throw StoreError.sealed(
          "interview #\(id) by \(summary.interviewer) is sealed until you finish your own scorecard for \(summary.candidateName)"
        )
      }
      guard
        let snap = try Row.fetchOne(
          db, sql: "SELECT content, sha256 FROM bank_snapshot WHERE id = ?", arguments: [summary.snapshotId])
      else { throw StoreError.damaged(table: "interview", rowId: id, column: "snapshot_id") }
      let bank = try QuestionBank.fromCanonicalJSON(
        try Decode.value(snap, "content", table: "bank_snapshot", rowId: summary.snapshotId))
      let notes = try Decode.records(
        db, NoteRecord.filter(NoteRecord.Columns.interviewId == id).order(NoteRecord.Columns.at, NoteRecord.Columns.id)
      )
      .map {
        InterviewNote(id: $0.id ?? 0, questionId: $0.questionId, text: $0.text, at: Date(timeIntervalSince1970: $0.at))
      }
      var answers: [String: InterviewAnswer] = [:]
      for a in try Decode.records(db, AnswerRecord.filter(AnswerRecord.Columns.interviewId == id)) {
        answers[a.questionId] = InterviewAnswer(
          questionId: a.questionId, score: a.score, comment: a.comment, skipped: a.skipped, skipReason: a.skipReason)
      }
      var signals: [String: [Int: SignalMark]] = [:]
      for s in try Decode.records(db, SignalMarkRecord.filter(SignalMarkRecord.Columns.interviewId == id)) {
        signals[s.questionId, default: [:]][s.signalIndex] = try s.mark()
      }
      var seconds: [String: Double] = [:]
      for t in try Decode.records(db, QuestionTimeRecord.filter(QuestionTimeRecord.Columns.interviewId == id)) {
        seconds[t.questionId] = t.seconds
      }
      return InterviewDetail(
        summary: summary, bank: bank,
        bankHash: try Decode.value(snap, "sha256", table: "bank_snapshot", rowId: summary.snapshotId),
        notes: notes, answers: answers, signals: signals, seconds: seconds)
    }
  }

}
