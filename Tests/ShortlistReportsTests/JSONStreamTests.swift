import Foundation
import Testing

@testable import ShortlistCore
@testable import ShortlistReports

/// The streamed JSON is byte for byte the layout of `JSON.render()`, whatever the nesting, and blocks handed to a
/// sink add up to the same document.
@Suite struct JSONStreamTests {
  static let people: [(String, [String], Double?)] = [
    ("Ada \"A\" Lovelace\n", ["rag", "python"], 120), ("José Ñúñez-O'Brien", [], nil), ("\u{2028}x\\y", ["t"], 95.5),
  ]

  static func tree() -> JSON {
    .object([
      ("empty", .array([])), ("none", .object([])),
      (
        "people",
        .array(
          people.map { p in
            .object([
              ("name", .string(p.0)), ("tags", .strings(p.1)), ("rate", .number(p.2)), ("ok", .bool(p.2 != nil)),
              ("nested", .object([("x", .int(Int64(-7))), ("role", .object([("id", .int(1))]))])),
            ])
          })
      ),
      ("at", .string("2026-11-30T01:33:40Z")), ("n", .null),
    ])
  }

  static func stream(_ j: inout JSONStream) {
    j.beginObject()
    j.key("empty")
    j.beginArray()
    j.endArray()
    j.key("none")
    j.beginObject()
    j.endObject()
    j.key("people")
    j.beginArray()
    for p in people {
      j.beginObject()
      j.key("name")
      j.string(p.0)
      j.key("tags")
      j.strings(p.1)
      j.key("rate")
      j.number(p.2)
      j.key("ok")
      j.bool(p.2 != nil)
      j.key("nested")
      j.beginObject()
      j.key("x")
      j.int(Int64(-7))
      j.key("role")
      j.value(.object([("id", .int(1))]))
      j.endObject()
      j.endObject()
    }
    j.endArray()
    j.key("at")
    j.date(Date(timeIntervalSince1970: 1_796_002_420))
    j.key("n")
    j.text(nil)
    j.endObject()
  }

  @Test func sameBytesAsTheTree() {
    var j = JSONStream()
    Self.stream(&j)
    #expect(String(decoding: j.bytes, as: UTF8.self) == Self.tree().render())
  }

  @Test func blocksAddUpToTheDocument() throws {
    var out: [UInt8] = []
    var blocks = 0
    var j = JSONStream(sink: {
      out.append(contentsOf: $0)
      blocks += 1
    })
    j.beginArray()
    for _ in 0..<2_000 {
      Self.stream(&j)
      try j.flushIfFull()
    }
    j.endArray()
    try j.flush()
    #expect(blocks > 2)
    let whole = JSON.array(Array(repeating: Self.tree(), count: 2_000)).render()
    #expect(String(decoding: out, as: UTF8.self) == whole)
  }

  @Test func anEmptyArrayIsTwoBrackets() {
    var j = JSONStream()
    j.beginArray()
    j.endArray()
    j.endDocument()
    #expect(j.bytes == Array("[]\n".utf8))
  }
}
