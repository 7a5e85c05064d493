import Foundation
import ShortlistSupport

/// A plain-text table sized to a width budget: columns shrink (longest first) and cut text with "…".
public struct TextTable {
  public enum Align: Sendable { case left, right }

  public struct Column: Sendable {
    public var title: String
    public var align: Align
    public var minWidth: Int
    /// Columns with a lower priority give up width first when the table must shrink.
    public var priority: Int
    /// Spaces before the column (2; 1 suits a grid of short numbers).
    public var gap: Int
    /// May be left out, from the last one back, when the table is too wide even at every column's minimum width.
    public var droppable: Bool
    /// Text too long for the column goes on under itself, word-wrapped on lines of their own, instead of being cut
    /// (a risk, a title: what the row is about). Only in tables rendered whole (`render`), not in streamed lines.
    public var wraps: Bool
    public init(
      _ title: String, align: Align = .left, minWidth: Int = 3, priority: Int = 0, gap: Int = 2,
      droppable: Bool = false,
      wraps: Bool = false
    ) {
      self.title = title
      self.align = align
      self.minWidth = minWidth
      self.priority = priority
      self.gap = gap
      self.droppable = droppable
      self.wraps = wraps
    }
  }

  public var columns: [Column]
  public var rows: [[String]] = []
  /// Optional ANSI style per cell (same shape as rows), applied after padding.
  public var styles: [[String?]] = []

  public init(_ columns: [Column]) { self.columns = columns }

  public mutating func add(_ row: [String], styles: [String?]? = nil) {
    rows.append(row)
    self.styles.append(styles ?? Array(repeating: nil, count: row.count))
  }

  /// The table; `notes`: a note under some rows, for what a row needs said in full (why it is flagged) instead of a
  /// column cut to "…": word-wrapped to `maxWidth` on lines of its own, indented under the second column.
  public func render(maxWidth: Int = 100, color: Bool = false, notes: [String?] = []) -> String {
    renderReporting(maxWidth: maxWidth, color: color, notes: notes).text
  }

  /// The table and how many droppable columns had to be left out to fit `maxWidth`.
  public func renderReporting(maxWidth: Int = 100, color: Bool = false, notes: [String?] = []) -> (
    text: String, hiddenColumns: Int
  ) {
    guard !columns.isEmpty else { return ("", 0) }
    // Each cell made safe for the terminal once, with its width.
    let cells = rows.map { row in columns.indices.map { Self.cell(row[safe: $0] ?? "") } }
    var measure = Measure(columns)
    for row in cells { measure.add(widths: row.map(\.width)) }
    let layout = Layout(columns, measure: measure, maxWidth: maxWidth)
    let indent = String(repeating: " ", count: layout.offset(ofVisible: 1))
    var lines = layout.header()
    for (r, row) in cells.enumerated() {
      lines += layout.lines(row, styles: color ? styles[safe: r] : nil)
      if let note = notes[safe: r] ?? nil, !note.isEmpty {
        lines += TextWrap.wrap(Self.oneLine(note), width: maxWidth, lead: indent)
      }
    }
    return (lines.joined(separator: "\n"), columns.count - layout.visible.count)
  }

  /// The widest cell of each column, gathered row by row (a listing measures as it reads, then lays out once).
  public struct Measure: Sendable {
    var widths: [Int]

    public init(_ columns: [Column]) { widths = columns.map { TextTable.width($0.title) } }

    public mutating func add(_ row: [String]) {
      for i in widths.indices where i < row.count {
        let w = TextTable.cell(row[i]).width
        if w > widths[i] { widths[i] = w }
      }
    }

    mutating func add(widths row: [Int]) {
      for i in widths.indices where i < row.count && row[i] > widths[i] { widths[i] = row[i] }
    }
  }

  /// Column widths fitted to a width budget: columns shrink (lowest priority, then widest, first) and droppable ones
  /// go when even the minimums do not fit. Lines are then laid out one at a time, so rows can stream.
  public struct Layout: Sendable {
    let columns: [Column]
    public private(set) var visible: [Int]
    var widths: [Int]

    public init(_ columns: [Column], measure: Measure, maxWidth: Int) {
      self.columns = columns
      var widths = measure.widths
      var visible = Array(columns.indices)
      func total() -> Int { visible.reduce(0) { $0 + widths[$1] + ($1 == visible.first ? 0 : columns[$1].gap) } }
      func atMinimum() -> Int {
        visible.reduce(0) {
          $0 + min(widths[$1], columns[$1].minWidth) + ($1 == visible.first ? 0 : columns[$1].gap)
        }
      }
      while atMinimum() > maxWidth, let last = visible.lastIndex(where: { columns[$0].droppable }) {
        visible.remove(at: last)
      }
      while total() > maxWidth {
        let shrinkable = visible.filter { widths[$0] > columns[$0].minWidth }
        guard let lowest = shrinkable.map({ columns[$0].priority }).min(),
          let i = shrinkable.filter({ columns[$0].priority == lowest }).max(by: { widths[$0] < widths[$1] })
        else { break }
        widths[i] -= 1
      }
      self.widths = widths
      self.visible = visible
    }

    /// The column where the `n`th visible column starts (0 for the first; the table's width past the last).
    func offset(ofVisible n: Int) -> Int {
      var x = 0
      for (k, i) in visible.enumerated() {
        if k > 0 { x += columns[i].gap }
        if k == n { return x }
        x += widths[i]
      }
      return x
    }

