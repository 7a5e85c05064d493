import Foundation
import GRDB
import GRDBSQLite
import ShortlistCore

/// What a comparison needs, read in a handful of queries.
public struct ComparisonData: Sendable {
  public var candidates: [Candidate]
  public var questions: [QuestionRef]
  /// candidate id -> scorecards (finished and open), scores indexed by position in `questions`
  public var scorecards: [Int64: [ScorecardScores]]
  /// Banks used, with version and hash, for report footers.
  public var banks: [(id: String, version: Int, sha256: String, title: String)]
  /// Candidates sealed for the reader: their other scorecards came back without scores or recommendations.
  public var sealed: Set<Int64>
  /// The role's banks, in order (empty without a role): coverage counts every one of them.
  public var roleBanks: [String] = []
  /// Finished scorecards per bank version, by bank then version.
  public var bankVersions: [(bank: String, version: Int, scorecards: Int)] = []
  /// When each candidate first reached the milestones the yield per tier counts, read in the same transaction as the
  /// rest (the counts and the scores are of one moment); nil unless asked for (`milestones: true`).
  public var reached: [Int64: Milestones]?
}

extension AppDatabase {
  /// Candidates (of a role, a tier, or all) with their scorecards and the questions of the banks used. Questions come
  /// from the stored snapshots, so editing a YAML bank never changes a comparison. With a role, its own banks come
  /// first, in the role's order; a question id seen twice is kept once.
  /// Sealed for `viewer`: a scorecard they may not read comes back with no scores and no recommendation.
  /// `status`: only the candidates with that status (of the role in scope), their interviews and answers read through
  /// the candidate index; the bank versions, and their counts, stay the whole comparison's (one aggregate), so the
  /// rows and questions are what the whole comparison has for them (`shortlist show`).
  public func comparisonData(
    roleId: Int64?, tier: Tier?, viewer: Viewer, fallbackBanks: [QuestionBank] = [], details: Bool = false,
    identity: Bool = true, milestones: Bool = false, idRange: ClosedRange<Int64>? = nil, versions: [Int64]? = nil,
    status: Status? = nil
  ) throws -> ComparisonData {
    try read { db in
      let sealed = try Sealing.sealedCandidates(db, viewer: viewer)
      var filter = CandidateFilter(tier: tier, roleId: roleId, details: details, roles: false)
      filter.identity = identity
      filter.idRange = idRange
      filter.status = status
      let candidates = try Self.fetchCandidates(db, filter)
      // The ids of the candidates with `status` (integers of our own), which the interview and answer reads are
      // limited by: a list, not the status again (no index has it; each read would walk the role's every candidate).
      let only = status == nil ? nil : candidates.map { String($0.id) }.joined(separator: ",")
      var interviewSQL = """
        SELECT i.id, i.candidate_id, i.interviewer, i.state, i.recommendation, i.snapshot_id, s.bank_id
        FROM interview i JOIN bank_snapshot s ON s.id = i.snapshot_id WHERE i.voided_at IS NULL
        """
      var args: StatementArguments = []
      if let roleId {
        // In a slice, the candidate index finds the slice's interviews (`+` keeps the role index out of it).
        interviewSQL +=
          idRange == nil && status == nil
          ? " AND (i.role_id = ? OR i.role_id IS NULL)" : " AND (+i.role_id = ? OR +i.role_id IS NULL)"
        args = [roleId]
      }
      if let idRange {
        interviewSQL += " AND i.candidate_id BETWEEN \(idRange.lowerBound) AND \(idRange.upperBound)"
      }
      if let only { interviewSQL += " AND i.candidate_id IN (\(only))" }
      let candidateIds = Set(candidates.map(\.id))
      struct Card {
        var card: ScorecardScores
        var owner: Int64
        var hidden: Bool
        var snapshot: Int64
      }
      var cards: [Card] = []
      var position: [Int64: Int] = [:]
      // Sized once (at most every interview): the table and the array doubling a dozen times were 2% of `tiers`. A
      // slice, or the candidates of one status, sizes them for its own candidates (a few interviews each): a table
      // sized for every interview in the file has its slots touched all over by a few keys, some 17 MB resident at a
      // million candidates.
      let allInterviews = try Self.rowsAtMost(db, table: "interview")
      let interviews =
        idRange == nil && status == nil ? allInterviews : min(allInterviews, 4 * candidates.count + 16)
      cards.reserveCapacity(interviews)
      position.reserveCapacity(interviews)
      var snapshotIds: [Int64] = []
      try db.eachRawRow(interviewSQL + " ORDER BY i.id", arguments: args) { row in
        let cid = row.int64(1)
        guard candidateIds.contains(cid) else { return }
        let id = row.int64(0)
        let finished = row.string(3) == InterviewState.finished.rawValue
        let hidden = Sealing.hides(candidateSealed: sealed.contains(cid), interviewer: row.string(2), viewer: viewer)
        position[id] = cards.count
        cards.append(
          Card(
            card: ScorecardScores(
              interviewId: id, interviewer: row.string(2), finished: finished, scores: [],
              recommendation: hidden ? nil : try Self.recommendation(row.optionalString(4), interview: id),
              bankId: row.string(6)),
            owner: cid, hidden: hidden, snapshot: row.int64(5)))
        let sid = row.int64(5)
        if finished, !snapshotIds.contains(sid) { snapshotIds.append(sid) }
      }

      // A slice of a larger comparison takes the whole comparison's bank versions (`comparisonSnapshots`), so every
      // slice has the same questions; so do the candidates of one status, with the whole comparison's counts.
      if let versions { snapshotIds = versions }
      let whole = status == nil ? nil : try Self.comparisonSnapshots(db, roleId: roleId, tier: tier)
      if let whole { snapshotIds = whole.map(\.snapshot) }
      var roleBanks: [String] = []
      if let roleId {
        roleBanks = try String.fetchAll(
          db, sql: "SELECT bank_id FROM role_bank WHERE role_id = ? ORDER BY position", arguments: [roleId])
      }
      var snapshots: [(bank: QuestionBank, sha: String)] = []
      var bankOfSnapshot: [Int64: QuestionBank] = [:]
      for sid in snapshotIds {
        if let r = try Row.fetchOne(db, sql: "SELECT content, sha256 FROM bank_snapshot WHERE id = ?", arguments: [sid])
        {
          let bank = try QuestionBank.fromCanonicalJSON(
            Decode.value(r, "content", table: "bank_snapshot", rowId: sid) as String)
          bankOfSnapshot[sid] = bank
          snapshots.append((bank, try Decode.value(r, "sha256", table: "bank_snapshot", rowId: sid)))
        }
      }
      if snapshots.isEmpty && roleBanks.isEmpty {
        snapshots = fallbackBanks.map { ($0, $0.sha256) }
      }
      // Every bank of the role is in the comparison, asked or not: its newest stored version, else the library's.
      for id in roleBanks where !snapshots.contains(where: { $0.bank.id == id }) {
        if let r = try Row.fetchOne(
          db, sql: "SELECT content, sha256 FROM bank_snapshot WHERE bank_id = ? ORDER BY version DESC LIMIT 1",
          arguments: [id])
        {
          let content: String = try Decode.value(r, "content", table: "bank_snapshot", rowId: nil)
          snapshots.append(
            (
              try QuestionBank.fromCanonicalJSON(content),
              try Decode.value(r, "sha256", table: "bank_snapshot", rowId: nil)
            ))
        } else if let bank = fallbackBanks.first(where: { $0.id == id }) {
          snapshots.append((bank, bank.sha256))
        }
      }
      // Role's banks first in the role's order, then the rest by first use; newest version of a bank wins.
      snapshots.sort { a, b in
        let ia = roleBanks.firstIndex(of: a.bank.id) ?? Int.max
        let ib = roleBanks.firstIndex(of: b.bank.id) ?? Int.max
        if ia != ib { return ia < ib }
        if a.bank.id == b.bank.id { return a.bank.version > b.bank.version }
        return false
      }
      var questions: [QuestionRef] = []
      var index: [String: Int] = [:]
      var banks: [(id: String, version: Int, sha256: String, title: String)] = []
      for s in snapshots {
        banks.append((s.bank.id, s.bank.version, s.sha, s.bank.title))
        for q in s.bank.questions where index[q.id] == nil {
          index[q.id] = questions.count
          questions.append(QuestionRef(id: q.id, title: q.title, weight: q.weight, bankId: s.bank.id))
        }
      }

      // Scores by question index. An open scorecard's answers to questions outside the comparison are left out:
      // open scorecards never count.
      let blank = [UInt8](repeating: 0, count: questions.count)
      for k in cards.indices { cards[k].card.scores = blank }
      var match = QuestionMatcher(questions.map(\.id))
      // A slice reads the answers of its own interviews only (through the interview index), not the whole table;
      // so do the candidates of one status.
      let answerSQL =
        idRange.map {
          """
          SELECT a.interview_id, a.question_id, a.score FROM interview i JOIN answer a ON a.interview_id = i.id
          WHERE i.candidate_id BETWEEN \($0.lowerBound) AND \($0.upperBound) AND a.score BETWEEN 1 AND 4
          """
        }
        ?? only.map {
          """
          SELECT a.interview_id, a.question_id, a.score FROM interview i JOIN answer a ON a.interview_id = i.id
          WHERE i.candidate_id IN (\($0)) AND a.score BETWEEN 1 AND 4
          """
        } ?? "SELECT interview_id, question_id, score FROM answer WHERE score BETWEEN 1 AND 4"
      try db.eachRawRow(answerSQL) { a in
        guard let p = position[a.int64(0)], !cards[p].hidden, let q = match.index(of: a.bytes(1)) else { return }
        cards[p].card.scores[q] = UInt8(a.int(2))
      }
      // Each scorecard is scored with the weights of its own bank version (a question matched by id).
      var weightsOf: [Int64: [Double]] = [:]
      for (sid, bank) in bankOfSnapshot {
        var w = [Double](repeating: 0, count: questions.count)
        for q in bank.questions { if let k = index[q.id] { w[k] = q.weight } }
        weightsOf[sid] = w
      }
      var versionCounts: [String: [Int: Int]] = [:]
      for k in cards.indices where cards[k].card.finished {
        cards[k].card.weights = weightsOf[cards[k].snapshot]
        if let bank = bankOfSnapshot[cards[k].snapshot] {
          versionCounts[bank.id, default: [:]][bank.version, default: 0] += 1
        }
      }
      var byCandidate: [Int64: [ScorecardScores]] = [:]
      for c in cards { byCandidate[c.owner, default: []].append(c.card) }

      var data = ComparisonData(
        candidates: candidates, questions: questions, scorecards: byCandidate, banks: banks,
        sealed: sealed.intersection(candidateIds))
      data.roleBanks = roleBanks
      if milestones {
        data.reached = try Self.firstReached(db, roleId: roleId, expected: candidates.count, idRange: idRange)
      }
      if let whole {
        versionCounts = [:]
        for (sid, count) in whole {
          if let bank = bankOfSnapshot[sid] { versionCounts[bank.id, default: [:]][bank.version, default: 0] += count }
        }
      }
      data.bankVersions = versionCounts.keys.sorted().flatMap { bank in
        (versionCounts[bank] ?? [:]).sorted { $0.key < $1.key }.map { (bank, $0.key, $0.value) }
      }
      return data
    }
  }

