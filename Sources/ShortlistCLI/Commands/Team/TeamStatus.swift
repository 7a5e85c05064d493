import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

struct TeamStatus: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Server, member, lead, last sync, changes not yet pushed, conflicts.")
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

  func run(in ctx: Context) throws {
    let url = try ctx.db.setting(TeamSettings.url)
    let member = try ctx.db.setting(TeamSettings.member)
    let lead = try ctx.db.setting(TeamSettings.lead) == "1"
    let last = try ctx.db.setting(TeamSettings.lastSync)
    let pending = url == nil ? 0 : try ctx.db.pendingSyncCount(member: member ?? "")
    let conflicts = url == nil ? [] : try ctx.db.syncConflicts()
    let refused = SyncJSON.lines(from: try ctx.db.setting(TeamSync.refusedKey))
    let skipped = SyncJSON.lines(from: try ctx.db.setting(TeamSync.skippedKey))
    let requests = ForgetRequest.parse(try ctx.db.setting(TeamSync.forgetRequestsKey))
    let labels = try ctx.db.syncConflictLabels()
    let names = try ctx.db.candidateLabels(requests.map(\.candidate_uuid))
    if format == .json {
      ctx.console.printDocument(
        JSON.object([
          ("server", .text(url)), ("member", .text(member)), ("lead", .bool(lead)), ("last_sync", .text(last)),
          ("pending", .int(pending)),
          (
            "conflicts",
            .array(
              conflicts.map {
                .object([
                  ("table", .text($0.tbl)), ("uuid", .text($0.row_uuid)), ("field", .text($0.field)),
                  ("kept", .text($0.kept)), ("lost_by", .text($0.lost_by)),
                  ("at", .text(Timestamp.iso(Date(timeIntervalSince1970: $0.at)))),
                ])
              })
          ),
          ("refused", .array(refused.map { .text($0) })), ("skipped", .array(skipped.map { .text($0) })),
          (
            "forget_requests",
            .array(
              requests.map {
                .object([
                  ("uuid", .text($0.candidate_uuid)), ("candidate", .text(names[$0.candidate_uuid])),
                  ("requested_by", .text($0.requested_by)), ("note", .text($0.note)),
                  ("at", .text(Timestamp.iso(Date(timeIntervalSince1970: $0.at)))),
                ])
              })
          ),
        ]).render())
      return
    }
    guard let url else {
      ctx.console.print(
        "not in a team; a lead runs `team init postgres://USER@HOST/DATABASE`, a member `team join URL`")
      return
    }
    ctx.console.print("server     \(url)")
    ctx.console.print("member     \(member ?? "-")\(lead ? " (lead)" : "")")
    ctx.console.print("synced     \(last ?? "never")")
    ctx.console.print("pending    \(pending) change\(pending == 1 ? "" : "s") not yet pushed")
    ctx.console.print("conflicts  \(conflicts.count)")
    for k in conflicts.prefix(20) { ctx.console.print("  " + TeamSettings.conflictLine(k, labels: labels)) }
    if conflicts.count > 20 {
      ctx.console.print("  ... and \(conflicts.count - 20) more (`team status --format json`)")
    }
    if !refused.isEmpty {
      ctx.console.print(
        "refused    \(refused.count) row\(refused.count == 1 ? "" : "s") at the last sync (kept pending)")
      for line in refused.prefix(20) { ctx.console.print("  " + TextTable.oneLine(line)) }
    }
    if !skipped.isEmpty {
      ctx.console.print(
        "skipped    \(skipped.count) pulled row\(skipped.count == 1 ? "" : "s") this laptop cannot take")
      for line in skipped.prefix(20) { ctx.console.print("  " + TextTable.oneLine(line)) }
    }
    if !requests.isEmpty {
      ctx.console.print("forget requests  \(requests.count)")
      for r in requests {
        let who = names[r.candidate_uuid].map { "'\(TextTable.oneLine($0))'" } ?? String(r.candidate_uuid.prefix(13))
        ctx.console.print(
          "  \(who) by \(TextTable.oneLine(r.requested_by)) on \(Timestamp.day(Date(timeIntervalSince1970: r.at))): "
            + TextTable.oneLine(r.note))
      }
    }
  }
}
