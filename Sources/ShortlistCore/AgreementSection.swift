import Foundation

/// How far the interviewers agree, for one comparison: alpha per question and overall, ICC of scorecard scores,
/// and each interviewer's leniency offset with the adjusted scores it implies. The statistics live here, in the
/// domain; ShortlistReports only lays them out.
public struct AgreementSection: Sendable {
  public struct QuestionAlpha: Sendable {
    public var interval: Agreement.Alpha
    public var ordinal: Agreement.Alpha
    public var verdict: Agreement.Verdict
    /// Bootstrap 95% interval of the interval alpha (nil without enough pairable units).
    public var ci: ClosedRange<Double>?
  }

  public var perQuestion: [String: QuestionAlpha]
  public var overallInterval: Agreement.Alpha
  public var overallOrdinal: Agreement.Alpha
  public var overallCI: ClosedRange<Double>?
  /// The overall verdict, by the per-question rule: 5 or more candidates with 2 or more scores, and the whole
  /// interval in one band.
  public var overallVerdict: Agreement.Verdict
  public var icc: Agreement.ICC
  public var interviewers: [Agreement.Leniency]
  /// Per candidate id (empty unless asked for).
  public var adjustedScores: [Int64: Double?]

  /// Agreement over the finished scorecards of the visible (unsealed) rows. Adjusted scores (a pass over every
  /// candidate) are computed only when asked for.
  public static func compute(rows: [ComparisonRow], questions: [QuestionRef], adjusted wantAdjusted: Bool = false)
    -> AgreementSection
  {
    let weights = questions.map(\.weight)
    // Finished scorecards laid out flat, raters by index; panel p holds cards panelStart[p] ..< panelStart[p + 1].
    var raterIndex: [String: Int] = [:]
    var raterNames: [String] = []
    var cardScores: [[UInt8]] = []
    var cardRater: [Int] = []
    var panelIds: [Int64] = []
    var panelStart: [Int] = [0]
    for i in rows.indices where !rows[i].sealed {
      for card in rows[i].scorecards where card.finished {
        let r: Int
        if let known = raterIndex[card.interviewer] {
          r = known
        } else {
          r = raterNames.count
          raterIndex[card.interviewer] = r
          raterNames.append(card.interviewer)
        }
        cardScores.append(card.scores)
        cardRater.append(r)
      }
      panelIds.append(rows[i].candidate.id)
      panelStart.append(cardScores.count)
    }
    let panelCount = panelIds.count
    var cardCount = [Int](repeating: 0, count: raterNames.count)
    for r in cardRater { cardCount[r] += 1 }

    // Alpha per question (units = candidates) and overall (units = candidate x question); leniency items are
    // (candidate, question) pairs scored by 2+ cards.
    var perQuestion: [String: QuestionAlpha] = [:]
    var allUnits = Agreement.Units()
    var itemValues: [(Int, Double)] = []
    var itemEnds: [Int] = []
    for (qi, q) in questions.enumerated() {
      var units = Agreement.Units()
      for p in 0..<panelCount {
        let before = itemValues.count
        for c in panelStart[p]..<panelStart[p + 1] where qi < cardScores[c].count && cardScores[c][qi] != 0 {
          let s = Double(cardScores[c][qi])
          units.append(s)
          itemValues.append((cardRater[c], s))
        }
        units.endUnit()
        if itemValues.count - before >= 2 {
          itemEnds.append(itemValues.count)
        } else {
          itemValues.removeLast(itemValues.count - before)
        }
      }
      allUnits.append(contentsOf: units)
      let alphas = Agreement.krippendorff(units, metrics: [.interval, .ordinal])
      // A verdict needs evidence: alpha over fewer candidates is shown, but judged "not enough data".
      let enough = alphas[0].units >= Agreement.minimumUnitsForVerdict
      let ci = enough ? Agreement.bootstrapInterval(units) : nil
      perQuestion[q.id] = QuestionAlpha(
        interval: alphas[0], ordinal: alphas[1],
        verdict: alphas[0].value == nil ? .notEnoughData : Agreement.verdict(interval: ci, enoughData: enough), ci: ci)
    }
    let overall = Agreement.krippendorff(allUnits, metrics: [.interval, .ordinal])
    // Overall units are (candidate, question) pairs; the evidence rule counts candidates with 2 or more scorecards.
    var pairedCandidates = 0
    for p in 0..<panelCount where panelStart[p + 1] - panelStart[p] >= 2 { pairedCandidates += 1 }
    let overallEnough = pairedCandidates >= Agreement.minimumUnitsForVerdict && overall[0].value != nil
    let overallCI = overallEnough ? Agreement.bootstrapInterval(allUnits) : nil

    // ICC over the candidates every interviewer in the comparison has a finished scorecard for; a rater with two
    // scorecards for one candidate counts with their mean.
    let order = raterNames.indices.sorted { raterNames[$0] < raterNames[$1] }
    var matrix: [[Double]] = []
    if raterNames.count >= 2 {
      var sum = [Double](repeating: 0, count: raterNames.count)
      var n = [Int](repeating: 0, count: raterNames.count)
      for p in 0..<panelCount where panelStart[p + 1] - panelStart[p] >= raterNames.count {
        for r in sum.indices {
          sum[r] = 0
          n[r] = 0
        }
        for c in panelStart[p]..<panelStart[p + 1] {
          if let s = Scoring.scorecard(scores: cardScores[c], weights: weights) {
            sum[cardRater[c]] += s
            n[cardRater[c]] += 1
          }
        }
        if n.allSatisfy({ $0 > 0 }) { matrix.append(order.map { sum[$0] / Double(n[$0]) }) }
      }
    }
    var icc = Agreement.icc(matrix)
    if raterNames.count < 2 {
      icc = Agreement.ICC(
        icc21: nil, icc2k: nil, raters: raterNames.count, targets: matrix.count, reason: "fewer than 2 interviewers")
    }
    let leniencyByIndex = Agreement.leniency(
      items: itemValues, ends: itemEnds, raters: raterNames, scorecards: cardCount)

    var adjusted: [Int64: Double?] = [:]
    if wantAdjusted {
      let offsets = leniencyByIndex.map { $0.offset ?? 0 }
      adjusted.reserveCapacity(panelCount)
      var means = [Double?](repeating: nil, count: questions.count)
      for p in 0..<panelCount {
        guard panelStart[p + 1] > panelStart[p] else {
          adjusted[panelIds[p]] = .some(nil)
          continue
        }
        for qi in questions.indices {
          var sum = 0.0
          var n = 0
          for c in panelStart[p]..<panelStart[p + 1] where qi < cardScores[c].count && cardScores[c][qi] != 0 {
            sum += Double(cardScores[c][qi]) - offsets[cardRater[c]]
            n += 1
          }
          means[qi] = n > 0 ? sum / Double(n) : nil
        }
        let s = Scoring.weighted(means: means, weights: weights).score
        adjusted[panelIds[p]] = s.map { min(100, max(0, $0)) }
      }
    }
    return AgreementSection(
      perQuestion: perQuestion, overallInterval: overall[0], overallOrdinal: overall[1], overallCI: overallCI,
      overallVerdict: Agreement.verdict(interval: overallCI, enoughData: overallEnough), icc: icc,
      interviewers: leniencyByIndex.sorted { $0.rater < $1.rater }, adjustedScores: adjusted)
  }
}
