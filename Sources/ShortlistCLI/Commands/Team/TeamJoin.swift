import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

struct TeamJoin: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "join",
    abstract: "Connect this database to a team server as a member, and sync everything.",
    discussion: "The password comes from PGPASSWORD or ~/.pgpass; it is never stored.")
  @Argument(help: "postgres://USER@HOST[:PORT]/DATABASE[?sslmode=...] (USER@ may be left out with --as)") var url:
    String
  @Option(
    name: .customLong("as"), parsing: .unconditional,
    help: "The member name (the server role); defaults to the URL's user.")
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
