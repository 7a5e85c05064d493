import Foundation
import Testing

@testable import ShortlistSupport

@Suite struct SpillFileTests {
  /// What is appended reads back at its offset, across the blocks it is written out in, and no file of it is left
  /// in the folder (it has no name, or lost it at once).
  @Test func readsBackWhatWasAppendedAndLeavesNoFile() throws {
    let folder = FileManager.default.temporaryDirectory.path + "/spill-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try SpillFile(folder: folder)
    var chunks: [(Int64, [UInt8])] = []
    // Enough to cross the 1 MiB block more than once; chunk sizes vary.
    for k in 0..<3_000 {
      let chunk = (0..<(k % 977 + 1)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ k) }
      chunks.append((try file.append(chunk), chunk))
    }
    try file.flush()
    #expect(file.size == Int64(chunks.reduce(0) { $0 + $1.1.count }))
    var buffer: [UInt8] = []
    for (offset, chunk) in chunks.reversed() {
      try file.read(at: offset, count: chunk.count, into: &buffer)
      #expect(Array(buffer.prefix(chunk.count)) == chunk)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }

  /// Reading past what was written is an error, never a crash or stale bytes.
  @Test func readingPastTheEndIsAnError() throws {
    let file = try SpillFile()
    try file.append([1, 2, 3])
    try file.flush()
    var buffer: [UInt8] = []
    #expect(throws: SpillFile.Failure.self) { try file.read(at: 2, count: 5, into: &buffer) }
  }

  @Test func aFolderThatDoesNotExistIsAClearError() {
    #expect(throws: SpillFile.Failure.self) { try SpillFile(folder: "/nonexistent-\(UUID().uuidString)") }
  }
}
