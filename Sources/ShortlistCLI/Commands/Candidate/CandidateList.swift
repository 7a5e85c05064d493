import ArgumentParser
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct CandidateList: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List candidates.")

  @Option(parsing: .unconditional, help: "Only this tier (1-4).") var tier: TierValue?
  @Option(parsing: .unconditional, help: "Only this status.") var status: String?
  @Option(
    parsing: .unconditional, help: "Only candidates for this role (default: the role in use); status is that role's.")
  var role: String?
  @Flag(name: .customLong("all-roles"), help: "Every candidate, whatever the role in use.") var allRoles = false
  @Option(parsing: .unconditional, help: "Only candidates with this tag.") var tag: String?
  @Option(
    parsing: .unconditional,
    help: "Only candidates in their current stage for more than DAYS days, longest waiting first.")
  var stale: String?
  @Option(parsing: .unconditional, help: "name, tier, rate, status or since (longest in stage first); default: id.")
  var sort: String?
  @OptionGroup var listing: ListFormatOption
  var format: ListFormat { listing.format }

  func run(in ctx: Context) throws {
    var filter = CandidateFilter()
    if let tier { filter.tier = try tier.value("--tier") }
    if let status { filter.status = try CandidateFields.status(status) }
    if role != nil && allRoles { throw CLIError("give --role R or --all-roles, not both", usage: true) }
    let scope: Role? = allRoles || role?.lowercased() == "all" ? nil : try ctx.effectiveRole(role)
    filter.roleId = scope?.id
    filter.tag = tag
    var staleDays: Int?
    if let stale {
      guard let d = Int(stale.trimmed), d >= 0 else {
        throw CLIError("--stale takes a whole number of days (0 or more), not '\(TextTable.oneLine(stale))'")
      }
      staleDays = d
      filter.staleBefore = Clock.now().addingTimeInterval(-Double(d) * 86_400)
    }
    if let sort {
      guard let order = CandidateOrder(rawValue: sort.trimmed.lowercased()), order != .id else {
        throw CLIError(
          "--sort takes name, tier, rate, status or since, not '\(TextTable.oneLine(sort))'", usage: true)
      }
      filter.order = order
    }
    switch format {
    case .json:
      // Streamed: each candidate is written as it is read, in 64 KiB blocks.
      try ctx.console.streamJSONArray { element in
        try ctx.db.eachCandidate(filter) { c in try element { CandidateListing.write(c, to: &$0) } }
      }
    case .csv:
      try ctx.console.streamCSV(header: CandidateListing.csvHeader) { w in
        try ctx.db.eachCandidate(filter) { try CandidateListing.writeCSV($0, to: &w) }
      }
    case .table:
      // The columns are measured before the first row is written. Rows are kept, packed, while they fit in a fixed
      // budget (`ctx.tableRowsBudget`: all of them up to some 200,000 candidates); past it, full blocks of them go
      // to an unnamed temporary file and are read back in order: the candidates are read once, and memory stays
      // bounded whatever the size. The table shows tags, not links, roles, uuids or emails: those are not read.
      // Days in stage count to one "now".
      filter.links = false
      filter.roles = false
      filter.contact = false
      let now = Clock.now()
      var measure = TextTable.Measure(CandidateListing.tableColumns)
      var count = 0
      var held = PackedRows(spillPast: ctx.tableRowsBudget)
      try ctx.db.eachCandidate(filter) {
        let row = CandidateListing.tableRow($0, staleDays: staleDays, now: now)
        measure.add(row)
        count += 1
        try held.append(row)
      }
      let scopeLine = Self.scopeLine(scope)
      if count == 0 {
        if scope != nil { ctx.console.print(scopeLine) }
        ctx.console.print(
          filter.tier == nil && filter.status == nil && filter.roleId == nil && filter.tag == nil
            && filter.staleBefore == nil
            ? "no candidates yet; start with `candidate add \"Ada Lovelace\" --source Toptal --rate 120`, `candidate import FILE.csv`, or `shortlist --demo`"
            : "no candidates match")
        return
      }
      let layout = TextTable.Layout(
        CandidateListing.tableColumns, measure: measure, maxWidth: min(ctx.console.columns, 100))
      try ctx.console.page(lineCount: count + 4) { line in
        line(scopeLine)
        for header in layout.header() { line(header) }
        try held.forEach { line(layout.line($0)) }
        line(
          "\(count) candidate" + (count == 1 ? "" : "s")
            + (staleDays.map { " in their stage for more than \($0) day\($0 == 1 ? "" : "s")" } ?? ""))
      }
    }
  }

  /// The first line of a table scoped by role: which role, and how to see every candidate.
  static func scopeLine(_ role: Role?) -> String {
    guard let role else { return "all roles (status: each candidate's latest move)" }
    return "role: \(TextTable.oneLine(role.title)) (status of this role's applications; --all-roles for everyone)"
  }
}
