import ArgumentParser
import Foundation
import ShortlistCore

struct DemoCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Fill the database with a realistic, deterministic demo data set (try `shortlist --demo`).")

  @Option(parsing: .unconditional, help: "How many candidates (1-1000000).") var candidates: Int = 40
  @Option(
    parsing: .unconditional,
    help: "Random seed, a whole number (0 or more): the same seed gives the same data; another seed, other people.")
  var seed: UInt64 = 42

  func validate() throws {
    guard (1...1_000_000).contains(candidates) else { throw CLIError("--candidates takes 1 to 1000000") }
  }

  func run(in ctx: Context) throws {
    let wanted = [
      ("ML engineer, RAG prototype", "rag-prototype"),
      ("Backend engineer, carrier integrations", "backend-api-integration"),
    ]
    let roles = try wanted.map { (title: $0.0, bank: try ctx.bank($0.1)) }
    // The demo's dates end on SHORTLIST_NOW's day when it is set, else on a fixed day (the same data everywhere).
    let plan = DemoPlan.make(
      candidates: candidates, seed: seed, roles: roles, now: Clock.fixed ?? DemoPlan.defaultNow)
    let (added, interviews) = try ctx.db.insertDemo(plan, playbook: try? ctx.playbook())
    if try ctx.db.currentRoleId() == nil, let first = try ctx.db.roles().first {
      try ctx.db.setCurrentRole(first.id)
    }
    ctx.changed()
    ctx.console.print(
      "demo: added \(added) candidates, \(interviews) finished interviews by alice, bob and carol, 2 roles; try `compare`, `tiers`, `compare --adjusted`"
    )
  }
}
