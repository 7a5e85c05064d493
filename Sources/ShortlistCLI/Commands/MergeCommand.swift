import ArgumentParser
import Foundation
import ShortlistCore

struct MergeCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Bring another interviewer's Shortlist database into this one (a panel on separate laptops).")

  @Argument(help: "The other database file.") var file: String
  @Flag(name: .customLong("dry-run"), help: "Print what would change and change nothing.") var dryRun = false

  func run(in ctx: Context) throws {
    let r = try ctx.db.merge(from: file, dryRun: dryRun)
    if !dryRun { ctx.changed() }
    let c = ctx.console
    let verb = dryRun ? "would add" : "added"
    c.print("\(dryRun ? "dry run: " : "")merge of \(file)")
    c.print("  roles: \(verb) \(r.rolesAdded), matched \(r.rolesMatched)")
    c.print("  candidates: \(verb) \(r.candidatesAdded), matched \(r.candidatesMatched)")
    for m in r.matchedLoosely { c.print("    matched \(m)") }
    c.print("  bank snapshots: \(verb) \(r.snapshotsAdded)")
    c.print(
      "  interviews: \(verb) \(r.interviewsAdded) with \(r.notesAdded) notes; \(r.interviewsAlreadyHere) already here")
    c.print("  status moves: \(verb) \(r.statusRowsAdded)")
    if r.forgottenSkipped > 0 {
      c.print("  forgotten people: skipped \(r.forgottenSkipped) (forgotten here; nothing of theirs was brought back)")
    }
    if r.forgottenHere > 0 {
      c.print("  forgotten people: \(dryRun ? "would erase" : "erased") \(r.forgottenHere) here (forgotten in \(file))")
    }
    for conflict in r.conflicts { c.warn(conflict) }
    if !r.changed { c.print("nothing to change") }
  }
}
