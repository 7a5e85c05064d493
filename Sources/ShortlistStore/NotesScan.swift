import Foundation
import GRDB
import ShortlistCore
import ShortlistSupport

/// Every note of finished interviews that the viewer may read (see `Sealing`), indexed by candidate and question, with the texts in one byte arena: read once
/// in storage order (no SQL sort), each picked question's notes joined on demand in typing order.
struct NoteIndex: Sendable {
  private var arena: [UInt8] = []
  /// candidate id -> question id -> notes as (at, id, where the text is in the arena)
  private var groups: [Int64: [String: [(at: Double, id: Int64, start: Int, count: Int)]]] = [:]
  /// interview id -> its interviewer; (interview, question) -> the score its author gave.
  private var interviewers: [Int64: String] = [:]
  private var scores: [Int64: [String: Int]] = [:]
  /// candidate id -> the notes and score comments on questions their author scored, in the arena.
  private var evidence:
    [Int64: [(interview: Int64, at: Double, id: Int64, question: String, score: Int, start: Int, count: Int)]] = [:]

  /// With `idRange`, only the notes of those candidates (a slice of a report read in slices), through the indexes;
  /// with `ids`, of those candidates only (a report's first thousand). With `evidenceOnly`, the notes are indexed for
  /// `evidence` only, not by question for `texts` (an export's slice needs only the strengths and concerns).
  static func read(
    _ db: Database, viewer: Viewer, idRange: ClosedRange<Int64>? = nil, ids: [Int64]? = nil,
    evidenceOnly: Bool = false
  ) throws -> NoteIndex {
    var index = NoteIndex()
    var owner: [Int64: Int64] = [:]
    let visible = Sealing.visibleCondition(alias: "i", viewer: viewer)
    // Integers of our own, written into the SQL as numbers (no text from anywhere reaches it).
    var slice = idRange.map { " AND i.candidate_id BETWEEN \($0.lowerBound) AND \($0.upperBound)" } ?? ""
    if let ids { slice += " AND i.candidate_id IN (" + ids.map { String($0) }.joined(separator: ",") + ")" }
    let filtered = !slice.isEmpty
    try db.eachRawRow(
      "SELECT i.id, i.candidate_id, i.interviewer FROM interview i WHERE i.state = 'finished' AND i.voided_at IS NULL AND \(visible.sql)\(slice)",
      arguments: visible.arguments
    ) { row in
      owner[row.int64(0)] = row.int64(1)
      index.interviewers[row.int64(0)] = row.string(2)
    }
    index.arena.reserveCapacity(1 << 20)
    // Each author's scores, and their /score comments as evidence (a comment sorts after the notes of its question).
    let answers =
      !filtered
      ? "SELECT interview_id, question_id, score, comment, at FROM answer WHERE score BETWEEN 1 AND 4"
      : """
      SELECT a.interview_id, a.question_id, a.score, a.comment, a.at FROM interview i
      JOIN answer a ON a.interview_id = i.id WHERE a.score BETWEEN 1 AND 4\(slice)
      """
    try db.eachRawRow(answers) { row in
      let iid = row.int64(0)
      guard let cid = owner[iid] else { return }
      let question = row.string(1)
      let score = row.int(2)
      index.scores[iid, default: [:]][question] = score
      guard !row.isNull(3) else { return }
      let text = row.bytes(3)
      guard !text.isEmpty else { return }
      index.evidence[cid, default: []].append(
        (iid, row.double(4), Int64.max, question, score, index.arena.count, text.count))
      index.arena.append(contentsOf: text)
    }
    var lastInterview: Int64 = -1
    var lastOwner: Int64?
    let notes =
      !filtered
      ? "SELECT interview_id, question_id, text, at, id FROM note"
      : """
      SELECT n.interview_id, n.question_id, n.text, n.at, n.id FROM interview i
      JOIN note n ON n.interview_id = i.id WHERE 1\(slice)
      """
    try db.eachRawRow(notes) { row in
      // Notes are stored interview by interview: look the owner up once per run of notes.
      let iid = row.int64(0)
      if iid != lastInterview {
        lastInterview = iid
        lastOwner = owner[iid]
      }
      guard let cid = lastOwner else { return }
      let text = row.bytes(2)
      let question = row.string(1)
      if !evidenceOnly {
        index.groups[cid, default: [:]][question, default: []].append(
          (row.double(3), row.int64(4), index.arena.count, text.count))
      }
      // A note on a question its author did not score is no evidence: without the index by question, not kept.
      let score = index.scores[iid]?[question]
      if let score {
        index.evidence[cid, default: []].append(
          (iid, row.double(3), row.int64(4), question, score, index.arena.count, text.count))
      }
      if score != nil || !evidenceOnly { index.arena.append(contentsOf: text) }
    }
    return index
  }

  /// Each candidate's evidence lines: notes and score comments on the questions their author scored, scorecard by
  /// scorecard in typing order, each once.
  func evidence(for candidateIds: [Int64]) -> [Int64: [EvidenceLine]] {
    var out: [Int64: [EvidenceLine]] = [:]
    for cid in candidateIds {
      let lines = evidence(of: cid)
      if !lines.isEmpty { out[cid] = lines }
    }
    return out
  }

