import Foundation
import GRDB
import Testing

/// A tampered database: every text column that takes it holds an OSC title sequence, a CSI, a C1 control, a bidi
/// override, an isolate and a line separator. No command's text output carries one of them raw (standard output or
/// standard error); JSON keeps the exact text.
@Suite struct TerminalSafetyTests {
  static let planted = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}evil\u{2066}x\u{2028}y"

  /// A demo database with the planted text appended to every text column a CHECK lets change.
  func tampered() throws -> Binary {
    let b = try Binary()
    #expect(try b.run(["demo", "--candidates", "40"]).status == 0)
    #expect(try b.run(["candidate", "note", "#1", "met at a meetup"]).status == 0)
    let queue = try DatabaseQueue(path: b.db)
    try queue.write { db in
      let tables = try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      for t in tables where !["grdb_migrations", "setting", "candidate_name_token", "source_tier"].contains(t) {
        for column in try Row.fetchAll(db, sql: "SELECT name, type FROM pragma_table_info(?)", arguments: [t]) {
          let name: String = column["name"]
          let type: String = column["type"]
          guard type.uppercased() == "TEXT", !name.hasSuffix("uuid"), name != "uuid", name != "sha256",
            name != "hlc", name != "synced_hlc", name != "name_key", name != "bank_id", name != "question_id",
            name != "content"
          else { continue }
          // A column whose CHECK refuses the text keeps its value.
          try? db.execute(
            sql: "UPDATE \(t) SET \(name) = \(name) || ? WHERE \(name) IS NOT NULL", arguments: [Self.planted])
        }
      }
    }
    try queue.close()
    return b
  }

  static let unsafe: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}", "\u{2066}", "\u{2028}"]

  @Test func noCommandPrintsAPlantedControlRaw() throws {
    let b = try tampered()
    let commands: [[String]] = [
      ["candidate", "list", "--all-roles"], ["candidate", "show", "#1"], ["candidate", "show", "#2"],
      ["role", "list"], ["role", "show", "#1"], ["role", "use", "#1"], ["compare", "--role", "all"],
      ["compare", "--role", "all", "--format", "md"], ["compare", "--role", "all", "--adjusted"],
      ["tiers", "--role", "all"], ["tiers", "--role", "all", "--format", "md"], ["pipeline", "--role", "all"],
      ["interview", "list"], ["interview", "show", "1"], ["engagement", "list"], ["week"], ["outcomes"],
      ["source", "list"], ["bank", "list"], ["team", "status"], ["shortlist", "auto", "--top", "2", "--dry-run"],
      ["candidate", "show", "nobody-by-this-name"], ["candidate", "forget", "#3"],
    ]
    // The planted text is shown, made safe: `?]0;owned??[2J?31m?evil?x?y`.
    for args in [["candidate", "list", "--all-roles"], ["role", "show", "#1"], ["role", "use", "#1"]] {
      let r = try b.run(args)
      #expect(r.status == 0 && r.out.contains("?]0;ow"), "\(args): \(r.out)\(r.err)")
    }
    for args in commands {
      let r = try b.run(args)
      for (stream, text) in [("stdout", r.out), ("stderr", r.err)] {
        for s in Self.unsafe {
          #expect(
            !text.unicodeScalars.contains(s),
            "\(args.joined(separator: " ")) \(stream) has U+\(String(s.value, radix: 16))")
        }
      }
    }
  }

  /// With colour on, the tables keep the tool's own colour sequences and nothing else: once those are taken out, no
  /// planted control is left.
  @Test func colouredTablesCarryNoPlantedControl() throws {
    let b = try tampered()
    #expect(try b.run(["shortlist", "auto", "--top", "3"]).status == 0)
    for args in [
      ["compare", "--role", "all"], ["shortlist", "show", "--role", "all"], ["compare"], ["shortlist", "show"],
    ] {
      let r = try b.run(["--color", "on"] + args)
      #expect(r.status == 0, "\(args): \(r.err)")
      #expect(r.out.contains("\u{1B}[3"), "\(args): coloured")
      let plain = r.out.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
      for s in Self.unsafe {
        #expect(!plain.unicodeScalars.contains(s), "\(args) has U+\(String(s.value, radix: 16))")
      }
    }
  }

  @Test func jsonKeepsTheExactText() throws {
    let b = try tampered()
    let list = try b.run(["candidate", "list", "--all-roles", "--format", "json"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
    #expect(rows.contains { ($0["name"] as? String)?.hasSuffix(Self.planted) == true })
    // A C1 control is written as an escape (it reads back the same; a terminal showing the document never obeys it).
    #expect(!list.out.unicodeScalars.contains("\u{9B}") && list.out.contains("\\u009b"))
    let roles = try b.run(["role", "list", "--format", "json"])
    #expect(roles.out.contains("\\u001b]0;owned") || roles.out.contains("\\u001B]0;owned"), "\(roles.out.prefix(300))")
    #expect(roles.out.unicodeScalars.contains("\u{202E}"), "JSON keeps the override itself")
  }
}