  /// The bank versions (snapshot ids) of the finished scorecards a comparison counts, in the order a whole
  /// `comparisonData` finds them (by first interview): what each slice of a comparison read in slices is given, so
  /// the slices share their questions.
  public func comparisonSnapshots(roleId: Int64?, tier: Tier?) throws -> [Int64] {
    try read { db in try Self.comparisonSnapshots(db, roleId: roleId, tier: tier).map(\.snapshot) }
  }

  /// The same, each with the number of finished scorecards on it (one aggregate over the comparison's interviews).
  static func comparisonSnapshots(_ db: Database, roleId: Int64?, tier: Tier?) throws -> [(
    snapshot: Int64, scorecards: Int
  )] {
    var sql = """
      SELECT snapshot_id, count(*) FROM interview i WHERE voided_at IS NULL AND state = 'finished'
      """
    var args: StatementArguments = []
    if let roleId {
      sql += """
         AND (role_id = ? OR role_id IS NULL)
         AND candidate_id IN (SELECT candidate_id FROM candidate_role WHERE role_id = ?)
        """
      args += [roleId, roleId]
    }
    if let tier {
      sql += " AND candidate_id IN (SELECT id FROM candidate WHERE tier = ?)"
      args += [tier.rawValue]
    }
    var out: [(snapshot: Int64, scorecards: Int)] = []
    try db.eachRawRow(sql + " GROUP BY snapshot_id ORDER BY MIN(id)", arguments: args) { row in
      out.append((row.int64(0), row.int(1)))
    }
    return out
  }

