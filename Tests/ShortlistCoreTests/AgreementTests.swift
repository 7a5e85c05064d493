import Testing

@testable import ShortlistCore

@Suite struct AgreementTests {
  /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers x 12 units, missing values.
  static let units: [[Double]] = {
    let a: [Double?] = [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil]
    let b: [Double?] = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3]
    let c: [Double?] = [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil]
    let d: [Double?] = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil]
    return (0..<12).map { u in [a[u], b[u], c[u], d[u]].compactMap { $0 } }
  }()

  @Test(arguments: [
    (Agreement.Metric.ordinal, 0.815), (.interval, 0.849), (.nominal, 0.743), (.ratio, 0.797),
  ])
  func publishedAlphas(metric: Agreement.Metric, expected: Double) throws {
    let a = Agreement.krippendorff(Self.units, metric: metric)
    let value = try #require(a.value)
    #expect(abs(value - expected) < 0.0005, "\(metric): \(value)")
    #expect(a.units == 11)
    #expect(a.values == 40)
  }

  @Test func identicalRatersWithVarianceGiveOne() {
    let a = Agreement.krippendorff([[1, 1], [3, 3], [4, 4]], metric: .interval)
    #expect(a.value == 1)
  }

  /// Two interviewers who disagree completely on two candidates (1 vs 2, 4 vs 3): ICC(2,1)'s lower bound is below
  /// -1/(k-1), where Spearman-Brown turns over; ICC(2,k) gets no interval instead of an inverted one (a crash).
  @Test func aPanelThatDisagreesWildlyHasNoInvertedInterval() {
    let icc = Agreement.icc([[1, 2], [4, 3]])
    if let ci = icc.ci2k { #expect(ci.lowerBound <= ci.upperBound) }
    if let ci = icc.ci21 { #expect(ci.lowerBound <= ci.upperBound) }
    for m in [[[1.0, 4.0], [4.0, 1.0]], [[1, 2], [2, 1]], [[1, 1], [4, 4]], [[2, 3], [3, 1], [1, 4]]] {
      _ = Agreement.icc(m)
    }
  }

  @Test func noVariationIsUndefined() {
    #expect(Agreement.krippendorff([[2, 2], [2, 2, 2]], metric: .interval).value == nil)
    #expect(Agreement.Verdict(nil) == .notEnoughData)
  }

  @Test func singleRaterOrOneUnitIsNotEnough() {
    let single = Agreement.krippendorff([[1], [2], [3]], metric: .ordinal)
    #expect(single.value == nil && single.units == 0)
    let oneUnit = Agreement.krippendorff([[1, 2, 3]], metric: .ordinal)
    #expect(oneUnit.value == nil && oneUnit.units == 1 && oneUnit.values == 3)
  }

  @Test func shroutAndFleiss() throws {
    let m: [[Double]] = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    let icc = Agreement.icc(m)
    #expect(abs(try #require(icc.icc21) - 0.29) < 0.005)
    #expect(abs(try #require(icc.icc2k) - 0.62) < 0.005)
    #expect(icc.raters == 4 && icc.targets == 6)
    // The 95% intervals pingouin reports for this data (McGraw & Wong's F-based interval), to 4 decimals.
    let ci21 = try #require(icc.ci21)
    let ci2k = try #require(icc.ci2k)
    #expect(abs(ci21.lowerBound - 0.018786513374712027) < 1e-4 && abs(ci21.upperBound - 0.761084369648953) < 1e-4)
    #expect(abs(ci2k.lowerBound - 0.0711368153025034) < 1e-4 && abs(ci2k.upperBound - 0.927232040167722) < 1e-4)
    // From poor to good: no band can be named.
    #expect(icc.band == "uncertain")
    #expect(Agreement.band(0.29) == "poor")
  }

  /// Three candidates, two interviewers: a high ICC whose interval spans almost everything says "uncertain".
  @Test func fewCandidatesGiveAWideIntervalAndNoBand() throws {
    let icc = Agreement.icc([[70, 60], [80, 85], [55, 40]])
    #expect(abs(try #require(icc.icc21) - 0.8271604938271604) < 1e-9)
    let ci = try #require(icc.ci21)
    #expect(abs(ci.lowerBound - -0.1594808566924291) < 1e-4 && abs(ci.upperBound - 0.9951492347951325) < 1e-4)
    #expect(icc.band == "uncertain")
  }

  @Test func iccNeedsTwoOfEach() {
    #expect(Agreement.icc([[1, 2]]).icc21 == nil)
    #expect(Agreement.icc([[1], [2]]).reason == "fewer than 2 interviewers")
  }

  @Test func verdictsAndBands() {
    #expect(Agreement.Verdict(0.8) == .reliable)
    #expect(Agreement.Verdict(0.7) == .tentative)
    #expect(Agreement.Verdict(0.5) == .reword)
    #expect(Agreement.band(0.6) == "moderate")
    #expect(Agreement.band(0.8) == "good")
    #expect(Agreement.band(0.95) == "excellent")
  }

  @Test func lenientRaterHasPlusOneOffset() throws {
    // Two fair raters agree; "easy" scores everything exactly one point higher.
    var items: [[String: [Double]]] = []
    for base in [1.0, 2, 3, 2, 1, 3, 2] {
      items.append(["fair1": [base], "fair2": [base], "easy": [base + 1]])
    }
    let l = Agreement.leniency(items: items, scorecards: ["fair1": 7, "fair2": 7, "easy": 7])
    let easy = try #require(l.first { $0.rater == "easy" })
    #expect(easy.sharedItems == 7)
    #expect(abs(try #require(easy.offset) - 1) < 1e-12)
    let fair = try #require(l.first { $0.rater == "fair1" })
    #expect(abs(try #require(fair.offset) - (-0.5)) < 1e-12)
  }

  @Test func fewerThanFiveSharedItemsGiveNoOffset() {
    let items: [[String: [Double]]] = [["a": [1], "b": [2]], ["a": [2], "b": [3]]]
    #expect(Agreement.leniency(items: items, scorecards: ["a": 1, "b": 1]).allSatisfy { $0.offset == nil })
  }

  @Test func flatUnitsGiveTheSameAlphaForEveryMetric() {
    var flat = Agreement.Units()
    for unit in Self.units {
      for v in unit { flat.append(v) }
      flat.endUnit()
    }
    let metrics: [Agreement.Metric] = [.nominal, .ordinal, .interval, .ratio]
    let both = Agreement.krippendorff(flat, metrics: metrics)
    for (k, m) in metrics.enumerated() { #expect(both[k] == Agreement.krippendorff(Self.units, metric: m)) }
  }
}

@Suite struct CoincidencesTests {
  /// Added up unit by unit, alpha and its bootstrap interval are what `krippendorff` and `bootstrapInterval` give
  /// over the same units: bit for bit, on random panels of 1-4 scores with units of 0 to 17 values.
  @Test func addedUpUnitByUnitIsTheWhole() {
    for seed: UInt64 in [1, 2, 3, 4, 5] {
      var random = SplitMix64(seed: seed)
      var units: [[Double]] = []
      var sums = Agreement.Coincidences()
      for _ in 0..<(20 + Int(random.next() % 300)) {
        let m = random.next() % 9 == 0 ? Int(random.next() % 18) : Int(random.next() % 4)
        let unit = (0..<m).map { _ in UInt8(1 + random.next() % 4) }
        units.append(unit.map(Double.init))
        unit.withUnsafeBufferPointer { sums.add(unit: $0) }
      }
      let flat = Agreement.Units(units)
      let whole = Agreement.krippendorff(flat, metrics: [.interval, .ordinal, .nominal])
      #expect(sums.alphas([.interval, .ordinal, .nominal]) == whole, "seed \(seed)")
      #expect(sums.bootstrapInterval() == Agreement.bootstrapInterval(flat), "seed \(seed)")
      #expect(sums.pairableUnits == whole[0].units, "seed \(seed)")
    }
  }
}
