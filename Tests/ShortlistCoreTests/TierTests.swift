import Foundation
import Testing

@testable import ShortlistCore

@Suite struct TierTests {
  @Test(arguments: [
    ("Toptal", Tier.curatedMarketplace), ("toptal", .curatedMarketplace), ("Braintrust", .curatedMarketplace),
    ("referral", .directOutreach), ("Outreach", .directOutreach), ("network", .directOutreach),
    ("Upwork", .generalPlatform), ("FIVERR", .generalPlatform), (" upwork ", .generalPlatform),
    ("Turing", .curatedMarketplace), ("Arc", .curatedMarketplace), ("Gun.io", .curatedMarketplace),
    ("Mercor", .nicheNetwork), ("Contra", .generalPlatform),
  ])
  func infersTierFromKnownSources(source: String, tier: Tier) {
    #expect(SourceMap().tier(for: source) == tier)
  }

  @Test func aUsersMapAddsChangesAndRemoves() {
    let map = SourceMap(changes: ["deepnet": .nicheNetwork, "toptal": .nicheNetwork, "upwork": nil])
    #expect(map.tier(for: "DeepNet") == .nicheNetwork && map.tier(for: "Toptal") == .nicheNetwork)
    #expect(map.tier(for: "upwork") == nil && map.tier(for: "Braintrust") == .curatedMarketplace)
    let entries = map.entries
    #expect(entries.contains { $0.source == "deepnet" && $0.own } && !entries.contains { $0.source == "upwork" })
    #expect(entries.map(\.tier) == entries.map(\.tier).sorted())
  }

  @Test func aMappedNameAsAWholeWordGivesItsTier() {
    let map = SourceMap()
    #expect(map.wordMatch(for: "LinkedIn Recruiter")?.name == "linkedin")
    #expect(map.wordMatch(for: "LinkedIn Recruiter")?.tier == .directOutreach)
    #expect(map.wordMatch(for: "via the Niche AI Network").map { $0.name } == "niche ai network", "the longest wins")
    #expect(map.wordMatch(for: "Toptalent agency") == nil, "a word, not a prefix")
    #expect(map.wordMatch(for: "Upwork") == nil, "one word is an exact match or nothing")
  }

  @Test func unknownSourceHasNoTier() {
    #expect(SourceMap().tier(for: "my cousin") == nil)
    #expect(SourceMap().tier(for: "") == nil)
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
    (3.0, 3, "3.000"), (-0.04, 1, "0.0"), (1234.5678, 2, "1234.57"), (0.05, 1, "0.1"), (9.999, 2, "10.00"),
    (-12.5, 0, "-13"), (0.001, 3, "0.001"), (123456789.5, 0, "123456790"), (1e13, 1, "10000000000000.0"),
  ])
  func fixed(value: Double, digits: Int, text: String) {
    #expect(Format.fixed(value, digits) == text)
  }

  @Test func shortenCountsCharactersNotBytes() {
    #expect(Format.shorten("abc", 3) == "abc")
    #expect(Format.shorten("abcd", 3) == "ab…")
    #expect(Format.shorten("ééé", 3) == "ééé", "six bytes, three characters: not cut")
    #expect(Format.shorten(String(repeating: "👩‍💻", count: 5), 4) == "👩‍💻👩‍💻👩‍💻…")
  }

  @Test func fixedAgreesWithTheSlowFormulaOnManyValues() {
    // The byte writer against plain integer arithmetic turned into text, over a spread of values and digits.
    var x: UInt64 = 42
    for _ in 0..<5_000 {
      x = x &* 6364136223846793005 &+ 1442695040888963407
      let v = Double(Int64(bitPattern: x >> 20) % 10_000_000) / 997
      for digits in 0...4 {
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let n = Int64((abs(v) * Double(scale)).rounded(.toNearestOrAwayFromZero))
        let frac = String(n % scale)
        let expected =
          (v < 0 && n != 0 ? "-" : "") + String(n / scale)
          + (digits > 0 ? "." + String(repeating: "0", count: digits - frac.count) + frac : "")
        #expect(Format.fixed(v, digits) == expected)
      }
    }
  }

  @Test func iso() {
    #expect(Format.iso(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    #expect(Format.iso(Date(timeIntervalSince1970: 1_790_000_000.7)) == "2026-09-21T14:13:20Z")
  }
}
