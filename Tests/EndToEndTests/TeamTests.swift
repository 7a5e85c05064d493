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

    // Alice finishes a scorecard for candidate c1: an answer, a note, a recommendation.
    try pg.psql(
      [
        "-d", "team", "-c",
        """
        INSERT INTO shortlist.interview (uuid, candidate_uuid, snapshot_sha256, started_at, finished_at, state)
          VALUES ('i1', 'c1', 'sha', 1, 2, 'finished');
        INSERT INTO shortlist.answer (interview_uuid, question_id, candidate_uuid, score, comment, at)
          VALUES ('i1', 'q1', 'c1', 3, 'clear trade-offs', 2);
        INSERT INTO shortlist.note (uuid, interview_uuid, candidate_uuid, question_id, text, at)
          VALUES ('n1', 'i1', 'c1', 'q1', 'looked at the data first', 2);
        INSERT INTO shortlist.recommendation (interview_uuid, candidate_uuid, value) VALUES ('i1', 'c1', 'yes');
        """,
      ], user: "alice", password: alicePassword)
    func bobSees(_ table: String) throws -> Int {
      Int(
        try pg.psql(
          ["-d", "team", "-c", "SELECT count(*) FROM shortlist.\(table)"], user: "bob", password: bobPassword
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
    // Bob sees that alice interviewed c1, but none of what she found.
    #expect(try bobSees("interview") == 1)
    for t in ["answer", "note", "recommendation"] { #expect(try bobSees(t) == 0, "\(t)") }
    // His own open scorecard does not unseal; his finished one does.
    try pg.psql(
      [
        "-d", "team", "-c",
        "INSERT INTO shortlist.interview (uuid, candidate_uuid, snapshot_sha256, started_at, state) VALUES ('i2', 'c1', 'sha', 3, 'open')",
      ], user: "bob", password: bobPassword)
    #expect(try bobSees("answer") == 0)
    try pg.psql(
      ["-d", "team", "-c", "UPDATE shortlist.interview SET state = 'finished', finished_at = 4 WHERE uuid = 'i2'"],
      user: "bob", password: bobPassword)
    #expect(try bobSees("answer") == 1 && bobSees("note") == 1 && bobSees("recommendation") == 1)
    // Nobody writes under another member's name.
    #expect(throws: (any Error).self) {
      try pg.psql(
        [
          "-d", "team", "-c",
          "INSERT INTO shortlist.answer (interview_uuid, question_id, candidate_uuid, owner, score, at) VALUES ('i1', 'q2', 'c1', 'alice', 1, 5)",
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
    #expect(inURL.status == 1 && !inURL.err.contains("secret-in-url") && !inURL.out.contains("secret-in-url"))
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
