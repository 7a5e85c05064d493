import Foundation
import ShortlistCore

/// `outcomes`: did the interviews predict the work? As a terminal table, Markdown, JSON or a self-contained HTML page.
public struct OutcomesReport {
  public var role: Role?
  public var analysis: OutcomeAnalysis

  public init(role: Role?, analysis: OutcomeAnalysis) {
    self.role = role
    self.analysis = analysis
  }

  static func f(_ v: Double?, _ d: Int = 2) -> String { v.map { Format.fixed($0, d) } ?? "-" }
  /// A p value as read: three decimals, "<.001" below.
  static func p(_ v: Double?) -> String {
    guard let v else { return "-" }
    return v < 0.001 ? "<.001" : Format.fixed(v, 3)
  }
  static func money(_ v: Double?) -> String { v.map { "$" + Format.fixed($0, 0) } ?? "-" }
  static func pct(_ v: Double?) -> String { v.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }
  static func ci(_ r: RankCorrelation.Result) -> String {
    guard let lo = r.low, let hi = r.high else { return "-" }
    return "[\(Format.fixed(lo, 2)), \(Format.fixed(hi, 2))]"
  }

  var ended: Int { analysis.cases.count }

  public func json() -> String {
    func corr(_ r: RankCorrelation.Result) -> [(String, JSON)] {
      [
        ("rho", .number(r.rho)), ("n", .int(r.n)), ("ci_low", .number(r.low)), ("ci_high", .number(r.high)),
        ("p", .number(r.p)),
      ]
    }
    return JSON.object([
      ("role", .text(role?.title)), ("engagements", .int(ended)), ("own_rate", .number(analysis.ownRate)),
      (
        "questions",
        .array(
          analysis.questions.map {
            .object(
              [("id", .string($0.id)), ("title", .string($0.title))] + corr($0.result) + [
                ("p_adjusted", .number($0.result.pAdjusted)), ("verdict", .string($0.result.verdict)),
              ])
          })
      ),
      (
        "overall",
        .object(
          corr(analysis.overall) + [
            ("verdict", .string(analysis.overall.verdict)),
            ("reference", .array([.number(OutcomeAnalysis.reference.low), .number(OutcomeAnalysis.reference.high)])),
            ("reference_label", .string(OutcomeAnalysis.referenceLabel)),
          ])
      ),
      (
        "tiers",
        .array(
          analysis.tiers.map { t in
            .object([
              ("tier", .int(t.tier.rawValue)), ("engagements", .int(t.engagements)),
              ("milestone_met", .number(t.milestoneMet)),
              ("quality", .number(t.quality)), ("again", .number(t.again)),
              ("days_to_first_ship", .number(t.daysToFirstShip)),
              ("cost_per_milestone", .number(t.costPerMilestone)), ("freelancer_cost", .number(t.freelancerCost)),
              ("support_cost", .number(t.supportCost)), ("coordination_cost", .number(t.coordinationCost)),
              ("milestones_delivered", .int(t.delivered)),
            ])
          })
      ),
      (
        "interviewers",
        .array(
          analysis.interviewers.map {
            .object([("name", .string($0.name))] + corr($0.result) + [("offset", .number($0.offset))])
          })
      ),
    ]).render()
  }

  public func table(width: Int) -> String {
    var out: [String] = []
    func prose(_ text: String) { out.append(contentsOf: TextWrap.wrap(text, width: width)) }
    prose(
      (role.map { "role: \(TextTable.oneLine($0.title))" } ?? "all roles")
        + " · \(ended) ended engagement\(ended == 1 ? "" : "s") · quality is the end-of-engagement review, 1-4")
    if ended == 0 {
      prose("no ended engagements yet: `engagement end NAME --quality 1-4 ...` records how the work went")
      return out.joined(separator: "\n")
    }
    let o = analysis.overall
    prose(
      "interview score vs quality: rho \(Self.f(o.rho)) (n \(o.n), 95% CI \(Self.ci(o)), p \(Self.p(o.p))) · \(o.verdict); for reference, the \(OutcomeAnalysis.referenceLabel)"
    )
    out.append("")
    var q = TextTable([
      .init("question", minWidth: 12, wraps: true), .init("rho", align: .right, priority: 1),
      .init("n", align: .right, priority: 1), .init("95% CI", priority: 1), .init("p adj", align: .right, priority: 1),
      .init("verdict", minWidth: 12, priority: 1, wraps: true),
    ])
    for l in analysis.questions {
      q.add([
        l.title, Self.f(l.result.rho), String(l.result.n), Self.ci(l.result), Self.p(l.result.pAdjusted),
        l.result.verdict,
      ])
    }
    out.append(q.render(maxWidth: width))
    out.append("")
    var t = TextTable([
      .init("tier"), .init("eng", align: .right), .init("on time", align: .right), .init("quality", align: .right),
      .init("again", align: .right), .init("days to ship", align: .right), .init("cost/milestone", align: .right),
    ])
    for l in analysis.tiers {
      t.add([
        "\(l.tier.rawValue) \(l.tier.name)", String(l.engagements), Self.pct(l.milestoneMet), Self.f(l.quality, 1),
        Self.pct(l.again), Self.f(l.daysToFirstShip, 1), Self.money(l.costPerMilestone),
      ])
    }
    out.append(t.render(maxWidth: width))
    for l in analysis.tiers where !l.hoursReported {
      prose("tier \(l.tier.rawValue): cost/milestone - : its engagements reported no hours (`report NAME --hours H`)")
    }
    for l in analysis.tiers where l.hoursReported {
      prose(
        "tier \(l.tier.rawValue): freelancer \(Self.money(l.freelancerCost)) + support \(Self.money(l.supportCost)) + your coordination \(Self.money(l.coordinationCost)) (at $\(Format.number(analysis.ownRate))/h) over \(l.delivered) milestone\(l.delivered == 1 ? "" : "s") delivered"
      )
    }
    out.append("")
    var i = TextTable([
      .init("interviewer"), .init("rho", align: .right), .init("n", align: .right), .init("95% CI"),
      .init("leniency", align: .right),
    ])
    for l in analysis.interviewers {
      i.add([
        l.name, Self.f(l.result.rho), String(l.result.n), Self.ci(l.result),
        l.offset.map { Format.fixed($0, 2) } ?? "-",
      ])
    }
    out.append(i.render(maxWidth: width))
    prose(
      "rho: Spearman's rank correlation with outcome quality; shown from n = \(RankCorrelation.minimumN); 95% CI by Fisher's z with the Bonett-Wright standard error; p adj: Holm-adjusted over the questions shown; predicts: n >= \(RankCorrelation.predictsN), p below .05 and the interval above zero. on time: first milestone met on time; again: would engage again; leniency: the interviewer's offset from the panel."
    )
    return out.joined(separator: "\n")
  }

