import Foundation
import GRDB
import Testing

@testable import ShortlistCLI
@testable import ShortlistCore
@testable import ShortlistStore

/// Random and mutated command lines into the REPL's line handler: no crash, every failure an `error:` line, and a
/// database that passes integrity_check, unchanged by every line that failed.
@Suite struct FuzzTests {
  static var count: Int { ProcessInfo.processInfo.environment["SHORTLIST_LONG_TESTS"] == "1" ? 200_000 : 20_000 }

  static let grammar: [String] = [
    "candidate add \"Ada Lovelace\" --source Toptal --rate 120", "candidate add Bob --tier 4 --email bob@x.io",
    "candidate list --format json", "candidate list --tier 2 --status sourced", "candidate show ada",
    "candidate edit ada --rate 130 --tag rag", "candidate move bob screening --note hi",
    "candidate move #1 shortlisted",
    "role add \"ML engineer\" --bank rag-prototype --budget 80-120 --model tm", "role list --format csv", "role use ml",
    "role edit ml --goal \"ship it\"", "role show #1", "bank list", "bank show rag-prototype", "interview list",
    "interview start ada --bank rag-prototype", "/score 3 good", "/next", "/signal 1 yes", "/skip", "/finish",
    "/pause", "/recommend yes", "/goto 2", "a note", "interview resume", "interview show 1", "compare --format json",
    "compare --format md", "tiers --format json", "shortlist add ada", "shortlist remove ada", "shortlist show",
    "shortlist auto --top 2", "help", "help candidate", "candidate", "role", "", "   ", "# comment",
  ]

  static let junk: [String] = [
    "\"", "'", "\\", "--", "-", "--tier", "--rate", "-5", "NaN", "1e309", "#", "#99999999999999999999", "🙂", "\u{202E}",
    "\u{0}", "\u{7F}", "\t", "=cmd", "$(rm -rf /)", "`x`", "%s%n", String(repeating: "A", count: 5000), "--format",
    "xml", "999999999999999999999", "\u{FFFD}", "--role", "/", "//", "--help", "-h", "--out",
  ]

  static let forbidden = ["backup", "export", "--out", "merge", "demo", "import", "check", "forget", "quit", "exit"]

  /// The seed of a fuzz run: fixed so a failure repeats, `SHORTLIST_SEED` to try others; printed either way.
  static func seed(_ test: String, default value: UInt64) -> UInt64 {
    let seed = ProcessInfo.processInfo.environment["SHORTLIST_SEED"].flatMap { UInt64($0) } ?? value
    print("\(test): seed \(seed) (SHORTLIST_SEED=\(seed) replays it)")
    return seed
  }

