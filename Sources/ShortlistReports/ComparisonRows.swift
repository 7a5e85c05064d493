import Foundation
import ShortlistCore
import ShortlistSupport

/// A comparison's ranked rows. A small comparison holds them in memory; a large one (a million candidates) holds only
/// each row's rank key and where its bytes are in a `SpillFile`, so its memory stays flat: rows are written there
/// slice by slice as they are scored, the keys are sorted, and a row is read back when it is used.
public struct ComparisonRows: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
  /// One spilled row: its rank key, then where its bytes are (40 bytes a candidate).
  struct Entry: Sendable {
    var key: RankKey
    var length: UInt32
    var offset: Int64
  }

  private enum Storage: Sendable {
    case memory([ComparisonRow])
    /// Each record: the row's length (4 bytes), the row, then what `Spiller.rendering` wrote for it (if anything).
    case spilled(Backing, [Entry], rendered: Bool)
  }

  /// The temporary file and the scorecards' weights, each distinct array once (one per bank version in use).
  struct Backing: Sendable {
    let file: SpillFile
    let weights: [[Double]]
  }

  private var storage: Storage

  public init(_ rows: [ComparisonRow]) { storage = .memory(rows) }
  public init(arrayLiteral rows: ComparisonRow...) { storage = .memory(rows) }

  public var startIndex: Int { 0 }
  public var endIndex: Int {
    switch storage {
    case .memory(let rows): rows.count
    case .spilled(_, let entries, _): entries.count
    }
  }

  /// True when the rows live in a temporary file, not in memory.
  public var isSpilled: Bool {
    if case .spilled = storage { return true }
    return false
  }

  public subscript(position: Int) -> ComparisonRow {
    switch storage {
    case .memory(let rows): return rows[position]
    case .spilled(let backing, let entries, _):
      var buffer: [UInt8] = []
      return Self.read(backing, entries[position], into: &buffer)
    }
  }

  public func makeIterator() -> Iterator { Iterator(rows: self) }

  /// Reads spilled rows with one buffer for all of them.
  public struct Iterator: IteratorProtocol {
    let rows: ComparisonRows
    var position = 0
    var buffer: [UInt8] = []

    public mutating func next() -> ComparisonRow? {
      guard position < rows.endIndex else { return nil }
      defer { position += 1 }
      switch rows.storage {
      case .memory(let all): return all[position]
      case .spilled(let backing, let entries, _): return ComparisonRows.read(backing, entries[position], into: &buffer)
      }
    }
  }

  /// The candidate ids, in rank order, without reading the rows back.
  public var ids: [Int64] {
    switch storage {
    case .memory(let rows): rows.map(\.candidate.id)
    case .spilled(_, let entries, _): entries.map(\.key.id)
    }
  }

  /// Keeps the rows `keep` is true for, in their order.
  public mutating func keep(where keep: (ComparisonRow) throws -> Bool) rethrows {
    switch storage {
    case .memory(var rows):
      storage = .memory([])
      try rows.removeAll { try !keep($0) }
      storage = .memory(rows)
    case .spilled(let backing, let entries, let rendered):
      var buffer: [UInt8] = []
      var kept: [Entry] = []
      for e in entries where try keep(Self.read(backing, e, into: &buffer)) { kept.append(e) }
      storage = .spilled(backing, kept, rendered: rendered)
    }
  }

  /// True when every row's rendering (its JSON) was written beside it as it was spilled.
  public var isRendered: Bool {
    if case .spilled(_, _, true) = storage { return true }
    return false
  }

  /// Each row's rendering, in rank order, without reading the rows back (only when `isRendered`).
  public func forEachRendering(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
    guard case .spilled(let backing, let entries, true) = storage else { return }
    var buffer: [UInt8] = []
    for e in entries {
      try backing.file.read(at: e.offset, count: Int(e.length), into: &buffer)
      try buffer.withUnsafeBufferPointer { bytes in
        let row = 4 + Int(RowCodec.length(bytes))
        try body(UnsafeBufferPointer(rebasing: bytes[row..<Int(e.length)]))
      }
    }
  }

  /// Each row's rendering in rank order, read as it is used (none when the rows were not rendered). A read that
  /// fails gives an empty rendering and is kept for `checkReads()`, which a report calls before its output is kept.
  public var renderings: Renderings { Renderings(rows: self) }

  public struct Renderings: Sequence {
    let rows: ComparisonRows

    public func makeIterator() -> Iterator { Iterator(rows: rows) }

    public struct Iterator: IteratorProtocol {
      let rows: ComparisonRows
      var position = 0
      var buffer: [UInt8] = []

      public mutating func next() -> [UInt8]? {
        guard case .spilled(let backing, let entries, true) = rows.storage, position < entries.count else { return nil }
        let e = entries[position]
        position += 1
        do {
          try backing.file.read(at: e.offset, count: Int(e.length), into: &buffer)
        } catch {
          return []
        }
        let row = 4 + Int(buffer.withUnsafeBufferPointer { RowCodec.length($0) })
        guard row <= Int(e.length) else { return [] }
        return Array(buffer[row..<Int(e.length)])
      }
    }
  }

  /// Throws the first failed read of the rows' temporary file (the disk failing under it): a report checks before
  /// its output is kept, so a row that could not be read never passes silently.
  public func checkReads() throws {
    if case .spilled(let backing, _, _) = storage, let failure = backing.file.readFailure { throw failure }
  }

  public mutating func removeAll(where remove: (ComparisonRow) throws -> Bool) rethrows {
    try keep { try !remove($0) }
  }

  private static func read(_ backing: Backing, _ e: Entry, into buffer: inout [UInt8]) -> ComparisonRow {
    do {
      try backing.file.read(at: e.offset, count: Int(e.length), into: &buffer)
    } catch {
      // The file is this process's own, unnamed and already written: a failed read is the disk failing under it. A
      // subscript cannot throw: the file keeps the failure (`checkReads()` throws it before the report is kept) and
      // the row stands in sealed, with nothing of the person in it.
      return ComparisonRow(
        candidate: Candidate(id: e.key.id, uuid: "", name: "(unreadable)", tier: .generalPlatform, source: ""),
        result: CandidateScore(score: nil, coverage: 0, means: [], gaps: [], recommendations: [:], interviews: 0),
        sealed: true, scorecards: [])
    }
    return buffer.withUnsafeBufferPointer { bytes in
      let length = Int(RowCodec.length(bytes))
      return RowCodec.decode(
        UnsafeBufferPointer(rebasing: bytes[4..<4 + length]), count: length, weights: backing.weights)
    }
  }

  /// Builds spilled rows: `add` the rows of each slice (in any order), then `finish` sorts them by rank.
  public struct Spiller {
    let file: SpillFile
    var entries: [Entry] = []
    var bytes: [UInt8] = []
    /// Each distinct weights array of the scorecards, numbered as it is first met.
    let weights = WeightTable()
    /// Writes what a report will print for a row (its JSON), kept after the row and copied out by
    /// `forEachRendering`; set before the first row is added.
    public var rendering: ((ComparisonRow, inout [UInt8]) -> Void)?

    /// `expected`: about how many rows will be added (the keys' array is sized once; pages never written to are
    /// not resident, so a generous guess costs nothing).
    public init(file: SpillFile, expected: Int = 0) {
      self.file = file
      entries.reserveCapacity(expected)
    }

    public mutating func add<Rows: Collection<ComparisonRow>>(_ rows: Rows) throws {
      for row in rows {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: [0, 0, 0, 0])
        let table = weights
        RowCodec.encode(row, into: &bytes) { table.number($0) }
        RowCodec.setLength(UInt32(bytes.count - 4), in: &bytes)
        rendering?(row, &bytes)
        let at = try file.append(bytes)
        entries.append(Entry(key: RankKey(row.result, id: row.candidate.id), length: UInt32(bytes.count), offset: at))
      }
    }

    /// The rows in rank order (`sorted: false` keeps the order they were added in).
    public mutating func finish(sorted: Bool = true) throws -> ComparisonRows {
      try file.flush()
      // Moved out, so the one copy is sorted in place: the standard sort takes a buffer of half the keys (20 MB at
      // a million candidates).
      var keys = entries
      entries = []
      if sorted { Self.heapSort(&keys) }
      return ComparisonRows(
        storage: .spilled(Backing(file: file, weights: weights.all), keys, rendered: rendering != nil))
    }
  }

  private init(storage: Storage) { self.storage = storage }
}

