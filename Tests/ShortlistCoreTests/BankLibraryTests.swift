import Foundation
import Testing

@testable import ShortlistCore

@Suite struct BankLibraryTests {
  static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("QuestionBanks").path

  @Test func theShippedBanksAreValid() {
    let library = BankLibrary(folders: [Self.shipped])
    #expect(library.invalid.isEmpty, "\(library.invalid.map(\.errorDescription))")
    #expect(library.bank("rag-prototype")?.questions.count == 5)
    #expect(library.bank("rag")?.id == "rag-prototype", "a unique prefix finds a bank")
    #expect(library.banks.map(\.id) == library.banks.map(\.id).sorted())
  }

  @Test func anEarlierFolderWinsAndABrokenFileIsReportedNotOffered() throws {
    let dir = NSTemporaryDirectory() + "shortlist-banks-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let original = try String(contentsOfFile: Self.shipped + "/rag-prototype.yaml", encoding: .utf8)
    try original.replacingOccurrences(of: "version: 1", with: "version: 9")
      .write(toFile: dir + "/mine.yaml", atomically: false, encoding: .utf8)
    try "id: broken\n".write(toFile: dir + "/broken.yml", atomically: false, encoding: .utf8)
    try "not a bank".write(toFile: dir + "/README.md", atomically: false, encoding: .utf8)
    let library = BankLibrary(folders: [dir, Self.shipped])
    #expect(library.bank("rag-prototype")?.version == 9)
    #expect(library.entry("rag-prototype")?.file == dir + "/mine.yaml")
    #expect(library.invalid.count == 1)
    #expect(BankLibrary.bankFiles(in: dir) == [dir + "/broken.yml", dir + "/mine.yaml"])
  }

  @Test func lookupOrderFollowsTheProductPage() {
    let folders = BankLibrary.lookupFolders(
      explicit: "/a", environment: ["SHORTLIST_BANKS": "/b", "XDG_CONFIG_HOME": "/c", "HOME": "/h"],
      packageFolder: "/p")
    #expect(folders == ["/a", "/b", "/c/shortlist/banks", "/p"])
    let home = BankLibrary.lookupFolders(explicit: nil, environment: ["HOME": "/h"], packageFolder: nil)
    #expect(home == ["/h/.config/shortlist/banks"])
  }
}
