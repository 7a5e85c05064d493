import Foundation
import Testing

@testable import ShortlistCore

@Suite struct BankParserTests {
  /// A valid bank; line numbers below refer to this text.
  static let valid = """
    id: demo-bank
    title: Demo
    version: 1
    scenario: A scenario.
    questions:
      - id: q1
        title: One
        prompt: First?
        weight: 2
        timebox_minutes: 5
        follow_ups: [Why?]
        signals: [s1, s2]
        rubric:
          1: bad
          2: weak
          3: solid
          4: great
      - id: q2
        title: Two
        prompt: Second?
        signals: [s1, s2, s3]
        rubric: {1: a, 2: b, 3: c, 4: d}
      - id: q3
        title: Three
        prompt: Third?
        signals: [s1, s2]
        rubric: {1: a, 2: b, 3: c, 4: d}

    """

  func problems(_ yaml: String) -> [BankProblem] {
    do {
      _ = try BankParser.parse(yaml: yaml, path: "b.yaml")
      return []
    } catch let e as BankValidationError {
      return e.problems
    } catch {
      return [BankProblem(path: "?", line: 0, column: 0, message: "\(error)")]
    }
  }

  func replacing(_ old: String, _ new: String) -> String {
    precondition(Self.valid.contains(old), old)
    return Self.valid.replacingOccurrences(of: old, with: new)
  }

  @Test func validBankParses() throws {
    let bank = try BankParser.parse(yaml: Self.valid, path: "b.yaml")
    #expect(bank.id == "demo-bank")
    #expect(bank.questions.count == 3)
    #expect(bank.questions[0].weight == 2)
    #expect(bank.questions[0].timeboxMinutes == 5)
    #expect(bank.questions[0].followUps == ["Why?"])
    #expect(bank.questions[1].weight == 1)
    #expect(bank.questions[1].rubric == ["a", "b", "c", "d"])
  }

  @Test func hashIgnoresLayoutAndComments() throws {
    let a = try BankParser.parse(yaml: Self.valid, path: "a")
    let b = try BankParser.parse(yaml: "# comment\n" + Self.valid, path: "b")
    #expect(a.sha256 == b.sha256)
    let c = try BankParser.parse(yaml: replacing("prompt: First?", "prompt: First!"), path: "c")
    #expect(a.sha256 != c.sha256)
  }

  @Test func unknownKeyWithSuggestion() {
    let p = problems(replacing("    weight: 2", "    wieght: 2"))
    #expect(p.count == 1)
    #expect(p.first?.line == 9 && p.first?.column == 5)
    #expect(p.first?.message.contains("unknown key 'wieght'") == true)
    #expect(p.first?.message.contains("did you mean 'weight'") == true)
    #expect(p.first?.description.hasPrefix("b.yaml:9:5: error: ") == true)
  }

  /// Bank text reaches the terminal during a call: escape sequences and other control characters are refused with
  /// their place (YAML's "\e" escape in a double-quoted scalar is how one gets in).
  @Test func controlCharactersAreRefused() {
    let p = problems(replacing("prompt: First?", "prompt: \"First \\e]0;owned\\a?\""))
    #expect(p.count == 1, "\(p)")
    #expect(p.first?.line == 8 && p.first?.message.contains("prompt contains a control character (U+001B)") == true)
    // Tabs and line breaks are text.
    #expect(problems(replacing("prompt: First?", "prompt: \"First\\tsecond\\nthird?\"")).isEmpty)
  }

  @Test func missingTopLevelKey() {
    let p = problems(replacing("title: Demo\n", ""))
    #expect(p.map(\.message) == ["the bank is missing the required key 'title'"])
    #expect(p.first?.line == 1 && p.first?.column == 1)
  }

  @Test func missingQuestionId() {
    let p = problems(replacing("  - id: q2\n    title: Two", "  - title: Two"))
    #expect(p.count == 1)
    #expect(p.first?.message == "a question is missing the required key 'id'")
    #expect(p.first?.line == 18 && p.first?.column == 5)
  }

  @Test func duplicateQuestionId() {
    let p = problems(replacing("id: q3", "id: q1"))
    #expect(p.count == 1)
    #expect(p.first?.message.contains("duplicate question id 'q1'") == true)
    #expect(p.first?.line == 23 && p.first?.column == 9)
  }

