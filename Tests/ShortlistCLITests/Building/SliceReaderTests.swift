import Foundation
import Testing

@testable import ShortlistCLI
@testable import ShortlistCore
@testable import ShortlistStore

@Suite struct SliceReaderTests {
  /// What the reads saw, kept across threads.
  final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(range: ClosedRange<Int64>, readOnly: Bool)] = []
    func add(_ range: ClosedRange<Int64>, readOnly: Bool) { lock.withLock { entries.append((range, readOnly)) } }
    var all: [(range: ClosedRange<Int64>, readOnly: Bool)] { lock.withLock { entries } }
  }

  /// A database file in a folder of its own, removed after `body`.
  static func withFile(_ body: (AppDatabase) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.path + "/slices-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let db = try AppDatabase.open(path: folder + "/s.sqlite")
    defer { db.close() }
    try body(db)
  }

  static func expectedSlices(_ span: ClosedRange<Int64>, _ slice: Int64) -> [ClosedRange<Int64>] {
    stride(from: span.lowerBound, through: span.upperBound, by: Int(slice)).map {
      $0...min(span.upperBound, $0 + slice - 1)
    }
  }

  /// Slices are read on two connections at once (the first read waits until the second has started: it fails, at
  /// its deadline, if the reads take turns) and handed over in id order whatever order they finish in.
  @Test func aFileIsReadOnTwoConnectionsAtOnceAndUsedInIdOrder() throws {
    let seed = FuzzTests.seed("aFileIsReadOnTwoConnectionsAtOnceAndUsedInIdOrder", default: 33)
    var generator = SplitMix64(seed: seed)
    let delays = (0..<40).map { _ in UInt32.random(in: 0...3000, using: &generator) }
    try Self.withFile { db in
      let log = Log()
      let secondStarted = DispatchSemaphore(value: 0)
      let waited = Log()
      var used: [ClosedRange<Int64>] = []
      try SliceReader.each(db: db, span: 5...104, slice: 3) { reader, range in
        if range.lowerBound == 5 {
          // Deadline: a test never waits forever.
          if secondStarted.wait(timeout: .now() + 30) == .success { waited.add(range, readOnly: true) }
        }
        if range.lowerBound == 8 { secondStarted.signal() }
        usleep(delays[Int((range.lowerBound - 5) / 3) % delays.count])
        log.add(range, readOnly: reader.isReadOnly)
        return range
      } use: { value, range in
        #expect(value == range)
        used.append(range)
      }
      #expect(used == Self.expectedSlices(5...104, 3))
      #expect(waited.all.count == 1, "the first read ended before the second began: the reads took turns")
      let readers = Set(log.all.map(\.readOnly))
      #expect(readers == [false, true], "both connections read")
      #expect(log.all.count == used.count)
    }
  }

  /// One slice, or a database in memory: one connection reads everything, in order.
  @Test func oneSliceOrAMemoryDatabaseIsReadOnOneConnection() throws {
    try Self.withFile { db in
      let log = Log()
      var used: [ClosedRange<Int64>] = []
      try SliceReader.each(db: db, span: 1...10, slice: 10) { reader, range in
        log.add(range, readOnly: reader.isReadOnly)
      } use: { _, range in
        used.append(range)
      }
      #expect(used == [1...10])
      #expect(log.all.map(\.readOnly) == [false])
    }
    let memory = try AppDatabase.inMemory()
    #expect(memory.companionReader() == nil)
    var used: [ClosedRange<Int64>] = []
    try SliceReader.each(db: memory, span: 1...50, slice: 7) { reader, _ in
      #expect(!reader.isReadOnly)
    } use: { _, range in
      used.append(range)
    }
    #expect(used == Self.expectedSlices(1...50, 7))
    // The last slice ends at the span's end, however near the largest id.
    var last: [ClosedRange<Int64>] = []
    try SliceReader.each(db: memory, span: (Int64.max - 4)...Int64.max, slice: 3) { _, _ in
    } use: { _, r in
      last.append(r)
    }
    #expect(last == [(Int64.max - 4)...(Int64.max - 2), (Int64.max - 1)...Int64.max])
  }

  struct Failed: Error, Equatable {}

  /// A read that fails stops the walk with its error, after every read under way has finished (none is left using a
  /// connection being closed); no later slice is used.
  @Test func aFailedReadStopsTheWalkOnceEveryReadHasFinished() throws {
    try Self.withFile { db in
      let log = Log()
      var used: [ClosedRange<Int64>] = []
      #expect(throws: Failed()) {
        try SliceReader.each(db: db, span: 1...100, slice: 10) { reader, range in
          if range.lowerBound == 21 { throw Failed() }
          usleep(20_000)
          // A read still going when the error is thrown can still use its connection.
          _ = try reader.candidateIdSpan(roleId: nil)
          log.add(range, readOnly: reader.isReadOnly)
        } use: { _, range in
          used.append(range)
        }
      }
      #expect(used == [1...10, 11...20])
      #expect(!log.all.contains { $0.range.lowerBound > 31 })
    }
  }
}
