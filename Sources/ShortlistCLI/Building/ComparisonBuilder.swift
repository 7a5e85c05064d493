import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistSupport

/// Everything a comparison shows, built once for every format.
final class BuiltComparison {
  var base: ComparisonReport
  var data: ComparisonData
  let adjusted: Bool
  /// Its rows were handed to a visitor as they were read, not kept (`ComparisonBuilder.build(visit:)`).
  var visited = false
  /// The yield per sourcing tier of every candidate read (`build(milestones: true)`), added up in candidate-id order
  /// as the rows were read (before any are left out by coverage).
  var tierYield: [TierYield]?
  /// Computed on first use (exports and shortlists do not need it), or started early on another core.
  var agreement: AgreementSection {
    if let computed { return computed }
    let section = pending?.result ?? Self.agreement(base.rows, questions: base.questions, adjusted: adjusted)
    computed = section
    pending = nil
    return section
  }
  private var computed: AgreementSection?
  private var pending: Background<AgreementSection>?

  /// Starts computing the agreement section on another core, to be picked up by `agreement`.
  func startAgreement() {
    guard computed == nil, pending == nil else { return }
    let (rows, questions, adjusted) = (base.rows, base.questions, adjusted)
    pending = Background { Self.agreement(rows, questions: questions, adjusted: adjusted) }
  }

  /// The section over the rows taken in candidate-id order, the order a comparison read in slices adds them up in:
  /// floating-point sums depend on their order, and the same file gives the same figures whichever way it was read.
  static func agreement(_ rows: ComparisonRows, questions: [QuestionRef], adjusted: Bool) -> AgreementSection {
    let ids = rows.ids
    let order = rows.indices.sorted { ids[$0] < ids[$1] }
    return AgreementSection.compute(rows: order.lazy.map { rows[$0] }, questions: questions, adjusted: adjusted)
  }

  init(base: ComparisonReport, data: ComparisonData, adjusted: Bool, agreement: AgreementSection? = nil) {
    self.base = base
    self.data = data
    self.adjusted = adjusted
    computed = agreement
  }

  /// The terminal text a line at a time: the scope, the table, then the agreement section.
  /// `nobody`: what to say, instead of an empty table under its legend, when there is no row.
  func textLines(width: Int, color: Bool, nobody: String, _ line: (String) -> Void) {
    startAgreement()
    for l in TextWrap.wrap(ComparisonReport.scopeLine(base.role), width: width) { line(TerminalText.safe(l)) }
    if base.rows.isEmpty {
      for l in TextWrap.wrap(nobody, width: width) { line(l) }
      return
    }
    base.tableLines(width: width, color: color, line)
    line("")
    for l in agreement.table(width: width, questions: base.questions, adjusted: adjusted).split(
      separator: "\n", omittingEmptySubsequences: false)
    {
      line(String(l))
    }
  }

  /// The Markdown document a line at a time (each ended by a newline): the comparison, then the agreement section.
  func markdownLines(_ line: (String) -> Void) {
    startAgreement()
    base.markdownLines(line)
    line("")
    var section = agreement.markdown(questions: base.questions, adjusted: adjusted)
    if section.hasSuffix("\n") { section.removeLast() }
    for l in section.split(separator: "\n", omittingEmptySubsequences: false) { line(String(l)) }
  }

  /// The candidates are written while the agreement section is computed on another core; it goes last.
  func writeJSON(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    startAgreement()
    try base.writeJSON(sink) { self.agreement.json(adjusted: self.adjusted) }
  }

  /// The yield per tier over `rows` taken in candidate-id order (the order a comparison read in slices adds them up
  /// in: the same figures whichever way the file was read).
  static func tierYield(_ rows: ComparisonRows, reached: [Int64: Milestones]) -> [TierYield] {
    let ids = rows.ids
    let order = rows.indices.sorted { ids[$0] < ids[$1] }
    return TierYield.compute(rows: order.lazy.map { rows[$0] }, reached: reached)
  }
}

/// The one place a comparison is built: compare, export, outcomes, shortlist and the HTML report all start here, so
/// they rank the same candidates the same way (no command calls another command's code).
/// What a command writes beside each row of a large comparison as its slices are read, given the slice's data (its
/// questions) and its notes' strengths and concerns: bytes it copies out later in rank order (`forEachRendering`).
typealias SliceRendering = @Sendable (ComparisonData, EvidenceSource?) -> (ComparisonRow, inout [UInt8]) -> Void

enum ComparisonBuilder {
  /// Candidate ids per slice: a comparison spanning more is read a slice at a time, its rows kept in a temporary file
  /// (`ComparisonRows`), so its memory stays flat at a million candidates (`Context.comparisonSlice`, smaller in
  /// tests).
  static let slice: Int64 = 10_000

