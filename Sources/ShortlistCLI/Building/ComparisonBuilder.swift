import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistSupport

/// Everything a comparison shows, built once for every format.
final class BuiltComparison {
  var base: ComparisonReport
  let data: ComparisonData
  let adjusted: Bool
  /// Computed on first use (exports and shortlists do not need it), or started early on another core.
  var agreement: AgreementSection {
    if let computed { return computed }
    let section =
      pending?.result
      ?? AgreementSection.compute(rows: base.rows, questions: base.questions, adjusted: adjusted)
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
    pending = Background { AgreementSection.compute(rows: rows, questions: questions, adjusted: adjusted) }
  }

  init(base: ComparisonReport, data: ComparisonData, adjusted: Bool) {
    self.base = base
    self.data = data
    self.adjusted = adjusted
  }

  func text(width: Int, color: Bool) -> String {
    startAgreement()
    return TextWrap.wrap(ComparisonReport.scopeLine(base.role), width: width).joined(separator: "\n") + "\n"
      + base.table(width: width, color: color)
      + "\n\n"
      + agreement.table(width: width, questions: base.questions, adjusted: adjusted)
  }

  func markdown() -> String {
    startAgreement()
    return base.markdown() + "\n" + agreement.markdown(questions: base.questions, adjusted: adjusted)
  }

  /// The candidates are written while the agreement section is computed on another core; it goes last.
  func writeJSON(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    startAgreement()
    try base.writeJSON(sink) { self.agreement.json(adjusted: self.adjusted) }
  }

  func html(ctx: Context, withAgreement: Bool = true) throws -> String {
    if withAgreement { startAgreement() }
    // The tier chart comes from the rows already ranked, not from a second comparison, and the milestones read
    // with them.
    let reached = try data.reached ?? ctx.db.firstReached(roleId: base.role?.id)
    let tiers = TierYield.compute(rows: base.rows, reached: reached)
    let evidence = try ctx.db.evidence(for: HTMLReport.evidenceIds(base), viewer: ctx.viewer)
    var report = HTMLReport(
      comparison: base, agreement: withAgreement ? agreement : nil, tiers: tiers, banks: data.banks,
      evidence: evidence, generated: Clock.now())
    let shown = Set(base.rows.map(\.candidate.id))
    report.engagements = try ctx.db.engagements().filter {
      shown.contains($0.candidateId) && (base.role == nil || $0.roleId == base.role?.id)
    }
    if let role = base.role, let fit = try ctx.db.fit(roleId: role.id) {
      report.fit = (fit.verdict.rawValue, fit.reasons)
    }
    // Once engagements have ended: did the interviews predict the work?
    if report.engagements.contains(where: { $0.end != nil }) {
      let analysis = try OutcomesBuilder.analysis(
        ctx: ctx, built: self, ownRate: try OutcomesBuilder.ownRate(ctx: ctx, option: nil))
      report.outcomes = OutcomesReport(role: base.role, analysis: analysis)
    }
    return report.render()
  }
}

/// The one place a comparison is built: compare, export, outcomes, shortlist and the HTML report all start here, so
/// they rank the same candidates the same way (no command calls another command's code).
enum ComparisonBuilder {
  static func build(
    ctx: Context, role: Role?, tier: Tier? = nil, adjusted: Bool = false, details: Bool = false,
    milestones: Bool = false
  ) throws -> BuiltComparison {
    let fallback = role.map { r in r.banks.compactMap { ctx.banks.bank($0) } } ?? []
    let started = Date()
    var data = try ctx.db.comparisonData(
      roleId: role?.id, tier: tier, viewer: ctx.viewer, fallbackBanks: fallback, details: details,
      milestones: milestones)
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
    if adjusted { built.base.adjusted = built.agreement.adjustedScores }
    return built
  }
}
