import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

struct SyncCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "sync", abstract: "Push local changes to the team server and pull the team's.")
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }
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
