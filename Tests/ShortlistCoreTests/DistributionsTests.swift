import Testing

@testable import ShortlistCore

/// Checked against scipy.stats (1.17): f.ppf, f.cdf and beta's regularized incomplete function.
@Suite struct DistributionsTests {
  @Test func fQuantileAndCDFMatchSciPy() throws {
    #expect(abs(try #require(Distributions.fQuantile(0.975, 5, 3.7)) - 10.466545635649885) < 1e-6)
    #expect(abs(Distributions.fCDF(2.5, 4.2, 11.3) - 0.9001234238255296) < 1e-9)
    for (p, d1, d2) in [(0.5, 1.0, 1.0), (0.025, 3.0, 40.0), (0.975, 40.0, 3.0), (0.9, 2.5, 7.25)] {
      let x = try #require(Distributions.fQuantile(p, d1, d2))
      #expect(abs(Distributions.fCDF(x, d1, d2) - p) < 1e-9, "\(p) \(d1) \(d2)")
    }
  }

  @Test func incompleteBetaEdgesAndSymmetry() {
    #expect(Distributions.incompleteBeta(0, 2, 3) == 0 && Distributions.incompleteBeta(1, 2, 3) == 1)
    #expect(abs(Distributions.incompleteBeta(0.5, 2, 2) - 0.5) < 1e-12)
    let x = 0.3
    #expect(abs(Distributions.incompleteBeta(x, 2.5, 4) - (1 - Distributions.incompleteBeta(1 - x, 4, 2.5))) < 1e-12)
  }

  @Test func nonsenseGivesNil() {
    #expect(Distributions.fQuantile(0, 1, 1) == nil && Distributions.fQuantile(0.5, -1, 1) == nil)
    #expect(Distributions.fQuantile(0.5, 1, .infinity) == nil)
  }
}