extension ComparisonRows.Spiller {
  /// Sorts the entries by rank in place, with no memory beside them (keys are unique: the id breaks every tie).
  static func heapSort(_ a: inout [ComparisonRows.Entry]) {
    let n = a.count
    guard n > 1 else { return }
    a.withUnsafeMutableBufferPointer { a in
      // A max-heap by "ranks after", so the last-ranked comes to the top and goes to the end.
      func after(_ i: Int, _ j: Int) -> Bool { RankKey.precedes(a[j].key, a[i].key) }
      func siftDown(_ start: Int, _ end: Int) {
        var root = start
        while true {
          var child = 2 * root + 1
          guard child < end else { return }
          if child + 1 < end && after(child + 1, child) { child += 1 }
          guard after(child, root) else { return }
          a.swapAt(root, child)
          root = child
        }
      }
      for start in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(start, n) }
      for end in stride(from: n - 1, to: 0, by: -1) {
        a.swapAt(0, end)
        siftDown(0, end)
      }
    }
  }
}

/// The distinct weights arrays of spilled scorecards, each numbered once.
final class WeightTable {
  private(set) var all: [[Double]] = []
  private var index: [[Double]: Int] = [:]

  func number(_ weights: [Double]) -> Int {
    if let k = index[weights] { return k }
    all.append(weights)
    index[weights] = all.count - 1
    return all.count - 1
  }
}

