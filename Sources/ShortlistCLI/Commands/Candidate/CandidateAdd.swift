import ArgumentParser
import ShortlistCore
import ShortlistReports

struct CandidateAdd: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Add a candidate; the tier comes from --tier or a known --source.")

  @Argument(help: "Full name, quoted when it has spaces.") var name: String
  @Option(parsing: .unconditional, help: "Sourcing tier 1-4.") var tier: TierValue?
  @Option(parsing: .unconditional, help: "Where they came from (Toptal, referral, Upwork...).") var source: String?
  @Option(parsing: .unconditional, help: "Hourly rate in USD.") var rate: RateValue?
  @Option(parsing: .unconditional, help: "Email address.") var email: String?
  @Option(name: .customLong("link"), parsing: .unconditionalSingleValue, help: "A profile or portfolio URL (repeat).")
  var links: [String] = []
  @Option(parsing: .unconditional, help: "The role they are considered for (default: the role in use).") var role:
    String?
  @Option(name: .customLong("tag"), parsing: .unconditionalSingleValue, help: "A tag (repeat).") var tags: [String] = []

  func run(in ctx: Context) throws {
    // Every problem of the line at once: a bad rate and a missing tier are named together.
    let map = try ctx.db.sourceMap()
    var problems: [CLIError] = []
    func check<T>(_ body: () throws -> T) -> T? {
      do { return try body() } catch let e as CLIError {
        problems.append(e)
        return nil
      } catch {
        return nil
      }
    }
    let checkedName = check { try CandidateFields.name(name) }
    let resolved = check { try CandidateFields.resolveTier(tier: tier?.text, source: source, map: map) }
    let checkedRate = rate.flatMap { r in check { try r.value("--rate") } }
    let checkedEmail = email.flatMap { e in check { try CandidateFields.email(e) } }
    let checkedLinks = links.compactMap { l in check { try CandidateFields.link(l) } }
    let checkedTags = tags.compactMap { t in check { try CandidateFields.tag(t) } }
    try Problems.check([], also: problems)
    guard let checkedName, let (t, s) = resolved else { return }
    var candidate = NewCandidate(name: checkedName, tier: t, source: s)
    candidate.rate = checkedRate
    candidate.email = checkedEmail ?? nil
    candidate.links = checkedLinks
    candidate.tags = checkedTags
    let roleIds = try ctx.effectiveRole(role).map { [$0.id] } ?? []
    let saved = try ctx.db.addCandidate(candidate, roleIds: roleIds)
    ctx.changed()
    ctx.console.print(
      "added candidate #\(saved.id) \(TextTable.oneLine(saved.name)) (tier \(t.rawValue)\(s.isEmpty ? "" : ", " + TextTable.oneLine(s)))"
    )
  }
}
