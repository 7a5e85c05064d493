import Foundation
import Testing

@testable import ShortlistTeam

/// The server schema's text, checked without a server (the end-to-end tests run it against a real PostgreSQL and
/// attack it; these pin the rules every statement must keep, so a new function cannot forget them).
@Suite struct TeamSchemaTests {
  static var v3: [String] { TeamSchema.migrations[2] }

  /// Every function pins its search path (a member's own schema or temporary objects can never shadow what a
  /// function calls); the ones that write are SECURITY DEFINER and take the writer from the session.
  @Test func everyFunctionPinsItsSearchPath() {
    let functions = Self.v3.filter { $0.contains("CREATE FUNCTION") || $0.contains("CREATE OR REPLACE FUNCTION") }
    #expect(functions.count >= 8)
    for f in functions {
      #expect(f.contains("SET search_path = pg_catalog, pg_temp"), "\(f.prefix(120))")
    }
    let definers = functions.filter { $0.contains("SECURITY DEFINER") }
    #expect(definers.count >= 4)
    for f in definers where f.contains("INSERT") || f.contains("UPDATE") {
      #expect(f.contains("session_user"), "a writing function takes the writer from the session: \(f.prefix(120))")
      #expect(!f.contains("current_user"), "current_user inside a definer is its owner: \(f.prefix(120))")
    }
  }

  /// Members and leads are granted SELECT and EXECUTE only: no statement grants them a write on a table.
  @Test func noWriteIsGrantedToMembers() {
    for s in Self.v3 where s.uppercased().hasPrefix("GRANT") {
      let upper = s.uppercased()
      for write in ["INSERT", "UPDATE", "DELETE", "TRUNCATE", "ALL", "CREATE", "TEMP"] {
        #expect(!upper.contains("GRANT \(write)"), "\(s)")
      }
    }
    #expect(Self.v3.contains { $0.contains("REVOKE CREATE ON SCHEMA public FROM PUBLIC") })
    #expect(Self.v3.contains { $0.contains("REVOKE") && $0.contains("TEMP") })
  }

  /// The migrations are versioned in order and the client says which protocol it speaks (a schema may move on
  /// without changing it: v4 only replaced `push`).
  @Test func migrationsAreOrdered() {
    #expect(TeamSchema.clientVersion <= TeamSchema.migrations.count)
    #expect(TeamSchema.v4[0].hasPrefix("CREATE OR REPLACE FUNCTION shortlist.push("))
    #expect(TeamSchema.migrations.allSatisfy { !$0.isEmpty })
  }
}
