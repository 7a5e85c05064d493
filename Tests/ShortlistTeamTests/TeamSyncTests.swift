import Foundation
import ShortlistStore
import Testing

@testable import ShortlistTeam

/// What a laptop does with rows the server sends, without a server: each row decoded on its own, a bad one skipped
/// and named (which field, what was wrong), the rest kept. The end-to-end tests do the same against a real server.
@Suite struct TeamSyncTests {
  static let good =
    #"{"uuid":"c1","name":"Ada","email":null,"tier":2,"source":"Toptal","rate":120,"links":[],"tags":["rag"],"created_at":1.5,"hlc":"0001"}"#

  @Test func aBadRowIsSkippedAndNamedTheOthersKept() throws {
    let rows = [
      Self.good,
      #"{"uuid":"c2","name":"Bo","email":null,"tier":2,"source":"x","rate":"NaN","links":[],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c3","name":"Cy","email":null,"tier":2,"source":"x","links":[],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c4","name":"Di","email":null,"tier":2,"source":"x","rate":null,"links":[null],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c5","name":"Ed","email":null,"tier":2,"source":"x","rate":-3,"links":[],"tags":[],"created_at":1,"hlc":"1"}"#,
    ]
    var skipped: [SyncSkip] = []
    let kept: [SyncCandidate] = try TeamSync.decode("[" + rows.joined(separator: ",") + "]", "candidate", &skipped)
    #expect(kept.map(\.uuid) == ["c1", "c3"])
    #expect(skipped.map(\.key) == ["c2", "c4", "c5"])
    #expect(skipped[0].reason == "rate is not a number")
    #expect(skipped[1].reason == "links[0] holds a null")
    #expect(skipped.allSatisfy { $0.table == "candidate" })
  }

  @Test func aDocumentThatIsNotAnArrayIsAnError() {
    var skipped: [SyncSkip] = []
    #expect(throws: TeamError.self) {
      let _: [SyncCandidate] = try TeamSync.decode("{\"not\": \"rows\"}", "candidate", &skipped)
    }
  }

  @Test func aRowOverTheLimitsIsSkipped() throws {
    let long = String(repeating: "x", count: 20_001)
    let row = Self.good.replacingOccurrences(of: "\"Ada\"", with: "\"\(long)\"")
    var skipped: [SyncSkip] = []
    let kept: [SyncCandidate] = try TeamSync.decode("[\(row)]", "candidate", &skipped)
    #expect(kept.isEmpty && skipped.count == 1 && skipped[0].key == "c1")
  }
}

@Suite struct TeamServerTests {
  @Test(arguments: ["alice", "bob_2", "a1"])
  func memberNamesTheServerTakes(name: String) throws {
    #expect(try TeamServer.checkRoleName(name) == name)
  }

  @Test(arguments: [
    "", "1bob", "bob smith", "bob;drop", "Bob\"", "pg_admin", "shortlist_owner", String(repeating: "a", count: 64),
  ])
  func namesThatCannotBeARoleAreRefused(name: String) {
    #expect(throws: TeamError.self) { try TeamServer.checkRoleName(name) }
  }

  @Test func addressesAreTold() {
    #expect(TeamServer.isIPAddress("127.0.0.1") && TeamServer.isIPAddress("::1"))
    #expect(!TeamServer.isIPAddress("db.example.com"))
  }
}
