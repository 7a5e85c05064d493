import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Export data for the rest of the team.", subcommands: [ExportShortlist.self])
}

struct ExportShortlist: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "shortlist",
    abstract: "Write the shortlist as RFC 4180 CSV (0600), with scores, strengths and concerns.")

  @Option(help: "Role (default: the role in use; `all` for every candidate).") var role: String?
  @Option(help: "The CSV file to write.") var out: String
  @Flag(help: "Drop names and emails (candidate id instead).") var redact = false
  @Flag(help: "Export every candidate of the role, not only the shortlisted ones.") var all = false

  static func shorten(_ s: String, _ limit: Int = 300) -> String {
    if s.utf8.count <= limit { return s }  // a character is at least one byte
    return s.count > limit ? String(s.prefix(limit - 1)) + "…" : s
  }

  func run(in ctx: Context) throws {
    let built = try CompareCommand.build(ctx: ctx, roleOption: role, tierOption: nil, adjusted: false, details: !redact)
    let rows = all ? built.base.rows : built.base.rows.filter { $0.candidate.status == .shortlisted }
    let questions = built.base.questions
    let started = Date()
    let notes = try ctx.db.notes(candidateIds: rows.compactMap(\.candidate.id))
    ctx.trace("notes", since: started)
    let writing = Date()
    defer { ctx.trace("write", since: writing) }
    let handle = try PrivateFile.create(out)
    defer { try? handle.close() }
    let writer = CSVWriter(handle: handle)
    var header = ["rank"] + (redact ? ["candidate_id"] : ["name", "email"])
    header += ["tier", "tier_name", "source", "rate", "score", "coverage", "recommendations"]
    header += questions.map { "q:\($0.id)" }
    header += ["strengths", "concerns", "status"]
    if !redact { header += ["links", "tags"] }
    try writer.write(header)
    var rank = 0
    for row in rows {
      let c = row.candidate
      let interviewed = row.interviewed && !row.sealed
      if interviewed { rank += 1 }
      var fields = [interviewed ? String(rank) : ""]
      fields += redact ? [String(c.id ?? 0)] : [c.name, c.email ?? ""]
      fields += [
        String(c.tier.rawValue), c.tier.name, c.source, c.rate.map(Format.number) ?? "",
        row.result.score.map { Format.fixed($0, 2) } ?? "", interviewed ? Format.fixed(row.result.coverage, 3) : "",
        Comparison.tallyText(row.result.recommendations),
      ]
      fields += row.result.means.map { $0.map { Format.fixed($0, 2) } ?? "" }
      let scored = questions.indices.compactMap { k in row.result.mean(k).map { (questions[k].id, $0) } }
      let byQuestion = notes[c.id ?? 0] ?? [:]
      var strength = ""
      var concern = ""
      if let best = scored.max(by: { $0.1 < $1.1 }) {
        strength = Self.shorten("\(best.0) (\(Format.fixed(best.1, 1))): " + (byQuestion[best.0] ?? ""))
      }
      if let worst = scored.min(by: { $0.1 < $1.1 }), scored.count > 1 {
        concern = Self.shorten("\(worst.0) (\(Format.fixed(worst.1, 1))): " + (byQuestion[worst.0] ?? ""))
      }
      fields += [strength, concern, c.status.rawValue]
      if !redact { fields += [c.links.joined(separator: " "), c.tags.joined(separator: ";")] }
      try writer.write(fields)
    }
    try writer.flush()
    ctx.console.print("wrote \(out) (\(rows.count) candidate\(rows.count == 1 ? "" : "s")\(redact ? ", redacted" : ""))")
  }
}
