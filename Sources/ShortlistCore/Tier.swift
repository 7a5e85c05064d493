import Foundation

/// A sourcing tier: how much vetting a channel has already done before the candidate reaches us.
public enum Tier: Int, CaseIterable, Sendable, Codable, Comparable {
  case nicheNetwork = 1
  case curatedMarketplace = 2
  case directOutreach = 3
  case generalPlatform = 4

  public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }

  public var name: String {
    switch self {
    case .nicheNetwork: "Niche talent network"
    case .curatedMarketplace: "Curated marketplace"
    case .directOutreach: "Direct outreach & referral"
    case .generalPlatform: "General freelance platform"
    }
  }

  /// The playbook's signal level of a tier's candidates: High, Medium, Variable, Low.
  public var signalLevel: String {
    switch self {
    case .nicheNetwork: "High"
    case .curatedMarketplace: "Medium"
    case .directOutreach: "Variable"
    case .generalPlatform: "Low"
    }
  }

  public var signal: String {
    switch self {
    case .nicheNetwork: "high: pre-vetted for senior AI/ML"
    case .curatedMarketplace: "medium: some vetting"
    case .directOutreach: "variable: vetting is all yours"
    case .generalPlatform: "low"
    }
  }

  /// Source names (lowercased) that imply a tier when `--tier` is not given.
  public static let knownSources: [String: Tier] = [
    // tier 1: niche networks that focus only on vetted senior AI/ML talent (users add their own: `source set`)
    "niche": .nicheNetwork, "niche network": .nicheNetwork, "niche ai network": .nicheNetwork,
    "a.team": .nicheNetwork, "ateam": .nicheNetwork, "mercor": .nicheNetwork, "ai network": .nicheNetwork,
    // tier 2: curated marketplaces (Turing, Arc and Gun.io vet generalists, as Toptal does)
    "toptal": .curatedMarketplace, "braintrust": .curatedMarketplace, "gigster": .curatedMarketplace,
    "turing": .curatedMarketplace, "arc": .curatedMarketplace, "gun.io": .curatedMarketplace,
    "lemon.io": .curatedMarketplace, "malt": .curatedMarketplace,
    // tier 3: direct outreach and referral
    "referral": .directOutreach, "outreach": .directOutreach, "network": .directOutreach,
    "linkedin": .directOutreach, "github": .directOutreach, "conference": .directOutreach,
    "meetup": .directOutreach, "twitter": .directOutreach, "x": .directOutreach, "direct": .directOutreach,
    // tier 4: general freelance platforms
    "upwork": .generalPlatform, "fiverr": .generalPlatform, "freelancer": .generalPlatform,
    "freelancer.com": .generalPlatform, "peopleperhour": .generalPlatform, "guru": .generalPlatform,
    // Contra is an open marketplace, not a curated one: anyone can list.
    "contra": .generalPlatform,
  ]
}

/// The source map a user owns: the defaults, with their own entries added, changed or removed (`source set`,
/// `source remove`; kept in the database).
public struct SourceMap: Sendable {
  /// Lowercased name -> tier, or nil for a default the user removed.
  public var changes: [String: Tier?]

  public init(changes: [String: Tier?] = [:]) { self.changes = changes }

  public func tier(for source: String) -> Tier? {
    let key = source.trimmed.lowercased()
    if let changed = changes[key] { return changed }
    return Tier.knownSources[key]
  }

  /// With no exact match: the longest mapped source name (3 characters or more) that the text contains as whole
  /// words (`LinkedIn Recruiter` -> linkedin), or nil when none does or two of the same length disagree on the tier.
  public func wordMatch(for source: String) -> (name: String, tier: Tier)? {
    let words = source.lowercased().split { $0.isWhitespace || ",;/()|:".contains($0) }
    guard words.count > 1 else { return nil }
    let padded = " " + words.joined(separator: " ") + " "
    var best: (name: String, tier: Tier)?
    var tie = false
    for entry in entries where entry.source.count >= 3 && padded.contains(" " + entry.source + " ") {
      if best == nil || entry.source.count > best!.name.count {
        best = (entry.source, entry.tier)
        tie = false
      } else if entry.source.count == best!.name.count && entry.tier != best!.tier {
        tie = true
      }
    }
    return tie ? nil : best
  }

  /// Every source that implies a tier, by tier then name.
  public var entries: [(source: String, tier: Tier, own: Bool)] {
    var all: [String: (Tier, Bool)] = Tier.knownSources.mapValues { ($0, false) }
    for (key, tier) in changes {
      if let tier { all[key] = (tier, true) } else { all[key] = nil }
    }
    return all.map { ($0.key, $0.value.0, $0.value.1) }.sorted { ($0.tier, $0.source) < ($1.tier, $1.source) }
  }
}

extension Tier {

  /// Parses "1".."4" (also "tier 2", "t2").
  public static func parse(_ text: String) -> Tier? {
    var t = text.trimmed.lowercased()
    if t.hasPrefix("tier") { t = String(t.dropFirst(4)).trimmed }
    if t.hasPrefix("t") { t = String(t.dropFirst()) }
    guard let n = Int(t) else { return nil }
    return Tier(rawValue: n)
  }

  /// The one-line description of every tier, for error messages.
  public static var accepted: String {
    allCases.map { "\($0.rawValue) \($0.name)" }.joined(separator: ", ")
  }
}
