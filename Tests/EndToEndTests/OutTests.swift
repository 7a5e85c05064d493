import Foundation
import Testing

/// Every `--out` goes through one writer: an existing file needs --force, a link is replaced and never followed, a
/// device is refused and keeps its mode, a new file is 0600 and appears whole.
@Suite struct OutTests {
  func setUp() throws -> Binary {
    let b = try Binary()
    let r = try b.run(
      [],
      stdin: "role add RAG --bank rag-prototype\ncandidate add Ada --tier 1\ninterview start ada\n/score 3\n/finish\n")
    #expect(r.status == 0, "\(r.err)")
    return b
  }

  static let writers: [[String]] = [
    ["export", "shortlist", "--all", "--out"],
    ["compare", "--format", "csv", "--out"],
    ["compare", "--format", "json", "--out"],
    ["compare", "--format", "html", "--out"],
    ["tiers", "--format", "csv", "--out"],
  ]

  func mode(_ path: String) -> mode_t {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
  }

  @Test(arguments: writers)
  func anExistingFileIsRefusedWithoutForce(command: [String]) throws {
    let b = try setUp()
    let out = b.home + "/out.file"
    try "keep me".write(toFile: out, atomically: false, encoding: .utf8)
    chmod(out, 0o644)
    let refused = try b.run(command + [out])
    #expect(refused.status == 1)
    #expect(refused.err == "error: '\(out)' exists; add --force to replace it\n")
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me")
    #expect(mode(out) == 0o644)
    let forced = try b.run(command + [out, "--force"])
    #expect(forced.status == 0, "\(forced.err)")
    #expect(try String(contentsOfFile: out, encoding: .utf8) != "keep me")
    #expect(mode(out) == 0o600)
    let left = try FileManager.default.contentsOfDirectory(atPath: b.home).filter { $0.hasSuffix(".tmp") }
    #expect(left.isEmpty, "no temporary file left: \(left)")
  }

  @Test(arguments: writers)
  func aPlantedLinkIsReplacedNotFollowed(command: [String]) throws {
    let b = try setUp()
    let victim = b.home + "/victim.txt"
    try "precious".write(toFile: victim, atomically: false, encoding: .utf8)
    chmod(victim, 0o644)
    let out = b.home + "/out.csv"
    try FileManager.default.createSymbolicLink(atPath: out, withDestinationPath: victim)
    #expect(try b.run(command + [out]).status == 1, "a link is an existing file: refused without --force")
    let forced = try b.run(command + [out, "--force"])
    #expect(forced.status == 0, "\(forced.err)")
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
    #expect(mode(victim) == 0o644)
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: out)) == nil, "the link was replaced")
  }

  @Test(.enabled(if: getuid() == 0, "making a device node needs root"), arguments: writers)
  func aDeviceNodeIsRefusedAndKeepsItsMode(command: [String]) throws {
    let b = try setUp()
    let device = b.home + "/null-copy"
    #expect(mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0)
    let before = mode(device)
    let refused = try b.run(command + [device, "--force"])
    #expect(refused.status == 1)
    #expect(refused.err.contains("is not a regular file"))
    #expect(mode(device) == before)
  }

  @Test func aFIFOAndAFolderAreRefused() throws {
    let b = try setUp()
    let fifo = b.home + "/fifo"
    #expect(mkfifo(fifo, 0o644) == 0)
    for target in [fifo, b.home] {
      let r = try b.run(["export", "shortlist", "--all", "--out", target, "--force"])
      #expect(r.status == 1)
      #expect(r.err.hasPrefix("error: '\(target)' is"))
    }
  }

  @Test func aDashIsStandardOutput() throws {
    let b = try setUp()
    let r = try b.run(["export", "shortlist", "--all", "--out", "-"])
    #expect(r.status == 0)
    #expect(r.out.hasPrefix("rank,name,email,"))
    #expect(!FileManager.default.fileExists(atPath: b.home + "/-"))
  }

  @Test func backupRefusesTheDatabaseAndItsCompanionsEvenWithForce() throws {
    let b = try setUp()
    for target in [b.db, b.db + "-wal", b.db + "-shm", b.db + "-journal"] {
      let r = try b.run(["backup", target, "--force"])
      #expect(r.status == 1, "\(target)")
      #expect(r.err.contains("itself"), "\(r.err)")
    }
    let link = b.home + "/link.sqlite"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: b.db)
    #expect(try b.run(["backup", link, "--force"]).status == 1, "the same file through a link")
    try "x".write(toFile: b.home + "/bk.sqlite.partial", atomically: false, encoding: .utf8)
    #expect(try b.run(["backup", b.home + "/bk.sqlite"]).status == 0)
    #expect(FileManager.default.fileExists(atPath: b.home + "/bk.sqlite.partial"), "another file is left alone")
    #expect(try b.run(["role", "list"]).status == 0, "the database still opens")
  }
}
