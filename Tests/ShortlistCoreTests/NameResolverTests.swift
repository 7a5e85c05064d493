import Testing

@testable import ShortlistCore

@Suite struct NameResolverTests {
  let people: [(id: Int64, name: String)] = [
    (1, "Ada Lovelace"), (2, "Ada Byron"), (3, "Grace Hopper"), (4, "Ada"),
  ]

  @Test func exactNameWinsOverPrefix() {
    #expect(NameResolver.resolve("ada", in: people) == .found(4))
  }

  @Test func uniquePrefixIsEnough() {
    #expect(NameResolver.resolve("gra", in: people) == .found(3))
    #expect(NameResolver.resolve("ada l", in: people) == .found(1))
  }

  @Test func ambiguousPrefixListsMatches() {
    let people: [(id: Int64, name: String)] = [(1, "Ada Lovelace"), (2, "Ada Byron")]
    #expect(NameResolver.resolve("ad", in: people) == .ambiguous(["Ada Byron (#2)", "Ada Lovelace (#1)"]))
  }

  @Test func hashId() {
    #expect(NameResolver.resolve("#2", in: people) == .found(2))
    #expect(NameResolver.resolve("#99", in: people) == .notFound)
  }

  @Test func notFound() {
    #expect(NameResolver.resolve("zed", in: people) == .notFound)
    #expect(NameResolver.resolve("", in: people) == .notFound)
  }
}