  public func markdown() -> String {
    var out = "# Outcomes" + (role.map { ": " + Markdown.escape($0.title) } ?? "") + "\n\n"
    let o = analysis.overall
    out +=
      "Interview score against outcome quality: rho \(Self.f(o.rho)), n \(o.n), 95% CI \(Self.ci(o)) (\(o.verdict)). "
    out += "For reference, the \(OutcomeAnalysis.referenceLabel).\n\n"
    out +=
      Markdown.table(
        headers: ["Question", "rho", "n", "95% CI", "p", "p (Holm)", "Verdict"],
        rows: analysis.questions.map {
          [
            $0.title, Self.f($0.result.rho), String($0.result.n), Self.ci($0.result), Self.p($0.result.p),
            Self.p($0.result.pAdjusted), $0.result.verdict,
          ]
        },
        rightAligned: [1, 2, 4, 5]) + "\n\n"
    out +=
      Markdown.table(
        headers: ["Tier", "Engagements", "On time", "Quality", "Again", "Days to first ship", "Cost per milestone"],
        rows: analysis.tiers.map {
          [
            "\($0.tier.rawValue) \($0.tier.name)", String($0.engagements), Self.pct($0.milestoneMet),
            Self.f($0.quality, 1),
            Self.pct($0.again), Self.f($0.daysToFirstShip, 1), Self.money($0.costPerMilestone),
          ]
        }, rightAligned: [1, 2, 3, 4, 5, 6]) + "\n\n"
    out +=
      Markdown.table(
        headers: ["Interviewer", "rho", "n", "95% CI", "Leniency"],
        rows: analysis.interviewers.map {
          [
            $0.name, Self.f($0.result.rho), String($0.result.n), Self.ci($0.result),
            $0.offset.map { Format.fixed($0, 2) } ?? "-",
          ]
        }, rightAligned: [1, 2, 4]) + "\n"
    return out
  }