  /// Whether a comparison (of `role`, or everyone) is read in slices: its ids span more than one.
  static func isSliced(ctx: Context, role: Role?, slice: Int64? = nil) throws -> Bool {
    guard let span = try ctx.db.candidateIdSpan(roleId: role?.id) else { return false }
    return span.upperBound - span.lowerBound >= slice ?? ctx.comparisonSlice
  }

  /// `agreement`: also add up the interviewer-agreement section while the slices are read (compare shows it; exports
  /// and shortlists do not). `json`: a large comparison also writes each candidate's JSON as it is read (for
  /// `--format json`); `table`, `markdown`: each row's line of the table or the Markdown document (and the table's
  /// measure), so they print in one pass without reading the rows back; `render`, anything else a command writes per
  /// row (an export's CSV row, with the slice's strengths and concerns). `slice`: the context's unless given. `visit`: a large comparison's rows are handed to it
  /// as they are read, with their slice's data (questions, role banks), and not kept (the result's `visited`; a small
  /// one keeps its rows as always). `status`: only the candidates with that status, in one read, with what the whole
  /// comparison has for them (its questions, its bank versions): the shortlist of a million candidates reads its few
  /// people, not the million; not for the agreement, the yield or the adjusted scores, which are about everyone.
  static func build(
    ctx: Context, role: Role?, tier: Tier? = nil, adjusted: Bool = false, details: Bool = false,
    milestones: Bool = false, agreement: Bool = false, json: Bool = false, table: Bool = false, markdown: Bool = false,
    render: SliceRendering? = nil, slice: Int64? = nil, status: Status? = nil,
    visit: ((ComparisonRow, ComparisonData) -> Void)? = nil
  ) throws -> BuiltComparison {
    let slice = slice ?? ctx.comparisonSlice
    if status == nil, try isSliced(ctx: ctx, role: role, slice: slice),
      let span = try ctx.db.candidateIdSpan(roleId: role?.id)
    {
      return try sliced(
        ctx: ctx, role: role, tier: tier, adjusted: adjusted, details: details, milestones: milestones,
        agreement: agreement || adjusted, json: json && !adjusted, table: table && !adjusted,
        markdown: markdown && !adjusted, render: render, span: span, slice: slice, visit: visit)
    }
    let fallback = role.map { r in r.banks.compactMap { ctx.banks.bank($0) } } ?? []
    let started = Date()
    var data = try ctx.db.comparisonData(
      roleId: role?.id, tier: tier, viewer: ctx.viewer, fallbackBanks: fallback, details: details,
      milestones: milestones, status: status)
    ctx.trace("load", since: started)
    let ranking = Date()
    let rows = Comparison.rank(
      candidates: data.candidates, questions: data.questions, scorecards: data.scorecards, sealed: data.sealed,
      roleBanks: role == nil ? nil : data.roleBanks)
    ctx.trace("rank", since: ranking)
    // The rows hold the candidates and their scorecards now; the loaded copies go.
    data.candidates = []
    data.scorecards = [:]
    var report = ComparisonReport(role: role, rows: rows, questions: data.questions)
    report.roleBanks = role == nil ? [] : data.roleBanks
    report.bankVersions = data.bankVersions
    let built = BuiltComparison(base: report, data: data, adjusted: adjusted)
    if milestones, let reached = data.reached {
      built.tierYield = BuiltComparison.tierYield(built.base.rows, reached: reached)
      built.data.reached = nil
    }
    if adjusted { built.base.adjusted = built.agreement.adjustedScores }
    return built
  }

