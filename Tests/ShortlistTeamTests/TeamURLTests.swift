import Foundation
import Testing

@testable import ShortlistTeam

@Suite struct TeamURLTests {
  @Test func parsesAndNeverShowsThePassword() throws {
    let u = try TeamURL("postgres://alice@db.example.com:6543/hiring?sslmode=require")
    #expect(u.user == "alice" && u.host == "db.example.com" && u.port == 6543 && u.database == "hiring")
    #expect(u.sslMode == .require && u.password == nil)
    #expect(u.display == "postgres://alice@db.example.com:6543/hiring?sslmode=require")
    // A password inside the URL is refused, with where it belongs instead.
    #expect {
      try TeamURL("postgres://alice:s3cret@db.example.com/hiring")
    } throws: { e in
      let text = String(describing: e)
      return text.contains("PGPASSWORD") && text.contains("pgpass") && !text.contains("s3cret")
    }
    let d = try TeamURL("postgresql://bob@127.0.0.1/team")
    #expect(d.port == 5432 && d.sslMode == .prefer && d.password == nil)
    for bad in [
      "mysql://a@b/c", "postgres://b/c", "postgres://a@b", "postgres://a@b:99999/c", "postgres://a@b/c?sslmode=on",
    ] {
      #expect(throws: TeamURL.Invalid.self) { try TeamURL(bad) }
    }
  }

  @Test func passwordsComeFromTheEnvironmentThenPgpass() throws {
    let dir = NSTemporaryDirectory() + "pgpass-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let file = dir + "/.pgpass"
    try "# comment\nother:5432:*:*:nope\n127.0.0.1:*:team:bob:pa\\:ss\n".write(
      toFile: file, atomically: false, encoding: .utf8)
    chmod(file, 0o600)
    let u = try TeamURL("postgres://bob@127.0.0.1:5433/team")
    #expect(u.resolvedPassword(environment: ["PGPASSFILE": file]) == "pa:ss")
    #expect(u.resolvedPassword(environment: ["PGPASSFILE": file, "PGPASSWORD": "env"]) == "env")
    chmod(file, 0o644)
    #expect(u.resolvedPassword(environment: ["PGPASSFILE": file]) == nil, "a pgpass readable by others is ignored")
    #expect(
      u.pgpassNotice(environment: ["PGPASSFILE": file]) == "\(file) was ignored: others can read it (chmod 600 \(file))"
    )
    chmod(file, 0o600)
    #expect(u.pgpassNotice(environment: ["PGPASSFILE": file]) == nil)
  }
}
