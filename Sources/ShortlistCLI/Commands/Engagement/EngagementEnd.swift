import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct EngagementEnd: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "end", abstract: "End an engagement with its outcome review.",
    discussion: """
      quality: \((1...4).map { "\($0) \(OutcomeLevels.quality[$0] ?? "")" }.joined(separator: "; "))
      communication: \((1...4).map { "\($0) \(OutcomeLevels.communication[$0] ?? "")" }.joined(separator: "; "))
      """)
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Option(parsing: .unconditional, help: "First milestone met: yes, late or no.") var milestone: String?
  @Option(parsing: .unconditional, help: "Quality of the work, 1-4 (see below).") var quality: String?
  @Option(parsing: .unconditional, help: "Communication, 1-4 (see below).") var communication: String?
  @Option(parsing: .unconditional, help: "Would engage again: yes or no.") var again: String?
  @Option(parsing: .unconditional, help: "Total hours (default: the hours reported).") var hours: HoursValue?
  @Option(parsing: .unconditional, help: "Rework hours, inside the total.") var rework: HoursValue?
  @Option(parsing: .unconditional, help: "Support hours after delivery.") var support: HoursValue?
  @Option(parsing: .unconditional, help: "End date, YYYY-MM-DD (default: today).") var end: DayValue?

  func run(in ctx: Context) throws {
    let (c, e) = try EngagementFields.engagement(name, ctx: ctx)
    guard e.isActive else { throw CLIError("the engagement with \(TextTable.oneLine(c.name)) has already ended") }
    var o = EngagementOutcome()
    if let milestone {
      guard let m = MilestoneOutcome(rawValue: milestone.trimmed.lowercased()) else {
        throw CLIError("--milestone takes \(MilestoneOutcome.accepted)")
      }
      o.milestone = m
    }
    o.quality = try quality.map { try EngagementFields.level($0, flag: "--quality", anchors: OutcomeLevels.quality) }
    o.communication = try communication.map {
      try EngagementFields.level($0, flag: "--communication", anchors: OutcomeLevels.communication)
    }
    if let again {
      switch again.trimmed.lowercased() {
      case "yes", "y", "true": o.again = true
      case "no", "n", "false": o.again = false
      default: throw CLIError("--again takes yes or no")
      }
    }
    o.hours = try hours?.value("--hours") ?? e.reportedHours
    o.rework = try rework?.value("--rework")
    o.support = try support?.value("--support")
    if let r = o.rework, let h = o.hours, r > h {
      throw CLIError("--rework (\(Format.number(r)) h) is inside --hours; it cannot exceed them")
    }
    let day = try EngagementFields.pastDay(end, flag: "--end")
    guard day >= e.start else { throw CLIError("the end date \(day) is before the start, \(e.start)") }
    try ctx.db.endEngagement(id: e.id, on: day, outcome: o)
    ctx.changed()
    var parts: [String] = []
    if let m = o.milestone { parts.append("first milestone \(m.rawValue)") }
    if let q = o.quality { parts.append("quality \(q) (\(OutcomeLevels.quality[q] ?? ""))") }
    if let q = o.communication { parts.append("communication \(q)") }
    if let a = o.again { parts.append(a ? "would engage again" : "would not engage again") }
    ctx.console.print(
      "ended engagement #\(e.id) with \(TextTable.oneLine(c.name)) on \(day)"
        + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")))
  }
}
