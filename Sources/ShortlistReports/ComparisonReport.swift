import Foundation
import ShortlistCore

/// Renders a ranked comparison as a terminal table, GitHub Markdown, JSON or CSV. No database access here.
public struct ComparisonReport {
  public var role: Role?
  /// Ranked; in a temporary file, not in memory, for a large comparison (see `ComparisonRows`).
  public var rows: ComparisonRows
  public var questions: [QuestionRef]
  /// Extra top-level JSON members (e.g. the agreement section), appended in order.
  public var extraJSON: [(String, JSON)] = []
  /// Per candidate id, an adjusted score to show beside the raw one.
  public var adjusted: [Int64: Double?]?
  /// The role's banks (coverage counts each; a candidate never asked one is marked).
  public var roleBanks: [String] = []
  /// Finished scorecards per bank version: scores keep their own version's weights.
  public var bankVersions: [(bank: String, version: Int, scorecards: Int)] = []
  /// The table's measure, gathered as a large comparison's rows were read (nil: `tableLines` measures them first).
  public var tableMeasure: TableMeasure?
  /// Each row's `TableRow` was written beside it as it was read: the table and Markdown print from those.
  public var tableRowsRendered = false

  /// Coverage per bank of the candidate (the role's banks and any bank they were interviewed on): scored weight
  /// over the bank's weight.
  public func bankCoverage(_ row: ComparisonRow) -> [(bank: String, coverage: Double)] {
    var banks = roleBanks
    for card in row.scorecards where card.finished {
      if let b = card.bankId, !banks.contains(b) { banks.append(b) }
    }
    return banks.map { bank in
      var total = 0.0
      var scored = 0.0
      for (k, q) in questions.enumerated() where q.bankId == bank {
        total += q.weight
        if row.result.mean(k) != nil { scored += q.weight }
      }
      return (bank, total > 0 ? scored / total : 0)
    }
  }

  /// A bank of the role the candidate has no score on at all.
  func missesABank(_ row: ComparisonRow) -> Bool { !banksNotAsked(row).isEmpty }

  /// The role's banks a ranked candidate was never asked: their questions count as gaps, so the candidate ranks on
  /// part of the evidence.
  public func banksNotAsked(_ row: ComparisonRow) -> [String] {
    guard !roleBanks.isEmpty, row.interviewed, !row.sealed else { return [] }
    return bankCoverage(row).filter { roleBanks.contains($0.bank) && $0.coverage == 0 }.map(\.bank)
  }

  /// The line of a ranked candidate missing a bank of the role: `Chen Half: past-project-deep-dive not asked`.
  public func incompleteLine(_ row: ComparisonRow) -> String {
    "\(TextTable.oneLine(row.candidate.name)): \(banksNotAsked(row).joined(separator: ", ")) not asked"
  }

  /// The heading of those lines.
  public static let incompleteHeading =
    "incomplete: ranked on part of the evidence (a bank of the role never asked; its questions count as gaps)"

  /// "rag-prototype v1 (3 scorecards), v2 (1)"; nil when no scorecard is finished.
  public var versionsText: String? {
    guard !bankVersions.isEmpty else { return nil }
    var parts: [String] = []
    var k = 0
    while k < bankVersions.count {
      let bank = bankVersions[k].bank
      var versions: [String] = []
      while k < bankVersions.count && bankVersions[k].bank == bank {
        let v = bankVersions[k]
        let unit = versions.isEmpty ? " scorecard" + (v.scorecards == 1 ? "" : "s") : ""
        versions.append("v\(v.version) (\(v.scorecards)\(unit))")
        k += 1
      }
      parts.append("\(bank) " + versions.joined(separator: ", "))
    }
    return parts.joined(separator: "; ")
  }

  /// Banks whose scorecards were taken on more than one version.
  public var mixedVersions: [String] {
    var seen: [String: Int] = [:]
    for v in bankVersions { seen[v.bank, default: 0] += 1 }
    return seen.filter { $0.value > 1 }.keys.sorted()
  }

