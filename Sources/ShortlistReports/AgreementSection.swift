import Foundation
import ShortlistCore

/// How far the interviewers agree, for one comparison: alpha per question and overall, ICC of scorecard scores,
/// and each interviewer's leniency offset with the adjusted scores it implies.
public struct AgreementSection: Sendable {
  public struct QuestionAlpha: Sendable {
    public var interval: Agreement.Alpha
    public var ordinal: Agreement.Alpha
    public var verdict: String
  }

  public var perQuestion: [String: QuestionAlpha]
  public var overallInterval: Agreement.Alpha
  public var overallOrdinal: Agreement.Alpha
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
      panelIds.append(rows[i].candidate.id ?? 0)
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
      perQuestion[q.id] = QuestionAlpha(interval: alphas[0], ordinal: alphas[1], verdict: Agreement.verdict(alphas[0].value))
    }
    let overall = Agreement.krippendorff(allUnits, metrics: [.interval, .ordinal])

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
      icc = Agreement.ICC(icc21: nil, icc2k: nil, raters: raterNames.count, targets: matrix.count, reason: "fewer than 2 interviewers")
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
      perQuestion: perQuestion, overallInterval: overall[0], overallOrdinal: overall[1], icc: icc,
      interviewers: leniencyByIndex.sorted { $0.rater < $1.rater }, adjustedScores: adjusted)
  }

  static func f(_ v: Double?) -> String { v.map { Format.fixed($0, 3) } ?? "-" }

  // MARK: - JSON

  public func json(adjusted: Bool) -> [(String, JSON)] {
    var questions: [(String, JSON)] = []
    for (id, a) in perQuestion.sorted(by: { $0.key < $1.key }) {
      questions.append(
        (
          id,
          .object([
            ("alpha_interval", .number(a.interval.value)), ("alpha_ordinal", .number(a.ordinal.value)),
            ("units", .int(Int64(a.interval.units))), ("values", .int(Int64(a.interval.values))),
            ("verdict", .string(a.verdict)),
          ])
        ))
    }
    var iccPairs: [(String, JSON)] = [
      ("icc2_1", .number(icc.icc21)), ("icc2_k", .number(icc.icc2k)), ("raters", .int(Int64(icc.raters))),
      ("candidates", .int(Int64(icc.targets))), ("band", icc.icc21.map { .string(Agreement.band($0)) } ?? .null),
    ]
    if let reason = icc.reason { iccPairs.append(("reason", .string(reason))) }
    var out: [(String, JSON)] = [
      (
        "agreement",
        .object([
          ("questions", .object(questions)),
          (
            "overall",
            .object([
              ("alpha_interval", .number(overallInterval.value)), ("alpha_ordinal", .number(overallOrdinal.value)),
              ("units", .int(Int64(overallInterval.units))), ("values", .int(Int64(overallInterval.values))),
            ])
          ),
          ("icc", .object(iccPairs)),
        ])
      )
    ]
    if adjusted {
      out.append(
        (
          "interviewers",
          .array(
            interviewers.map {
              .object([
                ("name", .string($0.rater)), ("scorecards", .int(Int64($0.scorecards))),
                ("shared_items", .int(Int64($0.sharedItems))), ("offset", .number($0.offset)),
              ])
            })
        ))
    }
    return out
  }

  // MARK: - Text

  public func table(width: Int, questions: [QuestionRef], adjusted: Bool) -> String {
    var out = "agreement between interviewers (Krippendorff's alpha per question; units = candidates):\n"
    var t = TextTable([
      .init("question", minWidth: 8), .init("alpha", align: .right, minWidth: 5), .init("ordinal", align: .right, minWidth: 5),
      .init("units", align: .right), .init("values", align: .right), .init("verdict", minWidth: 7),
    ])
    for (i, q) in questions.enumerated() {
      guard let a = perQuestion[q.id] else { continue }
      let verdict = a.verdict == "reword" ? "reword this question or its rubric" : a.verdict
      t.add(["Q\(i + 1) \(q.id)", Self.f(a.interval.value), Self.f(a.ordinal.value), String(a.interval.units), String(a.interval.values), verdict])
    }
    t.add(["overall", Self.f(overallInterval.value), Self.f(overallOrdinal.value), String(overallInterval.units), String(overallInterval.values), Agreement.verdict(overallInterval.value)])
    out += t.render(maxWidth: width)
    out += "\n" + TextTable.cut(iccLine(), width)
    if adjusted {
      out += "\n\ninterviewer leniency (mean of own score minus the other raters' mean on shared items; needs 5):\n"
      var l = TextTable([
        .init("interviewer", minWidth: 8), .init("scorecards", align: .right), .init("shared items", align: .right),
        .init("offset", align: .right),
      ])
      for r in interviewers {
        l.add([r.rater, String(r.scorecards), String(r.sharedItems), r.offset.map { ($0 >= 0 ? "+" : "") + Format.fixed($0, 2) } ?? "-"])
      }
      out += l.render(maxWidth: width)
    }
    return out
  }

  func iccLine() -> String {
    if let v = icc.icc21 {
      return "ICC(2,1) \(Self.f(v)) (\(Agreement.band(v))), ICC(2,\(icc.raters)) \(Self.f(icc.icc2k)) over \(icc.targets) candidates scored by all \(icc.raters) interviewers"
    }
    return "ICC not computed: \(icc.reason ?? "not enough data") (\(icc.raters) raters, \(icc.targets) in common)"
  }

  public func markdown(questions: [QuestionRef], adjusted: Bool) -> String {
    var out = "## Agreement between interviewers\n\n"
    var body: [[String]] = []
    for q in questions {
      guard let a = perQuestion[q.id] else { continue }
      body.append([q.title, Self.f(a.interval.value), Self.f(a.ordinal.value), String(a.interval.units), String(a.interval.values), a.verdict == "reword" ? "reword this question or its rubric" : a.verdict])
    }
    body.append(["Overall", Self.f(overallInterval.value), Self.f(overallOrdinal.value), String(overallInterval.units), String(overallInterval.values), Agreement.verdict(overallInterval.value)])
    out += Markdown.table(headers: ["Question", "Alpha (interval)", "Alpha (ordinal)", "Units", "Values", "Verdict"], rows: body, rightAligned: [1, 2, 3, 4])
    out += "\n\n" + Markdown.escape(iccLine()) + "\n"
    if adjusted {
      out += "\n### Interviewer leniency\n\n"
      out += Markdown.table(
        headers: ["Interviewer", "Scorecards", "Shared items", "Offset"],
        rows: interviewers.map { [$0.rater, String($0.scorecards), String($0.sharedItems), $0.offset.map { Format.fixed($0, 2) } ?? "-"] },
        rightAligned: [1, 2, 3]) + "\n"
    }
    return out
  }
}
