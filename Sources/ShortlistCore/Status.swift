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
