import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

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