  /// The outcomes section of an HTML report: a scatter of interview score against quality, and per-question bars of
  /// rho with their intervals.
  public func htmlSection() -> HTML {
    let w = 520.0
    let h = 240.0
    var dots: [HTML] = [
      .el(
        "rect",
        [
          ("class", "track"), ("x", "40"), ("y", "10"), ("width", Format.fixed(w - 50, 1)),
          ("height", Format.fixed(h - 40, 1)),
        ])
    ]
    for c in analysis.cases {
      guard let s = c.score, let q = c.engagement.outcome.quality else { continue }
      let x = 40 + (w - 50) * min(100, max(0, s)) / 100
      let y = 10 + (h - 40) * (1 - Double(q - 1) / 3)
      dots.append(
        .el(
          "circle",
          [
            ("class", "dot tier\(c.tier.rawValue)"), ("cx", Format.fixed(x, 1)), ("cy", Format.fixed(y, 1)), ("r", "5"),
          ],
          [.el("title", text: "\(c.engagement.candidateName): score \(Format.fixed(s, 1)), quality \(q)")]))
    }
    for q in 1...4 {
      let y = 10 + (h - 40) * (1 - Double(q - 1) / 3)
      dots.append(.el("text", [("x", "30"), ("y", Format.fixed(y + 4, 1)), ("class", "axis")], text: String(q)))
    }
    dots.append(
      .el(
        "text", [("x", Format.fixed(w / 2, 1)), ("y", Format.fixed(h - 6, 1)), ("class", "axis")],
        text: "interview score 0-100"))
    let scatter = HTML.el(
      "svg",
      [
        ("class", "outcome-scatter"), ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Int(w)) \(Int(h))"),
        ("width", String(Int(w))), ("height", String(Int(h))), ("role", "img"),
        ("aria-label", "Interview score against outcome quality"),
      ], dots)
    var bars: [HTML] = []
    let barW = 300.0
    // Question titles end at `labelEnd` (as wide as the longest), values follow the bars: nothing is clipped.
    let labelEnd = max(212, SVGText.widest(analysis.questions.map(\.title)) + 8)
    let barX = labelEnd + 8
    let valueTexts = analysis.questions.map { l in
      l.result.rho.map { "rho \(Format.fixed($0, 2)), n \(l.result.n)" } ?? "not enough data (n \(l.result.n))"
    }
    let total = barX + barW + 8 + SVGText.widest(valueTexts) + 8
    for (k, l) in analysis.questions.enumerated() {
      let y = Double(k) * 26 + 6
      func x(_ r: Double) -> Double { barX + barW * (r + 1) / 2 }
      bars.append(
        .el(
          "text", [("x", Format.fixed(labelEnd, 1)), ("y", Format.fixed(y + 12, 1)), ("class", "label")], text: l.title)
      )
      bars.append(
        .el(
          "line",
          [
            ("class", "tick"), ("x1", Format.fixed(x(0), 1)), ("x2", Format.fixed(x(0), 1)), ("y1", Format.fixed(y, 1)),
            ("y2", Format.fixed(y + 18, 1)),
          ]))
      if let r = l.result.rho {
        let from = min(x(0), x(r))
        bars.append(
          .el(
            "rect",
            [
              ("class", "rho"), ("x", Format.fixed(from, 1)), ("y", Format.fixed(y + 3, 1)),
              ("width", Format.fixed(abs(x(r) - x(0)), 1)), ("height", "12"), ("data-question", l.id),
              ("data-rho", Format.fixed(r, 6)),
            ]))
        if let lo = l.result.low, let hi = l.result.high {
          bars.append(
            .el(
              "line",
              [
                ("class", "ci"), ("x1", Format.fixed(x(lo), 1)), ("x2", Format.fixed(x(hi), 1)),
                ("y1", Format.fixed(y + 9, 1)), ("y2", Format.fixed(y + 9, 1)),
              ]))
        }
        bars.append(
          .el(
            "text", [("x", Format.fixed(barX + barW + 8, 1)), ("y", Format.fixed(y + 12, 1)), ("class", "value")],
            text: valueTexts[k]))
      } else {
        bars.append(
          .el(
            "text", [("x", Format.fixed(barX + barW + 8, 1)), ("y", Format.fixed(y + 12, 1)), ("class", "value")],
            text: valueTexts[k]))
      }
    }
    let barSVG = HTML.el(
      "svg",
      [
        ("class", "outcome-rho"), ("xmlns", "http://www.w3.org/2000/svg"),
        ("viewBox", "0 0 \(Int(total.rounded(.up))) \(analysis.questions.count * 26 + 12)"),
        ("width", String(Int(total.rounded(.up)))),
        ("height", String(analysis.questions.count * 26 + 12)), ("role", "img"), ("aria-label", "Rho per question"),
      ], bars)
    let o = analysis.overall
    return .el(
      "section", [("class", "outcomes")],
      [
        .el("h2", text: "Outcomes: did the interviews predict the work?"),
        .el(
          "p", [],
          text:
            "\(ended) ended engagement\(ended == 1 ? "" : "s"). Interview score against outcome quality: rho \(Self.f(o.rho)) (n \(o.n), 95% interval \(Self.ci(o))), \(o.verdict). For reference, the \(OutcomeAnalysis.referenceLabel)."
        ),
        scatter,
        .el(
          "p", [("class", "legend")],
          text: "Each dot is a hire: the interview score across, the quality of the work up (1-4)."),
        barSVG,
        .el(
          "p", [("class", "legend")],
          text:
            "Bars: Spearman's rho of each question's mean with quality; the line is its 95% interval. Below n = 5 there is not enough data."
        ),
      ])
  }

  public func html() -> String {
    let title = "Shortlist outcomes" + (role.map { ": \($0.title)" } ?? "")
    return "<!DOCTYPE html>\n"
      + HTML.el(
        "html", [("lang", "en")],
        [
          .el(
            "head", [],
            [
              .el("meta", [("charset", "utf-8")]), .el("title", text: title),
              .el("style", [], [.trusted(HTMLReport.css + Self.css)]),
            ]),
          .el("body", [], [.el("h1", text: title), htmlSection()]),
        ]
      ).render() + "\n"
  }

  static let css = """

    svg .dot { fill: #2f5d9e; opacity: .8; } svg .dot.tier1 { fill: #1b3a66; } svg .dot.tier4 { fill: #8fb0dc; }
    svg .rho { fill: #2f5d9e; } svg .ci { stroke: #1d2433; stroke-width: 2; }
    """
}
