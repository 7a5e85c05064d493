import Foundation

/// Inter-rater agreement statistics, exact up to floating point.
public enum Agreement {
  public enum Metric: Sendable { case nominal, ordinal, interval, ratio }

  public struct Alpha: Sendable, Equatable {
    /// nil when there is not enough data or no variation at all (alpha undefined).
    public var value: Double?
    /// Units with at least two values (pairable units).
    public var units: Int
    /// Pairable values: the values in those units.
    public var values: Int
  }

  /// Units of values laid out flat: unit u holds `values[ends[u-1] ..< ends[u]]` (from 0 for the first). Large
  /// comparisons build one of these instead of an array per unit.
  public struct Units: Sendable {
    public private(set) var values: [Double] = []
    public private(set) var ends: [Int] = []

    public init() {}

    public init(_ units: [[Double]]) {
      for unit in units {
        values += unit
        ends.append(values.count)
      }
    }

    public mutating func append(_ value: Double) { values.append(value) }

    /// Closes the unit being appended to (an empty unit is dropped).
    public mutating func endUnit() {
      if values.count > (ends.last ?? 0) { ends.append(values.count) }
    }

    public mutating func append(contentsOf other: Units) {
      let base = values.count
      values += other.values
      ends += other.ends.map { $0 + base }
    }
  }

  /// Krippendorff's alpha over units of values (each unit: the values raters gave it; missing values simply absent).
  /// Needs at least 2 units with 2+ values; alpha is undefined (nil) when every pairable value is the same.
  public static func krippendorff(_ units: [[Double]], metric: Metric) -> Alpha {
    krippendorff(Units(units), metrics: [metric])[0]
  }

