import Foundation
import ShortlistSupport
import Testing

struct JSONTextTests {
  @Test(arguments: [
    "plain", "quote \" and \\ backslash", "line\nbreak\ttab\rreturn", "\u{0}\u{1B}[31m\u{7F}", "sep\u{2028}par\u{2029}",
    "accents é ü 漢字 🙂", "", "csi \u{9B}31m nel \u{85} \u{80}\u{9F} nbsp \u{A0} © ° £ end\u{C2}",
  ])
  func escapedTextDecodesToTheSameString(text: String) throws {
    // Given any string, when escaped, then a JSON parser reads back exactly that string.
    let quoted = JSONText.quoted(text)
    let decoded = try JSONDecoder().decode(String.self, from: Data(quoted.utf8))
    #expect(decoded == text)
    #expect(!quoted.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }))
    #expect(!quoted.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }))
    #expect(!quoted.contains("\u{2028}") && !quoted.contains("\u{2029}"))
  }

  @Test func controlsAreWrittenAsUnicodeEscapes() {
    #expect(JSONText.quoted("a\u{1B}b") == "\"a\\u001bb\"")
    #expect(JSONText.quoted("\u{2028}") == "\"\\u2028\"")
    #expect(JSONText.quoted("x\"y") == "\"x\\\"y\"")
    // C1 controls (a CSI, NEL) as escapes; the characters after them in the same UTF-8 lead byte pass as they are.
    #expect(JSONText.quoted("a\u{9B}b\u{85}") == "\"a\\u009bb\\u0085\"")
    #expect(JSONText.quoted("\u{80}\u{9F}\u{A0}©") == "\"\\u0080\\u009f\u{A0}©\"")
  }
}
