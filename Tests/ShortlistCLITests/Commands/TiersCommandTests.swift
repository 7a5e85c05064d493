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
}