  /// One candidate's evidence lines (texts made when asked: an export writes them a candidate at a time instead of
  /// holding every candidate's as strings).
  func evidence(of cid: Int64) -> [EvidenceLine] {
    guard var list = evidence[cid], !list.isEmpty else { return [] }
    // Ties (score comments saved at one instant) go by question, so any read order gives the same lines.
    list.sort { ($0.interview, $0.at, $0.id, $0.question) < ($1.interview, $1.at, $1.id, $1.question) }
    return arena.withUnsafeBufferPointer { bytes in
      EvidenceLine.unique(
        list.map { e in
          EvidenceLine(
            interviewer: interviewers[e.interview] ?? "?", questionId: e.question, score: e.score,
            text: String(decoding: UnsafeBufferPointer(rebasing: bytes[e.start..<(e.start + e.count)]), as: UTF8.self))
        })
    }
  }

  /// The notes of each candidate's picked questions joined with " / " in typing order, aligned with the picks
  /// (nil where a question has no notes); candidates without any are left out.
  func texts(for picks: [Int64: [String]]) -> [Int64: [String?]] {
    var out: [Int64: [String?]] = [:]
    out.reserveCapacity(picks.count)
    arena.withUnsafeBufferPointer { bytes in
      for (cid, questions) in picks {
        guard let byQuestion = groups[cid] else { continue }
        var texts = [String?](repeating: nil, count: questions.count)
        var any = false
        for (q, id) in questions.enumerated() {
          guard var list = byQuestion[id], !list.isEmpty else { continue }
          if list.count > 1 { list.sort { ($0.at, $0.id) < ($1.at, $1.id) } }
          texts[q] = Self.join(list.map { UnsafeBufferPointer(rebasing: bytes[$0.start..<($0.start + $0.count)]) })
          any = true
        }
        if any { out[cid] = texts }
      }
    }
    return out
  }

  static func join(_ parts: [UnsafeBufferPointer<UInt8>]) -> String {
    let separator: StaticString = " / "
    let total = parts.reduce(0) { $0 + $1.count } + separator.utf8CodeUnitCount * (parts.count - 1)
    if total == 0 { return "" }
    return String(unsafeUninitializedCapacity: total) { out in
      var w = 0
      for (i, part) in parts.enumerated() {
        if i > 0 {
          separator.withUTF8Buffer { s in
            for b in s {
              out[w] = b
              w += 1
            }
          }
        }
        for b in part {
          out[w] = b
          w += 1
        }
      }
      return w
    }
  }
}

/// The note index read on a second, read-only connection while the caller goes on with its own work (an export
/// ranks 10,000 candidates meanwhile): the notes are then ready when the strengths and concerns are written. The
/// two reads are separate transactions; a note saved between them may or may not be included, which only changes
/// the wording of a strength or concern.
public final class NotesScan: Sendable {
  private let work: Background<Result<NoteIndex, StoreError>>

  init(path: String, viewer: Viewer) {
    work = Background {
      do {
        var config = AppDatabase.configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return .success(try queue.read { db in try NoteIndex.read(db, viewer: viewer) })
      } catch {
        return .failure(
          StoreError.map(error, context: path) as? StoreError ?? .invalid("cannot read the notes: \(error)"))
      }
    }
  }

  /// See `NoteIndex.evidence(for:)`; waits for the scan.
  public func evidence(for candidateIds: [Int64]) throws -> [Int64: [EvidenceLine]] {
    try work.result.get().evidence(for: candidateIds)
  }

  /// The scan's evidence, a candidate at a time; waits for the scan.
  public func evidenceSource() throws -> EvidenceSource { EvidenceSource(index: try work.result.get()) }

  /// See `NoteIndex.texts(for:)`; waits for the scan.
  public func texts(for picks: [Int64: [String]]) throws -> [Int64: [String?]] {
    try work.result.get().texts(for: picks)
  }
}

extension AppDatabase {
  /// Starts reading the notes in parallel (see `NotesScan`); nil for an in-memory database, which has no second
  /// connection (use `notesAligned(for:)` then).
  public func startNotesScan(viewer: Viewer) -> NotesScan? {
    guard let path else { return nil }
    return NotesScan(path: path, viewer: viewer)
  }

  /// Strengths and concerns as their authors judged them (see `EvidenceLine`), sealed for `viewer`, on this
  /// connection.
  /// A few candidates' notes are read through the indexes (a report's first thousand), many in one pass over them.
  public func evidence(for candidateIds: [Int64], viewer: Viewer) throws -> [Int64: [EvidenceLine]] {
    guard !candidateIds.isEmpty else { return [:] }
    let few = candidateIds.count <= 5_000
    return try read { db in
      try NoteIndex.read(db, viewer: viewer, ids: few ? candidateIds : nil, evidenceOnly: true)
    }.evidence(for: candidateIds)
  }

  /// The same read on this connection, given a candidate at a time. With `idRange`, of those candidates only.
  public func evidenceSource(viewer: Viewer, idRange: ClosedRange<Int64>? = nil) throws -> EvidenceSource {
    EvidenceSource(
      index: try read { db in
        try NoteIndex.read(db, viewer: viewer, idRange: idRange, evidenceOnly: idRange != nil)
      })
  }
}

/// Strengths and concerns a candidate at a time (`lines(for:)`), from one read of the notes: the texts are made for
/// the candidate being written, not held for all of them (an export of every candidate held them all as strings).
public struct EvidenceSource: Sendable {
  let index: NoteIndex

  public func lines(for candidateId: Int64) -> [EvidenceLine] { index.evidence(of: candidateId) }
}
