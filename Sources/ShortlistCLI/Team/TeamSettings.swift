import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

/// This database's team settings (never a password).
enum TeamSettings {
  static let url = "team_url"
  static let member = "team_member"
  static let lead = "team_lead"
  static let lastSync = "team_last_sync"

  static func connect(ctx: Context, timeout: Int64 = 10) throws -> TeamServer {
    guard let text = try ctx.db.setting(url) else {
      throw CLIError(
        "this database is not in a team; a lead runs `team init postgres://USER@HOST/DATABASE`, a member `team join URL`"
      )
    }
    return try TeamServer.connect(try TeamURL(text), environment: ctx.environment, timeout: timeout)
  }

  /// Runs a sync and records when; returns what it did.
  static func sync(ctx: Context, server: TeamServer, full: Bool = false) throws -> SyncResult {
    guard let member = try ctx.db.setting(self.member) else {
      throw CLIError("this database has no team member name; run `team join URL` again")
    }
    let result = try TeamSync.run(
      server, db: ctx.db, member: member, full: full, settings: [lastSync: Timestamp.iso(Clock.now())])
    // What did not travel, said in one line each (on standard error: standard output stays the summary).
    for line in result.refused.prefix(10) { ctx.console.report("sync: the server refused \(line); it stays pending") }
    for skip in result.skipped.prefix(10) { ctx.console.report("sync: skipped 1 \(skip.line)") }
    let more = max(0, result.refused.count - 10) + max(0, result.skipped.count - 10)
    if more > 0 { ctx.console.report("sync: ... and \(more) more (`team status`)") }
    if ctx.environment["SHORTLIST_TRACE"] != nil {
      for t in result.timings { ctx.console.report("trace: sync \(t.phase) \(Format.fixed(t.seconds, 3))s") }
    }
    ctx.changed()
    return result
  }

  /// "pushed N, pulled M, conflicts K", then one line per conflict.
  static func report(_ r: SyncResult, ctx: Context) {
    ctx.console.print("pushed \(r.pushed), pulled \(r.pulled), conflicts \(r.conflicts.count)")
    let labels = (try? ctx.db.syncConflictLabels()) ?? [:]
    for k in r.conflicts { ctx.console.print("  " + conflictLine(k, labels: labels)) }
  }

  /// `conflict: candidate 'Linus Torvalds' rate: kept 120; the edit by admin lost`.
  static func conflictLine(_ k: SyncConflict, labels: [String: String]) -> String {
    var kept = k.kept.map { TextTable.oneLine($0) } ?? "nothing"
    if kept.hasSuffix(".0"), Double(kept) != nil { kept.removeLast(2) }
    let row = labels[k.row_uuid].map { "'\(TextTable.oneLine($0))'" } ?? String(k.row_uuid.prefix(13))
    return "conflict: \(k.tbl) \(row) \(k.field): kept \(kept); the edit by \(k.lost_by) lost"
  }

  /// "a lead (alice, carol)": the team's leads as of the last sync.
  static func leadsText(_ ctx: Context) -> String {
    let leads = SyncJSON.lines(from: try? ctx.db.setting(TeamSync.leadsKey))
    return leads.isEmpty ? "a lead" : "a lead (\(leads.joined(separator: ", ")))"
  }

  static func parse(_ text: String) throws -> TeamURL {
    do {
      return try TeamURL(text)
    } catch let e as TeamURL.Invalid {
      throw CLIError(e.description, usage: true)
    }
  }
}