  public init(role: Role?, rows: ComparisonRows, questions: [QuestionRef]) {
    self.role = role
    self.rows = rows
    self.questions = questions
  }

  public init(role: Role?, rows: [ComparisonRow], questions: [QuestionRef]) {
    self.init(role: role, rows: ComparisonRows(rows), questions: questions)
  }

  static func cell(_ v: Double?) -> String {
    guard let v else { return "-" }
    return Format.fixed(v, 1)
  }

  static func score(_ v: Double?) -> String { v.map { Format.fixed($0, 1) } ?? "-" }

  /// ANSI colour for a score band: >= 75 green, >= 50 yellow, else red.
  public static func band(_ score: Double?) -> String? {
    guard let score else { return nil }
    return score >= 75 ? "\u{1B}[32m" : score >= 50 ? "\u{1B}[33m" : "\u{1B}[31m"
  }

  /// Each row with its rank (nil for candidates without a finished scorecard, or sealed), read as it is used.
  var ranked: RankedRows { RankedRows(rows: rows) }

  struct RankedRows: Sequence {
    let rows: ComparisonRows

    func makeIterator() -> Iterator { Iterator(rows: rows.makeIterator()) }

    struct Iterator: IteratorProtocol {
      var rows: ComparisonRows.Iterator
      var rank = 0

      mutating func next() -> (rank: Int?, row: ComparisonRow)? {
        guard let row = rows.next() else { return nil }
        guard row.interviewed && !row.sealed else { return (nil, row) }
        rank += 1
        return (rank, row)
      }
    }
  }

  /// The display cells shared by the terminal table and Markdown: rank, candidate, score, adjusted, coverage,
  /// interviews, recommendations, then one mean per question.
  func displayCells(_ rank: Int?, _ row: ComparisonRow, short: Bool, shortStatus: Bool = false) -> [String] {
    let c = row.candidate
    let interviewed = rank != nil
    var cells = [
      rank.map(String.init) ?? "", c.name, String(c.tier.rawValue), c.source,
      c.rate.map { "$" + Format.rate($0) } ?? "",
      shortStatus ? Self.statusCode[c.status] ?? c.status.rawValue : c.status.rawValue,
      row.sealed ? "sealed" : interviewed ? Self.score(row.result.score) : short ? "-" : "not interviewed",
    ]
    if let adjusted { cells.append(interviewed ? Self.score(adjusted[c.id] ?? nil) : "") }
    let recs = interviewed ? Comparison.tallyText(row.result.recommendations, short: short) : ""
    let cov = interviewed ? "\(Int((row.result.coverage * 100).rounded()))%" + (missesABank(row) ? "*" : "") : ""
    cells += [cov, String(row.result.interviews), recs]
    cells += questions.indices.map { interviewed ? Self.cell(row.result.mean($0)) : "" }
    return cells
  }

  // MARK: - Terminal

  /// Short forms of the statuses, used when the table would otherwise cut names (the legend spells them out).
  static let statusCode: [Status: String] = [
    .sourced: "src", .screening: "scr", .interviewing: "intv", .shortlisted: "SL", .offer: "offer", .hired: "hired",
    .rejected: "rej", .withdrawn: "wdn",
  ]

  /// The first line of the table: whose candidates these are.
  public static func scopeLine(_ role: Role?) -> String {
    guard let role else { return "all roles (every candidate; `role use ROLE` or --role R for one role)" }
    return "role: \(TextTable.oneLine(role.title))"
      + (role.banks.isEmpty ? "" : " (banks: \(role.banks.joined(separator: ", ")))") + "; --role all for everyone"
  }

  public func table(width: Int = 100, color: Bool = false) -> String {
    var lines: [String] = []
    tableLines(width: width, color: color) { lines.append($0) }
    return lines.joined(separator: "\n")
  }

