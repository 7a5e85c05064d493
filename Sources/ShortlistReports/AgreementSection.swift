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
  public var adjustedScores: [Int64: Double?]

  public static func compute(rows: [ComparisonRow], questions: [QuestionRef]) -> AgreementSection {
    let refs = questions.map { (id: $0.id, weight: $0.weight) }
    // Finished scorecards of the visible (unsealed) candidates, gathered once; raters by index.
    var raterIndex: [String: Int] = [:]
    var raterNames: [String] = []
    var panels: [(id: Int64, cards: [ScorecardScores], raters: [Int])] = []
    panels.reserveCapacity(rows.count)
    for row in rows where !row.sealed {
      let finished = row.scorecards.filter(\.finished)
      var idx: [Int] = []
      for card in finished {
        if let i = raterIndex[card.interviewer] {
          idx.append(i)
        } else {
          raterIndex[card.interviewer] = raterNames.count
          idx.append(raterNames.count)
          raterNames.append(card.interviewer)
        }
      }
      panels.append((row.candidate.id ?? 0, finished, idx))
    }
    var cardCount = [Int](repeating: 0, count: raterNames.count)
    for p in panels { for r in p.raters { cardCount[r] += 1 } }
    var perQuestion: [String: QuestionAlpha] = [:]
    var allUnits: [[Double]] = []
    var items: [[(Int, Double)]] = []
    for q in questions {
      var units: [[Double]] = []
      for panel in panels where !panel.cards.isEmpty {
        var values: [Double] = []
        var item: [(Int, Double)] = []
        for (k, card) in panel.cards.enumerated() {
          guard let s = card.scores[q.id] else { continue }
          values.append(Double(s))
          item.append((panel.raters[k], Double(s)))
        }
        if !values.isEmpty { units.append(values) }
        if item.count >= 2 { items.append(item) }
      }
      allUnits += units
      let interval = Agreement.krippendorff(units, metric: .interval)
      let ordinal = Agreement.krippendorff(units, metric: .ordinal)
      perQuestion[q.id] = QuestionAlpha(interval: interval, ordinal: ordinal, verdict: Agreement.verdict(interval.value))
    }
    // ICC over the candidates every interviewer in the comparison has a finished scorecard for.
    let order = raterNames.indices.sorted { raterNames[$0] < raterNames[$1] }
    var matrix: [[Double]] = []
    if raterNames.count >= 2 {
      for panel in panels where Set(panel.raters).count == raterNames.count {
        var sum = [Double](repeating: 0, count: raterNames.count)
        var n = [Int](repeating: 0, count: raterNames.count)
        for (k, card) in panel.cards.enumerated() {
          if let s = Scoring.scorecard(card, questions: refs) {
            sum[panel.raters[k]] += s
            n[panel.raters[k]] += 1
          }
        }
        if n.allSatisfy({ $0 > 0 }) { matrix.append(order.map { sum[$0] / Double(n[$0]) }) }
      }
    }
    var icc = Agreement.icc(matrix)
    if raterNames.count < 2 {
      icc = Agreement.ICC(icc21: nil, icc2k: nil, raters: raterNames.count, targets: matrix.count, reason: "fewer than 2 interviewers")
    }
    let leniencyByIndex = Agreement.leniency(indexedItems: items, raters: raterNames, scorecards: cardCount)
    let offsets = leniencyByIndex.map { $0.offset ?? 0 }
    var adjusted: [Int64: Double?] = [:]
    adjusted.reserveCapacity(panels.count)
    for panel in panels {
      guard !panel.cards.isEmpty else {
        adjusted[panel.id] = .some(nil)
        continue
      }
      var means: [String: Double] = [:]
      for q in questions {
        var sum = 0.0
        var n = 0
        for (k, card) in panel.cards.enumerated() {
          if let s = card.scores[q.id] {
            sum += Double(s) - offsets[panel.raters[k]]
            n += 1
          }
        }
        if n > 0 { means[q.id] = sum / Double(n) }
      }
      let s = Scoring.weighted(means: means, questions: refs).score
      adjusted[panel.id] = s.map { min(100, max(0, $0)) }
    }
    return AgreementSection(
      perQuestion: perQuestion, overallInterval: Agreement.krippendorff(allUnits, metric: .interval),
      overallOrdinal: Agreement.krippendorff(allUnits, metric: .ordinal), icc: icc,
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
