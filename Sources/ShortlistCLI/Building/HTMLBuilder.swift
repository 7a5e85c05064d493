import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

/// What the HTML report shows of a comparison, gathered as its rows go by: a large comparison's as its slices are
/// read (they are not kept), a small one's from its ranking. Its per-candidate sections show the first
/// `HTMLReport.rowLimit` rows of each kind, the engagements of the people in it, and the outcome cases of those that
/// ended; only the notes of the rows shown are read later.
final class HTMLGathering {
  let role: Role?
  private(set) var filter: CoverageFilter?
  private(set) var selection: HTMLReport.Selection
  /// The role's engagements (every one without a role), in id order, and which belong to people in the comparison.
  private let owners: [(id: Int64, candidateId: Int64, ended: Bool)]
  private var positions: [Int64: [Int]] = [:]
  private var shown: [Bool]
  private var cases: OutcomesBuilder.Cases?
  /// The comparison's questions and role banks (which banks a row was never asked).
  private var layout: ComparisonReport?

  init(ctx: Context, role: Role?, minimum: Double?) throws {
    self.role = role
    selection = HTMLReport.Selection(limit: ctx.htmlRowLimit)
    filter = minimum.map { CoverageFilter(minimum: $0) }
    owners = try ctx.db.engagementOwners(roleId: role?.id)
    shown = [Bool](repeating: false, count: owners.count)
    for (k, o) in owners.enumerated() { positions[o.candidateId, default: []].append(k) }
    if owners.contains(where: \.ended) {
      cases = OutcomesBuilder.Cases(try OutcomesBuilder.ended(ctx: ctx, role: role))
    }
  }

  /// Adds a row of the comparison (a row below `--min-coverage` is counted and left out, as the other formats do).
  func add(_ row: ComparisonRow, questions: [QuestionRef], roleBanks: [String]) {
    if filter?.keeps(row) == false { return }
    if let ks = positions[row.candidate.id] { for k in ks { shown[k] = true } }
    cases?.add(row, questions: questions)
    if layout == nil {
      var report = ComparisonReport(role: role, rows: [], questions: questions)
      report.roleBanks = role == nil ? [] : roleBanks
      layout = report
    }
    if let layout { selection.add(row, of: layout) }
  }

  /// The outcome cases (nil when no engagement of the role has ended); what was kept for them goes.
  func takeCases() -> [OutcomeCase]? { cases?.take() }

  /// The engagements of people in the comparison, in id order: the first `limit` of them read, and how many.
  func engagements(ctx: Context, limit: Int) throws -> (first: [Engagement], count: Int, anyEnded: Bool) {
    var ids: [Int64] = []
    var count = 0
    var anyEnded = false
    for (k, o) in owners.enumerated() where shown[k] {
      count += 1
      anyEnded = anyEnded || o.ended
      if ids.count < limit { ids.append(o.id) }
    }
    return (ids.isEmpty ? [] : try ctx.db.engagements(ids: ids), count, anyEnded)
  }
}

extension BuiltComparison {
  /// The HTML report from what `gathering` took of the rows (`write` it a section at a time).
  func html(ctx: Context, gathering: HTMLGathering, withAgreement: Bool = true) throws -> HTMLReport {
    if withAgreement { startAgreement() }
    let started = Date()
    // The tier chart comes from the rows as they were read (`build(milestones: true)`), not a second comparison.
    let tiers = tierYield ?? []
    let picked = gathering.selection
    let evidence = try ctx.db.evidence(for: picked.evidenceIds, viewer: ctx.viewer)
    ctx.trace("html: notes of the rows shown", since: started)
    var report = HTMLReport(
      comparison: base, agreement: withAgreement ? agreement : nil, tiers: tiers, banks: data.banks,
      evidence: evidence, generated: Clock.now())
    report.shown = picked
    let engagements = try gathering.engagements(ctx: ctx, limit: picked.limit)
    report.engagements = engagements.first
    report.engagementCount = engagements.count
    if let role = base.role, let fit = try ctx.db.fit(roleId: role.id) {
      report.fit = (fit.verdict.rawValue, fit.reasons)
    }
    // Once engagements have ended: did the interviews predict the work?
    if engagements.anyEnded, let cases = gathering.takeCases() {
      let analysis = OutcomesBuilder.analysis(
        built: self, cases: cases, ownRate: try OutcomesBuilder.ownRate(ctx: ctx, option: nil))
      report.outcomes = OutcomesReport(role: base.role, analysis: analysis)
    }
    ctx.trace("html: engagements and outcomes", since: started)
    return report
  }
}
