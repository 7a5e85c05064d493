import Foundation
import ShortlistCore

/// The limits a row must keep to travel, the same on the laptop and on the team server (its CHECK constraints and
/// its push function): a row past them is refused before it is written here, skipped when pulled, refused when
/// pushed.
public enum SyncLimits {
  public static let name = 200
  public static let text = 20_000
  public static let link = 2_000
  public static let links = 50
  public static let tag = 100
  public static let tags = 50
  public static let email = 320
  public static let source = 200

  /// Why a text is refused, or nil: `what` names it ("a name", "a note").
  public static func text(_ value: String?, _ what: String, max: Int, required: Bool = false) -> String? {
    guard let value else { return required ? "\(what) is missing" : nil }
    if required && value.trimmed.isEmpty { return "\(what) is empty" }
    // Counted in characters as PostgreSQL's char_length counts them (code points).
    let n = value.unicodeScalars.count
    return n > max ? "\(what) is \(n) characters; at most \(Format.grouped(max)) are allowed" : nil
  }

  public static func rate(_ value: Double?) -> String? {
    guard let value else { return nil }
    if value.isNaN { return "rate is not a number" }
    return value.isFinite && value > 0 ? nil : "rate is not a positive number"
  }

  public static func time(_ value: Double?, _ what: String) -> String? {
    guard let value else { return nil }
    return value.isFinite && value >= 0 ? nil : "\(what) is not a time"
  }

  public static func list(_ values: [String], _ what: String, most: Int, each: Int) -> String? {
    if values.count > most { return "\(values.count) \(what); at most \(most) are allowed" }
    if let long = values.first(where: { $0.unicodeScalars.count > each }) {
      return "a \(what.dropLast()) is \(long.unicodeScalars.count) characters; at most \(each) are allowed"
    }
    return nil
  }

  /// Why a candidate's fields are refused (nil: they are fine).
  public static func candidate(
    name: String, email: String?, source: String?, rate: Double?, links: [String], tags: [String]
  ) -> String? {
    text(name, "a name", max: Self.name, required: true) ?? text(email, "an email", max: Self.email)
      ?? text(source, "a source", max: Self.source) ?? Self.rate(rate)
      ?? list(links, "links", most: Self.links, each: link) ?? list(tags, "tags", most: Self.tags, each: tag)
  }
}

extension AppDatabase {
  /// Refuses a candidate's fields past the limits a team server keeps, before anything is written.
  static func checkLimits(_ c: NewCandidate) throws {
    if let why = SyncLimits.candidate(
      name: c.name, email: c.email, source: c.source, rate: c.rate, links: c.links, tags: c.tags)
      ?? SyncLimits.text(c.note, "a note", max: SyncLimits.text)
    {
      throw StoreError.invalid("'\(c.name.prefix(40))': \(why)")
    }
  }

  static func checkLimits(_ c: Candidate) throws {
    if let why = SyncLimits.candidate(
      name: c.name, email: c.email, source: c.source, rate: c.rate, links: c.links, tags: c.tags)
    {
      throw StoreError.invalid(why)
    }
  }

  /// A note, comment or reason within the limit (NUL characters made visible), or an error saying the limit.
  static func limited(_ text: String, _ what: String = "a note") throws -> String {
    if let why = SyncLimits.text(text, what, max: SyncLimits.text) { throw StoreError.invalid(why) }
    return keepable(text)
  }
}

/// A pulled row this laptop could not take: skipped, counted and named while the rest syncs.
public struct SyncSkip: Codable, Sendable, Equatable {
  public var table: String
  public var key: String
  public var reason: String
  public init(table: String, key: String, reason: String) {
    self.table = table
    self.key = key
    self.reason = reason
  }
  /// `candidate row 01a2...: rate is not a number`.
  public var line: String { "\(table) row \(key.prefix(13)): \(reason)" }
}