    func join(_ parts: (Int) -> String) -> String {
      var line = ""
      for (n, i) in visible.enumerated() {
        if n > 0 { line += String(repeating: " ", count: columns[i].gap) }
        line += parts(i)
      }
      return TextTable.trimRight(line)
    }

    /// The titles and the rule under them.
    public func header() -> [String] {
      [
        join { TextTable.pad(TextTable.cut(columns[$0].title, widths[$0]), widths[$0], columns[$0].align) },
        join { String(repeating: "-", count: widths[$0]) },
      ]
    }

    /// One row, made safe for the terminal, cut and padded to the layout.
    public func line(_ row: [String]) -> String {
      line { i in i < row.count ? TextTable.cell(row[i]) : ("", 0) }
    }

    /// A row as its lines: one, and more when a wrapping column's text is longer than the column (the rest of it
    /// under itself, every other column blank).
    func lines(_ row: [(text: String, width: Int)], styles: [String?]?) -> [String] {
      var first = row
      var more: [[(text: String, width: Int)]] = []
      for i in visible where columns[i].wraps {
        guard let cell = row[safe: i], cell.width > widths[i] else { continue }
        let parts = TextWrap.wrap(cell.text, width: widths[i])
        first[i] = (parts[0], TextTable.width(parts[0]))
        for (k, part) in parts.dropFirst().enumerated() {
          if more.count <= k { more.append(Array(repeating: ("", 0), count: row.count)) }
          more[k][i] = (part, TextTable.width(part))
        }
      }
      return [line(first, styles: styles)] + more.map { line($0, styles: nil) }
    }

    /// The same for cells already made safe and measured, each optionally styled, written into one byte buffer (a
    /// listing lays out one line per candidate).
    func line(_ row: [(text: String, width: Int)], styles: [String?]?) -> String {
      line(style: { styles?[safe: $0] ?? nil }) { row[safe: $0] ?? ("", 0) }
    }

    /// The one way a line is laid out: each visible column's cell (made safe, with its width) and style by index.
    private func line(style: (Int) -> String? = { _ in nil }, cell: (Int) -> (text: String, width: Int)) -> String {
      var out: [UInt8] = []
      out.reserveCapacity(widths.reduce(16) { $0 + $1 + 2 })
      for (n, i) in visible.enumerated() {
        if n > 0 { out.append(contentsOf: repeatElement(0x20, count: columns[i].gap)) }
        let (text, width) = cell(i)
        let fitted = width <= widths[i] ? text : TextTable.cut(text, widths[i])
        let gap = max(0, widths[i] - (width <= widths[i] ? width : TextTable.width(fitted)))
        let style = style(i)
        if let style { out.append(contentsOf: style.utf8) }
        if columns[i].align == .right { out.append(contentsOf: repeatElement(0x20, count: gap)) }
        out.append(contentsOf: fitted.utf8)
        if columns[i].align == .left { out.append(contentsOf: repeatElement(0x20, count: gap)) }
        if style != nil { out.append(contentsOf: "\u{1B}[0m".utf8) }
      }
      while out.last == 0x20 { out.removeLast() }
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// `s` padded with spaces to `width` columns (never cut).
  public static func pad(_ s: String, _ width: Int, _ align: Align = .left) -> String {
    let gap = max(0, width - Self.width(s))
    return align == .left ? s + String(repeating: " ", count: gap) : String(repeating: " ", count: gap) + s
  }

  static func trimRight(_ s: String) -> String {
    var spaces = 0
    for b in s.utf8.reversed() {
      guard b == 0x20 else { break }
      spaces += 1
    }
    return spaces == 0 ? s : String(decoding: s.utf8.dropLast(spaces), as: UTF8.self)
  }

  /// True when every byte is printable ASCII: one column per byte, nothing to replace.
  static func isPlainASCII(_ s: String) -> Bool {
    s.utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
      ?? s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
  }

  /// A cell's text made safe for the terminal and its width in columns, in one scan when it is plain ASCII.
  static func cell(_ s: String) -> (text: String, width: Int) {
    if isPlainASCII(s) { return (s, s.utf8.count) }
    let text = oneLine(s)
    return (text, width(text))
  }

  /// Control characters (newlines, tabs, escapes) and bidi overrides never reach the terminal raw: the rule is
  /// `TerminalText`'s.
  public static func oneLine(_ s: String) -> String {
    if isPlainASCII(s) { return s }
    return TerminalText.oneLine(s)
  }

  public static func cut(_ s: String, _ limit: Int) -> String {
    guard Self.width(s) > limit else { return s }
    guard limit > 1 else { return String(s.prefix(limit)) }
    var out = ""
    var w = 0
    for ch in s {
      let cw = charWidth(ch)
      if w + cw > limit - 1 { break }
      out.append(ch)
      w += cw
    }
    return out + "…"
  }

  /// The longest start of `s` that fits in `columns` terminal columns (at least one character).
  static func prefix(_ s: String, columns: Int) -> String {
    var out = ""
    var w = 0
    for ch in s {
      let cw = charWidth(ch)
      if w + cw > columns && !out.isEmpty { break }
      out.append(ch)
      w += cw
    }
    return out
  }

  /// Terminal columns a string takes: wide East Asian characters and emoji count 2, combining marks 0.
  public static func width(_ s: String) -> Int { isPlainASCII(s) ? s.utf8.count : s.reduce(0) { $0 + charWidth($1) } }

  static func charWidth(_ ch: Character) -> Int {
    guard let v = ch.unicodeScalars.first?.value else { return 0 }
    if v < 0x7F && ch.unicodeScalars.count == 1 { return 1 }
    if ch.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
    switch v {
    case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return 2
    default: return 1
    }
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