  @Test func rubricWithoutFourLevels() {
    let p = problems(
      replacing("rubric: {1: a, 2: b, 3: c, 4: d}\n  - id: q3", "rubric: {1: a, 2: b, 3: c}\n  - id: q3"))
    #expect(p.count == 1)
    #expect(p.first?.message.contains("missing 4") == true)
    #expect(p.first?.line == 22 && p.first?.column == 13)
  }

  @Test func rubricWithAFifthLevel() {
    let p = problems(replacing("      4: great", "      4: great\n      5: legendary"))
    #expect(p.count == 1)
    #expect(p.first?.message.contains("rubric levels are 1, 2, 3 and 4") == true)
    #expect(p.first?.line == 18 && p.first?.column == 7)
  }

  @Test func tooFewSignals() {
    let p = problems(replacing("signals: [s1, s2]\n    rubric:\n", "signals: [s1]\n    rubric:\n"))
    #expect(p.count == 1)
    #expect(p.first?.message.contains("2 to 4 signals") == true)
    #expect(p.first?.line == 12 && p.first?.column == 14)
  }

  @Test func tooManySignals() {
    let p = problems(replacing("signals: [s1, s2, s3]", "signals: [s1, s2, s3, s4, s5]"))
    #expect(p.count == 1)
    #expect(p.first?.line == 21 && p.first?.column == 14)
  }

  @Test func nonPositiveWeight() {
    let p = problems(replacing("weight: 2", "weight: 0"))
    #expect(p.count == 1)
    #expect(p.first?.message == "weight must be positive, found 0")
    #expect(p.first?.line == 9 && p.first?.column == 13)
  }

  @Test func wrongTypes() {
    let p = problems(replacing("version: 1", "version: two").replacingOccurrences(of: "weight: 2", with: "weight: [2]"))
    #expect(p.count == 2)
    #expect(p[0].line == 3 && p[0].column == 10)
    #expect(p[0].message.contains("whole number"))
    #expect(p[1].line == 9 && p[1].column == 13)
  }

  @Test func questionCountOutOfRange() {
    let two = Self.valid.components(separatedBy: "  - id: q3")[0]
    let p = problems(two)
    #expect(p.count == 1)
    #expect(p.first?.message.contains("3 to 8 questions, found 2") == true)
    #expect(p.first?.line == 6 && p.first?.column == 3)
  }

  @Test func syntaxErrorHasLineAndColumn() {
    let p = problems("id: x\ntitle: [unclosed\nversion: 1\n")
    #expect(p.count == 1)
    #expect(p.first?.message.hasPrefix("invalid YAML") == true)
    #expect(p.first?.line ?? 0 >= 2)
  }

  @Test func reportsEveryProblemNotJustTheFirst() {
    let yaml = replacing("weight: 2", "weight: -1").replacingOccurrences(
      of: "signals: [s1, s2, s3]", with: "signals: [s1]"
    )
    .replacingOccurrences(of: "title: Three", with: "titel: Three")
    let p = problems(yaml)
    #expect(p.count >= 3)
    #expect(p.map(\.line) == p.map(\.line).sorted())
  }

  @Test func duplicateKeyPointsAtTheSecondOne() {
    let p = problems(replacing("    prompt: Second?\n", "    prompt: Second?\n    prompt: Again?\n"))
    #expect(p.count == 1)
    #expect(p.first?.message.contains("duplicate key 'prompt'") == true)
    #expect(p.first?.line == 21 && p.first?.column == 5)
  }

  @Test func emptyAndNonMappingFiles() {
    #expect(problems("").first?.message.contains("empty") == true)
    #expect(problems("- a\n- b\n").first?.message.contains("mapping") == true)
  }

  @Test func everyShippedBankIsValid() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("QuestionBanks").path
    let files = BankLibrary.bankFiles(in: folder)
    #expect(files.count >= 1)
    for file in files {
      let bank = try BankParser.parse(file: URL(fileURLWithPath: file))
      #expect(file.hasSuffix("/\(bank.id).yaml"), "file name matches the bank id")
    }
  }
}
