import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

@Suite struct NameSearchTests {
  static func database() throws -> (AppDatabase, [String: Int64]) {
    let db = try AppDatabase.inMemory()
    var ids: [String: Int64] = [:]
    for name in ["José Ñúñez-O'Brien", "Lukas Müller", "Ada Lovelace", "Ada Byron", "Linus Nunes"] {
      ids[name] = try db.addCandidate(NewCandidate(name: name, tier: .nicheNetwork, source: "x")).id
    }
    return (db, ids)
  }

  @Test func accentsCaseSurnamesAndPrefixes() throws {
    let (db, ids) = try Self.database()
    let jose = try #require(ids["José Ñúñez-O'Brien"])
    for typed in [
      "jose", "JOSÉ", "José Ñúñez-O'Brien", "jose nunez", "nunez", "o'brien", "OBrien", "nun o'b", "#\(jose)",
    ] {
      #expect(try db.resolveCandidate(typed) == .found(jose), "\(typed)")
    }
    #expect(try db.resolveCandidate("lukas müller") == .found(ids["Lukas Müller"]!))
    #expect(try db.resolveCandidate("muller") == .found(ids["Lukas Müller"]!))
    #expect(try db.resolveCandidate("ada") == .ambiguous(["Ada Byron (#4)", "Ada Lovelace (#3)"]))
    #expect(try db.resolveCandidate("nun") == .ambiguous(["José Ñúñez-O'Brien (#1)", "Linus Nunes (#5)"]))
    #expect(try db.resolveCandidate("ada l") == .found(ids["Ada Lovelace"]!))
    for missing in ["zed", "#99", "", "  ", "---", "ada z"] { #expect(try db.resolveCandidate(missing) == .notFound) }
  }

  @Test func theIndexFollowsEveryNameChange() throws {
    let (db, ids) = try Self.database()
    var ada = try #require(try db.candidate(id: ids["Ada Lovelace"]!))
    ada.name = "Augusta King"
    try db.updateCandidate(ada)
    #expect(try db.resolveCandidate("king") == .found(ada.id))
    #expect(try db.resolveCandidate("lovelace") == .notFound)
    try db.forget(candidateId: ada.id)
    #expect(try db.resolveCandidate("augusta") == .notFound)
    #expect(try db.resolveCandidate("Anonymised #\(ada.id)") == .found(ada.id))
    try db.importCandidates(
      [NewCandidate(name: "Grace Hopper", tier: .curatedMarketplace, source: "Toptal")], roleIds: [], provenance: [])
    #expect(try db.resolveCandidate("hopper") != .notFound)
  }

  @Test func tooManyIsSaidNotListed() throws {
    let db = try AppDatabase.inMemory()
    try db.importCandidates(
      (1...250).map { NewCandidate(name: "Person \($0)", tier: .generalPlatform, source: "Upwork") }, roleIds: [],
      provenance: [])
    #expect(try db.resolveCandidate("person") == .tooMany(AppDatabase.wordScanLimit))
    #expect(try db.resolveCandidate("person 17") == .found(17))
    #expect(try db.resolveCandidate("250") == .found(250))
  }

  /// The lookups of one person, and the listing queries that must not scan: an index for each.
  @Test func queryPlansUseIndexes() throws {
    let (db, _) = try Self.database()
    let plans: [(String, StatementArguments)] = [
      ("SELECT id FROM candidate WHERE name = ?", ["x"]),
      ("SELECT id FROM candidate WHERE name_key = ? LIMIT 9", ["x"]),
      ("SELECT id FROM candidate WHERE name_key >= ? AND name_key < ? LIMIT 9", ["x", "y"]),
      ("SELECT candidate_id FROM candidate_name_token WHERE token >= ? AND token < ? LIMIT 9", ["x", "y"]),
      ("SELECT candidate_id, url FROM candidate_link WHERE candidate_id IN (1) ORDER BY candidate_id, position", []),
      ("SELECT * FROM status_change WHERE candidate_id = ? ORDER BY at, id", [1]),
      ("SELECT id FROM interview WHERE candidate_id = ?", [1]),
      (AppDatabase.firstReachedSQL, []),
    ]
    try db.read { db in
      for (sql, arguments) in plans {
        let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
          .map { $0["detail"] as String }.joined(separator: "; ")
        #expect(!plan.contains("SCAN"), "\(sql): \(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(sql): \(plan)")
      }
    }
  }
}
