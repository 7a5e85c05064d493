import Foundation
import GRDB
import Testing

@testable import ShortlistStore

/// Every record written through its table's one insert path (positional binds) and read back by column name has
/// the value it was written with in every column: a distinct value per column, so two columns of one type bound in
/// each other's place cannot pass (the column-set check alone could not see that).
@Suite struct RecordRoundTripTests {
  static let types: [any (StoredRecord & InsertableRecord & Equatable).Type] = [
    SettingRecord.self, RoleRecord.self, RoleBankRecord.self, CandidateRecord.self, CandidateNameTokenRecord.self,
    CandidateLinkRecord.self, CandidateTagRecord.self, CandidateRoleRecord.self, StatusChangeRecord.self,
    BankSnapshotRecord.self, InterviewRecord.self, NoteRecord.self, AnswerRecord.self, SignalMarkRecord.self,
    SourceTierRecord.self, QuestionTimeRecord.self, ForgottenRecord.self, InterviewAbortRecord.self,
    CandidateNoteRecord.self, SyncConflictRecord.self, RoleFitRecord.self, CheckinRecord.self, EngagementRecord.self,
    ContractCheckRecord.self, OnboardingItemRecord.self, WeeklyReportRecord.self, RiskRecord.self,
  ]

  @Test func everyColumnComesBackAsWritten() throws {
    let db = try AppDatabase.inMemory()
    var seed = 1
    for type in Self.types {
      do {
        try roundTrip(type, db: db, seed: &seed)
      } catch {
        Issue.record("\(type): \(error)")
      }
    }
  }

  func roundTrip<R: StoredRecord & InsertableRecord & Equatable>(_: R.Type, db: AppDatabase, seed: inout Int) throws {
    let written = try R(from: DistinctDecoder(seed: seed))
    seed += 1_000
    try db.write { d in
      // The values are distinct, not valid: constraints and foreign keys are the schema's tests, not this one's.
      try d.execute(sql: "PRAGMA ignore_check_constraints = ON")
      defer { try? d.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
      try d.execute(sql: "PRAGMA defer_foreign_keys = ON")
      // The table alone with this row (some are WITHOUT ROWID; some are seeded by the migrations).
      try d.execute(sql: "DELETE FROM \(R.databaseTableName)")
      try written.insertRow(d)
      let read = try R.fetchAll(d, sql: "SELECT * FROM \(R.databaseTableName)")
      #expect(read.count == 1, "\(R.self)")
      let back = try #require(read.first, "\(R.self)")
      // An AUTOINCREMENT id is not one of the insert's columns: compare everything else.
      #expect(
        Self.fields(back, skippingId: !R.insertColumns.contains("id"))
          == Self.fields(written, skippingId: !R.insertColumns.contains("id")), "\(R.self)")
      try d.execute(sql: "DELETE FROM \(R.databaseTableName)")
    }
  }

  static func fields(_ value: Any, skippingId: Bool) -> [String] {
    Mirror(reflecting: value).children.compactMap { child in
      guard let label = child.label, !(skippingId && label == "id") else { return nil }
      return "\(label)=\(child.value)"
    }
  }
}

/// A decoder that gives every property a value of its type that no other property of the record has.
struct DistinctDecoder: Decoder {
  let seed: Int
  var codingPath: [any CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] = [:]

  func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(Keyed<Key>(seed: seed))
  }
  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "records have no arrays"))
  }
  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "records are keyed"))
  }

  final class Counter: @unchecked Sendable { var next = 0 }

  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let seed: Int
    let counter = Counter()
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }
    func n() -> Int {
      counter.next += 1
      return seed + counter.next
    }
    func decodeNil(forKey key: Key) throws -> Bool { false }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { n() % 2 == 0 }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { "\(key.stringValue)-\(n())" }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { Double(n()) + 0.25 }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(n()) + 0.25 }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { n() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { Int8(n() % 100) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { Int16(n()) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { Int32(n()) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { Int64(n()) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { UInt(n()) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { UInt8(n() % 200) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { UInt16(n()) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { UInt32(n()) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { UInt64(n()) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      if T.self == Data.self { return Data("\(key.stringValue)-\(n())".utf8) as! T }
      throw DecodingError.typeMismatch(T.self, .init(codingPath: [key], debugDescription: "no distinct value"))
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type, forKey key: Key) throws
      -> KeyedDecodingContainer<NestedKey>
    { throw DecodingError.typeMismatch(Key.self, .init(codingPath: [key], debugDescription: "flat records")) }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      throw DecodingError.typeMismatch(Key.self, .init(codingPath: [key], debugDescription: "flat records"))
    }
    func superDecoder() throws -> any Decoder { DistinctDecoder(seed: seed) }
    func superDecoder(forKey key: Key) throws -> any Decoder { DistinctDecoder(seed: seed) }
  }
}
