import Foundation
import Testing

@testable import ShortlistCore

@Suite struct IdentifierTests {
  @Test func version7TextLayout() throws {
    var g = UUIDv7Generator()
    let id = g.next(now: 1_700_000_000.123)
    #expect(id.count == 36)
    let parts = id.split(separator: "-").map(String.init)
    #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
    #expect(parts[0] + parts[1] == String(1_700_000_000_123, radix: 16).leftPadded(12), "48-bit unix milliseconds")
    #expect(parts[2].first == "7", "version 7")
    #expect("89ab".contains(parts[3].first!), "RFC 9562 variant")
    #expect(id == id.lowercased())
    #expect(UUID(uuidString: id) != nil)
  }

  @Test func strictlyIncreasingAndUniqueWithinOneMillisecond() {
    var g = UUIDv7Generator()
    let ids = (0..<100_000).map { _ in g.next(now: 1_700_000_000) }
    #expect(ids == ids.sorted())
    #expect(Set(ids).count == ids.count)
    // A later millisecond sorts after everything before it.
    #expect(g.next(now: 1_700_000_000.001) > ids.last!)
  }

  @Test func anImpossibleClockIsClampedNotACrash() {
    var g = UUIDv7Generator()
    #expect(g.next(now: -5).hasPrefix("00000000-0000-7"))
    #expect(g.next(now: .infinity).count == 36)
    #expect(g.next(now: 1e30).hasPrefix("ffffffff-ffff-7"))
  }

  @Test func aClockThatGoesBackStillCountsUp() {
    var g = UUIDv7Generator()
    let a = g.next(now: 1_700_000_005)
    let b = g.next(now: 1_700_000_001)
    #expect(b > a)
  }
}

extension String {
  fileprivate func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
