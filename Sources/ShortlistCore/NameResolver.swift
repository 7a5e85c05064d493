/// Resolves how a user names a thing: `#ID`, an exact case-insensitive name, or a unique case-insensitive prefix.
public enum NameResolver {
  public enum Resolution: Equatable, Sendable {
    case found(Int64)
    case notFound
    case ambiguous([String])
    /// More than this many match: too many to list.
    case tooMany(Int)
  }

  public static func resolve(_ query: String, in entries: [(id: Int64, name: String)]) -> Resolution {
    let q = query.trimmed
    if q.hasPrefix("#"), let id = Int64(q.dropFirst()) {
      return entries.contains { $0.id == id } ? .found(id) : .notFound
    }
    let lower = q.lowercased()
    guard !lower.isEmpty else { return .notFound }
    let exact = entries.filter { $0.name.lowercased() == lower }
    if exact.count == 1 { return .found(exact[0].id) }
    if exact.count > 1 { return .ambiguous(exact.map { "\($0.name) (#\($0.id))" }) }
    let prefixed = entries.filter { $0.name.lowercased().hasPrefix(lower) }
    switch prefixed.count {
    case 0: return .notFound
    case 1: return .found(prefixed[0].id)
    default: return .ambiguous(prefixed.sorted { $0.name < $1.name }.map { "\($0.name) (#\($0.id))" })
    }
  }
}
