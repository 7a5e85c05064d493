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
    subcommands: [TeamInit.self, TeamMemberCommand.self, TeamStatus.self, TeamLeave.self])
}

/// This database's team settings (never a password).
enum TeamSettings {
  static let url = "team_url"
  static let member = "team_member"
  static let lead = "team_lead"
  static let lastSync = "team_last_sync"

  static func connect(ctx: Context) throws -> TeamServer {
    guard let text = try ctx.db.setting(url) else {
      throw CLIError("this database is not in a team; a lead runs `team init postgres://USER@HOST/DATABASE`")
    }
    return try TeamServer.connect(try TeamURL(text), environment: ctx.environment)
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
    if format == .json {
      ctx.console.print(
        JSON.object([
          ("server", .text(url)), ("member", .text(member)), ("lead", .bool(lead)), ("last_sync", .text(last)),
          ("pending", .int(url == nil ? 0 : try ctx.db.syncableRowCount())), ("conflicts", .array([])),
        ]).render())
      return
    }
    guard let url else {
      ctx.console.print("not in a team; a lead runs `team init postgres://USER@HOST/DATABASE`")
      return
    }
    ctx.console.print("server   \(url)")
    ctx.console.print("member   \(member ?? "-")\(lead ? " (lead)" : "")")
    ctx.console.print("synced   \(last ?? "never")")
  }
}

struct TeamLeave: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "leave", abstract: "Forget this database's team connection; the local data stays.")

  func run(in ctx: Context) throws {
    guard let url = try ctx.db.setting(TeamSettings.url) else { throw CLIError("this database is not in a team") }
    for key in [TeamSettings.url, TeamSettings.member, TeamSettings.lead, TeamSettings.lastSync] {
      try ctx.db.setSetting(key, nil)
    }
    ctx.changed()
    ctx.console.print("left the team at \(url); every local row stays")
  }
}