  /// What the table's measuring pass learns from the rows, none of it about their order: a large comparison gathers
  /// it as its slices are read (`measure`, then `tableMeasure`), and its table is then written in one pass over the
  /// rows instead of two.
  public struct TableMeasure: Sendable {
    var longestName = 0
    var recsWidth = 4
    var scoreWidth = 5
    var covWidth = 4
    var mostInterviews = 0
    var anyIncomplete = false
    var anySealed = false
    var count = 0
    /// Rows with a rank: the rank column is as wide as the last one.
    var ranked = 0
    // Both forms of the table (long and short status); which is used depends on the widths.
    var long: TextTable.Measure?
    var short: TextTable.Measure?

    public init() {}
  }

  /// Adds a row to the table's measure, in any order (only how many rows are ranked counts, not their ranks). Names
  /// are what people read first: they keep their full width up to 30 columns; source and status give way first
  /// (status to its short form, which the legend spells out). The decision cells are never cut: the recommendation
  /// tally (a panel member's `N` is what a hiring lead looks for first), the score or its `sealed` mark and the
  /// coverage keep their whole width.
  public func measure(_ row: ComparisonRow, into m: inout TableMeasure) {
    measure(tableRow(row, short: true), into: &m)
  }

  /// The same from the row as the table prints it.
  public func measure(_ t: TableRow, into m: inout TableMeasure) {
    m.count += 1
    if t.ranked { m.ranked += 1 }
    m.longestName = max(m.longestName, TextTable.width(TextTable.oneLine(t.cells[1])))
    m.mostInterviews = max(m.mostInterviews, t.interviews)
    m.recsWidth = max(m.recsWidth, TextTable.width(t.tally))
    if t.sealed {
      m.scoreWidth = max(m.scoreWidth, 6)
      m.anySealed = true
    }
    if t.incomplete != nil {
      m.covWidth = 5
      m.anyIncomplete = true
    }
    if m.long == nil {
      m.long = TextTable.Measure(tableColumns(shortStatus: false, nameWidth: 4, recs: 4, score: 5, cov: 4, count: 0))
      m.short = TextTable.Measure(tableColumns(shortStatus: true, nameWidth: 4, recs: 4, score: 5, cov: 4, count: 0))
    }
    // Each cell measured once (the short form differs in the status only); the rank's width is added at the end.
    var widths = t.cells.map { TextTable.cell($0).width }
    m.long?.add(widths: widths)
    widths[5] = TextTable.cell(t.statusCode).width
    m.short?.add(widths: widths)
  }

