import Foundation
import ShortlistCore

/// The self-contained comparison report: inline CSS and SVG only, no scripts, fonts or images from anywhere.
public struct HTMLReport {
  public var comparison: ComparisonReport
  public var agreement: AgreementSection?
  public var tiers: [TierYield]
  public var banks: [(id: String, version: Int, sha256: String, title: String)]
  /// candidate id -> what the interviewers wrote on the questions they scored (see `EvidenceLine`)
  public var evidence: [Int64: [EvidenceLine]]
  public var generated: Date
  /// Engagements of the candidates in the comparison (after the hire).
  public var engagements: [Engagement] = []
  /// The role's fit check: verdict and reasons.
  public var fit: (verdict: String, reasons: [String])?
  /// Did the interviews predict the work (shown once engagements have ended).
  public var outcomes: OutcomesReport?
  /// How many engagements there are in all when `engagements` holds only the first `rowLimit` of them.
  public var engagementCount: Int?
  /// The rows each per-candidate section shows, picked in one pass over the ranking; made from `comparison.rows`
  /// when rendering if not given (a caller that reads evidence for the shown candidates picks them first).
  public var shown: Selection?

  public init(
    comparison: ComparisonReport, agreement: AgreementSection?, tiers: [TierYield],
    banks: [(id: String, version: Int, sha256: String, title: String)], evidence: [Int64: [EvidenceLine]],
    generated: Date
  ) {
    self.comparison = comparison
    self.agreement = agreement
    self.tiers = tiers
    self.banks = banks
    self.evidence = evidence
    self.generated = generated
  }

  // Geometry of the bar chart, shared with the tests.
  public static let labelWidth = 220.0
  public static let barMax = 420.0
  public static let barHeight = 18.0
  public static let rowHeight = 30.0

  public static func barLength(_ score: Double) -> Double { barMax * min(100, max(0, score)) / 100 }

  /// The most rows a per-candidate section shows (the ranking, the candidate table, the heatmap, the notes, the
  /// tallies, the names not yet interviewed, not going forward, engagements): a page is read and printed, and past
  /// a thousand people nobody reads the rest there; the section says how many there are and where all of them are.
  public static let rowLimit = 1_000

  /// What each per-candidate section shows: the first `limit` rows of each kind in rank order, and how many there
  /// are of each. Rows may be added in any order (a comparison read in slices adds them as they are read, and is
  /// never held whole).
  public struct Selection: Sendable {
    public let limit: Int
    /// The live ranking: interviewed, unsealed, scored, and still in the running (not rejected or withdrawn).
    var scoredRows: TopRows
    /// Not interviewed yet (or sealed from this viewer), still in the running.
    var waitingRows: TopRows
    /// Interviewed and unsealed (their recommendations are tallied).
    var talliedRows: TopRows
    /// Rejected or withdrawn.
    var outRows: TopRows
    /// Ranked on part of the evidence: a bank of the role never asked (scorecards kept: the lines name the banks).
    var incompleteRows: TopRows

    public init(limit: Int = HTMLReport.rowLimit) {
      self.limit = max(1, limit)
      scoredRows = TopRows(limit: self.limit, lean: true)
      waitingRows = TopRows(limit: self.limit, lean: true)
      talliedRows = TopRows(limit: self.limit, lean: true)
      outRows = TopRows(limit: self.limit, lean: true)
      incompleteRows = TopRows(limit: self.limit)
    }

    /// The selection of a comparison's rows.
    public init(_ comparison: ComparisonReport, limit: Int = HTMLReport.rowLimit) {
      self.init(limit: limit)
      for row in comparison.rows { add(row, of: comparison) }
    }

    /// Adds a row of `comparison` (whose role's banks and questions tell whether a bank was never asked; its rows
    /// are not read).
    public mutating func add(_ row: ComparisonRow, of comparison: ComparisonReport) {
      if !comparison.banksNotAsked(row).isEmpty { incompleteRows.add(row) }
      if HTMLReport.isOut(row) {
        outRows.add(row)
      } else if row.interviewed && !row.sealed {
        talliedRows.add(row)
        if row.result.score != nil { scoredRows.add(row) }
      } else {
        waitingRows.add(row)
      }
    }