  /// A stored recommendation; text outside the four levels is a damaged row, not a silent "none".
  static func recommendation(_ text: String?, interview: Int64) throws -> Recommendation? {
    guard let text else { return nil }
    guard let r = Recommendation(rawValue: text) else {
      throw StoreError.damaged(table: "interview", rowId: interview, column: "recommendation")
    }
    return r
  }

  /// The notes of the chosen questions of each candidate (`picks`: candidate id -> question ids), over finished
  /// interviews, joined with " / " in the order they were typed (see `NoteIndex`).
  public func notes(for picks: [Int64: [String]], viewer: Viewer) throws -> [Int64: [String: String]] {
    var out: [Int64: [String: String]] = [:]
    for (cid, texts) in try notesAligned(for: picks, viewer: viewer) {
      var byQuestion: [String: String] = [:]
      for (q, text) in zip(picks[cid] ?? [], texts) where text != nil { byQuestion[q] = text }
      if !byQuestion.isEmpty { out[cid] = byQuestion }
    }
    return out
  }

  /// The same, each candidate's texts in the order of their picks (nil where a question has no notes), without a
  /// dictionary per candidate: exports ask for two questions of every one of 10,000 candidates. On this connection;
  /// `startNotesScan()` reads the same on a second one, in parallel.
  public func notesAligned(for picks: [Int64: [String]], viewer: Viewer) throws -> [Int64: [String?]] {
    guard !picks.isEmpty else { return [:] }
    return try read { db in try NoteIndex.read(db, viewer: viewer) }.texts(for: picks)
  }

