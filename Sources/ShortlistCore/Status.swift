/// Where a candidate is in the pipeline.
public enum Status: String, CaseIterable, Sendable, Codable {
  case sourced, screening, interviewing, shortlisted, offer, hired, rejected, withdrawn

  /// The forward pipeline; `rejected` and `withdrawn` can be reached from any state.
  public static let pipeline: [Status] = [.sourced, .screening, .interviewing, .shortlisted, .offer, .hired]

  public static func parse(_ text: String) -> Status? {
    Status(rawValue: text.trimmed.lowercased())
  }

  public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }

  public var isClosed: Bool { self == .hired || self == .rejected || self == .withdrawn }

  /// Position along the forward pipeline (nil for `rejected` and `withdrawn`).
  public var stage: Int? { Status.pipeline.firstIndex(of: self) }

  /// Statuses that claim a candidate was assessed: reaching them needs a finished scorecard.
  public var needsScorecard: Bool { self == .shortlisted || self == .offer || self == .hired }
}

/// The rule for status moves, in one place: forward one or more steps along the pipeline, and `rejected` or
/// `withdrawn` from any open state, need nothing. Moving back, leaving `hired`, reopening a rejected or withdrawn
/// application, or reaching `shortlisted`, `offer` or `hired` without a finished scorecard for the role needs
/// `--force` with a `--note`, and is recorded as forced.
public enum StatusMove {
  public enum Verdict: Equatable, Sendable {
    case allowed
    /// The move is possible only when forced; the reason says why, in a sentence fragment.
    case needsForce(String)
    /// Nothing to do: the application is already there.
    case unchanged
  }

  public static func check(from: Status, to: Status, hasFinishedScorecard: Bool) -> Verdict {
    if from == to { return .unchanged }
    if from == .hired { return .needsForce("\(to.rawValue) would leave hired") }
    if from == .rejected || from == .withdrawn {
      return .needsForce("\(to.rawValue) would reopen a \(from.rawValue) application")
    }
    if to == .rejected || to == .withdrawn { return .allowed }
    if let a = from.stage, let b = to.stage, b < a {
      return .needsForce("\(from.rawValue) -> \(to.rawValue) moves back in the pipeline")
    }
    if to.needsScorecard && !hasFinishedScorecard {
      return .needsForce("\(to.rawValue) needs a finished scorecard and there is none")
    }
    return .allowed
  }
}

/// How an engagement is billed.
public enum EngagementModel: String, CaseIterable, Sendable, Codable {
  case fixed, tm, retainer

  public var label: String {
    switch self {
    case .fixed: "fixed price"
    case .tm: "time & materials"
    case .retainer: "retainer"
    }
  }

  public static func parse(_ text: String) -> EngagementModel? {
    let t = text.trimmed.lowercased()
    switch t {
    case "t&m", "time-and-materials", "time & materials", "hourly": return .tm
    default: return EngagementModel(rawValue: t)
    }
  }

  public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }

  /// The playbook's table of engagement models: what each is best for, its pro and its con.
  public var bestFor: String {
    switch self {
    case .fixed: "well-defined projects with a clear scope and deliverables"
    case .tm: "evolving or innovative work, most AI projects among them"
    case .retainer: "ongoing support, maintenance or advisory work"
    }
  }

  public var pro: String {
    switch self {
    case .fixed: "a predictable cost"
    case .tm: "flexibility: the scope can change as you learn"
    case .retainer: "guaranteed availability"
    }
  }

  public var con: String {
    switch self {
    case .fixed: "inflexible: every change is a renegotiation, and the scope gets cut to protect the price"
    case .tm: "a less predictable cost (a weekly hour cap controls it)"
    case .retainer: "you pay for hours you do not use"
    }
  }

  /// "tm (time & materials): best for ...; pro: ...; con: ..."
  public var summary: String { "\(rawValue) (\(label)): best for \(bestFor); pro: \(pro); con: \(con)" }

  /// The fit signals that make a fixed price a poor match.
  public static let evolvingSignals: [String] = ["evolving", "ai-core", "from-scratch", "long"]

  /// The playbook's advice when a fixed price is chosen for a role whose fit answers name an evolving or AI role;
  /// nil when it is no concern.
  public static func fixedPriceAdvice(model: EngagementModel?, fitAnswers: [String]) -> String? {
    guard model == .fixed else { return nil }
    let hits = evolvingSignals.filter(fitAnswers.contains)
    guard !hits.isEmpty else { return nil }
    return "a fixed price on a role whose fit check says \(hits.joined(separator: ", ")): the playbook advises time "
      + "and materials for innovative and AI work, with a weekly hour cap (--cap) to control the cost"
  }
}

/// An interviewer's overall call on a scorecard.
public enum Recommendation: String, CaseIterable, Sendable, Codable {
  case strongNo = "strong-no"
  case no
  case yes
  case strongYes = "strong-yes"

  public static func parse(_ text: String) -> Recommendation? {
    let t = text.trimmed.lowercased().replacingOccurrences(of: "_", with: "-")
    return Recommendation(rawValue: t)
  }

  public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What an interviewer saw of one "what it tells you" signal.
public enum SignalMark: String, CaseIterable, Sendable, Codable {
  case yes, partial, no

  public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Where a scorecard is: open while the interview runs (or is paused), finished once submitted.
public enum InterviewState: String, CaseIterable, Sendable, Codable {
  case open, finished
}