    public var scored: [ComparisonRow] { scoredRows.rows }
    public var scoredCount: Int { scoredRows.count }
    public var waiting: [String] { waitingRows.rows.map(\.candidate.name) }
    public var waitingCount: Int { waitingRows.count }
    public var tallied: [ComparisonRow] { talliedRows.rows }
    public var talliedCount: Int { talliedRows.count }
    public var out: [ComparisonRow] { outRows.rows }
    public var outCount: Int { outRows.count }
    public var incomplete: [ComparisonRow] { incompleteRows.rows }
    public var incompleteCount: Int { incompleteRows.count }

    /// The candidates whose strengths and concerns the report shows.
    public var evidenceIds: [Int64] { scored.map(\.candidate.id) }
  }

  var selection: Selection { shown ?? Selection(comparison) }

  /// The live ranking the page shows (see `Selection.scored`).
  var scored: [ComparisonRow] { selection.scored }

  /// Rejected or withdrawn: shown apart from the live ranking.
  static func isOut(_ row: ComparisonRow) -> Bool {
    row.candidate.status == .rejected || row.candidate.status == .withdrawn
  }

  /// "Showing the top 1,000 of 498,312 ...": nil when every row is shown.
  static func partial(_ shown: Int, of count: Int, _ what: String, whereAll: String? = nil) -> HTML? {
    guard count > shown else { return nil }
    return .el(
      "p", [("class", "muted partial")],
      text: "Showing the first \(Format.grouped(shown)) of \(Format.grouped(count)) \(what), in rank order"
        + (whereAll.map { "; " + $0 } ?? "") + ".")
  }

  /// "$140/h" with the budget beside it: "over the $80-120/h budget" when above its top.
  func rateText(_ c: Candidate) -> (text: String, over: Bool) {
    guard let rate = c.rate else { return ("no rate given", false) }
    let text = "$" + Format.rate(rate) + "/h"
    guard let role = comparison.role, let budget = role.budgetText else { return (text, false) }
    if let top = role.budgetMax, rate > top { return (text + ", over the " + budget + " budget", true) }
    return (text + ", within the " + budget + " budget", false)
  }

  public func render() -> String {
    var out = ""
    write { out += $0 }
    return out
  }

