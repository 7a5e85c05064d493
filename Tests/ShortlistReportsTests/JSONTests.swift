import Foundation
import Testing

@testable import ShortlistReports

@Suite struct JSONTests {
  @Test func rendersInKeyOrderWithEscapes() {
    let doc = JSON.object([
      ("name", .string("A \"q\" \\ \n\t\u{01} é 😀")), ("rate", .number(120)), ("score", .number(77.5)),
      ("none", .null), ("nan", .number(.nan)), ("tags", .strings([])), ("ok", .bool(true)),
    ])
    #expect(
      doc.render(pretty: false)
        == #"{"name":"A \"q\" \\ \n\t\u0001 é 😀","rate":120,"score":77.5,"none":null,"nan":null,"tags":[],"ok":true}"#)
  }

  @Test func prettyIsValidJSONForFoundation() throws {
    let doc = JSON.array([.object([("a", .int(1)), ("b", .strings(["x", "y"]))])])
    let data = doc.render().data(using: .utf8)!
    let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    #expect(parsed.first?["a"] as? Int == 1)
  }

  @Test func integersAndNumbersWithoutStrings() {
    for v: Int64 in [0, 7, 10, 99, 100, 12345, -1, -10, .max, .min] {
      var out: [UInt8] = []
      JSON.writeInt(v, into: &out)
      #expect(String(decoding: out, as: UTF8.self) == String(v))
    }
    var out: [UInt8] = []
    JSON.writeNumber(2.0 / 3.0, into: &out)
    #expect(Double(String(decoding: out, as: UTF8.self)) == 2.0 / 3.0, "shortest form that reads back exactly")
  }
}
