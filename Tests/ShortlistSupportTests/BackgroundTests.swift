import Testing

@testable import ShortlistSupport

@Suite struct BackgroundTests {
  @Test func resultIsTheWorksValueAndCanBeReadAgain() {
    let work = Background { (1...100_000).reduce(0, +) }
    #expect(work.result == 5_000_050_000)
    #expect(work.result == 5_000_050_000, "a second read does not wait forever")
  }

  @Test func severalRunSideBySide() {
    let parts = (0..<8).map { k in Background { (k * 1000..<(k + 1) * 1000).reduce(0, +) } }
    #expect(parts.map(\.result).reduce(0, +) == (0..<8000).reduce(0, +))
  }
}
