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
  /// Every status, in pipeline order then rejected, withdrawn; each longest waiting first.
  public private(set) var stages: [(status: Status, people: [Entry])]

  public init(role: String?, staleDays: Int) {
    self.role = role
    self.staleDays = staleDays
    stages = Status.allCases.map { ($0, []) }
  }

  public mutating func add(_ status: Status, _ entry: Entry) {
    guard let k = stages.firstIndex(where: { $0.status == status }) else { return }
    stages[k].people.append(entry)
  }

  /// Sorts each stage, longest waiting first (then by id).
  public mutating func finish() {
    for k in stages.indices {
      stages[k].people.sort { $0.days != $1.days ? $0.days > $1.days : $0.id < $1.id }
    }
  }

  /// Stale: waiting in an open stage (not hired, rejected or withdrawn) for `staleDays` days or more.
  public func isStale(_ status: Status, _ e: Entry) -> Bool { !status.isClosed && e.days >= staleDays }

  public var staleCount: Int {
    stages.reduce(0) { sum, s in sum + s.people.filter { isStale(s.status, $0) }.count }
  }

  public func json() -> [UInt8] {
    var j = JSONStream()
    j.beginObject()
    j.key("role")
    j.text(role)
    j.key("stale_days")
    j.int(Int64(staleDays))
    j.key("counts")
    j.beginObject()
    for s in stages {
      j.key(dynamic: s.status.rawValue)
      j.int(Int64(s.people.count))
    }
    j.endObject()
    j.key("stages")
    j.beginArray()
    for s in stages {
      j.beginObject()
      j.key("status")
      j.string(s.status.rawValue)
      j.key("count")
      j.int(Int64(s.people.count))
      j.key("candidates")
      j.beginArray()
      for e in s.people {
        j.beginObject()
        j.key("id")
        j.int(e.id)
        j.key("name")
        j.string(e.name)
        j.key("since")
        j.string(Timestamp.day(e.since))
        j.key("days_in_stage")
        j.int(Int64(e.days))
        j.key("stale")
        j.bool(isStale(s.status, e))
        j.endObject()
      }
      j.endArray()
      j.endObject()
    }
    j.endArray()
    j.endObject()
    j.endDocument()
    return j.bytes
  }

  /// The board as text for a terminal `width` columns wide: the six pipeline stages side by side.
  public func table(width: Int) -> [String] {
    let open = Array(stages.prefix(Status.pipeline.count))
    let gap = 2
    let columnWidth = max(8, (width - gap * (open.count - 1)) / open.count)
    var lines: [String] = []
    let scope = role.map { "role: \(TextTable.oneLine($0))" } ?? "all roles (each candidate's latest move)"
    lines.append("\(scope) · ! = in stage \(staleDays)+ days (--stale DAYS)")
    func row(_ cells: [String]) -> String {
      TextTable.trimRight(
        cells.enumerated().map { k, cell in
          let fitted = TextTable.cut(cell, columnWidth)
          return TextTable.pad(fitted, columnWidth, .left)
            + (k == cells.count - 1 ? "" : String(repeating: " ", count: gap))
        }.joined())
    }
    lines.append(row(open.map { "\($0.status.rawValue) \($0.people.count)" }))
    lines.append(row(open.map { _ in String(repeating: "─", count: columnWidth) }))
    let depth = open.map(\.people.count).max() ?? 0
    for r in 0..<depth {
      lines.append(
        row(
          open.map { s in
            guard r < s.people.count else { return "" }
            let e = s.people[r]
            let days = "\(e.days)d" + (isStale(s.status, e) ? "!" : "")
            let room = max(1, columnWidth - days.count - 1)
            return TextTable.cut(TextTable.oneLine(e.name), room) + " " + days
          }))
    }
    if depth == 0 { lines.append("nobody in the pipeline yet") }
    let closed = stages.suffix(from: Status.pipeline.count).map { "\($0.status.rawValue) \($0.people.count)" }
    let stale = staleCount
    lines.append(
      closed.joined(separator: " · ") + (stale > 0 ? " · \(stale) stale (candidate list --stale \(staleDays))" : ""))
    return lines
  }
}