  struct LCG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
  }

  static func line(_ rng: inout LCG) -> String {
    var words = (try? ShellWords.split(grammar.randomElement(using: &rng)!)) ?? []
    switch rng.next() % 6 {
    case 0: words.insert(junk.randomElement(using: &rng)!, at: Int(rng.next() % UInt64(words.count + 1)))
    case 1: if !words.isEmpty { words[Int(rng.next() % UInt64(words.count))] = junk.randomElement(using: &rng)! }
    case 2: if !words.isEmpty { words.removeLast() }
    case 3:
      let bytes = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      words.append(String(decoding: bytes, as: UTF8.self))
    case 4: words.shuffle(using: &rng)
    default: break
    }
    var text = words.map { rng.next() % 3 == 0 ? ShellWords.quote($0) : $0 }.joined(separator: " ")
    if rng.next() % 10 == 0, !text.isEmpty { text.removeLast(Int(rng.next() % UInt64(text.count))) }
    return text
  }

  static func fingerprint(_ db: AppDatabase) throws -> String {
    try db.reader.read { db in
      var parts: [String] = []
      for table in [
        "role", "role_bank", "candidate", "candidate_link", "candidate_tag", "candidate_role", "status_change",
        "interview", "note", "answer", "signal_mark", "setting",
      ] {
        let row = try Row.fetchOne(db, sql: "SELECT count(*), total(length(quote(\(table).rowid))) FROM \(table)")!
        parts.append("\(table):\(row[0] as Int):\(row[1] as Double)")
      }
      parts.append(
        try String.fetchOne(
          db, sql: "SELECT group_concat(name || status || ifnull(rate, '') || tier, '|') FROM candidate") ?? "")
      return parts.joined(separator: ",")
    }
  }

  @Test func randomLinesNeverCrashOrCorrupt() throws {
    let h = try Harness()
    var rng = LCG(state: Self.seed("randomLinesNeverCrashOrCorrupt", default: 0x5EED))
    var failures = 0
    for i in 0..<Self.count {
      var text = Self.line(&rng)
      if Self.forbidden.contains(where: { text.contains($0) }) { text = "candidate list" }
      let before = i % 20 == 0 ? try Self.fingerprint(h.ctx.db) : nil
      h.clear()
      let status = Session.handle(line: text, ctx: h.ctx)
      h.ctx.quitRequested = false
      if status != 0 {
        failures += 1
        #expect(
          h.err.hasPrefix("error: ") || h.err.contains(": error: "),
          "line \(i): \(text.debugDescription) -> \(h.err.prefix(200))")
        #expect(status == 1 || status == 64)
        if let before {
          #expect(
            try Self.fingerprint(h.ctx.db) == before, "line \(i) failed but changed data: \(text.debugDescription)")
        }
      }
    }
    #expect(failures > Self.count / 10, "the fuzzer does reach the error paths")
    #expect(try h.ctx.db.integrityCheck() == "ok")
  }

  @Test func bankParserSurvivesMutatedYAML() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("QuestionBanks/rag-prototype.yaml")
    let text = Array(try String(contentsOf: folder, encoding: .utf8).utf8)
    var rng = LCG(state: Self.seed("mutatedBanks", default: 42))
    for _ in 0..<(Self.count / 20) {
      var bytes = text
      for _ in 0..<(1 + Int(rng.next() % 8)) {
        let at = Int(rng.next() % UInt64(bytes.count))
        switch rng.next() % 3 {
        case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
        case 1: bytes.remove(at: at)
        default: bytes.insert(Array(":-[]{}'\"\n\t&*!|>#".utf8).randomElement(using: &rng)!, at: at)
        }
      }
      do {
        _ = try BankParser.parse(yaml: String(decoding: bytes, as: UTF8.self), path: "f.yaml")
      } catch let e as BankValidationError {
        #expect(!e.problems.isEmpty)
        #expect(e.problems.allSatisfy { $0.line >= 1 && $0.column >= 1 })
      }
    }
  }

  @Test func csvImportSurvivesMutatedSheets() throws {
    let h = try Harness()
    let dir = NSTemporaryDirectory() + "shortlist-csvfuzz-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let base = Array(
      "name,email,tier,source,rate,links,tags\r\nAda,ada@x.io,1,AI network,120,https://a.io,rag;ml\r\n\"Bob, Jr\",,4,Upwork,60,,\r\n\"Cy \"\"Q\"\"\",c@x.io,2,Toptal,,,\r\n"
        .utf8)
    var rng = LCG(state: Self.seed("mutatedSheets", default: 7))
    for i in 0..<(Self.count / 40) {
      var bytes = base
      for _ in 0..<(1 + Int(rng.next() % 6)) {
        let at = Int(rng.next() % UInt64(bytes.count))
        switch rng.next() % 3 {
        case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
        case 1: bytes.remove(at: at)
        default: bytes.insert(Array(",\"\r\n'=;\u{0}".utf8).randomElement(using: &rng)!, at: at)
        }
      }
      let file = dir + "/s\(i % 8).csv"
      try Data(bytes).write(to: URL(fileURLWithPath: file))
      let before = try Self.fingerprint(h.ctx.db)
      h.clear()
      let status = Session.handle(line: "candidate import \(ShellWords.quote(file))", ctx: h.ctx)
      if status != 0 {
        #expect(h.err.contains("error: "), "\(h.err.prefix(200))")
        #expect(try Self.fingerprint(h.ctx.db) == before, "a failed import changed nothing")
      }
    }
    #expect(try h.ctx.db.integrityCheck() == "ok")
  }
}
