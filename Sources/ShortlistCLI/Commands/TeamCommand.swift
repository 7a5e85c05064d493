import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

struct TeamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "team",
    abstract: "Team mode: a hiring panel's PostgreSQL server, with sealing enforced by the server.",
    subcommands: [TeamInit.self, TeamMemberCommand.self, TeamJoin.self, TeamStatus.self, TeamLeave.self])
}

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

struct TeamInit: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract:
      "Create or upgrade the team schema, row-level security and the group roles on a PostgreSQL server, as a lead.",
    discussion: "Run once, by a server role that may create roles. The password comes from PGPASSWORD or ~/.pgpass.")
  @Argument(help: "postgres://USER@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full]") var url: String

  func run(in ctx: Context) throws {
    let u = try TeamSettings.parse(url)
    let server = try TeamServer.connect(u, environment: ctx.environment)
    defer { server.close() }
    let version = try TeamSchema.apply(server)
    try ctx.db.setSetting(TeamSettings.url, u.display)
    try ctx.db.setSetting(TeamSettings.member, u.user)
    try ctx.db.setSetting(TeamSettings.lead, "1")
    ctx.changed()
    ctx.console.print(
      "team server ready at \(u.display): schema v\(version), row-level security on; \(u.user) is a lead")
    let result = try TeamSettings.sync(ctx: ctx, server: server, full: true)
    TeamSettings.report(result, ctx: ctx)
    ctx.console.print("add the panel with `team member add NAME` (a password is printed once for each)")
  }
}

struct TeamMemberCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "member", abstract: "The team's members.", subcommands: [TeamMemberAdd.self])
}

struct TeamMemberAdd: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "add",
    abstract: "Create a server role for a member (a generated password, printed once), or grant an existing one.")
  @Argument(help: "The member's name (lowercase letters, digits, _).") var name: String
  @Flag(help: "Also a lead: reads every scorecard and may add members.") var lead = false

  func run(in ctx: Context) throws {
    let server = try TeamSettings.connect(ctx: ctx)
    defer { server.close() }
    let password = try TeamSchema.addMember(server, name: name, lead: lead)
    let who = try TeamServer.checkRoleName(name)
    var joinURL = server.url
    joinURL.user = who
    joinURL.password = nil
    if let password {
      ctx.console.print("added \(who)\(lead ? " as a lead" : ""); their password, shown this once: \(password)")
    } else {
      ctx.console.print("\(who) already had a server role; granted membership\(lead ? " as a lead" : "")")
    }
    ctx.console.print("they put the password in ~/.pgpass (or PGPASSWORD) and run: team join \(joinURL.display)")
  }
}

