import Foundation
import Testing

@testable import ShortlistCore

@Suite struct TierTests {
  @Test(arguments: [
    ("Toptal", Tier.curatedMarketplace), ("toptal", .curatedMarketplace), ("Braintrust", .curatedMarketplace),
    ("referral", .directOutreach), ("Outreach", .directOutreach), ("network", .directOutreach),
    ("Upwork", .generalPlatform), ("FIVERR", .generalPlatform), (" upwork ", .generalPlatform),
  ])
  func infersTierFromKnownSources(source: String, tier: Tier) {
    #expect(Tier.infer(fromSource: source) == tier)
  }

  @Test func unknownSourceHasNoTier() {
    #expect(Tier.infer(fromSource: "my cousin") == nil)
    #expect(Tier.infer(fromSource: "") == nil)
  }

  @Test(arguments: [("1", 1), ("4", 4), ("tier 2", 2), ("t3", 3)])
  func parsesTiers(text: String, value: Int) {
    #expect(Tier.parse(text)?.rawValue == value)
  }

  @Test(arguments: ["0", "5", "two", "", "-1", "1.5"])
  func refusesBadTiers(text: String) {
    #expect(Tier.parse(text) == nil)
  }

  @Test func statusesAndRates() {
    #expect(Status.parse("Shortlisted") == .shortlisted)
    #expect(Status.parse("done") == nil)
    #expect(Format.parseRate("120") == 120)
    #expect(Format.parseRate("$95.50") == 95.5)
    #expect(Format.parseRate("0") == nil)
    #expect(Format.parseRate("-5") == nil)
    #expect(Format.parseRate("abc") == nil)
    #expect(Format.parseRate("1e3") == nil)
    #expect(Format.parseRate("nan") == nil)
  }
}

@Suite struct FormatTests {
  @Test(arguments: [
    (77.777777, 1, "77.8"), (0, 2, "0.00"), (100, 1, "100.0"), (2.5, 0, "3"), (-1.25, 1, "-1.3"), (0.125, 2, "0.13"),
    (3.0, 3, "3.000"), (-0.04, 1, "0.0"), (1234.5678, 2, "1234.57"),
  ])
  func fixed(value: Double, digits: Int, text: String) {
    #expect(Format.fixed(value, digits) == text)
  }

  @Test func iso() {
    #expect(Format.iso(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    #expect(Format.iso(Date(timeIntervalSince1970: 1_790_000_000.7)) == "2026-09-21T14:13:20Z")
  }
}
