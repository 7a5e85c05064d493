import Foundation
import ShortlistCore

/// The agreement section laid out as JSON, a text table and Markdown.
extension AgreementSection {
  static func f(_ v: Double?) -> String { v.map { Format.fixed($0, 3) } ?? "-" }

  /// "0.712 to 0.905", or "-" without an interval.
  static func ci(_ range: ClosedRange<Double>?) -> String {
    range.map { "\(Format.fixed($0.lowerBound, 3)) to \(Format.fixed($0.upperBound, 3))" } ?? "-"
  }

  static func ciJSON(_ range: ClosedRange<Double>?) -> JSON {
    range.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null
  }

  // MARK: - JSON

  public func json(adjusted: Bool) -> [(String, JSON)] {
    var questions: [(String, JSON)] = []
    for (id, a) in perQuestion.sorted(by: { $0.key < $1.key }) {
      questions.append(
        (
          id,
          .object([
            ("alpha_interval", .number(a.interval.value)), ("alpha_ordinal", .number(a.ordinal.value)),
            ("alpha_ci", Self.ciJSON(a.ci)), ("units", .int(Int64(a.interval.units))),
            ("values", .int(Int64(a.interval.values))), ("verdict", .string(a.verdict.rawValue)),
          ])
        ))
    }
    var iccPairs: [(String, JSON)] = [
      ("icc2_1", .number(icc.icc21)), ("icc2_k", .number(icc.icc2k)), ("raters", .int(Int64(icc.raters))),
      ("candidates", .int(Int64(icc.targets))), ("band", icc.band.map(JSON.string) ?? .null),
      ("icc2_1_ci", icc.ci21.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null),
      ("icc2_k_ci", icc.ci2k.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null),
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
              ("alpha_ci", Self.ciJSON(overallCI)), ("units", .int(Int64(overallInterval.units))),
              ("values", .int(Int64(overallInterval.values))), ("verdict", .string(overallVerdict.rawValue)),
            ])
          ),
          ("icc", .object(iccPairs)),
          (
            "about",
            .string(
              "units and values count pairable units only: a question's units are the candidates with 2 or more scores on it, its values those scores; overall, a unit is a (candidate, question) pair with 2 or more scores. alpha_ci: bootstrap 95% interval, units resampled, 1,000 draws, fixed seed"
            )
          ),
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
    var out =
      TextWrap.wrap(
        "agreement between interviewers (Krippendorff's alpha per question; units = candidates, values = their scores; 95% CI: bootstrap over units, 1,000 draws):",
        width: width
      ).joined(separator: "\n") + "\n"
    var t = TextTable([
      // Numbers are never cut; the verdict (what the reader acts on) wraps under itself; a long question id gives way.
      .init("question", minWidth: 8, priority: 1), .init("alpha", align: .right, minWidth: 6, priority: 2),
      .init("95% CI", minWidth: 16, priority: 2), .init("ordinal", align: .right, minWidth: 6, priority: 2),
      .init("units", align: .right, priority: 2), .init("values", align: .right, priority: 2),
      .init("verdict", minWidth: 20, wraps: true),
    ])
    for (i, q) in questions.enumerated() {
      guard let a = perQuestion[q.id] else { continue }
      let verdict = a.verdict.advice
      t.add([
        "Q\(i + 1) \(q.id)", Self.f(a.interval.value), Self.ci(a.ci), Self.f(a.ordinal.value), String(a.interval.units),
        String(a.interval.values), verdict,
      ])
    }
    t.add([
      "overall", Self.f(overallInterval.value), Self.ci(overallCI), Self.f(overallOrdinal.value),
      String(overallInterval.units), String(overallInterval.values), overallVerdict.advice,
    ])
    out += t.render(maxWidth: width)
    out += "\n" + TextWrap.wrap(iccLine(), width: width).joined(separator: "\n")
    if adjusted {
      out += "\n\ninterviewer leniency (mean of own score minus the other raters' mean on shared items; needs 5):\n"
      var l = TextTable([
        .init("interviewer", minWidth: 8), .init("scorecards", align: .right), .init("shared items", align: .right),
        .init("offset", align: .right),
      ])
      for r in interviewers {
        l.add([
          r.rater, String(r.scorecards), String(r.sharedItems),
          r.offset.map { ($0 >= 0 ? "+" : "") + Format.fixed($0, 2) } ?? "-",
        ])
      }
      out += l.render(maxWidth: width)
    }
    return out
  }

  func iccLine() -> String {
    func interval(_ ci: ClosedRange<Double>?) -> String {
      ci.map { " [95% CI \(Self.f($0.lowerBound)) to \(Self.f($0.upperBound))]" } ?? ""
    }
    let who = icc.raters == 2 ? "both interviewers" : "all \(icc.raters) interviewers"
    let candidates = icc.targets == 1 ? "1 candidate" : "\(icc.targets) candidates"
    if let v = icc.icc21 {
      return
        "ICC(2,1) \(Self.f(v))\(interval(icc.ci21)) (\(icc.band ?? Agreement.band(v))), ICC(2,\(icc.raters)) \(Self.f(icc.icc2k))\(interval(icc.ci2k)) over \(candidates) scored by \(who)"
    }
    let raters = icc.raters == 1 ? "1 interviewer" : "\(icc.raters) interviewers"
    return "ICC not computed: \(icc.reason ?? "not enough data") (\(raters), \(icc.targets) candidates in common)"
  }

  public func markdown(questions: [QuestionRef], adjusted: Bool) -> String {
    var out = "## Agreement between interviewers\n\n"
    var body: [[String]] = []
    for q in questions {
      guard let a = perQuestion[q.id] else { continue }
      body.append([
        q.title, Self.f(a.interval.value), Self.ci(a.ci), Self.f(a.ordinal.value), String(a.interval.units),
        String(a.interval.values),
        a.verdict.advice,
      ])
    }
    body.append([
      "Overall", Self.f(overallInterval.value), Self.ci(overallCI), Self.f(overallOrdinal.value),
      String(overallInterval.units), String(overallInterval.values), overallVerdict.advice,
    ])
    out += Markdown.table(
      headers: ["Question", "Alpha (interval)", "95% CI", "Alpha (ordinal)", "Units", "Values", "Verdict"], rows: body,
      rightAligned: [1, 3, 4, 5])
    out += "\n\n" + Markdown.escape(iccLine()) + "\n"
    if adjusted {
      out += "\n### Interviewer leniency\n\n"
      out +=
        Markdown.table(
          headers: ["Interviewer", "Scorecards", "Shared items", "Offset"],
          rows: interviewers.map {
            [$0.rater, String($0.scorecards), String($0.sharedItems), $0.offset.map { Format.fixed($0, 2) } ?? "-"]
          },
          rightAligned: [1, 2, 3]) + "\n"
    }
    return out
  }
}
