import Foundation
import ShortlistCore

/// `pipeline`: the board. One column per stage of the pipeline with its people (longest waiting first) and their days
/// in stage, counts on top, people past the stale threshold marked `!`; rejected and withdrawn are counted below.
public struct PipelineBoard: Sendable {
  public struct Entry: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var since: Date
    public var days: Int

    public init(id: Int64, name: String, since: Date, days: Int) {
      self.id = id
      self.name = name
      self.since = since
      self.days = days
    }
  }

  public var role: String?
  public var staleDays: Int
  /// Per status (in `Status.allCases` order) its people as 32-byte slots, their names in `names`: a million
  /// candidates take some 55 MB, not a String and a Date each.
  private var slots: [[Slot]] = Status.allCases.map { _ in [] }
  private var names = NameArena()

  struct Slot: Sendable {
    var id: Int64
    var since: Double
    var name: Int64
    var days: Int32
    var length: UInt32
  }

  /// Names one after the other in blocks of 1 MiB that are never copied to grow; a name is its block and offset.
  struct NameArena: Sendable {
    private var blocks: [[UInt8]] = []

    mutating func add(_ name: String) -> (at: Int64, length: UInt32) {
      var name = name
      return name.withUTF8 { bytes in
        if blocks.isEmpty || blocks[blocks.count - 1].count + bytes.count > blocks[blocks.count - 1].capacity {
          var block: [UInt8] = []
          block.reserveCapacity(max(1 << 20, bytes.count))
          blocks.append(block)
        }
        let at = Int64(blocks.count - 1) << 32 | Int64(blocks[blocks.count - 1].count)
        blocks[blocks.count - 1].append(contentsOf: bytes)
        return (at, UInt32(bytes.count))
      }
    }

    func name(_ at: Int64, _ length: UInt32) -> String {
      let block = Int(at >> 32)
      let start = Int(at & 0xFFFF_FFFF)
      return blocks[block].withUnsafeBufferPointer {
        String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(length)]), as: UTF8.self)
      }
    }
  }

  public init(role: String?, staleDays: Int) {
    self.role = role
    self.staleDays = staleDays
  }

  public mutating func add(_ status: Status, _ entry: Entry) {
    guard let k = Status.allCases.firstIndex(of: status) else { return }
    let (at, length) = names.add(entry.name)
    slots[k].append(
      Slot(
        id: entry.id, since: entry.since.timeIntervalSince1970, name: at, days: Int32(clamping: entry.days),
        length: length))
  }

  /// Longest waiting first in each stage (then by id, for a stable order).
  public mutating func finish() {
    for k in slots.indices {
      slots[k].sort { $0.days != $1.days ? $0.days > $1.days : $0.id < $1.id }
    }
  }

  private func entry(_ slot: Slot) -> Entry {
    Entry(
      id: slot.id, name: names.name(slot.name, slot.length), since: Date(timeIntervalSince1970: slot.since),
      days: Int(slot.days))
  }

  /// How many people are in `status`.
  public func count(of status: Status) -> Int {
    Status.allCases.firstIndex(of: status).map { slots[$0].count } ?? 0
  }

  /// Each stage with its people (made on demand: the board keeps them packed).
  public var stages: [(status: Status, people: [Entry])] {
    Status.allCases.indices.map { k in (Status.allCases[k], slots[k].map(entry)) }
  }

  public func isStale(_ status: Status, _ e: Entry) -> Bool { !status.isClosed && e.days >= staleDays }

  private func isStale(_ k: Int, _ slot: Slot) -> Bool {
    !Status.allCases[k].isClosed && Int(slot.days) >= staleDays
  }

  public var staleCount: Int {
    slots.indices.reduce(0) { sum, k in sum + slots[k].reduce(0) { $0 + (isStale(k, $1) ? 1 : 0) } }
  }

  public func json() -> [UInt8] {
    var j = JSONStream()
    try? writeJSON(into: &j)
    return j.bytes
  }

  /// The document into a stream that hands full blocks to its sink as it goes.
  public func writeJSON(into j: inout JSONStream) throws {
    j.beginObject()
    j.key("role")
    j.text(role)
    j.key("stale_days")
    j.int(Int64(staleDays))
    j.key("counts")
    j.beginObject()
    for k in slots.indices {
      j.key(dynamic: Status.allCases[k].rawValue)
      j.int(Int64(slots[k].count))
    }
    j.endObject()
    j.key("stages")
    j.beginArray()
    for k in slots.indices {
      j.beginObject()
      j.key("status")
      j.string(Status.allCases[k].rawValue)
      j.key("count")
      j.int(Int64(slots[k].count))
      j.key("candidates")
      j.beginArray()
      for slot in slots[k] {
        j.beginObject()
        j.key("id")
        j.int(slot.id)
        j.key("name")
        j.string(names.name(slot.name, slot.length))
        j.key("since")
        j.string(Timestamp.day(Date(timeIntervalSince1970: slot.since)))
        j.key("days_in_stage")
        j.int(Int64(slot.days))
        j.key("stale")
        j.bool(isStale(k, slot))
        j.endObject()
        try j.flushIfFull()
      }
      j.endArray()
      j.endObject()
    }
    j.endArray()
    j.endObject()
    j.endDocument()
    try j.flush()
  }

  /// The board as text for a terminal `width` columns wide: the six pipeline stages side by side.
  public func table(width: Int) -> [String] {
    var lines: [String] = []
    tableLines(width: width) { lines.append($0) }
    return lines
  }

  /// The same a line at a time (a board of a million people is never held as text).
  public func tableLines(width: Int, _ emit: (String) throws -> Void) rethrows {
    let open = Array(slots.indices.prefix(Status.pipeline.count))
    let gap = 2
    let columnWidth = max(8, (width - gap * (open.count - 1)) / open.count)
    let scope = role.map { "role: \(TextTable.oneLine($0))" } ?? "all roles (each candidate's latest move)"
    try emit("\(scope) · ! = in stage \(staleDays)+ days (--stale DAYS)")
    func row(_ cells: [String]) -> String {
      TextTable.trimRight(
        cells.enumerated().map { k, cell in
          let fitted = TextTable.cut(cell, columnWidth)
          return TextTable.pad(fitted, columnWidth, .left)
            + (k == cells.count - 1 ? "" : String(repeating: " ", count: gap))
        }.joined())
    }
    try emit(row(open.map { "\(Status.allCases[$0].rawValue) \(slots[$0].count)" }))
    try emit(row(open.map { _ in String(repeating: "─", count: columnWidth) }))
    let depth = open.map { slots[$0].count }.max() ?? 0
    for r in 0..<depth {
      try emit(
        row(
          open.map { k in
            guard r < slots[k].count else { return "" }
            let slot = slots[k][r]
            let days = "\(slot.days)d" + (isStale(k, slot) ? "!" : "")
            let room = max(1, columnWidth - days.count - 1)
            return TextTable.cut(TextTable.oneLine(names.name(slot.name, slot.length)), room) + " " + days
          }))
    }
    if depth == 0 { try emit("nobody in the pipeline yet") }
    let closed = slots.indices.suffix(from: Status.pipeline.count).map {
      "\(Status.allCases[$0].rawValue) \(slots[$0].count)"
    }
    let stale = staleCount
    try emit(
      closed.joined(separator: " · ") + (stale > 0 ? " · \(stale) stale (candidate list --stale \(staleDays))" : ""))
  }
}