/// A comparison row as bytes, for the spill file: every field a report reads, each scorecard's weights as their number
/// in a table kept beside the file (`weight`). Little-endian; strings as a length and UTF-8.
enum RowCodec {
  /// The row's length, from a record's first 4 bytes.
  static func length(_ record: UnsafeBufferPointer<UInt8>) -> UInt32 {
    UInt32(record[0]) | UInt32(record[1]) << 8 | UInt32(record[2]) << 16 | UInt32(record[3]) << 24
  }

  static func setLength(_ n: UInt32, in record: inout [UInt8]) {
    for k in 0..<4 { record[k] = UInt8(truncatingIfNeeded: n >> (8 * k)) }
  }

  static func encode(_ row: ComparisonRow, into out: inout [UInt8], weight: ([Double]) -> Int) {
    let c = row.candidate
    int(c.id, &out)
    string(c.uuid, &out)
    string(c.name, &out)
    optionalString(c.email, &out)
    out.append(UInt8(truncatingIfNeeded: c.tier.rawValue))
    string(c.source, &out)
    double(c.rate ?? .nan, &out)
    out.append(UInt8(Status.allCases.firstIndex(of: c.status) ?? 0))
    double(c.since.timeIntervalSince1970, &out)
    double(c.createdAt.timeIntervalSince1970, &out)
    out.append(c.forgotten ? 1 : 0)
    strings(c.links, &out)
    strings(c.tags, &out)
    strings(c.roles, &out)
    let r = row.result
    double(r.score ?? .nan, &out)
    double(r.coverage, &out)
    int32(r.means.count, &out)
    for m in r.means { double(m ?? .nan, &out) }
    int32(r.gaps.count, &out)
    for g in r.gaps { int32(g, &out) }
    for level in Recommendation.allCases { int32(r.recommendations[level] ?? 0, &out) }
    int32(r.interviews, &out)
    out.append(row.sealed ? 1 : 0)
    int32(row.scorecards.count, &out)
    for card in row.scorecards {
      int(card.interviewId, &out)
      string(card.interviewer, &out)
      out.append(card.finished ? 1 : 0)
      int32(card.scores.count, &out)
      out.append(contentsOf: card.scores)
      out.append(card.recommendation.flatMap { Recommendation.allCases.firstIndex(of: $0) }.map(UInt8.init) ?? 255)
      optionalString(card.bankId, &out)
      int32(card.weights.map(weight) ?? -1, &out)
    }
  }

  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, count: Int, weights table: [[Double]]) -> ComparisonRow {
    var r = Reader(bytes: bytes, at: 0)
    let id = r.int()
    let uuid = r.string()
    let name = r.string()
    let email = r.optionalString()
    let tier = Tier(rawValue: Int(r.byte())) ?? .generalPlatform
    let source = r.string()
    let rate = r.double()
    let status = Status.allCases[min(Int(r.byte()), Status.allCases.count - 1)]
    let since = r.double()
    let created = r.double()
    let forgotten = r.byte() == 1
    let links = r.strings()
    let tags = r.strings()
    let roles = r.strings()
    let candidate = Candidate(
      id: id, uuid: uuid, name: name, email: email, tier: tier, source: source, rate: rate.isNaN ? nil : rate,
      status: status, since: Date(timeIntervalSince1970: since), createdAt: Date(timeIntervalSince1970: created),
      forgotten: forgotten, links: links, tags: tags, roles: roles)
    let score = r.double()
    let coverage = r.double()
    let means = (0..<r.int32()).map { _ -> Double? in
      let m = r.double()
      return m.isNaN ? nil : m
    }
    let gaps = (0..<r.int32()).map { _ in r.int32() }
    var recommendations: [Recommendation: Int] = [:]
    for level in Recommendation.allCases {
      let n = r.int32()
      if n > 0 { recommendations[level] = n }
    }
    let interviews = r.int32()
    let sealed = r.byte() == 1
    let cards = (0..<r.int32()).map { _ -> ScorecardScores in
      let interview = r.int()
      let interviewer = r.string()
      let finished = r.byte() == 1
      let scores = Array(r.take(r.int32()))
      let level = Int(r.byte())
      let bank = r.optionalString()
      let weights = r.int32()
      var card = ScorecardScores(
        interviewId: interview, interviewer: interviewer, finished: finished, scores: scores,
        recommendation: level < Recommendation.allCases.count ? Recommendation.allCases[level] : nil, bankId: bank)
      card.weights = table.indices.contains(weights) ? table[weights] : nil
      return card
    }
    precondition(r.at == count, "a spilled row read back with the wrong length")
    return ComparisonRow(
      candidate: candidate,
      result: CandidateScore(
        score: score.isNaN ? nil : score, coverage: coverage, means: means, gaps: gaps,
        recommendations: recommendations, interviews: interviews),
      sealed: sealed, scorecards: cards)
  }

  private static func int(_ v: Int64, _ out: inout [UInt8]) {
    withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
  }

  private static func int32(_ v: Int, _ out: inout [UInt8]) {
    withUnsafeBytes(of: Int32(clamping: v).littleEndian) { out.append(contentsOf: $0) }
  }

  private static func double(_ v: Double, _ out: inout [UInt8]) {
    withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
  }

  private static func string(_ s: String, _ out: inout [UInt8]) {
    var s = s
    s.withUTF8 { utf8 in
      int32(utf8.count, &out)
      out.append(contentsOf: utf8)
    }
  }

  private static func optionalString(_ s: String?, _ out: inout [UInt8]) {
    guard let s else { return out.append(0) }
    out.append(1)
    string(s, &out)
  }

  private static func strings(_ list: [String], _ out: inout [UInt8]) {
    int32(list.count, &out)
    for s in list { string(s, &out) }
  }

  struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at: Int

    mutating func take(_ n: Int) -> UnsafeBufferPointer<UInt8> {
      defer { at += n }
      return UnsafeBufferPointer(rebasing: bytes[at..<at + n])
    }

    mutating func byte() -> UInt8 {
      defer { at += 1 }
      return bytes[at]
    }

    mutating func int() -> Int64 {
      var v: Int64 = 0
      withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(take(8))) }
      return Int64(littleEndian: v)
    }

    mutating func int32() -> Int {
      var v: Int32 = 0
      withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(take(4))) }
      return Int(Int32(littleEndian: v))
    }

    mutating func double() -> Double {
      Double(bitPattern: UInt64(bitPattern: int()))
    }

    mutating func string() -> String { String(decoding: take(int32()), as: UTF8.self) }

    mutating func optionalString() -> String? { byte() == 1 ? string() : nil }

    mutating func strings() -> [String] { (0..<int32()).map { _ in string() } }
  }
}
