import Foundation

extension Agreement {
  /// Krippendorff's alpha and its bootstrap interval added up unit by unit, for scores 0-15 (a scorecard's 1-4): the
  /// coincidence matrix, the counts and the units grouped by their values, never the units themselves. A comparison
  /// over a million candidates reads them slice by slice and keeps only this. Units added in the same order give the
  /// same alpha, bit for bit, as `krippendorff` over them.
  public struct Coincidences: Sendable {
    /// o[c * 16 + k] for the values c and k themselves.
    private var o = [Double](repeating: 0, count: 256)
    private var pairable = 0
    private var values = 0
    /// Pairable units by their sorted values: up to 15 packed in a key, more as an array.
    private var packed: [UInt64: Int] = [:]
    private var groups: [[Double]: Int] = [:]
    private var counts = [Int](repeating: 0, count: 16)

    public init() {}

    /// Adds one unit: the scores raters gave it (0-15 each; a unit of fewer than 2 is not pairable and adds nothing).
    public mutating func add(unit: UnsafeBufferPointer<UInt8>) {
      let m = unit.count
      guard m >= 2 else { return }
      pairable += 1
      values += m
      for c in 0..<16 { counts[c] = 0 }
      for x in unit { counts[Int(x & 15)] += 1 }
      let w = 1 / Double(m - 1)
      for c in 0..<16 where counts[c] > 0 {
        for k in 0..<16 where counts[k] > 0 {
          let pairs = c == k ? counts[c] * (counts[c] - 1) : counts[c] * counts[k]
          o[c * 16 + k] += Double(pairs) * w
        }
      }
      if m <= 15 {
        var key: UInt64 = 0
        for value in 0..<16 { for _ in 0..<counts[value] { key = key << 4 | UInt64(value) } }
        packed[UInt64(m) << 60 | key, default: 0] += 1
      } else {
        var sorted: [Double] = []
        for value in 0..<16 { for _ in 0..<counts[value] { sorted.append(Double(value)) } }
        groups[sorted, default: 0] += 1
      }
    }

    /// Units with 2 or more values.
    public var pairableUnits: Int { pairable }

    /// The matrix over the values that occur (sorted), as `krippendorff` lays it out.
    private var compact: (o: [Double], categories: [Double]) {
      var present: [Int] = []
      for c in 0..<16 {
        var row = 0.0
        for k in 0..<16 { row += o[c * 16 + k] }
        if row > 0 { present.append(c) }
      }
      let v = present.count
      var out = [Double](repeating: 0, count: v * v)
      for (i, c) in present.enumerated() { for (j, k) in present.enumerated() { out[i * v + j] = o[c * 16 + k] } }
      return (out, present.map(Double.init))
    }

    public func alphas(_ metrics: [Metric]) -> [Alpha] {
      let (matrix, categories) = compact
      return Agreement.alphas(
        coincidences: matrix, categories: categories, values: values, units: pairable, metrics: metrics)
    }

    /// The bootstrap 95% interval of the interval alpha, as `bootstrapInterval(_:)` draws it over the same units.
    public func bootstrapInterval() -> ClosedRange<Double>? {
      Agreement.bootstrapInterval(
        packed: packed, groups: groups, categories: compact.categories, pairable: pairable)
    }
  }
}