  /// Alpha for several metrics at once: the coincidence matrix is built once.
  public static func krippendorff(_ units: Units, metrics: [Metric]) -> [Alpha] {
    // Categories are the distinct pairable values, sorted.
    var categories: [Double] = []
    var pairableUnits = 0
    var n = 0
    var start = 0
    for end in units.ends {
      if end - start >= 2 {
        pairableUnits += 1
        n += end - start
        for k in start..<end where !categories.contains(units.values[k]) { categories.append(units.values[k]) }
      }
      start = end
    }
    guard pairableUnits >= 2 else { return metrics.map { _ in Alpha(value: nil, units: pairableUnits, values: n) } }
    categories.sort()
    let v = categories.count
    func index(_ x: Double) -> Int {
      var lo = 0
      var hi = v - 1
      while lo < hi {
        let mid = (lo + hi) / 2
        if categories[mid] < x { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    // o[c * v + k]: coincidences of values c and k within units, each pair weighted 1 / (m - 1).
    var o = [Double](repeating: 0, count: v * v)
    var counts = [Int](repeating: 0, count: v)
    start = 0
    for end in units.ends {
      defer { start = end }
      let m = end - start
      guard m >= 2 else { continue }
      for c in counts.indices { counts[c] = 0 }
      for k in start..<end { counts[index(units.values[k])] += 1 }
      let w = 1 / Double(m - 1)
      for c in 0..<v where counts[c] > 0 {
        for k in 0..<v where counts[k] > 0 {
          let pairs = c == k ? counts[c] * (counts[c] - 1) : counts[c] * counts[k]
          o[c * v + k] += Double(pairs) * w
        }
      }
    }
    return alphas(coincidences: o, categories: categories, values: n, units: pairableUnits, metrics: metrics)
  }

  /// Alpha from a coincidence matrix (`o`, v x v over the sorted `categories`), the number of pairable values and of
  /// pairable units: what `krippendorff` computes once it has added up its units, and what a comparison read slice by
  /// slice adds up as it goes (`Coincidences`).
  static func alphas(
    coincidences o: [Double], categories: [Double], values n: Int, units pairableUnits: Int,
    metrics: [Metric]
  ) -> [Alpha] {
    guard pairableUnits >= 2 else { return metrics.map { _ in Alpha(value: nil, units: pairableUnits, values: n) } }
    let v = categories.count
    var nc = [Double](repeating: 0, count: v)
    for c in 0..<v { for k in 0..<v { nc[c] += o[c * v + k] } }
    let total = Double(n)
    return metrics.map { metric in
      func delta2(_ c: Int, _ k: Int) -> Double {
        let a = categories[c]
        let b = categories[k]
        switch metric {
        case .nominal: return c == k ? 0 : 1
        case .interval: return (a - b) * (a - b)
        case .ratio: return a + b == 0 ? 0 : ((a - b) / (a + b)) * ((a - b) / (a + b))
        case .ordinal:
          let lo = min(c, k)
          let hi = max(c, k)
          var s = 0.0
          for g in lo...hi { s += nc[g] }
          s -= (nc[c] + nc[k]) / 2
          return s * s
        }
      }
      var dObserved = 0.0
      var dExpected = 0.0
      for c in 0..<v {
        for k in 0..<v where c != k {
          let d = delta2(c, k)
          dObserved += o[c * v + k] * d
          dExpected += nc[c] * nc[k] * d
        }
      }
      dObserved /= total
      dExpected /= total * (total - 1)
      guard dExpected > 0 else { return Alpha(value: nil, units: pairableUnits, values: n) }
      return Alpha(value: 1 - dObserved / dExpected, units: pairableUnits, values: n)
    }
  }

  public struct ICC: Sendable, Equatable {
    public var icc21: Double?
    public var icc2k: Double?
    /// 95% confidence intervals (McGraw & Wong 1996, the F-based interval pingouin reports).
    public var ci21: ClosedRange<Double>?
    public var ci2k: ClosedRange<Double>?
    public var raters: Int
    public var targets: Int
    /// Why ICC was not computed, when it was not.
    public var reason: String?

    public init(
      icc21: Double?, icc2k: Double?, raters: Int, targets: Int, reason: String?, ci21: ClosedRange<Double>? = nil,
      ci2k: ClosedRange<Double>? = nil
    ) {
      self.icc21 = icc21
      self.icc2k = icc2k
      self.raters = raters
      self.targets = targets
      self.reason = reason
      self.ci21 = ci21
      self.ci2k = ci2k
    }

    /// The band of ICC(2,1) only when its whole interval lies in one band; `uncertain` otherwise (few candidates).
    public var band: String? {
      guard let icc21 else { return nil }
      guard let ci21 else { return Agreement.band(icc21) }
      let low = Agreement.band(ci21.lowerBound)
      return low == Agreement.band(ci21.upperBound) ? low : "uncertain"
    }
  }

  /// ICC(2,1) and ICC(2,k), two-way random effects, absolute agreement (Shrout & Fleiss 1979), on a complete
  /// targets x raters matrix.
  public static func icc(_ matrix: [[Double]]) -> ICC {
    let k = matrix.first?.count ?? 0
    precondition(matrix.allSatisfy { $0.count == k }, "ICC needs a complete matrix")
    return icc(flat: matrix.flatMap { $0 }, columns: k, rows: matrix.count)
  }

  /// The same over the matrix's rows laid end to end (`rows` rows of `columns` each): one array for a comparison of
  /// a million candidates instead of one per candidate. Sums are taken in the same order, so the figures are the same
  /// to the last bit.
  public static func icc(flat matrix: [Double], columns k: Int, rows n: Int) -> ICC {
    guard n >= 2, k >= 2 else {
      return ICC(
        icc21: nil, icc2k: nil, raters: k, targets: n,
        reason: n < 2 ? "fewer than 2 candidates scored by every interviewer" : "fewer than 2 interviewers")
    }
    precondition(matrix.count == n * k, "ICC needs a complete matrix")
    let nn = Double(n)
    let kk = Double(k)
    let grand = matrix.reduce(0, +) / (nn * kk)
    let rowMeans = (0..<n).map { i in matrix[(i * k)..<(i * k + k)].reduce(0, +) / kk }
    let colMeans = (0..<k).map { j in (0..<n).reduce(0) { $0 + matrix[$1 * k + j] } / nn }
    let ssr = kk * rowMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
    let ssc = nn * colMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
    let sst = matrix.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
    let sse = sst - ssr - ssc
    let msr = ssr / (nn - 1)
    let msc = ssc / (kk - 1)
    let mse = sse / ((nn - 1) * (kk - 1))
    let d1 = msr + (kk - 1) * mse + kk * (msc - mse) / nn
    let dk = msr + (msc - mse) / nn
    let reason = d1 == 0 || dk == 0 ? "no variation in the scores" : nil
    let icc21 = d1 == 0 ? nil : (msr - mse) / d1
    var ci21: ClosedRange<Double>?
    var ci2k: ClosedRange<Double>?
    if let icc = icc21, mse > 0 {
      // McGraw & Wong (1996), case 2A, as pingouin computes it: Satterthwaite's degrees of freedom for the
      // denominator, F quantiles at 2.5% and 97.5%.
      let fc = msc / mse
      let a = kk * icc * fc + nn * (1 + (kk - 1) * icc) - kk * icc
      let vn = (kk - 1) * (nn - 1) * a * a
      let b = nn * (1 + (kk - 1) * icc) - kk * icc
      let vd = (nn - 1) * kk * kk * icc * icc * fc * fc + b * b
      let v = vn / vd
      if let fu = Distributions.fQuantile(0.975, nn - 1, v), let fl = Distributions.fQuantile(0.975, v, nn - 1) {
        let lb = nn * (msr - fu * mse) / (fu * (kk * msc + (kk * nn - kk - nn) * mse) + nn * msr)
        let ub = nn * (fl * msr - mse) / (kk * msc + (kk * nn - kk - nn) * mse + nn * fl * msr)
        if lb.isFinite, ub.isFinite, lb <= ub {
          ci21 = lb...ub
          // Spearman-Brown of each bound; it is monotonic only above -1/(k-1), so a bound below that (a tiny panel
          // that disagrees wildly) leaves ICC(2,k) without an interval rather than an inverted one.
          let lk = lb * kk / (1 + lb * (kk - 1))
          let uk = ub * kk / (1 + ub * (kk - 1))
          if lk.isFinite, uk.isFinite, lk <= uk, lb > -1 / (kk - 1) { ci2k = lk...uk }
        }
      }
    }
    return ICC(
      icc21: icc21, icc2k: dk == 0 ? nil : (msr - mse) / dk, raters: k, targets: n, reason: reason, ci21: ci21,
      ci2k: ci2k)
  }

  /// A question's alpha gives a verdict only over this many candidates with two or more scores.
  public static let minimumUnitsForVerdict = 5

  /// Koo & Li (2016): < .50 poor, .50-.75 moderate, .75-.90 good, > .90 excellent.
  public static func band(_ icc: Double) -> String {
    icc < 0.5 ? "poor" : icc < 0.75 ? "moderate" : icc <= 0.9 ? "good" : "excellent"
  }

  /// >= .800 reliable, .667-.800 tentative, below: reword; nil: not enough data.
  /// What a question's alpha says about it (Krippendorff's thresholds: .8 reliable, .667 tentative).
  public enum Verdict: String, Sendable, CaseIterable {
    case reliable, tentative, reword
    /// The 95% interval spans two bands: the data do not say which.
    case uncertain
    case notEnoughData = "not enough data"

    public init(_ alpha: Double?) {
      guard let alpha else {
        self = .notEnoughData
        return
      }
      self = alpha >= 0.8 ? .reliable : alpha >= 0.667 ? .tentative : .reword
    }

    /// The words shown to a reader.
    public var advice: String { self == .reword ? "reword this question or its rubric" : rawValue }
  }

  public struct Leniency: Sendable, Equatable {
    public var rater: String
    public var scorecards: Int
    public var sharedItems: Int
    /// Mean of (own score - other raters' mean) over shared items; nil below `minimumItems`.
    public var offset: Double?
  }

  public static let minimumItems = 5

  /// Rater offsets from items (candidate, question) -> rater -> score. A rater's several scores for one item are
  /// averaged first.
  public static func leniency(items: [[String: [Double]]], scorecards: [String: Int]) -> [Leniency] {
    let raters = scorecards.keys.sorted()
    let index = Dictionary(uniqueKeysWithValues: raters.enumerated().map { ($1, $0) })
    let indexed = items.map { item in item.flatMap { rater, values in values.map { (index[rater] ?? 0, $0) } } }
    return leniency(indexedItems: indexed, raters: raters, scorecards: raters.map { scorecards[$0] ?? 0 })
  }

  /// The same over items given as (rater index, score) pairs, without a dictionary per item.
  public static func leniency(indexedItems: [[(Int, Double)]], raters: [String], scorecards: [Int]) -> [Leniency] {
    var flat: [(Int, Double)] = []
    var ends: [Int] = []
    for item in indexedItems {
      flat += item
      ends.append(flat.count)
    }
    return leniency(items: flat, ends: ends, raters: raters, scorecards: scorecards)
  }

  /// The same over items laid out flat: item i is `items[ends[i-1] ..< ends[i]]` (from 0 for the first).
  public static func leniency(items flat: [(Int, Double)], ends: [Int], raters: [String], scorecards: [Int])
    -> [Leniency]
  {
    var sums = LeniencySums(raters: raters.count)
    var start = 0
    for end in ends {
      for (r, v) in flat[start..<end] { sums.add(rater: r, score: v) }
      sums.endItem()
      start = end
    }
    return sums.result(raters: raters, scorecards: scorecards)
  }

  /// Leniency added up an item at a time (the scores raters gave one candidate's question): each rater's mean on the
  /// item against the mean of the others' means, summed per rater over the items 2 or more raters scored. Items can
  /// come from a list (`leniency(items:ends:...)`) or as a comparison's rows stream by, with raters learnt as they
  /// come (`AgreementSection.Accumulator`); the sums are the same either way.
  public struct LeniencySums: Sendable {
    /// Per rater: the sum of (own mean - the others' mean) over shared items, and how many.
    private var sums: [Double]
    private var counts: [Int]
    // The item being added: each rater's sum and number of scores on it, and who scored it.
    private var itemSum: [Double]
    private var itemN: [Int]
    private var present: [Int] = []

    public init(raters: Int = 0) {
      sums = [Double](repeating: 0, count: raters)
      counts = [Int](repeating: 0, count: raters)
      itemSum = sums
      itemN = counts
    }

    /// Room for one more rater (index `raters` before the call).
    public mutating func addRater() {
      sums.append(0)
      counts.append(0)
      itemSum.append(0)
      itemN.append(0)
    }

    public mutating func add(rater r: Int, score v: Double) {
      if itemN[r] == 0 { present.append(r) }
      itemSum[r] += v
      itemN[r] += 1
    }

    /// Closes the item: counted when 2 or more raters scored it.
    public mutating func endItem() {
      if present.count >= 2 {
        var total = 0.0
        for r in present { total += itemSum[r] / Double(itemN[r]) }
        for r in present {
          let mine = itemSum[r] / Double(itemN[r])
          sums[r] += mine - (total - mine) / Double(present.count - 1)
          counts[r] += 1
        }
      }
      for r in present {
        itemSum[r] = 0
        itemN[r] = 0
      }
      present.removeAll(keepingCapacity: true)
    }

    /// Items shared by rater `r`.
    public func sharedItems(_ r: Int) -> Int { counts[r] }

    /// Rater `r`'s offset: nil over fewer than `minimumItems` shared items.
    public func offset(_ r: Int) -> Double? { counts[r] >= minimumItems ? sums[r] / Double(counts[r]) : nil }

    public func result(raters: [String], scorecards: [Int]) -> [Leniency] {
      raters.indices.map { r in
        Leniency(rater: raters[r], scorecards: scorecards[r], sharedItems: counts[r], offset: offset(r))
      }
    }
  }
}