/// A pushed row the server did not take: `index` is its 1-based place in the table's array; it stays pending.
public struct SyncRefusal: Codable, Sendable, Equatable {
  public var table: String
  public var index: Int
  public var reason: String
  public init(table: String, index: Int, reason: String) {
    self.table = table
    self.index = index
    self.reason = reason
  }
}

/// Why a pulled row is refused here (nil: it is fine), by the same limits.
public protocol SyncCheckable {
  var syncKey: String { get }
  var syncProblem: String? { get }
}

extension SyncCandidate: SyncCheckable {
  public var syncKey: String { uuid }
  public var syncProblem: String? {
    SyncLimits.candidate(name: name, email: email, source: source, rate: rate, links: links, tags: tags)
      ?? (1...4).contains(tier).not("tier is not 1 to 4") ?? SyncLimits.time(created_at, "created_at")
  }
}

extension SyncRole: SyncCheckable {
  public var syncKey: String { uuid }
  public var syncProblem: String? {
    SyncLimits.text(title, "a title", max: SyncLimits.name, required: true)
      ?? [goal, metric, stack, milestone].lazy.compactMap { SyncLimits.text($0, "a role's text", max: SyncLimits.text) }
      .first ?? SyncLimits.rate(budget_min).map { _ in "budget is not a positive number" }
      ?? SyncLimits.rate(budget_max).map { _ in "budget is not a positive number" }
      ?? SyncLimits.list(banks, "banks", most: 50, each: SyncLimits.name)
  }
}

extension SyncStatusChange: SyncCheckable {
  public var syncKey: String { candidate_uuid }
  public var syncProblem: String? {
    SyncLimits.text(note, "a note", max: SyncLimits.text) ?? SyncLimits.time(at, "at")
      ?? (Status(rawValue: to_status) != nil).not("'\(to_status.prefix(20))' is not a status")
  }
}

extension SyncCandidateNote: SyncCheckable {
  public var syncKey: String { uuid }
  public var syncProblem: String? {
    SyncLimits.text(text, "a note", max: SyncLimits.text, required: true) ?? SyncLimits.time(at, "at")
  }
}

extension SyncInterview: SyncCheckable {
  public var syncKey: String { uuid }
  public var syncProblem: String? {
    SyncLimits.text(void_note, "a note", max: SyncLimits.text) ?? SyncLimits.time(started_at, "started_at")
      ?? (state == "open" || state == "finished").not("'\(state.prefix(20))' is not a state")
      ?? recommendation.flatMap { Recommendation(rawValue: $0) == nil ? "not a recommendation" : nil }
  }
}

extension SyncAnswer: SyncCheckable {
  public var syncKey: String { interview_uuid }
  public var syncProblem: String? {
    SyncLimits.text(comment, "a comment", max: SyncLimits.text)
      ?? SyncLimits.text(skip_reason, "a comment", max: SyncLimits.text)
      ?? score.flatMap { (1...4).contains($0) ? nil : "a score is 1 to 4" } ?? SyncLimits.time(at, "at")
  }
}

extension SyncSignal: SyncCheckable {
  public var syncKey: String { interview_uuid }
  public var syncProblem: String? {
    (["yes", "partial", "no"].contains(value) && signal_index >= 1).not("not a signal mark")
  }
}

extension SyncNote: SyncCheckable {
  public var syncKey: String { uuid }
  public var syncProblem: String? {
    SyncLimits.text(text, "a note", max: SyncLimits.text, required: true) ?? SyncLimits.time(at, "at")
  }
}

extension SyncConflict: SyncCheckable {
  public var syncKey: String { uuid }
  public var syncProblem: String? { SyncLimits.text(kept, "a value", max: SyncLimits.text) }
}

extension SyncSnapshot: SyncCheckable {
  public var syncKey: String { sha256 }
  public var syncProblem: String? {
    SHA256.hex(content) == sha256 ? nil : "its content does not match its sha256"
  }
}

extension SyncApplication: SyncCheckable {
  public var syncKey: String { candidate_uuid }
  public var syncProblem: String? { nil }
}

