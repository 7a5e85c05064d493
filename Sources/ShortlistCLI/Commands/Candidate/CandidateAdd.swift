import ArgumentParser
import ShortlistCore
import ShortlistReports

struct CandidateAdd: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Add a candidate; the tier comes from --tier or a known --source.")

  @Argument(help: "Full name, quoted when it has spaces.") var name: String
  @Option(parsing: .unconditional, help: "Sourcing tier 1-4.") var tier: String?
  @Option(help: "Where they came from (Toptal, referral, Upwork...).") var source: String?
  @Option(parsing: .unconditional, help: "Hourly rate in USD.") var rate: String?
  @Option(help: "Email address.") var email: String?
  @Option(name: .customLong("link"), help: "A profile or portfolio URL (repeat).") var links: [String] = []
  @Option(help: "The role they are considered for (default: the role in use).") var role: String?
  @Option(name: .customLong("tag"), help: "A tag (repeat).") var tags: [String] = []

  func run(in ctx: Context) throws {
    let (t, s) = try CandidateFields.resolveTier(tier: tier, source: source, map: try ctx.db.sourceMap())
    var candidate = NewCandidate(name: try CandidateFields.name(name), tier: t, source: s)
    if let rate { candidate.rate = try CandidateFields.rate(rate) }
    if let email { candidate.email = try CandidateFields.email(email) }
    candidate.links = try links.map(CandidateFields.link)
    candidate.tags = try tags.map(CandidateFields.tag)
    let roleIds = try ctx.effectiveRole(role).map { [$0.id] } ?? []
    let saved = try ctx.db.addCandidate(candidate, roleIds: roleIds)
    ctx.changed()
    ctx.console.print(
      "added candidate #\(saved.id) \(TextTable.oneLine(saved.name)) (tier \(t.rawValue)\(s.isEmpty ? "" : ", " + TextTable.oneLine(s)))"
    )
  }
}