  /// The page in pieces, a section at a time (each section's markup is made, handed over and let go): what a file or
  /// the terminal is given as it is made.
  public func write(_ piece: (String) throws -> Void) rethrows {
    // The rows each section shows are picked once (a pass over the ranking), not by every section.
    guard shown != nil else {
      var picked = self
      picked.shown = Selection(comparison)
      return try picked.write(piece)
    }
    let title = "Shortlist comparison" + (comparison.role.map { ": \($0.title)" } ?? "")
    let head = HTML.el(
      "head", [],
      [
        .el("meta", [("charset", "utf-8")]),
        .el("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
        .el("title", text: title),
        .el("style", [], [.trusted(Self.css + OutcomesReport.css)]),
      ])
    try piece("<!DOCTYPE html>\n<html lang=\"en\">" + head.render() + "<body>")
    let sections: [() -> HTML] = [
      { .el("header", [], [.el("h1", text: title)] + onePager()) },
      { section("Ranking", [barChart()]) },
      { section("Candidates", [candidateTable()]) },
      { section("Per-question means", [heatmap()]) },
      { section("Recommendations", [recommendations()]) },
      { section("Sourcing tiers", [tierChart()]) },
      { section("Strengths and concerns", [strengths()]) },
      { section("Not going forward", [notGoingForward()]) },
      { engagements.isEmpty ? .text("") : section("Engagements", [engagementTable()]) },
      { outcomes?.htmlSection() ?? .text("") },
      { agreementSection() },
      { footer() },
    ]
    for make in sections { try piece(make().render()) }
    try piece("</body></html>\n")
  }

  func section(_ heading: String, _ body: [HTML]) -> HTML {
    .el(
      "section", [("class", heading.lowercased().replacingOccurrences(of: " ", with: "-"))],
      [.el("h2", text: heading)] + body)
  }

  func onePager() -> [HTML] {
    guard let r = comparison.role else {
      return [.el("p", [("class", "muted")], text: "All candidates (no role selected).")]
    }
    let fields: [(String, String?)] = [
      ("Business goal", r.goal), ("Success metric", r.metric), ("Tech stack", r.stack),
      ("First milestone", r.milestone),
      ("Engagement", r.model.map { "\($0.rawValue) (\($0.label))" }), ("Budget", r.budgetText),
      ("Question banks", r.banks.isEmpty ? nil : r.banks.joined(separator: ", ")),
      ("Key contacts", r.contacts), ("Code repository", r.repo), ("Project board", r.board),
      ("Fit check", fit.map { "\($0.verdict): " + $0.reasons.joined(separator: "; ") + "." }),
    ]
    return [
      .el(
        "dl", [("class", "one-pager")],
        fields.compactMap { f in f.1.map { (f.0, $0) } }.flatMap { [HTML.el("dt", text: $0.0), .el("dd", text: $0.1)] })
    ]
  }

  func barChart() -> HTML {
    let rows = scored
    guard !rows.isEmpty else { return .el("p", [("class", "muted")], text: "No finished scorecards yet.") }
    // The label column and the value column are as wide as their longest text: no name is clipped.
    func label(_ i: Int, _ row: ComparisonRow) -> String { "\(i + 1). \(row.candidate.name)" }
    func value(_ row: ComparisonRow) -> String {
      "\(Format.fixed(row.result.score ?? 0, 1)) · tier \(row.candidate.tier.rawValue) · coverage \(pct(row.result.coverage))"
    }
    let labelWidth = max(Self.labelWidth, SVGText.widest(rows.enumerated().map { label($0.offset, $0.element) }) + 16)
    let width = labelWidth + Self.barMax + max(170, SVGText.widest(rows.map(value)) + 16)
    let height = Double(rows.count) * Self.rowHeight + 30
    var items: [HTML] = []
    for (i, row) in rows.enumerated() {
      let y = Double(i) * Self.rowHeight + 8
      let score = row.result.score ?? 0
      let c = row.candidate
      items.append(
        .el("text", [("x", n(labelWidth - 8)), ("y", n(y + 13)), ("class", "label")], text: label(i, row)))
      items.append(
        .el(
          "rect",
          [
            ("class", "track"), ("x", n(labelWidth)), ("y", n(y)), ("width", n(Self.barMax)),
            ("height", n(Self.barHeight)),
          ]))
      items.append(
        .el(
          "rect",
          [
            ("class", "bar tier\(c.tier.rawValue)"), ("x", n(labelWidth)), ("y", n(y)),
            ("width", n(Self.barLength(score))),
            ("height", n(Self.barHeight)), ("data-candidate", c.name), ("data-score", Format.fixed(score, 6)),
          ], [.el("title", text: "\(c.name): \(Format.fixed(score, 1)) (coverage \(pct(row.result.coverage)))")]))
      // Coverage: the unscored share of the question weight, as a lighter band under the bar.
      let covY = y + Self.barHeight + 1
      items.append(
        .el(
          "rect",
          [
            ("class", "coverage"), ("x", n(labelWidth)), ("y", n(covY)),
            ("width", n(Self.barMax * row.result.coverage)), ("height", "3"),
          ]))
      items.append(
        .el(
          "rect",
          [
            ("class", "unscored"), ("x", n(labelWidth + Self.barMax * row.result.coverage)), ("y", n(covY)),
            ("width", n(Self.barMax * (1 - row.result.coverage))), ("height", "3"),
          ]))
      items.append(
        .el(
          "text", [("x", n(labelWidth + Self.barMax + 8)), ("y", n(y + 13)), ("class", "value")],
          text: value(row)))
    }
    for tick in [0.0, 25, 50, 75, 100] {
      let x = labelWidth + Self.barLength(tick)
      items.append(.el("line", [("class", "tick"), ("x1", n(x)), ("x2", n(x)), ("y1", "4"), ("y2", n(height - 18))]))
      items.append(.el("text", [("x", n(x)), ("y", n(height - 4)), ("class", "axis")], text: Format.number(tick)))
    }
    let legend = HTML.el(
      "p", [("class", "legend")],
      text:
        "Bar length is the 0-100 score; the thin band under it shows coverage (dark: the scored share of the question weight, light: unscored). Tier is the sourcing tier, 1 (niche talent network) to 4 (general freelance platform). Rejected and withdrawn candidates are listed apart, under Not going forward."
    )
    let picked = selection
    var extra: [HTML] = []
    if let more = Self.partial(
      rows.count, of: picked.scoredCount, "ranked candidates",
      whereAll: "`compare --format csv` and `export shortlist --all` list every one")
    {
      extra.append(more)
    }
    let incomplete = picked.incomplete.map(comparison.incompleteLine)
    if !incomplete.isEmpty {
      extra.append(
        .el(
          "div", [("class", "incomplete")],
          [
            .el(
              "p", [("class", "warning")],
              text:
                "Incomplete: ranked on part of the evidence (a bank of the role never asked; its questions count as gaps)."
            ),
            .el("ul", [], incomplete.map { HTML.el("li", text: $0) }),
            Self.partial(
              incomplete.count, of: picked.incompleteCount, "candidates ranked on part of the evidence", ) ?? .text(""),
          ]))
    }
    if !picked.waiting.isEmpty {
      let more = picked.waitingCount - picked.waiting.count
      extra.append(
        .el(
          "p", [("class", "muted")],
          text: "Not interviewed yet: " + picked.waiting.joined(separator: ", ")
            + (more > 0 ? " and \(Format.grouped(more)) more" : "")))
    }
    return .el(
      "div", [],
      [
        .el(
          "svg",
          [
            ("class", "bars"), ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(n(width)) \(n(height))"),
            ("width", n(width)), ("height", n(height)), ("role", "img"), ("aria-label", "Candidate scores"),
          ], items),
        legend,
      ] + extra)
  }

  /// Sequential blue scale whose lightness falls monotonically with the mean: readable in greyscale and by
  /// colour-blind readers; the number is printed in every cell too.
  public static func cellColor(_ mean: Double) -> String {
    let t = min(1, max(0, (mean - 1) / 3))
    let light = 95 - 60 * t
    return "hsl(215, 60%, \(Format.fixed(light, 0))%)"
  }

  func heatmap() -> HTML {
    let qs = comparison.questions
    let rows = scored
    guard !qs.isEmpty, !rows.isEmpty else { return .el("p", [("class", "muted")], text: "No scores yet.") }
    var head: [HTML] = [.el("th", text: "Candidate")]
    for (i, q) in qs.enumerated() {
      head.append(.el("th", [("title", q.title), ("scope", "col")], text: "Q\(i + 1) \(q.title)"))
    }
    var body: [HTML] = []
    for row in rows {
      var cells: [HTML] = [.el("th", [("scope", "row")], text: row.candidate.name)]
      for (k, q) in qs.enumerated() {
        if let m = row.result.mean(k) {
          let dark = (m - 1) / 3 > 0.55
          cells.append(
            .el(
              "td",
              [
                ("class", "cell" + (dark ? " dark" : "")), ("style", "background:\(Self.cellColor(m))"),
                ("data-question", q.id), ("data-mean", Format.fixed(m, 6)),
              ], text: Format.fixed(m, 1)))
        } else {
          cells.append(
            .el(
              "td", [("class", "cell gap"), ("data-question", q.id), ("title", "no score: an evidence gap")],
              text: "gap"))
        }
      }
      body.append(.el("tr", [], cells))
    }
    return .el(
      "div", [("class", "scroll")],
      [
        .el("table", [("class", "heatmap")], [.el("thead", [], [.el("tr", [], head)]), .el("tbody", [], body)]),
        Self.partial(rows.count, of: selection.scoredCount, "ranked candidates")
          ?? .text(""),
        .el(
          "p", [("class", "legend")],
          text:
            "Mean score of the finished scorecards, 1 (light) to 4 (dark). Hatched cells marked gap have no score: an evidence gap, not a low score."
        ),
      ])
  }

  func recommendations() -> HTML {
    let order: [Recommendation] = [.strongYes, .yes, .no, .strongNo]
    var rows: [HTML] = []
    let picked = selection
    for row in picked.tallied {
      var cells: [HTML] = [.el("th", [("scope", "row")], text: row.candidate.name)]
      for r in order { cells.append(.el("td", [("class", "num")], text: String(row.result.recommendations[r] ?? 0))) }
      cells.append(.el("td", [("class", "num")], text: String(row.result.interviews)))
      rows.append(.el("tr", [], cells))
    }
    guard !rows.isEmpty else { return .el("p", [("class", "muted")], text: "No finished scorecards yet.") }
    let head = ["Candidate", "strong-yes", "yes", "no", "strong-no", "scorecards"].map { HTML.el("th", text: $0) }
    let table = HTML.el(
      "table", [("class", "tally")], [.el("thead", [], [.el("tr", [], head)]), .el("tbody", [], rows)])
    guard
      let more = Self.partial(
        picked.tallied.count, of: picked.talliedCount, "interviewed candidates")
    else { return table }
    return .el("div", [], [table, more])
  }

  func tierChart() -> HTML {
    let rowH = 34.0
    func label(_ t: TierYield) -> String { "Tier \(t.tier.rawValue): \(t.tier.name) (signal \(t.tier.signalLevel))" }
    func value(_ t: TierYield) -> String {
      "mean score \(t.meanScore.map { Format.fixed($0, 1) } ?? "none") · \(t.interviewed) of \(t.candidates) interviewed · \(t.shortlisted) shortlisted · \(t.hired) hired"
    }
    // Columns sized by their longest text, so no label is clipped: labels end at `labelEnd`, bars start 8 after.
    let labelEnd = max(200, SVGText.widest(tiers.map(label)) + 8)
    let barX = labelEnd + 8
    let valueX = barX + 288
    let total = valueX + SVGText.widest(tiers.map(value)) + 8
    var items: [HTML] = []
    for (i, t) in tiers.enumerated() {
      let y = Double(i) * rowH + 6
      items.append(
        .el(
          "text", [("x", n(labelEnd)), ("y", n(y + 14)), ("class", "label")], text: label(t))
      )
      let len = 280 * (t.meanScore ?? 0) / 100
      items.append(.el("rect", [("class", "track"), ("x", n(barX)), ("y", n(y)), ("width", "280"), ("height", "18")]))
      items.append(
        .el(
          "rect",
          [
            ("class", "tierbar tier\(t.tier.rawValue)"), ("x", n(barX)), ("y", n(y)), ("width", n(len)),
            ("height", "18"),
            ("data-tier", String(t.tier.rawValue)),
          ]))
      items.append(
        .el(
          "text", [("x", n(valueX)), ("y", n(y + 14)), ("class", "value")], text: value(t)))
    }
    let svg = HTML.el(
      "svg",
      [
        ("class", "tiers"), ("xmlns", "http://www.w3.org/2000/svg"),
        ("viewBox", "0 0 \(n(total)) \(n(Double(tiers.count) * rowH + 10))"), ("width", n(total)),
        ("height", n(Double(tiers.count) * rowH + 10)), ("role", "img"), ("aria-label", "Mean score per sourcing tier"),
      ], items)
    var rows: [HTML] = []
    for t in tiers {
      let values: [String] = [
        String(t.candidates), String(t.interviewed), String(t.shortlisted), String(t.hired),
        t.meanScore.map { Format.fixed($0, 1) } ?? "-", t.medianDaysToShortlist.map { Format.fixed($0, 1) } ?? "-",
        t.meanRate.map { "$" + Format.fixed($0, 0) } ?? "-",
      ]
      let label: HTML = .el(
        "th", [("scope", "row")], text: "\(t.tier.rawValue) \(t.tier.name) (signal \(t.tier.signalLevel))")
      let cells: [HTML] = values.map { HTML.el("td", [("class", "num")], text: $0) }
      rows.append(.el("tr", [], [label] + cells))
    }
    let head = [
      "Tier", "Candidates", "Interviewed", "Shortlisted", "Hired", "Mean score", "Median days to shortlist",
      "Mean rate",
    ].map { HTML.el("th", text: $0) }
    return .el(
      "div", [],
      [svg, .el("table", [("class", "tiers")], [.el("thead", [], [.el("tr", [], head)]), .el("tbody", [], rows)])])
  }

  static func shorten(_ s: String, _ limit: Int = 280) -> String {
    var one = s
    if s.utf8.contains(0x0A) {
      var scalars = String.UnicodeScalarView()
      for u in s.unicodeScalars { scalars.append(u == "\n" ? " " : u) }
      one = String(scalars)
    }
    return Format.shorten(one, limit)
  }

  /// One evidence line: "alice, on First moves (scored 3 of 4): looked at the data first" - the note exactly as it
  /// was typed (no capital, no full stop added: `pgvector` stays `pgvector`), only shortened when long.
  func sentence(_ e: EvidenceLine) -> String {
    let title = comparison.questions.first { $0.id == e.questionId }?.title ?? e.questionId
    let text = Self.shorten(e.text.trimmed)
    return "\(e.interviewer), on \(title) (scored \(e.score) of 4): \(text)"
  }

  func strengths() -> HTML {
    var blocks: [HTML] = []
    let rows = scored
    for row in rows {
      let lines = evidence[row.candidate.id] ?? []
      let good = lines.filter(\.isStrength)
      let bad = lines.filter { !$0.isStrength }
      var parts: [HTML] = [.el("h3", text: row.candidate.name)]
      if good.isEmpty && bad.isEmpty {
        parts.append(
          .el("p", [("class", "muted")], text: "The interviewers wrote no notes on the questions they scored."))
      }
      if !good.isEmpty {
        parts.append(.el("h4", text: "Strengths"))
        parts.append(.el("ul", [("class", "strengths")], good.map { .el("li", text: sentence($0)) }))
      }
      if !bad.isEmpty {
        parts.append(.el("h4", text: "Concerns"))
        parts.append(.el("ul", [("class", "concerns")], bad.map { .el("li", text: sentence($0)) }))
      }
      blocks.append(.el("div", [("class", "candidate-notes")], parts))
    }
    if blocks.isEmpty { return .el("p", [("class", "muted")], text: "No notes yet.") }
    if let more = Self.partial(
      rows.count, of: selection.scoredCount, "ranked candidates",
      whereAll: "`export shortlist --all` has everyone's strengths and concerns")
    {
      blocks.append(more)
    }
    return .el("div", [], blocks)
  }

  /// Every candidate of the live ranking with what a budget holder asks: status, tier, rate against the budget,
  /// score, coverage and recommendations, spelled out.
  func candidateTable() -> HTML {
    let rows = scored
    guard !rows.isEmpty else { return .el("p", [("class", "muted")], text: "No finished scorecards yet.") }
    let head = ["Rank", "Candidate", "Status", "Sourcing tier", "Rate", "Score", "Coverage", "Recommendations"].map {
      HTML.el("th", text: $0)
    }
    var body: [HTML] = []
    for (i, row) in rows.enumerated() {
      let c = row.candidate
      let rate = rateText(c)
      let recs = Comparison.tallyText(row.result.recommendations)
      body.append(
        .el(
          "tr", [],
          [
            .el("td", [("class", "num")], text: String(i + 1)), .el("th", [("scope", "row")], text: c.name),
            .el("td", text: c.status.rawValue), .el("td", text: "\(c.tier.rawValue): \(c.tier.name)"),
            .el("td", [("class", rate.over ? "over-budget" : "rate")], text: rate.text),
            .el("td", [("class", "num")], text: row.result.score.map { Format.fixed($0, 1) } ?? "none"),
            .el("td", [("class", "num")], text: pct(row.result.coverage)),
            .el("td", text: recs.isEmpty ? "none given" : recs),
          ]))
    }
    return .el(
      "div", [("class", "scroll")],
      [
        .el("table", [("class", "candidates")], [.el("thead", [], [.el("tr", [], head)]), .el("tbody", [], body)]),
        Self.partial(
          rows.count, of: selection.scoredCount, "ranked candidates",
          whereAll: "`compare --format csv` and `export shortlist --all` list every one") ?? .text(""),
      ])
  }

  /// After the hire: each engagement's terms, work and outcome.
  func engagementTable() -> HTML {
    let head = [
      "Candidate", "Role", "State", "Start", "Hours", "Spend", "Budget", "Contract checklist", "First milestone",
      "Quality", "Engage again",
    ].map { HTML.el("th", text: $0) }
    let rows: [HTML] = engagements.map { e in
      let open = e.openItems
      let cells: [String] = [
        e.candidateName, e.roleTitle ?? "", e.isActive ? "active" : "ended " + (e.end?.description ?? ""),
        e.start.description, Format.number(e.outcome.hours ?? e.reportedHours),
        e.spend.map { "$" + Format.rate($0) } ?? "no rate", e.budget.map { "$" + Format.rate($0) } ?? "none",
        open.isEmpty ? "complete" : "open: " + open.map(\.rawValue).joined(separator: ", "),
        e.outcome.milestone?.rawValue ?? "-", e.outcome.quality.map { "\($0) of 4" } ?? "-",
        e.outcome.again.map { $0 ? "yes" : "no" } ?? "-",
      ]
      return .el("tr", [], cells.map { HTML.el("td", text: $0) })
    }
    return .el(
      "div", [("class", "scroll")],
      [
        .el("table", [("class", "engagements")], [.el("thead", [], [.el("tr", [], head)]), .el("tbody", [], rows)]),
        Self.partial(
          engagements.count, of: engagementCount ?? engagements.count, "engagements",
          whereAll: "`engagement list` lists every one") ?? .text(""),
      ])
  }

  /// Rejected and withdrawn candidates, apart from the live ranking, with the score they had.
  func notGoingForward() -> HTML {
    let picked = selection
    let out = picked.out
    guard !out.isEmpty else { return .el("p", [("class", "muted")], text: "Nobody has been rejected or withdrawn.") }
    let list = HTML.el(
      "ul", [("class", "out")],
      out.map { row in
        let score =
          row.sealed
          ? "score sealed" : row.result.score.map { "score " + Format.fixed($0, 1) } ?? "not interviewed"
        return .el("li", text: "\(row.candidate.name): \(row.candidate.status.rawValue) (\(score))")
      })
    guard
      let more = Self.partial(out.count, of: picked.outCount, "candidates not going forward")
    else { return list }
    return .el("div", [], [list, more])
  }

  func agreementSection() -> HTML {
    guard let a = agreement else { return .text("") }
    var rows: [HTML] = []
    for (i, q) in comparison.questions.enumerated() {
      guard let qa = a.perQuestion[q.id] else { continue }
      rows.append(
        .el(
          "tr", [],
          [
            .el("th", [("scope", "row")], text: "Q\(i + 1) \(q.title)"),
            .el("td", [("class", "num")], text: AgreementSection.f(qa.interval.value)),
            .el("td", [("class", "num")], text: AgreementSection.ci(qa.ci)),
            .el("td", [("class", "num")], text: AgreementSection.f(qa.ordinal.value)),
            .el("td", [("class", "num")], text: String(qa.interval.units)),
            .el("td", [("class", "num")], text: String(qa.interval.values)),
            .el(
              "td", [("class", "verdict " + qa.verdict.rawValue.replacingOccurrences(of: " ", with: "-"))],
              text: qa.verdict.advice),
          ]))
    }
    rows.append(
      .el(
        "tr", [],
        [
          .el("th", [("scope", "row")], text: "Overall"),
          .el("td", [("class", "num")], text: AgreementSection.f(a.overallInterval.value)),
          .el("td", [("class", "num")], text: AgreementSection.ci(a.overallCI)),
          .el("td", [("class", "num")], text: AgreementSection.f(a.overallOrdinal.value)),
          .el("td", [("class", "num")], text: String(a.overallInterval.units)),
          .el("td", [("class", "num")], text: String(a.overallInterval.values)),
          .el(
            "td", [("class", "verdict " + a.overallVerdict.rawValue.replacingOccurrences(of: " ", with: "-"))],
            text: a.overallVerdict.advice),
        ]))
    let head = ["Question", "Alpha (interval)", "95% CI", "Alpha (ordinal)", "Units", "Values", "Verdict"].map {
      HTML.el("th", text: $0)
    }
    return section(
      "Appendix: interviewer agreement",
      [
        .el("table", [("class", "agreement")], [.el("thead", [], [.el("tr", [], head)]), .el("tbody", [], rows)]),
        .el("p", [], text: a.iccLine()),
      ])
  }

  func footer() -> HTML {
    var items: [HTML] = [
      .el(
        "p", [],
        text:
          "Generated \(Timestamp.iso(generated)) by Shortlist. Scores: 100 x weighted mean of (question mean - 1) / 3 over scored questions; unscored questions are gaps, never zeros."
      )
    ]
    if !banks.isEmpty {
      items.append(
        .el(
          "ul", [("class", "banks")],
          banks.map { .el("li", text: "\($0.title) (\($0.id) v\($0.version), sha256 \($0.sha256))") }))
    }
    return .el("footer", [], items)
  }

  func n(_ v: Double) -> String { Format.fixed(v, 1) }
  func pct(_ v: Double) -> String { "\(Int((v * 100).rounded()))%" }

  static let css = """
    :root { --ink: #1d2433; --muted: #5b6475; --line: #d8dde6; }
    * { box-sizing: border-box; }
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink);
      max-width: 1100px; margin: 24px auto; padding: 0 20px; }
    h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); }
    h3 { font-size: 14px; margin: 12px 0 4px; }
    .muted, .legend { color: var(--muted); font-size: 12px; }
    dl.one-pager { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
    dl.one-pager dt { font-weight: 600; } dl.one-pager dd { margin: 0; white-space: pre-wrap; }
    svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
    svg text.label { text-anchor: end; } svg text.axis { text-anchor: middle; fill: var(--muted); font-size: 10px; }
    svg .track { fill: #f0f2f5; } svg .tick { stroke: var(--line); stroke-dasharray: 2 3; }
    svg .bar, svg .tierbar { fill: #2f5d9e; } svg .bar.tier1, svg .tierbar.tier1 { fill: #1b3a66; }
    svg .bar.tier2, svg .tierbar.tier2 { fill: #2f5d9e; } svg .bar.tier3, svg .tierbar.tier3 { fill: #5b86c2; }
    svg .bar.tier4, svg .tierbar.tier4 { fill: #8fb0dc; }
    svg .coverage { fill: #3b3b3b; } svg .unscored { fill: #cfcfcf; }
    table { border-collapse: collapse; margin: 6px 0; } th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .scroll { overflow-x: auto; }
    table.heatmap th { font-size: 12px; max-width: 140px; } table.heatmap td.cell { text-align: center; min-width: 56px; border: 1px solid #fff; }
    table.heatmap td.cell.dark { color: #fff; }
    table.heatmap td.gap { color: #666; font-style: italic;
      background: repeating-linear-gradient(45deg, #fff, #fff 4px, #e2e2e2 4px, #e2e2e2 8px); }
    .verdict.reliable { color: #1b5e20; } .verdict.reword { color: var(--ink); font-style: italic; }
    td.over-budget { color: #7a4b00; font-weight: 600; } h4 { font-size: 13px; margin: 8px 0 2px; }
    section.appendix-interviewer-agreement { color: var(--muted); font-size: 12px; }
    footer { margin-top: 32px; color: var(--muted); font-size: 11px; } footer ul { padding-left: 18px; }
    @page { size: A4; margin: 14mm; }
    @media print {
      body { max-width: none; margin: 0; padding: 0; font-size: 11px; }
      .scroll { overflow: visible; } section { break-inside: auto; } tr, .candidate-notes, svg { break-inside: avoid; }
      svg { max-width: 100%; height: auto; } table.heatmap { font-size: 9px; } table.heatmap td.cell { min-width: 0; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
