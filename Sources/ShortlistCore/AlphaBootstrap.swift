import Foundation

extension Agreement {
  /// A bootstrap 95% interval for Krippendorff's interval alpha (Hayes and Krippendorff 2007): the pairable units
  /// are resampled with replacement, `draws` times, from a fixed seed so the same data always give the same interval;
  /// the interval is the 2.5th and 97.5th percentiles of the alphas drawn. nil with fewer than 2 pairable units, or
  /// when fewer than half the draws have an alpha (no variation in the resample).
  ///
  /// Units with the same values contribute the same coincidences, so they are grouped by their values first and a
  /// resample is a multinomial draw of how many of each group it holds (sequential binomials): a draw costs the
  /// number of distinct groups (tens for 1-4 scores), not the number of units, so 100,000 candidates cost what 100 do.
  public static func bootstrapInterval(_ units: Units, draws: Int = 1_000, seed: UInt64 = 0x5EED_A1FA)
    -> ClosedRange<Double>?
  {
    // Each pairable unit's coincidences: o[c][k] += (pairs of values c, k within the unit) / (m - 1).
    var groups: [[Double]: Int] = [:]
    // Scores 1-4 from up to 15 scorecards: a unit's sorted values packed 4 bits each (no array per unit).
    var packed: [UInt64: Int] = [:]
    var categories: [Double] = []
    var start = 0
    var pairable = 0
    for end in units.ends {
      if end - start >= 2 {
        pairable += 1
        var key: UInt64 = 0
        var small = end - start <= 15
        var histogram = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        for k in start..<end {
          let x = units.values[k]
          if !categories.contains(x) { categories.append(x) }
          guard small, x >= 0, x <= 15, x == x.rounded() else {
            small = false
            continue
          }
          withUnsafeMutableBytes(of: &histogram) { $0.bindMemory(to: Int.self)[Int(x)] += 1 }
        }
        if small {
          withUnsafeBytes(of: &histogram) { raw in
            for (value, count) in raw.bindMemory(to: Int.self).enumerated() {
              for _ in 0..<count { key = key << 4 | UInt64(value) }
            }
          }
          packed[UInt64(end - start) << 60 | key, default: 0] += 1
        } else {
          groups[units.values[start..<end].sorted(), default: 0] += 1
        }
      }
      start = end
    }
    categories.sort()
    return bootstrapInterval(
      packed: packed, groups: groups, categories: categories, pairable: pairable, draws: draws, seed: seed)
  }

  /// The same from the pairable units grouped by their values: `packed` (up to 15 values of 0-15, sorted, 4 bits
  /// each under their number in the top 4 bits) and `groups` (any other unit's sorted values), with the sorted
  /// distinct values and the number of pairable units. A comparison read slice by slice adds these up as it goes.
  static func bootstrapInterval(
    packed: [UInt64: Int], groups: [[Double]: Int], categories: [Double], pairable: Int, draws: Int = 1_000,
    seed: UInt64 = 0x5EED_A1FA
  ) -> ClosedRange<Double>? {
    var groups = groups
    for (key, count) in packed {
      // The number of values in the top 4 bits, the sorted values 4 bits each below.
      let n = Int(key >> 60)
      let values = (0..<n).map { i in Double((key >> UInt64(4 * (n - 1 - i))) & 15) }
      groups[values, default: 0] += count
    }
    guard pairable >= 2 else { return nil }
    let v = categories.count
    let kinds = groups.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    // Per kind: its coincidence matrix, flat (v x v).
    let matrices: [[Double]] = kinds.map { kind in
      var o = [Double](repeating: 0, count: v * v)
      let m = Double(kind.key.count)
      let idx = kind.key.map { x in categories.firstIndex(of: x) ?? 0 }
      for i in idx.indices {
        for j in idx.indices where i != j { o[idx[i] * v + idx[j]] += 1 / (m - 1) }
      }
      return o
    }
    var delta = [Double](repeating: 0, count: v * v)
    for c in 0..<v {
      for k in 0..<v { delta[c * v + k] = (categories[c] - categories[k]) * (categories[c] - categories[k]) }
    }
    var random = SplitMix64(seed: seed)
    var alphas: [Double] = []
    alphas.reserveCapacity(draws)
    var o = [Double](repeating: 0, count: v * v)
    var nc = [Double](repeating: 0, count: v)
    for _ in 0..<draws {
      for i in o.indices { o[i] = 0 }
      var remaining = pairable
      var share = 1.0
      for (t, kind) in kinds.enumerated() {
        let p = Double(kind.value) / Double(pairable)
        let count =
          t == kinds.count - 1 ? remaining : Self.binomial(remaining, min(1, p / share), using: &random)
        remaining -= count
        share -= p
        if count > 0 {
          let weight = Double(count)
          let m = matrices[t]
          for i in o.indices where m[i] != 0 { o[i] += weight * m[i] }
        }
        if remaining == 0 { break }
      }
      var n = 0.0
      for c in 0..<v {
        var sum = 0.0
        for k in 0..<v { sum += o[c * v + k] }
        nc[c] = sum
        n += sum
      }
      var observed = 0.0
      var expected = 0.0
      for c in 0..<v {
        for k in 0..<v where c != k {
          observed += o[c * v + k] * delta[c * v + k]
          expected += nc[c] * nc[k] * delta[c * v + k]
        }
      }
      guard n > 1, expected > 0 else { continue }
      alphas.append(1 - (n - 1) * observed / expected)
    }
    guard alphas.count * 2 >= draws else { return nil }
    alphas.sort()
    func percentile(_ q: Double) -> Double {
      // Linear interpolation between order statistics (numpy's default).
      let h = q * Double(alphas.count - 1)
      let lo = Int(h.rounded(.down))
      let hi = min(lo + 1, alphas.count - 1)
      return alphas[lo] + (h - Double(lo)) * (alphas[hi] - alphas[lo])
    }
    return percentile(0.025)...percentile(0.975)
  }

  /// A binomial draw: inversion for a small mean, a rounded normal for a large one (its error is far below what a
  /// 1,000-draw percentile resolves).
  static func binomial(_ n: Int, _ p: Double, using random: inout SplitMix64) -> Int {
    if n == 0 || p <= 0 { return 0 }
    if p >= 1 { return n }
    if p > 0.5 { return n - binomial(n, 1 - p, using: &random) }
    let mean = Double(n) * p
    if mean < 30 {
      // Inversion: walk the pmf from 0 until the uniform is used up.
      var u = random.nextUnit()
      var k = 0
      var pmf = Foundation.pow(1 - p, Double(n))
      let ratio = p / (1 - p)
      while u > pmf && k < n {
        u -= pmf
        pmf *= ratio * Double(n - k) / Double(k + 1)
        k += 1
      }
      return k
    }
    let sd = (mean * (1 - p)).squareRoot()
    let u1 = max(random.nextUnit(), Double.leastNonzeroMagnitude)
    let u2 = random.nextUnit()
    let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    return min(n, max(0, Int((mean + sd * z).rounded())))
  }

  /// The interval's band: a verdict named only when the whole interval lies in one band (.800 and above reliable,
  /// from .667 tentative, below reword), else uncertain.
  public static func verdict(interval: ClosedRange<Double>?, enoughData: Bool) -> Verdict {
    guard enoughData, let interval else { return .notEnoughData }
    let low = Verdict(interval.lowerBound)
    return low == Verdict(interval.upperBound) ? low : .uncertain
  }
}

/// SplitMix64: a small, fast generator whose sequence is fixed by its seed (reproducible bootstrap intervals).
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// A uniform double in [0, 1).
  public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
