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
  public static func compute<Rows: Sequence<ComparisonRow>>(
    rows: Rows, questions: [QuestionRef], adjusted wantAdjusted: Bool = false
  ) -> AgreementSection {
    var sums = Accumulator(questions: questions, adjusted: wantAdjusted)
    for row in rows { sums.add(row) }
    return sums.result
  }

  /// The section added up a candidate at a time, so a comparison read in slices of a million candidates keeps only
  /// sums: per question and overall the coincidences (`Agreement.Coincidences`), each interviewer's leniency sums,
  /// and for the ICC the panels every interviewer so far has scored. The scorecards themselves are kept only for
  /// adjusted scores, which need every interviewer's offset before any candidate's adjusted score.
  public struct Accumulator: Sendable {
    let questions: [QuestionRef]
    let weights: [Double]
    let wantAdjusted: Bool
    var raterIndex: [String: Int] = [:]
    var raterNames: [String] = []
    var cardCount: [Int] = []
    var perQuestion: [Agreement.Coincidences]
    var overall = Agreement.Coincidences()
    /// Candidates with 2 or more finished scorecards (the overall verdict's evidence rule).
    var pairedCandidates = 0
    /// Leniency, an item (a question of a candidate) at a time.
    var leniency = Agreement.LeniencySums()
    /// ICC candidates: panels scored by 2 or more interviewers, as many as known so far; (rater, mean) pairs flat.
    var iccRaters: [Int32] = []
    var iccMeans: [Double] = []
    var iccEnds: [Int] = []
    /// For adjusted scores only: every visible panel's finished scorecards, flat.
    var cardScores: [UInt8] = []
    var cardRater: [Int32] = []
    var panelIds: [Int64] = []
    var panelStart: [Int] = [0]
    // Scratch, kept to spare an allocation per candidate.
    var unit: [UInt8] = []

    public init(questions: [QuestionRef], adjusted: Bool = false) {
      self.questions = questions
      weights = questions.map(\.weight)
      wantAdjusted = adjusted
      perQuestion = [Agreement.Coincidences](repeating: Agreement.Coincidences(), count: questions.count)
    }

    private mutating func rater(_ name: String) -> Int {
      if let known = raterIndex[name] { return known }
      let r = raterNames.count
      raterIndex[name] = r
      raterNames.append(name)
      cardCount.append(0)
      leniency.addRater()
      return r
    }

    public mutating func add(_ row: ComparisonRow) {
      guard !row.sealed else { return }
      var finished = 0
      var raters: [Int] = []
      for card in row.scorecards where card.finished {
        let r = rater(card.interviewer)
        cardCount[r] += 1
        raters.append(r)
        finished += 1
        if wantAdjusted {
          for qi in questions.indices { cardScores.append(qi < card.scores.count ? card.scores[qi] : 0) }
          cardRater.append(Int32(r))
        }
      }
      if wantAdjusted {
        panelIds.append(row.candidate.id)
        panelStart.append(cardRater.count)
      }
      if finished >= 2 { pairedCandidates += 1 }
      guard finished > 0 else { return }
      // Per question: the unit (its scores) for alpha, and, scored by 2 or more cards, a leniency item.
      for qi in questions.indices {
        unit.removeAll(keepingCapacity: true)
        var c = 0
        for card in row.scorecards where card.finished {
          defer { c += 1 }
          guard qi < card.scores.count, card.scores[qi] != 0 else { continue }
          let s = card.scores[qi]
          unit.append(s)
          leniency.add(rater: raters[c], score: Double(s))
        }
        unit.withUnsafeBufferPointer {
          perQuestion[qi].add(unit: $0)
          overall.add(unit: $0)
        }
        leniency.endItem()
      }
      // ICC: each interviewer's mean scorecard score for this candidate; kept while the panel has every interviewer
      // known so far (one who comes later and is missing here rules it out at the end).
      var present: [(Int, Double, Int)] = []
      var c = 0
      for card in row.scorecards where card.finished {
        defer { c += 1 }
        guard let s = Scoring.scorecard(scores: card.scores, weights: weights) else { continue }
        if let k = present.firstIndex(where: { $0.0 == raters[c] }) {
          present[k].1 += s
          present[k].2 += 1
        } else {
          present.append((raters[c], s, 1))
        }
      }
      if present.count >= 2 && present.count >= raterNames.count {
        for p in present {
          iccRaters.append(Int32(p.0))
          iccMeans.append(p.1 / Double(p.2))
        }
        iccEnds.append(iccRaters.count)
      }
    }

    public var result: AgreementSection {
      var perQuestionOut: [String: QuestionAlpha] = [:]
      for (qi, q) in questions.enumerated() {
        let alphas = perQuestion[qi].alphas([.interval, .ordinal])
        // A verdict needs evidence: alpha over fewer candidates is shown, but judged "not enough data".
        let enough = alphas[0].units >= Agreement.minimumUnitsForVerdict
        let ci = enough ? perQuestion[qi].bootstrapInterval() : nil
        perQuestionOut[q.id] = QuestionAlpha(
          interval: alphas[0], ordinal: alphas[1],
          verdict: alphas[0].value == nil ? .notEnoughData : Agreement.verdict(interval: ci, enoughData: enough), ci: ci
        )
      }
      let overallAlphas = overall.alphas([.interval, .ordinal])
      // Overall units are (candidate, question) pairs; the evidence rule counts candidates with 2 or more scorecards.
      let overallEnough = pairedCandidates >= Agreement.minimumUnitsForVerdict && overallAlphas[0].value != nil
      let overallCI = overallEnough ? overall.bootstrapInterval() : nil

      // ICC over the candidates every interviewer in the comparison has a finished scorecard for; a rater with two
      // scorecards for one candidate counts with their mean. Columns in the interviewers' name order.
      let k = raterNames.count
      let order = raterNames.indices.sorted { raterNames[$0] < raterNames[$1] }
      var column = [Int](repeating: 0, count: k)
      for (j, r) in order.enumerated() { column[r] = j }
      // One flat array: a row per candidate (an array each was 19 MB at a million candidates).
      var matrix: [Double] = []
      var targets = 0
      if k >= 2 {
        var start = 0
        for end in iccEnds {
          defer { start = end }
          guard end - start == k else { continue }
          let line = matrix.count
          matrix.append(contentsOf: repeatElement(0, count: k))
          for i in start..<end { matrix[line + column[Int(iccRaters[i])]] = iccMeans[i] }
          targets += 1
        }
      }
      var icc = Agreement.icc(flat: matrix, columns: targets == 0 ? 0 : k, rows: targets)
      if k < 2 {
        icc = Agreement.ICC(icc21: nil, icc2k: nil, raters: k, targets: targets, reason: "fewer than 2 interviewers")
      }
      let leniencyByIndex = raterNames.indices.map { r in
        Agreement.Leniency(
          rater: raterNames[r], scorecards: cardCount[r], sharedItems: leniency.sharedItems(r),
          offset: leniency.offset(r))
      }

      var adjusted: [Int64: Double?] = [:]
      if wantAdjusted {
        let offsets = leniencyByIndex.map { $0.offset ?? 0 }
        let q = questions.count
        adjusted.reserveCapacity(panelIds.count)
        var means = [Double?](repeating: nil, count: q)
        for p in panelIds.indices {
          guard panelStart[p + 1] > panelStart[p] else {
            adjusted[panelIds[p]] = .some(nil)
            continue
          }
          for qi in 0..<q {
            var sum = 0.0
            var n = 0
            for c in panelStart[p]..<panelStart[p + 1] where cardScores[c * q + qi] != 0 {
              sum += Double(cardScores[c * q + qi]) - offsets[Int(cardRater[c])]
              n += 1
            }
            means[qi] = n > 0 ? sum / Double(n) : nil
          }
          let s = Scoring.weighted(means: means, weights: weights).score
          adjusted[panelIds[p]] = s.map { min(100, max(0, $0)) }
        }
      }
      return AgreementSection(
        perQuestion: perQuestionOut, overallInterval: overallAlphas[0], overallOrdinal: overallAlphas[1],
        overallCI: overallCI, overallVerdict: Agreement.verdict(interval: overallCI, enoughData: overallEnough),
        icc: icc, interviewers: leniencyByIndex.sorted { $0.rater < $1.rater }, adjustedScores: adjusted)
    }
  }
}