  /// The statuses the yield per tier counts. Read back as their place in this list (a CASE in SQLite), not as text
  /// parsed per row here.
  static let milestones: [Status] = [.sourced, .shortlisted, .offer, .hired]
  static let milestoneCase =
    "CASE to_status " + milestones.indices.map { "WHEN '\(milestones[$0].rawValue)' THEN \($0)" }.joined(separator: " ")
    + " END"
  static let milestoneList = milestones.map { "'\($0.rawValue)'" }.joined(separator: ", ")

  static let firstReachedSQL = """
    SELECT candidate_id, \(milestoneCase), MIN(at) FROM status_change
    WHERE to_status IN (\(milestoneList)) GROUP BY to_status, candidate_id
    """

  static let firstReachedForRoleSQL = """
    SELECT candidate_id, \(milestoneCase), MIN(at) FROM status_change
    WHERE role_id = ? AND to_status IN (\(milestoneList)) GROUP BY to_status, candidate_id
    """

  /// The smallest and largest candidate id (of the role's applications with a role): the span a report reads in
  /// slices. nil with no candidates.
  public func candidateIdSpan(roleId: Int64?) throws -> ClosedRange<Int64>? {
    try read { db in
      // Two checked reads (a damaged value is an error, never a trap).
      let from = roleId == nil ? "candidate" : "candidate_role WHERE role_id = ?"
      let column = roleId == nil ? "id" : "candidate_id"
      let args: StatementArguments = roleId.map { [$0] } ?? []
      guard let low = try Int64.fetchOne(db, sql: "SELECT MIN(\(column)) FROM \(from)", arguments: args),
        let high = try Int64.fetchOne(db, sql: "SELECT MAX(\(column)) FROM \(from)", arguments: args), low <= high
      else { return nil }
      return low...high
    }
  }