struct TeamJoin: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "join",
    abstract: "Connect this database to a team server as a member, and sync everything.",
    discussion: "The password comes from PGPASSWORD or ~/.pgpass; it is never stored.")
  @Argument(help: "postgres://USER@HOST[:PORT]/DATABASE[?sslmode=...] (USER@ may be left out with --as)") var url:
    String
  @Option(name: .customLong("as"), help: "The member name (the server role); defaults to the URL's user.")
  var name: String?

  func run(in ctx: Context) throws {
    var text = url
    if let name, !text.contains("@"), let scheme = text.range(of: "://") {
      text.replaceSubrange(scheme, with: "://" + name + "@")
    }
    let u = try TeamSettings.parse(text)
    if let name, try TeamServer.checkRoleName(name) != u.user.lowercased() {
      throw CLIError(
        "--as \(name) differs from the URL's user \(u.user): a member connects as their own server role", usage: true)
    }
    let member = try TeamServer.checkRoleName(u.user)
    let currentMember = try ctx.db.setting(TeamSettings.member)
    if let current = try ctx.db.setting(TeamSettings.url), current != u.display || currentMember != member {
      throw CLIError("this database is already in the team at \(current); `team leave` first")
    }
    let server = try TeamServer.connect(u, environment: ctx.environment)
    defer { server.close() }
    let version = try TeamSchema.version(server)
    guard version > 0 else {
      throw CLIError("\(u.display) has no team schema yet; a lead runs `team init \(u.display)` first")
    }
    guard version <= TeamSchema.migrations.count else {
      throw CLIError(
        "the team server's schema is v\(version), newer than this shortlist knows (v\(TeamSchema.migrations.count)); update shortlist"
      )
    }
    guard version == TeamSchema.migrations.count else {
      throw CLIError("the team server's schema is v\(version); a lead runs `team init \(u.display)` to upgrade it")
    }
    guard try TeamSchema.isMember(server) else {
      throw CLIError("\(member) is not a member of the team; ask a lead to run `team member add \(member)`")
    }
    let lead = try TeamSchema.isLead(server)
    // Counted before the sync: the interviews it pulls are the team's, not this laptop's.
    let elsewhere = try ctx.db.interviewsNotBy(member)
    try ctx.db.setSetting(TeamSettings.url, u.display)
    try ctx.db.setSetting(TeamSettings.member, member)
    try ctx.db.setSetting(TeamSettings.lead, lead ? "1" : nil)
    ctx.changed()
    ctx.console.print("joined the team at \(u.display) as \(member)\(lead ? " (a lead)" : "")")
    let result = try TeamSettings.sync(ctx: ctx, server: server, full: true)
    TeamSettings.report(result, ctx: ctx)
    if elsewhere > 0 {
      ctx.console.print(
        "\(elsewhere) interview\(elsewhere == 1 ? "" : "s") recorded under other names before joining stay on this laptop"
      )
    }
  }
}

struct SyncCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "sync", abstract: "Push local changes to the team server and pull the team's.")
  @Option(help: "table or json.") var format: ViewFormat = .table
  @Flag(help: "Pull every row the server lets you read, not only what changed since the last sync.") var full = false
  @Flag(help: .hidden) var background = false

  func run(in ctx: Context) throws {
    if background {
      // Started by the REPL: a short timeout, one warning line on failure, nothing on success.
      do {
        guard try ctx.db.setting(TeamSettings.url) != nil else { return }
        let server = try TeamSettings.connect(ctx: ctx, timeout: 3)
        defer { server.close() }
        _ = try TeamSettings.sync(ctx: ctx, server: server)
      } catch {
        ctx.console.warn("background sync failed: \(error.localizedDescription); run `sync` to retry")
      }
      return
    }
    let server = try TeamSettings.connect(ctx: ctx)
    defer { server.close() }
    let result = try TeamSettings.sync(ctx: ctx, server: server, full: full)
    if format == .json {
      ctx.console.printDocument(
        JSON.object([
          ("pushed", .int(result.pushed)), ("pulled", .int(result.pulled)), ("conflicts", .int(result.conflicts.count)),
        ]).render())
      return
    }
    TeamSettings.report(result, ctx: ctx)
  }
}

struct TeamStatus: Runnable {
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Server, member, lead, last sync, changes not yet pushed, conflicts.")
  @Option(help: "table or json.") var format: ViewFormat = .table

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

struct TeamLeave: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "leave", abstract: "Forget this database's team connection; the local data stays.")

  func run(in ctx: Context) throws {
    guard let url = try ctx.db.setting(TeamSettings.url) else { throw CLIError("this database is not in a team") }
    for key in [TeamSettings.url, TeamSettings.member, TeamSettings.lead, TeamSettings.lastSync, TeamSync.watermarkKey]
    {
      try ctx.db.setSetting(key, nil)
    }
    ctx.changed()
    ctx.console.print("left the team at \(url); every local row stays")
  }
}

/// A member's request that the leads forget a candidate, as the last sync saw it.
struct ForgetRequest: Decodable {
  var candidate_uuid: String
  var requested_by: String
  var note: String
  var at: Double

  static func parse(_ text: String?) -> [ForgetRequest] {
    guard let text, !text.isEmpty else { return [] }
    return (try? JSONDecoder().decode([ForgetRequest].self, from: Data(text.utf8))) ?? []
  }
}
