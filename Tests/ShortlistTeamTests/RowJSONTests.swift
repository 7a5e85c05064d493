import Foundation
import ShortlistCore
import Testing

@testable import ShortlistStore
@testable import ShortlistTeam

/// The pull's JSON reader against Foundation's `JSONDecoder`: the same rows from the same text, the same reasons for
/// the same bad rows, and an error (never a crash) for text that is not JSON.
@Suite struct RowJSONTests {
  /// Text with what JSON must escape, multi-byte characters, an emoji (a surrogate pair when escaped) and quotes.
  static func text(_ rng: inout SplitMix64) -> String {
    let pieces = ["a", "Zoë", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{7F}", "😀", "名", " ", "\u{2028}", "{", "]", ","]
    return (0..<Int(rng.next() % 12)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
  }

  static func number(_ rng: inout SplitMix64) -> Double {
    switch rng.next() % 4 {
    case 0: Double(rng.next() % 1000)
    case 1: Double(rng.next() % 2_000_000_000) / 1000
    case 2: -Double(rng.next() % 100) / 7
    default: Double(bitPattern: 0x3FF0_0000_0000_0000 | (rng.next() >> 12)) * 1e9
    }
  }

  static func candidate(_ rng: inout SplitMix64) -> SyncCandidate {
    SyncCandidate(
      uuid: UUID().uuidString, name: text(&rng), email: rng.next() % 2 == 0 ? nil : text(&rng),
      tier: Int(rng.next() % 4) + 1, source: text(&rng), rate: rng.next() % 3 == 0 ? nil : number(&rng),
      links: (0..<Int(rng.next() % 3)).map { _ in text(&rng) }, tags: (0..<Int(rng.next() % 3)).map { _ in text(&rng) },
      created_at: number(&rng), hlc: text(&rng))
  }

  static func answer(_ rng: inout SplitMix64) -> SyncAnswer {
    SyncAnswer(
      interview_uuid: text(&rng), question_id: text(&rng), candidate_uuid: text(&rng),
      score: rng.next() % 3 == 0 ? nil : Int(rng.next() % 4) + 1, comment: rng.next() % 2 == 0 ? nil : text(&rng),
      skipped: rng.next() % 2 == 0, skip_reason: nil, at: number(&rng))
  }

  @Test func rowsReadAsFoundationReadsThem() throws {
    let seed = UInt64(Date().timeIntervalSince1970 * 1000)
    print("RowJSONTests seed \(seed)")
    var rng = SplitMix64(seed: seed)
    for round in 0..<50 {
      let candidates = (0..<20).map { _ in Self.candidate(&rng) }
      let answers = (0..<20).map { _ in Self.answer(&rng) }
      // Foundation's encoder and this project's push writer: two spellings of the same rows.
      for bytes in [try JSONEncoder().encode(candidates), Data(candidates.json.utf8)] {
        let read = try RowJSON.decodeArray(SyncCandidate.self, from: Array(bytes))
        #expect(read == candidates, "seed \(seed) round \(round)")
        #expect(read == (try JSONDecoder().decode([SyncCandidate].self, from: bytes)), "seed \(seed) round \(round)")
      }
      let bytes = try JSONEncoder().encode(answers)
      #expect(try RowJSON.decodeArray(SyncAnswer.self, from: Array(bytes)) == answers, "seed \(seed) round \(round)")
    }
  }

  /// Every row the server could send wrong is skipped for the same reason with either reader.
  @Test func badRowsAreNamedAsFoundationNamesThem() throws {
    let rows = [
      #"{"uuid":"c1","name":"Ada","email":null,"tier":2,"source":"x","rate":120,"links":[],"tags":[],"created_at":1.5,"hlc":"1"}"#,
      #"{"uuid":"c2","name":"Bo","email":null,"tier":2,"source":"x","rate":"NaN","links":[],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c3","name":null,"email":null,"tier":2,"source":"x","links":[],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c4","name":"Di","tier":2,"source":"x","links":[null],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c5","name":"Ed","tier":"2","source":"x","links":[],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c6","name":"Fa","tier":2.5,"source":"x","links":[],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c7","name":"Gu","tier":99999999999999999999,"source":"x","links":[],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c8","name":"Ho","tier":2,"source":"x","links":"no","tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"c9","name":"Io","tier":2,"source":"x","links":[],"tags":[],"hlc":"1"}"#,
      #"{"uuid":"d1","name":["x"],"tier":2,"source":"x","links":[],"tags":[],"created_at":1,"hlc":"1"}"#,
      #"{"uuid":"d2","name":"Jo","tier":2,"source":"x","links":[],"tags":[1],"created_at":true,"hlc":"1"}"#,
      #"{"uuid":"d3","name":"Ky","tier":2,"source":"x","links":[],"tags":[],"created_at":1e3,"hlc":"1","extra":{"a":[1,{"b":"]"}]}}"#,
      #"[1, 2]"#, #"null"#, #""text""#,
    ]
    let text = Array(("[" + rows.joined(separator: ",\n ") + "]").utf8)
    let ours = try RowJSON.decodeArray(TeamSync.Lenient<SyncCandidate>.self, from: text)
    let theirs = try JSONDecoder().decode([TeamSync.Lenient<SyncCandidate>].self, from: Data(text))
    #expect(ours.map(\.key) == theirs.map(\.key))
    #expect(ours.map(\.problem) == theirs.map(\.problem))
    #expect(ours.map(\.row) == theirs.map(\.row))
    #expect(ours.compactMap(\.row).map(\.uuid) == ["c1", "d3"])
  }

  /// Text that is not a JSON array of values is an error, wherever it is cut or whatever is put in it.
  @Test func brokenTextIsAnErrorNeverACrash() throws {
    let seed = UInt64(Date().timeIntervalSince1970 * 1000) ^ 0x5EED
    print("RowJSONTests broken-text seed \(seed)")
    var rng = SplitMix64(seed: seed)
    let whole = Array(try JSONEncoder().encode((0..<5).map { _ in Self.candidate(&rng) }))
    for cut in 0..<whole.count {
      _ = try? RowJSON.decodeArray(TeamSync.Lenient<SyncCandidate>.self, from: Array(whole[..<cut]))
    }
    let noise = Array(#"[]{}",:\ u0xe-."#.utf8)
    for _ in 0..<2000 {
      var bytes = whole
      for _ in 0..<(1 + Int(rng.next() % 4)) {
        let at = Int(rng.next() % UInt64(bytes.count))
        bytes[at] = noise[Int(rng.next() % UInt64(noise.count))]
      }
      _ = try? RowJSON.decodeArray(TeamSync.Lenient<SyncCandidate>.self, from: bytes)
    }
    for text in ["", "[", "]", "[,]", "[1,]", "{\"a\":1}", "[\"abc]", "[1 2]", "[{\"a\":1}} ", "[1]x"] {
      #expect(throws: (any Error).self, "\(text)") {
        _ = try RowJSON.decodeArray(TeamSync.Lenient<SyncCandidate>.self, from: Array(text.utf8))
      }
    }
    // Inside a well-formed array, an element that is not well-formed is that row skipped, the others read.
    let good = String(decoding: try JSONEncoder().encode([Self.candidate(&rng)]), as: UTF8.self).dropFirst().dropLast()
    for broken in [#"{"uuid" "c1"}"#, #"{"uuid":"\u12"}"#, #"{"uuid":"c1",}"#, #"{"uuid":tru}"#] {
      let rows = try RowJSON.decodeArray(
        TeamSync.Lenient<SyncCandidate>.self, from: Array("[\(good),\(broken),\(good)]".utf8))
      #expect(rows.map { $0.row != nil } == [true, false, true], "\(broken)")
      #expect(rows[1].problem != nil, "\(broken)")
    }
  }
}
