import Foundation
import Testing

@testable import ShortlistCLI
@testable import ShortlistCore

@Suite struct TiersCommandTests {
  /// `tiers` reads a million candidates in slices of ids; every slicing adds up to the same yield as one read of
  /// everyone (each candidate's score depends on their own scorecards only).
  @Test func slicesAddUpToTheWhole() throws {
    let h = try Harness()
    #expect(h.run("demo --candidates 400 --seed 9") == [0])
    let roleId = try h.ctx.db.currentRoleId()
    for role in [nil, roleId] {
      let whole = try TiersCommand.rows(ctx: h.ctx, roleId: role, slice: 1_000_000)
      #expect(whole.reduce(0) { $0 + $1.candidates } > 0)
      for slice: Int64 in [1, 7, 50, 333] {
        #expect(try TiersCommand.rows(ctx: h.ctx, roleId: role, slice: slice) == whole, "slice \(slice)")
      }
    }
  }

  /// A file's slices are read on two connections at once: the same yield as one read, with a role or without, and
  /// the command's output is the same bytes.
  @Test func twoConnectionsAddUpToTheWhole() throws {
    let folder = FileManager.default.temporaryDirectory.path + "/tiers-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let h = try Harness(path: folder + "/t.sqlite")
    defer { try? h.ctx.db.close() }
    #expect(h.run("demo --candidates 300 --seed 11") == [0])
    #expect(try h.ctx.db.companionReader().map { $0.close() } != nil, "a file can be opened twice")
    let roleId = try h.ctx.db.currentRoleId()
    for role in [nil, roleId] {
      let whole = try TiersCommand.rows(ctx: h.ctx, roleId: role, slice: 1_000_000)
      #expect(whole.reduce(0) { $0 + $1.candidates } > 0)
      for slice: Int64 in [1, 13, 100] {
        #expect(try TiersCommand.rows(ctx: h.ctx, roleId: role, slice: slice) == whole, "slice \(slice)")
      }
    }
  }
}
