import Foundation
import Testing

@testable import ShortlistSupport

@Suite struct OutputFileTests {
  final class Folder {
    let path = NSTemporaryDirectory() + "shortlist-out-\(UUID().uuidString)"
    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var entries: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path).sorted()) ?? [] }
  }

  func mode(_ path: String) -> mode_t {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
  }

  func text(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  @Test func aNewFileIs0600AndAppearsWholeOnCommit() throws {
    let dir = try Folder()
    let target = dir.path + "/out.csv"
    let file = try OutputFile(target, force: false)
    try file.write(Data("a,b\r\n".utf8))
    #expect(!FileManager.default.fileExists(atPath: target), "nothing at the target before the commit")
    #expect(mode(file.temporaryPath) == 0o600, "0600 from creation")
    try file.commit()
    #expect(text(target) == "a,b\r\n")
    #expect(mode(target) == 0o600)
    #expect(dir.entries == ["out.csv"], "no temporary file left")
  }

  @Test func anExistingFileNeedsForceAndKeepsItsContentWhenRefused() throws {
    let dir = try Folder()
    let target = dir.path + "/out.csv"
    try "old".write(toFile: target, atomically: false, encoding: .utf8)
    chmod(target, 0o644)
    #expect(throws: OutputFile.Refusal(message: "'\(target)' exists; add --force to replace it")) {
      try OutputFile(target, force: false)
    }
    #expect(text(target) == "old")
    #expect(mode(target) == 0o644, "a refused target keeps its mode")
    try OutputFile.write(Data("new".utf8), to: target, force: true)
    #expect(text(target) == "new")
    #expect(mode(target) == 0o600, "the replacement is our own new file")
    #expect(dir.entries == ["out.csv"])
  }

  @Test func aLinkIsReplacedNeverFollowed() throws {
    let dir = try Folder()
    let victim = dir.path + "/victim.txt"
    try "precious".write(toFile: victim, atomically: false, encoding: .utf8)
    chmod(victim, 0o644)
    let target = dir.path + "/out.csv"
    try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: victim)
    #expect(throws: OutputFile.Refusal.self) { try OutputFile(target, force: false) }
    try OutputFile.write(Data("report".utf8), to: target, force: true)
    #expect(text(victim) == "precious", "the file the link pointed to is untouched")
    #expect(mode(victim) == 0o644, "and keeps its mode")
    #expect(OutputFile.existing(target) == .regularFile, "the link itself was replaced")
    #expect(text(target) == "report")
  }

  @Test func aFolderOrADeviceIsRefusedEvenWithForce() throws {
    let dir = try Folder()
    #expect(throws: OutputFile.Refusal.self) { try OutputFile(dir.path, force: true) }
    let fifo = dir.path + "/pipe"
    #expect(mkfifo(fifo, 0o644) == 0)
    #expect(throws: OutputFile.Refusal.self) { try OutputFile(fifo, force: true) }
    #expect(mode(fifo) == 0o644)
    #expect(throws: OutputFile.Refusal.self) { try OutputFile("/dev/null", force: true) }
    #expect(dir.entries == ["pipe"], "no temporary file left behind")
  }

  @Test func aMissingFolderSaysSo() throws {
    let dir = try Folder()
    #expect(throws: OutputFile.Refusal.self) { try OutputFile(dir.path + "/nope/out.csv", force: false) }
  }

  @Test func abandoningLeavesTheTargetAsItWas() throws {
    let dir = try Folder()
    let target = dir.path + "/out.csv"
    try "old".write(toFile: target, atomically: false, encoding: .utf8)
    do {
      let file = try OutputFile(target, force: true)
      try file.write(Data("half".utf8))
      file.abandon()
    }
    #expect(text(target) == "old")
    #expect(dir.entries == ["out.csv"])
  }

  @Test func sameFileFollowsLinks() throws {
    let dir = try Folder()
    let a = dir.path + "/a"
    try "x".write(toFile: a, atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: dir.path + "/b", withDestinationPath: a)
    #expect(OutputFile.sameFile(a, dir.path + "/b"))
    #expect(!OutputFile.sameFile(a, dir.path + "/missing"))
  }
}
