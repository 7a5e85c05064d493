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
    // tier 1: niche AI/ML networks
    "niche": .nicheNetwork, "niche network": .nicheNetwork, "niche ai network": .nicheNetwork,
    "a.team": .nicheNetwork, "ateam": .nicheNetwork, "turing": .nicheNetwork, "mercor": .nicheNetwork,
    "gun.io": .nicheNetwork, "arc": .nicheNetwork, "ai network": .nicheNetwork,
    // tier 2: curated marketplaces
    "toptal": .curatedMarketplace, "braintrust": .curatedMarketplace, "gigster": .curatedMarketplace,
    "lemon.io": .curatedMarketplace, "contra": .curatedMarketplace, "malt": .curatedMarketplace,
    // tier 3: direct outreach and referral
    "referral": .directOutreach, "outreach": .directOutreach, "network": .directOutreach,
    "linkedin": .directOutreach, "github": .directOutreach, "conference": .directOutreach,
    "meetup": .directOutreach, "twitter": .directOutreach, "x": .directOutreach, "direct": .directOutreach,
    // tier 4: general freelance platforms
    "upwork": .generalPlatform, "fiverr": .generalPlatform, "freelancer": .generalPlatform,
    "freelancer.com": .generalPlatform, "peopleperhour": .generalPlatform, "guru": .generalPlatform,
  ]

  /// The tier a source name implies, or nil when the source is not known.
  public static func infer(fromSource source: String) -> Tier? {
    let key = source.trimmed.lowercased()
    return knownSources[key]
  }

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
