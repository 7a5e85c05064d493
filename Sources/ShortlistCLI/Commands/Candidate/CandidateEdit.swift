import ArgumentParser
import ShortlistCore
import ShortlistReports

struct CandidateEdit: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "edit", abstract: "Change a candidate's fields: candidate edit NAME --FIELD VALUE.")

  @Argument(help: "Name, unique prefix or #ID.") var candidate: String
  @Option(parsing: .unconditional, help: "A new name.") var name: String?
  @Option(parsing: .unconditional, help: "Email (empty to clear).") var email: String?
  @Option(parsing: .unconditional, help: "Tier 1-4.") var tier: TierValue?
  @Option(parsing: .unconditional, help: "Source; a known source also sets the tier unless --tier is given.")
  var source: String?
  @Option(parsing: .unconditional, help: "Hourly rate in USD (`none` to clear).") var rate: Clearable<RateValue>?
  @Option(name: .customLong("link"), parsing: .unconditionalSingleValue, help: "Add a link (repeat).") var links:
    [String] = []
  @Option(name: .customLong("unlink"), parsing: .unconditionalSingleValue, help: "Remove a link (repeat).") var unlinks:
    [String] = []
  @Option(name: .customLong("tag"), parsing: .unconditionalSingleValue, help: "Add a tag (repeat).") var tags:
    [String] = []
  @Option(name: .customLong("untag"), parsing: .unconditionalSingleValue, help: "Remove a tag (repeat).") var untags:
    [String] = []
  @Option(name: .customLong("role"), parsing: .unconditionalSingleValue, help: "Add to a role (repeat).") var roles:
    [String] = []
  @Option(name: .customLong("unrole"), parsing: .unconditionalSingleValue, help: "Remove from a role (repeat).")
  var unroles: [String] = []

  func run(in ctx: Context) throws {
    var c = try ctx.candidate(candidate)
    let nothing =
      name == nil && email == nil && tier == nil && source == nil && rate == nil && links.isEmpty && unlinks.isEmpty
      && tags.isEmpty && untags.isEmpty && roles.isEmpty && unroles.isEmpty
    if nothing {
      throw CLIError(
        "nothing to change; give one or more of --name, --email, --tier, --source, --rate, --link, --unlink, --tag, --untag, --role, --unrole",
        usage: true)
    }
    try Problems.check([(tier, "--tier"), (rate, "--rate")])
    if c.forgotten { throw CLIError("candidate #\(c.id) was forgotten; their record cannot be edited") }
    if let name { c.name = try CandidateFields.name(name) }
    if let email { c.email = try CandidateFields.email(email) }
    if let source {
      c.source = try CandidateFields.source(source)
      if tier == nil, let inferred = try ctx.db.sourceMap().tier(for: c.source) { c.tier = inferred }
    }
    if let tier { c.tier = try tier.value("--tier") }
    if let rate { c.rate = try rate.value("--rate") }
    for l in links { c.links.append(try CandidateFields.link(l)) }
    for l in unlinks {
      guard let i = c.links.firstIndex(of: l) else {
        throw CLIError("no link '\(l)' on \(c.name); links: \(c.links.joined(separator: " "))")
      }
      c.links.remove(at: i)
    }
    for t in tags { c.tags.append(try CandidateFields.tag(t)) }
    for t in untags {
      guard c.tags.contains(where: { $0.lowercased() == t.lowercased() }) else {
        throw CLIError("no tag '\(t)' on \(c.name); tags: \(c.tags.joined(separator: ", "))")
      }
      c.tags.removeAll { $0.lowercased() == t.lowercased() }
    }
    var roleIds: [Int64]?
    if !roles.isEmpty || !unroles.isEmpty {
      let all = try ctx.db.roles()
      var ids = all.filter { c.roles.contains($0.title) }.map(\.id)
      for r in roles {
        let id = try ctx.roleId(r)
        if !ids.contains(id) { ids.append(id) }
      }
      for r in unroles {
        let id = try ctx.roleId(r)
        ids.removeAll { $0 == id }
      }
      roleIds = ids
    }
    try ctx.db.updateCandidate(c, roleIds: roleIds)
    ctx.changed()
    ctx.console.print("updated candidate #\(c.id) \(TextTable.oneLine(c.name))")
  }
}
