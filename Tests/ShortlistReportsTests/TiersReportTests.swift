import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

@Suite struct TiersReportTests {
  @Test func tiersReportInEveryFormat() throws {
    let yields = [
      TierYield(
        tier: .nicheNetwork, candidates: 3, interviewed: 2, shortlisted: 1, hired: 0, meanScore: 71.25,
        medianDaysToShortlist: nil, meanRate: 120)
    ]
    let report = TiersReport(role: nil, yields: yields)
    let o = try ListingsTests.object(Array(report.json().utf8))
    let t = try #require((o["tiers"] as? [[String: Any]])?.first)
    #expect(o["role"] is NSNull && t["mean_score"] as? Double == 71.25 && t["median_days_to_shortlist"] is NSNull)
    #expect(report.csv().hasPrefix("tier,name,signal,candidates,interviewed,shortlisted,hired,mean_score,"))
    #expect(t["signal"] as? String == "High" && report.table(maxWidth: 100).contains("High"))
    #expect(report.csv().contains(",71.3,,120.00\r\n"), "money as a number in a sheet")
    #expect(report.markdown().contains("$120"))
    #expect(report.markdown().contains("| 1 |"))
    #expect(report.table(maxWidth: 100).contains("days to SL"))
  }
}
