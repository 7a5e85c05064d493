import Foundation
import GRDB
import Testing

/// Team mode against a real PostgreSQL server (a throwaway cluster): the schema and roles `team init` creates, members
/// added by a lead only, sealing enforced by the server's row-level security as seen through psql, and failures that
/// are one line with no password in them.
@Suite(.serialized) struct TeamTests {
  static var available: Bool { PostgresCluster.binaries != nil }

  func password(in output: String) -> String? {
    guard let r = output.range(of: "shown this once: ") else { return nil }
    return String(output[r.upperBound...].prefix { !$0.isWhitespace })
  }

  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func sealingIsEnforcedByTheServer() throws {
    let pg = try PostgresCluster()
    let lead = try Binary()
    let initOut = try lead.run(["team", "init", pg.url("admin")], env: ["PGPASSWORD": pg.adminPassword])
    #expect(initOut.status == 0, "\(initOut.err)")
    #expect(initOut.out.contains("row-level security on") && !initOut.out.contains(pg.adminPassword))
    // Run twice: an upgrade of a current schema changes nothing.
    #expect(try lead.run(["team", "init", pg.url("admin")], env: ["PGPASSWORD": pg.adminPassword]).status == 0)
    let alice = try lead.run(["team", "member", "add", "alice"], env: ["PGPASSWORD": pg.adminPassword])
    let bob = try lead.run(["team", "member", "add", "bob"], env: ["PGPASSWORD": pg.adminPassword])
    let alicePassword = try #require(password(in: alice.out), "\(alice.out)\(alice.err)")
    let bobPassword = try #require(password(in: bob.out))
    #expect(bob.out.contains("team join postgres://bob@127.0.0.1"))

    // Alice and Bob join; Alice finishes a scorecard for Grace (a note, scores, a recommendation) and syncs.
    #expect(try lead.run(["role", "add", "RAG prototype", "--bank", "rag-prototype"]).status == 0)
    #expect(try lead.run(["candidate", "add", "Grace Hopper", "--tier", "1"]).status == 0)
    #expect(try lead.run(["sync"], env: ["PGPASSWORD": pg.adminPassword]).status == 0)
    let a = try Binary()
    let b = try Binary()
    #expect(try a.run(["team", "join", pg.url("alice")], env: ["PGPASSWORD": alicePassword]).status == 0)
    #expect(try b.run(["team", "join", pg.url("bob")], env: ["PGPASSWORD": bobPassword]).status == 0)
    let script =
      "interview start Grace --bank rag-prototype\nlooked at the data first\n/score 3 clear\n/recommend yes\n/finish\n"
    let done = try a.run([], stdin: script, env: ["PGPASSWORD": alicePassword, "SHORTLIST_INTERVIEWER": "alice"])
    #expect(done.out.contains("finished interview"), "\(done.out)\(done.err)")
    #expect(try a.run(["sync"], env: ["PGPASSWORD": alicePassword]).status == 0)
    func bobSees(_ table: String) throws -> Int {
      Int(
        try pg.psql(
          ["-d", "team", "-c", "SELECT count(*) FROM shortlist.\(table)"], user: "bob", password: bobPassword
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
    // Bob sees that alice interviewed Grace, but none of what she found.
    #expect(try bobSees("interview") == 1)
    for t in ["answer", "note", "recommendation"] { #expect(try bobSees(t) == 0, "\(t)") }
    // An empty scorecard unseals nothing: the server would refuse it, so the laptop refuses to finish it (it would
    // otherwise stay finished here and pending for good).
    let peek = try b.run(
      [], stdin: "interview start Grace --bank rag-prototype\n/finish\n",
      env: ["PGPASSWORD": bobPassword, "SHORTLIST_INTERVIEWER": "bob"])
    #expect(
      peek.status == 1 && peek.err.contains("-:2: error: in a team a scorecard is finished with at least one score"))
    #expect(!peek.out.contains("finished interview") && !peek.out.contains("unscored"), "\(peek.out)")
    // His own finished scorecard unseals hers.
    let bobs = try b.run([], stdin: script, env: ["PGPASSWORD": bobPassword, "SHORTLIST_INTERVIEWER": "bob"])
    #expect(bobs.out.contains("finished interview"), "\(bobs.out)\(bobs.err)")
    #expect(try b.run(["sync"], env: ["PGPASSWORD": bobPassword]).status == 0)
    #expect(try bobSees("answer") == 2 && bobSees("note") == 2 && bobSees("recommendation") == 2)
    // Nobody writes a table: not even under their own name.
    #expect(throws: (any Error).self) {
      try pg.psql(
        [
          "-d", "team", "-c",
          "INSERT INTO shortlist.note (uuid, interview_uuid, candidate_uuid, question_id, text, at) VALUES ('n', 'i', 'c', 'q', 't', 1)",
        ], user: "bob", password: bobPassword)
    }
  }

  @Test(.enabled(if: TeamTests.available, "no PostgreSQL server binaries (apt-get install postgresql)"))
  func failuresAreOneLineWithoutThePassword() throws {
    let pg = try PostgresCluster()
    let b = try Binary()
    let wrong = try b.run(["team", "init", pg.url("admin")], env: ["PGPASSWORD": "not-the-password-42"])
    #expect(wrong.status == 1)
    #expect(wrong.err.contains("refused admin's password") && !wrong.err.contains("not-the-password-42"))
    #expect(wrong.err.split(separator: "\n").count == 1, "\(wrong.err)")
    let inURL = try b.run(["team", "init", "postgres://admin:secret-in-url@127.0.0.1:\(pg.port)/team?sslmode=disable"])
    #expect(inURL.status == 64 && !inURL.err.contains("secret-in-url") && !inURL.out.contains("secret-in-url"))
    #expect(inURL.err.contains("PGPASSWORD") && inURL.err.contains("pgpass"), "\(inURL.err)")
    let closed = PostgresCluster.freePort()
    let unreachable = try b.run(
      ["team", "init", "postgres://admin@127.0.0.1:\(closed)/team?sslmode=disable"], env: ["PGPASSWORD": "x"])
    #expect(unreachable.status == 1 && unreachable.err.contains("cannot reach the team server"))
    #expect(unreachable.err.split(separator: "\n").count == 1, "\(unreachable.err)")
    let bad = try b.run(["team", "init", "mysql://a@b/c"])
    #expect(bad.status == 64 && bad.err.contains("postgres://"))
    // A member who is not a lead cannot add members.
    #expect(try b.run(["team", "init", pg.url("admin")], env: ["PGPASSWORD": pg.adminPassword]).status == 0)
    let carolOut = try b.run(["team", "member", "add", "carol"], env: ["PGPASSWORD": pg.adminPassword])
    let carol = try #require(password(in: carolOut.out))
    let q = try b.run(["team", "status", "--format", "json"])
    #expect(q.out.contains("\"lead\": true"))
    // Carol's database points at the team as carol (set by hand here): her own password, no lead.
    let c = try Binary()
    #expect(try c.run(["role", "add", "X"]).status == 0)
    let queue = try DatabaseQueue(path: c.db)
    try queue.write {
      try $0.execute(sql: "INSERT INTO setting(key, value) VALUES ('team_url', ?)", arguments: [pg.url("carol")])
    }
    try queue.close()
    let refused = try c.run(["team", "member", "add", "dave"], env: ["PGPASSWORD": carol])
    #expect(refused.status == 1 && refused.err.contains("only a lead can add members"), "\(refused.err)")
  }

  /// In a database joined to a team, interviews are recorded under the member's name; another name is refused.
  @Test func aTeamDatabaseInterviewsAsItsMember() throws {
    let b = try Binary()
    #expect(try b.run(["candidate", "add", "Ada", "--tier", "1"]).status == 0)
    let queue = try DatabaseQueue(path: b.db)
    try queue.write { try $0.execute(sql: "INSERT INTO setting(key, value) VALUES ('team_member', 'alice')") }
    try queue.close()
    let refused = try b.run(["interview", "start", "Ada", "--bank", "rag-prototype", "--as", "bob"])
    #expect(refused.status == 1 && refused.err.contains("in a team as alice"))
    let own = try b.run(
      [], stdin: "interview start Ada --bank rag-prototype\n/pause\n", env: ["SHORTLIST_INTERVIEWER": "zed"])
    #expect(own.status == 0 && own.out.contains("as alice"), "\(own.out)\(own.err)")
  }
}

/// TLS to the team server: `require` encrypts, `verify-full` refuses a certificate it cannot trust in one line and
/// accepts it with the authority given as `sslrootcert`.
@Suite(.serialized) struct TeamTLSTests {
  static var available: Bool {
    TeamTests.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
  }

  @Test(.enabled(if: TeamTLSTests.available, "no PostgreSQL server binaries or openssl"))
  func tlsIsUsedAndVerified() throws {
    let pg = try PostgresCluster(tls: true)
    let ca = try #require(pg.caFile)
    let env = ["PGPASSWORD": pg.adminPassword]
    let lead = try Binary()
    let required = try lead.run(["team", "init", pg.url("admin", sslmode: "require")], env: env)
    #expect(required.status == 0, "\(required.err)")
    #expect(pg.log.contains("SSL enabled"), "the server saw no TLS connection")
    let other = try Binary()
    // By host name, so that the certificate's name is checked too.
    let byName = pg.url("admin", sslmode: "verify-full").replacingOccurrences(of: "127.0.0.1", with: "localhost")
    let refused = try other.run(["team", "join", byName], env: env)
    #expect(refused.status == 1)
    #expect(refused.err.contains("certificate") && refused.err.split(separator: "\n").count == 1, "\(refused.err)")
    #expect(!refused.err.contains(pg.adminPassword))
    let verified = try other.run(["team", "join", byName + "&sslrootcert=\(ca)"], env: env)
    #expect(verified.status == 0 && verified.out.contains("joined the team"), "\(verified.err)")
    let status = try other.run(["team", "status", "--format", "json"]).out
    #expect(status.contains("sslmode=verify-full") && status.contains("sslrootcert="), "\(status)")
  }
}