extension SyncTombstone: SyncCheckable {
  public var syncKey: String { uuid_hash }
  public var syncProblem: String? {
    uuid_hash.utf8.count == 64 && uuid_hash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
      ? nil : "not a tombstone"
  }
}

extension Bool {
  /// `reason` when false.
  fileprivate func not(_ reason: String) -> String? { self ? nil : reason }
}

extension SyncOutbox {
  /// The outbox less what the server refused: those rows are not marked pushed, so they stay pending. A refused
  /// answer, signal or note keeps its whole interview pending.
  public func removing(_ refusals: [SyncRefusal]) -> SyncOutbox {
    guard !refusals.isEmpty else { return self }
    var by: [String: Set<Int>] = [:]
    for r in refusals { by[r.table, default: []].insert(r.index - 1) }
    func keep<T>(_ rows: [T], _ table: String) -> [T] {
      guard let gone = by[table] else { return rows }
      return rows.enumerated().filter { !gone.contains($0.offset) }.map(\.element)
    }
    var out = self
    out.batch.roles = keep(batch.roles, "role")
    out.batch.candidates = keep(batch.candidates, "candidate")
    out.batch.applications = keep(batch.applications, "application")
    out.batch.statusChanges = keep(batch.statusChanges, "status_change")
    out.statusChangeIds = keep(statusChangeIds, "status_change")
    out.batch.candidateNotes = keep(batch.candidateNotes, "candidate_note")
    out.candidateNoteIds = keep(candidateNoteIds, "candidate_note")
    out.batch.tombstones = keep(batch.tombstones, "forgotten")
    var held = Set(
      by["interview", default: []].compactMap {
        batch.interviews.indices.contains($0) ? batch.interviews[$0].uuid : nil
      })
    for k in by["answer", default: []] where batch.answers.indices.contains(k) {
      held.insert(batch.answers[k].interview_uuid)
    }
    for k in by["signal_mark", default: []] where batch.signals.indices.contains(k) {
      held.insert(batch.signals[k].interview_uuid)
    }
    for k in by["note", default: []] where batch.notes.indices.contains(k) {
      held.insert(batch.notes[k].interview_uuid)
    }
    out.interviewMarks = interviewMarks.filter { !held.contains($0.uuid) }
    out.batch.interviews = batch.interviews.filter { !held.contains($0.uuid) }
    return out
  }

  /// A line for a refusal: the table, the row's key and the server's reason.
  public func describe(_ r: SyncRefusal) -> String {
    let k = r.index - 1
    func key<T>(_ rows: [T], _ f: (T) -> String) -> String { rows.indices.contains(k) ? f(rows[k]) : "#\(r.index)" }
    let id: String =
      switch r.table {
      case "role": key(batch.roles) { $0.uuid }
      case "candidate": key(batch.candidates) { $0.uuid }
      case "application": key(batch.applications) { $0.candidate_uuid }
      case "status_change": key(batch.statusChanges) { $0.candidate_uuid }
      case "candidate_note": key(batch.candidateNotes) { $0.uuid }
      case "forgotten": key(batch.tombstones) { $0.uuid_hash }
      case "interview": key(batch.interviews) { $0.uuid }
      case "answer": key(batch.answers) { $0.interview_uuid }
      case "signal_mark": key(batch.signals) { $0.interview_uuid }
      case "note": key(batch.notes) { $0.uuid }
      case "bank_snapshot": key(batch.snapshots) { $0.sha256 }
      case "conflict": key(batch.conflicts) { $0.uuid }
      default: "#\(r.index)"
      }
    return "\(r.table) row \(id.prefix(13)): \(r.reason)"
  }
}

extension SyncJSON {
  /// Lines kept in a setting (a JSON array of strings).
  public static func lines(_ lines: [String]) -> String { AppDatabase.jsonText(lines) }

  /// The lines of such a setting (none for an empty or unreadable one).
  public static func lines(from text: String?) -> [String] {
    guard let text, !text.isEmpty else { return [] }
    return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
  }
}
