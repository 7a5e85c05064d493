import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct EngagementShow: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "An engagement: terms, checklist, First 5 Days, reports, risks and outcome.")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

  func run(in ctx: Context) throws {
    let (_, e) = try EngagementFields.engagement(name, ctx: ctx)
    if format == .json {
      ctx.console.printDocument(EngagementFields.json(e).render())
      return
    }
    let con = ctx.console
    con.print(
      con.bold("engagement #\(e.id) \(TextTable.oneLine(e.candidateName))")
        + (e.roleTitle.map { " · " + TextTable.oneLine($0) } ?? "") + " · " + (e.isActive ? "active" : "ended"))
    con.print(
      "  terms   \(e.model?.label ?? "no model") · \(EngagementFields.money(e.rate))/h · cap \(e.cap.map { Format.number($0) + " h/week" } ?? "-") · budget \(EngagementFields.money(e.budget))"
    )
    con.print("  dates   started \(e.start)" + (e.end.map { ", ended \($0)" } ?? ""))
    con.print(
      "  work    \(Format.number(e.reportedHours)) h reported, spend \(EngagementFields.money(e.spend)), founder's coordination \(Format.number(e.coordinationHours)) h"
        + (e.daysToFirstShip.map { ", first ticket shipped after \($0) days" } ?? ""))
    con.print(con.bold("contract checklist"))
    for item in ContractItem.allCases {
      con.print(
        "  \(TextTable.pad((e.checklist[item] ?? .open).rawValue, 7)) \(item.rawValue): \(item.label)"
      )
    }
    con.print(con.bold("first 5 days"))
    let today = CivilDay.today()
    for o in try ctx.db.onboarding(engagementId: e.id) {
      let state = o.done.map { "done \($0)" } ?? (o.due < today ? "OVERDUE (due \(o.due))" : "due \(o.due)")
      con.print("  day \(o.item.day)  \(o.item.id): \(TextTable.oneLine(o.item.title)) · \(state)")
    }
    let reports = try ctx.db.reports(engagementId: e.id)
    if !reports.isEmpty {
      con.print(con.bold("weekly reports"))
      for r in reports {
        con.print(
          "  week of \(r.week): \(r.hours.map { Format.number($0) + " h" } ?? "- h")"
            + (r.coordination.map { ", coordination \(Format.number($0)) h" } ?? "")
            + (r.forced ? " (forced: checklist open)" : ""))
        for (label, text) in [("done", r.done), ("next", r.next), ("blockers", r.blockers)] {
          if let text { con.printWrapped(text, lead: "    \(label): ") }
        }
      }
    }
    let checkins = try ctx.db.checkins(engagementId: e.id)
    con.print(con.bold("weekly sync calls"))
    if checkins.isEmpty { con.print("  none yet (`checkin \(TextTable.oneLine(e.candidateName)) --note ...`)") }
    for k in checkins { con.printWrapped(k.note ?? "-", lead: "  \(k.day)  ") }
    let risks = try ctx.db.risks(engagementId: e.id)
    if !risks.isEmpty {
      con.print(con.bold("risks"))
      for k in risks {
        con.printWrapped(
          "\(k.severity.rawValue)\(k.closed == nil ? "" : ", closed"): \(k.text)"
            + (k.owner.map { " (owner \($0))" } ?? ""),
          lead: "  #\(k.id) ")
      }
    }
    if !e.isActive {
      con.print(con.bold("outcome"))
      let o = e.outcome
      con.print("  first milestone: \(o.milestone?.rawValue ?? "-")")
      if let q = o.quality { con.print("  quality \(q): \(OutcomeLevels.quality[q] ?? "")") }
      if let q = o.communication { con.print("  communication \(q): \(OutcomeLevels.communication[q] ?? "")") }
      con.print("  would engage again: \(o.again.map { $0 ? "yes" : "no" } ?? "-")")
      con.print(
        "  hours \(o.hours.map(Format.number) ?? "-"), rework \(o.rework.map(Format.number) ?? "-"), support \(o.support.map(Format.number) ?? "-")"
      )
    }
  }
}