  /// The table's lines, one at a time: the rows are read twice (measured, then laid out; once when `tableMeasure` was
  /// gathered as they were read) and never held, so a million candidates print in flat memory.
  public func tableLines(width: Int = 100, color: Bool = false, _ emit: (String) throws -> Void) rethrows {
    // Measured as the rows were read (a large comparison), or here in a first pass (see `measure`).
    var m = tableMeasure ?? TableMeasure()
    if tableMeasure == nil {
      for row in rows { measure(row, into: &m) }
    }
    // The rank column is as wide as the last rank.
    if m.ranked > 0 {
      m.long?.add(widths: [String(m.ranked).count])
      m.short?.add(widths: [String(m.ranked).count])
    }
    let (longestName, recsWidth, scoreWidth, covWidth) = (m.longestName, m.recsWidth, m.scoreWidth, m.covWidth)
    let (mostInterviews, anyIncomplete, anySealed, long, short, count) = (
      m.mostInterviews, m.anyIncomplete, m.anySealed, m.long, m.short, m.count
    )
    let nameWidth = max(4, min(30, count == 0 ? 4 : longestName))
    func layout(_ shortStatus: Bool) -> (TextTable.Layout, [TextTable.Column], cut: Bool) {
      var columns = tableColumns(
        shortStatus: shortStatus, nameWidth: nameWidth, recs: recsWidth, score: scoreWidth, cov: covWidth,
        count: count, interviews: mostInterviews)
      // Names keep their width (up to 30) while questions can give way instead; when even the columns that stay do
      // not fit, the name gives way too, down to 12 columns.
      let fixed = columns.indices.filter { $0 != 1 && !columns[$0].droppable }.reduce(0) {
        $0 + columns[$1].minWidth + ($1 == 0 ? 0 : columns[$1].gap)
      }
      columns[1].minWidth = max(min(nameWidth, 12), min(nameWidth, width - fixed - columns[1].gap))
      let measure = (shortStatus ? short : long) ?? TextTable.Measure(columns)
      let laid = TextTable.Layout(columns, measure: measure, maxWidth: width)
      // Was a cell cut, or a question left out? Then the short forms are worth their legend.
      let cut = laid.visible.count < columns.count || laid.visible.contains { laid.widths[$0] < measure.widths[$0] }
      return (laid, columns, cut)
    }
    var (laid, columns, cut) = layout(false)
    let shortStatus = cut
    if cut { (laid, columns, _) = layout(true) }
    let qStart = columns.count - questions.count
    for line in laid.header() { try emit(line) }
    try eachTableRow(short: true) { t, ranked in
      var row = ranked
      // (A row that could not be read back has fewer cells.)
      if shortStatus, row.indices.contains(5) { row[5] = t.statusCode }
      var cells = row.map(TextTable.cell)
      if cells.count < columns.count { cells += Array(repeating: ("", 0), count: columns.count - cells.count) }
      var styles: [String?]?
      if color {
        var s = [String?](repeating: nil, count: cells.count)
        if t.ranked {
          s[6] = t.band
          for k in questions.indices where t.gaps[safe: k] ?? false { s[qStart + k] = "\u{1B}[2m" }
        } else {
          s[6] = "\u{1B}[2m"
        }
        styles = s
      }
      try emit(laid.line(cells, styles: styles))
    }
    let hidden = columns.count - laid.visible.count
    if anyIncomplete {
      try emit("")
      for line in TextWrap.wrap(Self.incompleteHeading + ":", width: width) { try emit(line) }
      try eachTableRow(short: true) { t, _ in
        guard let (name, banks) = t.incomplete else { return }
        let text = TextTable.oneLine("\(name): \(banks) not asked")
        for line in TextWrap.wrap(text, width: width - 2) { try emit("  " + line) }
      }
    }
    if !questions.isEmpty {
      try emit("")
      try emit("questions (mean of finished scorecards, 1-4; - is an evidence gap, not a zero):")
      if hidden > 0 {
        let first = questions.count - hidden + 1
        let note =
          "Q\(first)\(hidden > 1 ? "-Q\(questions.count)" : "") not shown at this width: `--format md`, csv or json show every question"
        for line in TextWrap.wrap(note, width: width - 2) { try emit("  " + line) }
      }
      for (i, q) in questions.enumerated() {
        let w = q.weight == 1 ? "" : " (weight \(Format.number(q.weight)))"
        try emit("  " + TextTable.cut(TextTable.oneLine("Q\(i + 1) \(q.id): \(q.title)\(w)"), width - 2))
      }
    }
    for line in legend(width: width, shortStatus: shortStatus, sealed: anySealed, incomplete: anyIncomplete).split(
      separator: "\n", omittingEmptySubsequences: false)
    {
      try emit(String(line))
    }
  }

  /// The table's columns: rank, name, tier, source, rate, status, score, [adj,] cov, n, recs, then one per question.
  private func tableColumns(
    shortStatus: Bool, nameWidth: Int, recs: Int, score: Int, cov: Int, count: Int, interviews: Int = 0
  ) -> [TextTable.Column] {
    var columns: [TextTable.Column] = [
      // Numbers are never cut: the rank and interview columns keep the width of their largest value.
      .init("#", align: .right, minWidth: String(count).count),
      .init("name", minWidth: nameWidth, priority: 2),
      .init("tier", align: .right, minWidth: 4),
      .init("source", minWidth: 4), .init("rate", align: .right, minWidth: 4),
      .init("status", minWidth: shortStatus ? 5 : 7, priority: 1),
      .init("score", align: .right, minWidth: score),
    ]
    if adjusted != nil { columns.append(.init("adj", align: .right, minWidth: 5)) }
    columns += [
      .init("cov", align: .right, minWidth: cov),
      .init("n", align: .right, minWidth: String(interviews).count),
      .init("recs", minWidth: recs),
    ]
    // The grid of means: one space apart; on a narrow screen the last questions give way (the legend says which).
    for i in questions.indices {
      columns.append(.init("Q\(i + 1)", align: .right, minWidth: 3, gap: i == 0 ? 2 : 1, droppable: true))
    }
    return columns
  }