  /// A slice of candidate ids at a time: each slice is scored (every candidate's score depends on their own
  /// scorecards only), its rows written to a temporary file with their rank keys kept, and the agreement section
  /// added up; then the keys are sorted. Every slice gets the whole comparison's bank versions, so they share their
  /// questions. The next slice is read on another core while this one is added up and written; the slices are added
  /// up in id order whatever the timing, so the same file gives the same report, bit for bit.
  private static func sliced(
    ctx: Context, role: Role?, tier: Tier?, adjusted: Bool, details: Bool, milestones: Bool, agreement: Bool,
    json: Bool, table: Bool, markdown: Bool, render: SliceRendering?, span: ClosedRange<Int64>, slice: Int64,
    visit: ((ComparisonRow, ComparisonData) -> Void)?
  ) throws -> BuiltComparison {
    let fallback = role.map { r in r.banks.compactMap { ctx.banks.bank($0) } } ?? []
    let started = Date()
    let versions = try ctx.db.comparisonSnapshots(roleId: role?.id, tier: tier)
    let (db, viewer, roleId) = (try ctx.db, ctx.viewer, role?.id)
    typealias Slice = Result<(data: ComparisonData, rows: [ComparisonRow], evidence: EvidenceSource?), Error>
    let evidence = render != nil
    func read(_ range: ClosedRange<Int64>) -> Background<Slice> {
      Background {
        Result {
          var data = try db.comparisonData(
            roleId: roleId, tier: tier, viewer: viewer, fallbackBanks: fallback, details: details,
            milestones: milestones, idRange: range, versions: versions)
          let rows = Comparison.rank(
            candidates: data.candidates, questions: data.questions, scorecards: data.scorecards, sealed: data.sealed,
            roleBanks: roleId == nil ? nil : data.roleBanks, sorted: false)
          // The rows hold what they need; the loaded copies go.
          data.candidates = []
          data.scorecards = [:]
          data.sealed = []
          return (data, rows, evidence ? try db.evidenceSource(viewer: viewer, idRange: range) : nil)
        }
      }
    }
    func range(from low: Int64) -> ClosedRange<Int64>? {
      low <= span.upperBound ? low...min(span.upperBound, low + slice - 1) : nil
    }
    var spiller = ComparisonRows.Spiller(
      file: try SpillFile(), expected: Int(clamping: min(span.upperBound - span.lowerBound + 1, 1 << 22)))
    var sums: AgreementSection.Accumulator?
    var yields = milestones ? TierYield.Accumulator() : nil
    var frame: ComparisonData?
    var versionCounts: [String: [Int: Int]] = [:]
    // The table's (or Markdown's) row is made here on this core while the next slice is read, written beside the
    // row and, for the table, measured: the table is then printed in one pass over these, the rows never read back.
    var measure = ComparisonReport.TableMeasure()
    var current = range(from: span.lowerBound)
    var pending = current.map(read)
    while let reading = pending, let here = current {
      let (data, rows, notes) = try reading.result.get()
      current = range(from: here.upperBound + 1)
      pending = current.map(read)
      if frame == nil {
        frame = data
        if json {
          // Each candidate's JSON is written now, on this core, while the next slice is read: the document is
          // then the records copied in rank order.
          var layout = ComparisonReport(role: role, rows: [], questions: data.questions)
          layout.roleBanks = role == nil ? [] : data.roleBanks
          let keys = layout.questionKeys
          spiller.rendering = { row, out in layout.writeCandidate(row, keys: keys, into: &out) }
        } else if table || markdown {
          var layout = ComparisonReport(role: role, rows: [], questions: data.questions)
          layout.roleBanks = role == nil ? [] : data.roleBanks
          spiller.rendering = { row, out in
            let line = layout.tableRow(row, short: table)
            if table { layout.measure(line, into: &measure) }
            ComparisonReport.encode(line, into: &out)
          }
        }
      }
      if let render { spiller.rendering = render(data, notes) }
      yields?.add(rows: rows, reached: data.reached ?? [:])
      if agreement {
        if sums == nil { sums = AgreementSection.Accumulator(questions: data.questions, adjusted: adjusted) }
        for row in rows { sums?.add(row) }
      }
      if let visit {
        for row in rows { visit(row, data) }
      } else {
        try spiller.add(rows)
      }
      for v in data.bankVersions { versionCounts[v.bank, default: [:]][v.version, default: 0] += v.scorecards }
      if here.lowerBound == span.lowerBound { ctx.trace("the first slice", since: started) }
      // The slice's strings and arrays are freed: their pages go back.
      Memory.giveBack()
    }
    ctx.trace("load and score in slices", since: started)
    let ranking = Date()
    let rows = try spiller.finish()
    ctx.trace("rank", since: ranking)
    guard var data = frame else { throw CLIError("the comparison's candidates could not be read") }
    // The first slice's milestones are not the comparison's: the yield was added up slice by slice.
    data.reached = nil
    data.bankVersions = versionCounts.keys.sorted().flatMap { bank in
      (versionCounts[bank] ?? [:]).sorted { $0.key < $1.key }.map { (bank, $0.key, $0.value) }
    }
    var report = ComparisonReport(role: role, rows: rows, questions: data.questions)
    report.roleBanks = role == nil ? [] : data.roleBanks
    report.bankVersions = data.bankVersions
    if table { report.tableMeasure = measure }
    report.tableRowsRendered = table || markdown
    let section = sums?.result
    let built = BuiltComparison(base: report, data: data, adjusted: adjusted, agreement: section)
    built.visited = visit != nil
    built.tierYield = yields?.result
    if adjusted { built.base.adjusted = built.agreement.adjustedScores }
    return built
  }
}