  /// The first time each candidate reached sourced, shortlisted, offer and hired (for the yield per tier), from the
  /// history: what happened, never the current status. With a role, in that role's application only.
  public func firstReached(roleId: Int64? = nil) throws -> [Int64: Milestones] {
    try read { db in try Self.firstReached(db, roleId: roleId, expected: 0) }
  }

  /// The same on a connection; `expected` (how many candidates there are) sizes the table once.
  static func firstReached(
    _ db: Database, roleId: Int64?, expected: Int, idRange: ClosedRange<Int64>? = nil
  ) throws -> [Int64: Milestones] {
    var out: [Int64: Milestones] = [:]
    out.reserveCapacity(expected)
    // Only the statuses the yield uses, through the covering indexes (role_id,) to_status, candidate_id, at; read
    // by position and checked (a value of another type is a damaged row, never a trap).
    var sql = roleId == nil ? Self.firstReachedSQL : Self.firstReachedForRoleSQL
    if let idRange {
      sql = sql.replacingOccurrences(
        of: " GROUP BY", with: " AND candidate_id BETWEEN \(idRange.lowerBound) AND \(idRange.upperBound) GROUP BY")
    }
    try db.eachRawRow(sql, arguments: roleId.map { [$0] } ?? []) { row in
      guard sqlite3_column_type(row.statement, 0) == SQLITE_INTEGER else {
        throw StoreError.damaged(table: "status_change", rowId: nil, column: "candidate_id")
      }
      let at = sqlite3_column_type(row.statement, 2)
      guard at == SQLITE_FLOAT || at == SQLITE_INTEGER else {
        throw StoreError.damaged(table: "status_change", rowId: nil, column: "at")
      }
      let k = Int(row.int64(1))
      guard Self.milestones.indices.contains(k) else { return }
      out[row.int64(0), default: Milestones()][Self.milestones[k]] = Date(timeIntervalSince1970: row.double(2))
    }
    return out
  }

  /// The status an application (or a candidate with no role) had before it was last shortlisted
  /// (for `shortlist remove`).
  public func statusBeforeShortlist(candidateId: Int64, roleId: Int64?) throws -> Status? {
    try read { db in
      try String.fetchOne(
        db,
        sql: """
          SELECT from_status FROM status_change WHERE candidate_id = ? AND role_id IS ? AND to_status = 'shortlisted'
          ORDER BY at DESC, id DESC LIMIT 1
          """, arguments: [candidateId, roleId]
      ).flatMap(Status.init(rawValue:))
    }
  }
}

/// The comparison's question ids matched against the bytes SQLite returns for an answer's `question_id`, with no
/// String made and hashed per answer (10% of `tiers` at 10,000 candidates). Ids match byte for byte, as SQLite's own
/// `=` does. Answers come as they were written, a scorecard's questions in bank order, so the question after the last
/// one found is tried first, then the rest.
struct QuestionMatcher {
  /// Every id's bytes one after the other; id k is `bytes[ends[k - 1] ..< ends[k]]`.
  private let bytes: [UInt8]
  private let ends: [Int]
  private var last = -1

  init(_ ids: [String]) {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    for id in ids {
      bytes.append(contentsOf: id.utf8)
      ends.append(bytes.count)
    }
    (self.bytes, self.ends) = (bytes, ends)
  }

  mutating func index(of text: UnsafeBufferPointer<UInt8>) -> Int? {
    let count = ends.count
    return bytes.withUnsafeBufferPointer { all -> Int? in
      var k = last
      for _ in 0..<count {
        k = k + 1 == count ? 0 : k + 1
        let start = k == 0 ? 0 : ends[k - 1]
        guard ends[k] - start == text.count else { continue }
        if text.isEmpty || memcmp(all.baseAddress! + start, text.baseAddress!, text.count) == 0 {
          last = k
          return k
        }
      }
      return nil
    }
  }
}