  /// Every code the table printed, spelled out. `sealed`, `incomplete`: whether a row is sealed, or misses one of the
  /// role's banks (the table's measuring pass finds out; another pass over a million rows to ask again took seconds).
  func legend(width: Int, shortStatus: Bool, sealed: Bool, incomplete: Bool) -> String {
    var parts = [
      "score: 100 x weighted mean of (question mean - 1) / 3 over scored questions, - when there is no finished scorecard",
      "cov: share of the question weight scored", "n: finished scorecards",
      "recs: SY strong-yes, Y yes, N no, SN strong-no (how many of each)",
    ]
    if adjusted != nil { parts.append("adj: score adjusted for each interviewer's leniency") }
    if shortStatus {
      parts.append(
        "status: "
          + Status.allCases.compactMap { s in Self.statusCode[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
      )
    }
    if sealed { parts.append("sealed: a scorecard for them is still open; scores stay hidden") }
    if incomplete {
      parts.append(
        "*: never asked one of the role's banks (\(roleBanks.joined(separator: ", "))); its questions count as gaps")
    }
    if let versionsText {
      parts.append("banks: " + versionsText)
      let mixed = mixedVersions
      if !mixed.isEmpty {
        parts.append(
          "candidates were scored on different versions of \(mixed.joined(separator: ", ")); each scorecard keeps its own version's weights"
        )
      }
    }
    return parts.flatMap { TextWrap.wrap($0, width: width) }.joined(separator: "\n")
  }

  // MARK: - Markdown

  public func markdown() -> String {
    var out = ""
    markdownLines { out += $0 + "\n" }
    return out
  }

  /// The Markdown document a line at a time (rows read as they are written).
  public func markdownLines(_ emit: (String) throws -> Void) rethrows {
    try emit("# Comparison" + (role.map { ": " + Markdown.escape($0.title) } ?? ""))
    try emit("")
    var headers = ["#", "Name", "Tier", "Source", "Rate", "Status", "Score"]
    if adjusted != nil { headers.append("Adjusted") }
    headers += ["Coverage", "Interviews", "Recommendations"]
    headers += questions.map(\.title)
    let right = Set([0, 2, 4, 6] + (adjusted != nil ? [7] : []))
    try emit(Markdown.headerLine(headers))
    try emit(Markdown.ruleLine(headers.count, rightAligned: right))
    var anyIncomplete = false
    try eachTableRow(short: false) { t, cells in
      try emit(Markdown.rowLine(cells, columns: headers.count))
      if t.incomplete != nil { anyIncomplete = true }
    }
    try emit("")
    try emit("Question means are over finished scorecards (1-4); `-` is an evidence gap, never a zero.")
    // The rows are read again only when one of them misses a bank.
    guard anyIncomplete else { return }
    var headed = false
    try eachTableRow(short: false) { t, _ in
      guard let (name, banks) = t.incomplete else { return }
      if !headed {
        try emit("")
        try emit(
          Markdown.escape(Self.incompleteHeading.prefix(1).uppercased() + Self.incompleteHeading.dropFirst()) + ":")
        try emit("")
        headed = true
      }
      try emit("- " + Markdown.escape("\(TextTable.oneLine(name)): \(banks) not asked"))
    }
  }

  // MARK: - JSON

  /// The JSON document: `role`, `questions`, then `candidates` (ranked, one compact object per line, so the file
  /// greps and diffs by candidate), then the extra members. Written straight to bytes: no tree per candidate.
  public func jsonBytes() -> [UInt8] {
    var all: [UInt8] = []
    all.reserveCapacity(4096 + rows.count * (260 + 40 * questions.count))
    try? writeJSON { all.append(contentsOf: $0) }
    return all
  }

  /// The same document handed to `sink` in blocks of about 64 KiB, so a large comparison is never held whole.
  public func writeJSON(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    try writeJSON(sink) { extraJSON }
  }

  /// The same with the extra members given by `extra`, asked for only after the candidates are written.
  public func writeJSON(
    _ sink: (UnsafeRawBufferPointer) throws -> Void, extra: () -> [(String, JSON)]
  ) throws {
    let blockSize = 1 << 16
    var out: [UInt8] = []
    out.reserveCapacity(blockSize + 8192)
    func flush() throws {
      try out.withUnsafeBytes { try sink($0) }
      out.removeAll(keepingCapacity: true)
    }
    out.append(contentsOf: "{\n  \"role\": ".utf8)
    (role.map { Self.roleJSON($0) } ?? .null).write(into: &out, indent: 1, pretty: true)
    out.append(contentsOf: ",\n  \"questions\": ".utf8)
    JSON.array(
      questions.map {
        .object([
          ("id", .string($0.id)), ("title", .string($0.title)), ("weight", .number($0.weight)),
          ("bank", .string($0.bankId)),
        ])
      }
    ).write(into: &out, indent: 1, pretty: true)
    out.append(contentsOf: ",\n  \"bank_versions\": ".utf8)
    var byBank: [(String, [(String, JSON)])] = []
    for v in bankVersions {
      let entry = (String(v.version), JSON.int(Int64(v.scorecards)))
      if let k = byBank.firstIndex(where: { $0.0 == v.bank }) {
        byBank[k].1.append(entry)
      } else {
        byBank.append((v.bank, [entry]))
      }
    }
    JSON.object(byBank.map { ($0.0, JSON.object($0.1)) }).write(into: &out, indent: 1, pretty: true)
    out.append(contentsOf: ",\n  \"candidates\": [".utf8)
    let keys = questionKeys
    if rows.isRendered && adjusted == nil {
      // Written as the rows were read (a large comparison): copied out in rank order.
      var first = true
      try rows.forEachRendering { bytes in
        out.append(contentsOf: (first ? "\n    " : ",\n    ").utf8)
        first = false
        out.append(contentsOf: bytes)
        if out.count >= blockSize { try flush() }
      }
    } else {
      for (i, row) in rows.enumerated() {
        out.append(contentsOf: (i == 0 ? "\n    " : ",\n    ").utf8)
        writeCandidate(row, keys: keys, into: &out)
        if out.count >= blockSize { try flush() }
      }
    }
    out.append(contentsOf: (rows.isEmpty ? "]" : "\n  ]").utf8)
    for (key, value) in extra() {
      out.append(contentsOf: ",\n  ".utf8)
      JSON.escape(key, into: &out)
      out.append(contentsOf: ": ".utf8)
      value.write(into: &out, indent: 1, pretty: true)
    }
    out.append(contentsOf: "\n}\n".utf8)
    try flush()
  }

  /// Question ids, escaped once: `"id":` for the means object and `"id"` for the gaps array.
  public var questionKeys: [[UInt8]] {
    questions.map { q -> [UInt8] in
      var k: [UInt8] = []
      JSON.escape(q.id, into: &k)
      return k
    }
  }

  /// One candidate: id, name, tier, source, rate, status, score, [adjusted_score,] coverage, interviews, questions
  /// (id -> mean or null), recommendations (level -> count), gaps (question ids), sealed.
  public func writeCandidate(_ row: ComparisonRow, keys: [[UInt8]], into out: inout [UInt8]) {
    let c = row.candidate
    let r = row.result
    out.append(contentsOf: #"{"id":"#.utf8)
    JSON.writeInt(c.id, into: &out)
    out.append(contentsOf: #","name":"#.utf8)
    JSON.escape(c.name, into: &out)
    out.append(contentsOf: #","tier":"#.utf8)
    JSON.writeInt(Int64(c.tier.rawValue), into: &out)
    out.append(contentsOf: #","source":"#.utf8)
    JSON.escape(c.source, into: &out)
    out.append(contentsOf: #","rate":"#.utf8)
    JSON.writeNumber(c.rate, into: &out)
    out.append(contentsOf: #","status":""#.utf8)
    out.append(contentsOf: c.status.rawValue.utf8)
    out.append(contentsOf: #"","score":"#.utf8)
    JSON.writeNumber(r.score, into: &out)
    if let adjusted {
      out.append(contentsOf: #","adjusted_score":"#.utf8)
      JSON.writeNumber(adjusted[c.id] ?? nil, into: &out)
    }
    out.append(contentsOf: #","coverage":"#.utf8)
    JSON.writeNumber(r.coverage, into: &out)
    out.append(contentsOf: #","interviews":"#.utf8)
    JSON.writeInt(Int64(r.interviews), into: &out)
    out.append(contentsOf: #","questions":{"#.utf8)
    for k in keys.indices {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      out.append(contentsOf: keys[k])
      out.append(UInt8(ascii: ":"))
      JSON.writeNumber(r.mean(k), into: &out)
    }
    out.append(contentsOf: #"},"recommendations":{"#.utf8)
    for (i, level) in Recommendation.allCases.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      out.append(UInt8(ascii: "\""))
      out.append(contentsOf: level.rawValue.utf8)
      out.append(contentsOf: #"":"#.utf8)
      JSON.writeInt(Int64(r.recommendations[level] ?? 0), into: &out)
    }
    out.append(contentsOf: #"},"banks":{"#.utf8)
    for (i, b) in bankCoverage(row).enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      JSON.escape(b.bank, into: &out)
      out.append(UInt8(ascii: ":"))
      JSON.writeNumber(b.coverage, into: &out)
    }
    out.append(contentsOf: #"},"gaps":["#.utf8)
    for (i, k) in r.gaps.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      out.append(contentsOf: keys[k])
    }
    out.append(contentsOf: #"],"incomplete":["#.utf8)
    for (i, bank) in banksNotAsked(row).enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      JSON.escape(bank, into: &out)
    }
    out.append(contentsOf: (row.sealed ? #"],"sealed":true}"# : #"],"sealed":false}"#).utf8)
  }

  public static func roleJSON(_ r: Role) -> JSON { RoleListing.json(r) }

  // MARK: - CSV

  public func csvRows() -> [[String]] {
    var out: [[String]] = []
    csvRows { out.append($0) }
    return out
  }

  /// The CSV rows one at a time, the header first (rows read as they are written).
  public func csvRows(_ emit: ([String]) throws -> Void) rethrows {
    var header = ["rank", "name", "tier", "source", "rate", "status", "score"]
    if adjusted != nil { header.append("adjusted_score") }
    header += ["coverage", "interviews", "recommendations"] + questions.map(\.id) + ["incomplete"]
    try emit(header)
    for (rank, row) in ranked {
      let c = row.candidate
      var cells = [
        rank.map(String.init) ?? "", c.name, String(c.tier.rawValue), c.source, c.rate.map(Format.number) ?? "",
        c.status.rawValue, row.result.score.map { Format.fixed($0, 2) } ?? "",
      ]
      if let adjusted { cells.append((adjusted[c.id] ?? nil).map { Format.fixed($0, 2) } ?? "") }
      cells += [
        Format.fixed(row.result.coverage, 3), String(row.result.interviews),
        Comparison.tallyText(row.result.recommendations),
      ]
      cells += questions.indices.map { row.result.mean($0).map { Format.fixed($0, 2) } ?? "" }
      let missing = banksNotAsked(row)
      cells.append(missing.isEmpty ? "" : missing.joined(separator: "; ") + " not asked")
      try emit(cells)
    }
  }
}
