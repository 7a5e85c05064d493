import Foundation
import Testing

@testable import ShortlistCore

@Suite struct AlphaBootstrapTests {
  /// The same data give the same interval (a fixed seed), and it brackets the point estimate with a width.
  @Test func reproducibleAndAroundTheEstimate() throws {
    let units = Agreement.Units(AgreementTests.units)
    let first = try #require(Agreement.bootstrapInterval(units))
    let second = try #require(Agreement.bootstrapInterval(units))
    #expect(first == second)
    let alpha = try #require(Agreement.krippendorff(units, metrics: [.interval])[0].value)
    #expect(first.lowerBound < alpha && alpha < first.upperBound, "\(first) around \(alpha)")
    #expect(first.upperBound - first.lowerBound > 0.05)
    #expect(first.upperBound <= 1)
  }

  /// Grouping units by their values and drawing group counts is the same bootstrap as drawing units one by one:
  /// the percentiles agree with a direct resampling (20,000 draws) to within what 1,000 draws resolve.
  @Test func groupedDrawsMatchDirectResampling() throws {
    let raw = AgreementTests.units.filter { $0.count >= 2 }
    var random = SplitMix64(seed: 42)
    var alphas: [Double] = []
    for _ in 0..<20_000 {
      let sample = (0..<raw.count).map { _ in raw[Int(random.next() % UInt64(raw.count))] }
      if let a = Agreement.krippendorff(sample, metric: .interval).value { alphas.append(a) }
    }
    alphas.sort()
    let low = alphas[Int(0.025 * Double(alphas.count))]
    let high = alphas[Int(0.975 * Double(alphas.count))]
    let grouped = try #require(Agreement.bootstrapInterval(Agreement.Units(raw)))
    #expect(abs(grouped.lowerBound - low) < 0.04, "\(grouped) vs \(low)...\(high)")
    #expect(abs(grouped.upperBound - high) < 0.04, "\(grouped) vs \(low)...\(high)")
  }

  /// A large panel (100,000 units) costs what a small one does: groups, not units, are drawn.
  @Test func largeSamplesGiveANarrowInterval() throws {
    var units = Agreement.Units()
    var random = SplitMix64(seed: 7)
    for _ in 0..<100_000 {
      let truth = Double(1 + Int(random.next() % 4))
      units.append(truth)
      units.append(random.next() % 5 == 0 ? max(1, min(4, truth + 1)) : truth)
      units.endUnit()
    }
    let ci = try #require(Agreement.bootstrapInterval(units))
    let alpha = try #require(Agreement.krippendorff(units, metrics: [.interval])[0].value)
    #expect(ci.contains(alpha))
    #expect(ci.upperBound - ci.lowerBound < 0.02)
  }

  @Test(arguments: [
    (0.85...0.95, Agreement.Verdict.reliable), (0.70...0.79, .tentative), (0.1...0.6, .reword),
    (0.6...0.9, .uncertain), (0.75...0.85, .uncertain),
  ])
  func aBandIsNamedOnlyWhenTheWholeIntervalLiesInIt(interval: ClosedRange<Double>, verdict: Agreement.Verdict) {
    #expect(Agreement.verdict(interval: interval, enoughData: true) == verdict)
    #expect(Agreement.verdict(interval: interval, enoughData: false) == .notEnoughData)
  }

  @Test func noVariationHasNoInterval() {
    #expect(Agreement.bootstrapInterval(Agreement.Units([[3, 3], [3, 3], [3, 3]])) == nil)
    #expect(Agreement.bootstrapInterval(Agreement.Units([[1, 2]])) == nil)
  }
}
