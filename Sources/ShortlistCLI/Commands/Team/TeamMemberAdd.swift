import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

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
