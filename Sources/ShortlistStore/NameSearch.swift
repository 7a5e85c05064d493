import Foundation
import GRDB
import ShortlistCore

extension AppDatabase {
  /// Most candidates one lookup reads: beyond it, the answer is "too many" (a single letter among 100,000 names).
  static let wordScanLimit = 200

  /// Finds one candidate from what was typed, by index lookups only (constant time in the number of candidates):
  /// `#ID`; the exact name (any case); the folded name exactly or by prefix (`jose` finds "José Ñúñez-O'Brien"); then
  /// every typed word as the start of some word of the name (`nunez`, `o'brien`, `nun o'b`).
  public func resolveCandidate(_ query: String) throws -> NameResolver.Resolution {
    try read { db in try Self.resolveCandidate(db, query) }
  }

  static func resolveCandidate(_ db: Database, _ query: String) throws -> NameResolver.Resolution {
    let q = query.trimmed
    if q.hasPrefix("#"), let id = Int64(q.dropFirst()) {
      let exists = try Int.fetchOne(db, sql: "SELECT 1 FROM candidate WHERE id = ?", arguments: [id]) != nil
      return exists ? .found(id) : .notFound
    }
    guard !q.isEmpty else { return .notFound }
    // The name as stored, in any case (the unique NOCASE index).
    if let id = try Int64.fetchOne(db, sql: "SELECT id FROM candidate WHERE name = ?", arguments: [q]) {
      return .found(id)
    }
    let key = NameKey.fold(q)
    guard !key.isEmpty else { return .notFound }
    let exact = try Int64.fetchAll(
      db, sql: "SELECT id FROM candidate WHERE name_key = ? LIMIT ?", arguments: [key, wordScanLimit + 1])
    if let answer = try answer(db, exact, more: exact.count > wordScanLimit) { return answer }
    let prefixed = try Int64.fetchAll(
      db, sql: "SELECT id FROM candidate WHERE name_key >= ? AND name_key < ? LIMIT ?",
      arguments: [key, NameKey.prefixBound(key), wordScanLimit + 1])
    if let answer = try answer(db, prefixed, more: prefixed.count > wordScanLimit) { return answer }
    // Word by word: the longest typed word narrows (by the token index), the others are checked on those few keys.
    let words = NameKey.words(key).sorted { $0.count > $1.count }
    guard let first = words.first else { return .notFound }
    let ids = try Int64.fetchAll(
      db,
      sql: "SELECT candidate_id FROM candidate_name_token WHERE token >= ? AND token < ? LIMIT ?",
      arguments: [first, NameKey.prefixBound(first), wordScanLimit + 1])
    var matches: [Int64] = []
    var seen = Set<Int64>()
    for id in ids where seen.insert(id).inserted {
      guard words.count > 1 else {
        matches.append(id)
        continue
      }
      let name = try String.fetchOne(db, sql: "SELECT name_key FROM candidate WHERE id = ?", arguments: [id]) ?? ""
      let nameWords = NameKey.words(name)
      if words.dropFirst().allSatisfy({ w in nameWords.contains { $0.hasPrefix(w) } }) { matches.append(id) }
    }
    return try answer(db, matches, more: ids.count > wordScanLimit) ?? .notFound
  }

  /// One id is the answer; several are an ambiguity listing a few names (sorted); none is no answer yet.
  private static func answer(_ db: Database, _ ids: [Int64], more: Bool) throws -> NameResolver.Resolution? {
    if ids.isEmpty { return nil }
    if more { return .tooMany(ids.count - 1) }
    if ids.count == 1 { return .found(ids[0]) }
    let names = try Row.fetchAll(
      db,
      sql: "SELECT id, name FROM candidate WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
      arguments: StatementArguments(ids)
    ).map { row in
      let id: Int64 = try Decode.value(row, "id", table: "candidate", rowId: nil)
      return "\(try Decode.value(row, "name", table: "candidate", rowId: id) as String) (#\(id))"
    }.sorted()
    return .ambiguous(names)
  }
}
