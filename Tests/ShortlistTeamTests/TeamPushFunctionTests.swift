import Testing

@testable import ShortlistTeam

/// `shortlist.push`'s text, without a server (TeamAttackTests run it against PostgreSQL as a hostile member).
@Suite struct TeamPushFunctionTests {
  /// The writer is the session's user, read once; a caller's own claims never name the writer.
  @Test func theWriterIsTheSession() {
    let f = TeamSchema.pushFunction
    #expect(f.contains("SECURITY DEFINER SET search_path = pg_catalog, pg_temp"))
    #expect(f.contains("_me text := session_user"))
    #expect(!f.contains("current_user"))
    #expect(f.contains("RAISE EXCEPTION 'not a member of the team'"))
  }

  /// Each table's rows are taken by position and refused with a reason, never silently dropped.
  @Test func rowsAreReadByPositionAndRefusedWithAReason() {
    let rows = TeamSchema.rows("candidates", "uuid text")
    #expect(rows.contains("WITH ORDINALITY e(v, n)") && rows.contains("b -> 'candidates'"))
    let refused = TeamSchema.refusals("candidate")
    #expect(refused.contains("'table', 'candidate'") && refused.contains("'reason', c.why"))
    #expect(refused.contains("FILTER (WHERE c.why <> '')"))
  }
}
