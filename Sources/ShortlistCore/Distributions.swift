import Foundation

/// The few distribution functions the statistics need (confidence intervals), in plain Swift: the regularized
/// incomplete beta function (Numerical Recipes' continued fraction, modified Lentz), the F distribution's CDF and its
/// quantile by bisection. Accurate to about 1e-10, far below what a printed interval shows.
public enum Distributions {
  /// I_x(a, b), for a, b > 0 and x in [0, 1].
  public static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
    guard x > 0 else { return 0 }
    guard x < 1 else { return 1 }
    let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
    let logPowers: Double = a * log(x) + b * log(1 - x)
    let front = exp(logBeta + logPowers)
    // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
    if x < (a + 1) / (a + b + 2) { return front * betaFraction(x, a, b) / a }
    return 1 - front * betaFraction(1 - x, b, a) / b
  }

  static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...300 {
      let m = Double(m)
      let aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      let bb = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 + bb * d
      if abs(d) < tiny { d = tiny }
      c = 1 + bb / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-14 { break }
    }
    return h
  }

  /// P(F <= x) for the F distribution with d1 and d2 degrees of freedom (not necessarily whole numbers).
  public static func fCDF(_ x: Double, _ d1: Double, _ d2: Double) -> Double {
    guard x > 0 else { return 0 }
    return incompleteBeta(d1 * x / (d1 * x + d2), d1 / 2, d2 / 2)
  }

  /// The x with P(F <= x) = p; nil when the degrees of freedom or p make no sense.
  public static func fQuantile(_ p: Double, _ d1: Double, _ d2: Double) -> Double? {
    guard p > 0, p < 1, d1 > 0, d2 > 0, d1.isFinite, d2.isFinite else { return nil }
    var low = 0.0
    var high = 1.0
    while fCDF(high, d1, d2) < p {
      high *= 2
      if high > 1e12 { return nil }
    }
    for _ in 0..<200 {
      let mid = (low + high) / 2
      if fCDF(mid, d1, d2) < p { low = mid } else { high = mid }
      if high - low <= 1e-12 * max(1, high) { break }
    }
    return (low + high) / 2
  }
}
