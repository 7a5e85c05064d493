import Foundation

/// A case study: a scenario and 3-8 questions, each with "what it tells you" signals and an anchored 1-4 rubric.
public struct QuestionBank: Codable, Sendable, Equatable {
  public var id: String
  public var title: String
  public var version: Int
  public var scenario: String
  public var questions: [Question]

  public init(id: String, title: String, version: Int, scenario: String, questions: [Question]) {
    self.id = id
    self.title = title
    self.version = version
    self.scenario = scenario
    self.questions = questions
  }

  /// The canonical JSON form stored in the database as the bank's snapshot. Key order is fixed, so the same bank
  /// always gives the same bytes and the same hash, whatever comments or layout the YAML had.
  public func canonicalJSON() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Encoding a struct of strings, numbers and arrays cannot fail.
    let data = (try? encoder.encode(self)) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  public var sha256: String { SHA256.hex(canonicalJSON()) }

  public static func fromCanonicalJSON(_ text: String) throws -> QuestionBank {
    try JSONDecoder().decode(QuestionBank.self, from: Data(text.utf8))
  }

  public var totalWeight: Double { questions.reduce(0) { $0 + $1.weight } }

  public func question(_ id: String) -> Question? { questions.first { $0.id == id } }
}

public struct Question: Codable, Sendable, Equatable {
  public var id: String
  /// A short label for tables.
  public var title: String
  /// What the interviewer reads out.
  public var prompt: String
  public var weight: Double
  public var timeboxMinutes: Int?
  public var followUps: [String]
  /// The "what it tells you" list.
  public var signals: [String]
  /// Level 1...4 descriptions; index 0 is level 1.
  public var rubric: [String]

  public init(
    id: String, title: String, prompt: String, weight: Double = 1, timeboxMinutes: Int? = nil,
    followUps: [String] = [], signals: [String], rubric: [String]
  ) {
    self.id = id
    self.title = title
    self.prompt = prompt
    self.weight = weight
    self.timeboxMinutes = timeboxMinutes
    self.followUps = followUps
    self.signals = signals
    self.rubric = rubric
  }

  public func rubricText(_ level: Int) -> String? {
    (1...4).contains(level) && rubric.count == 4 ? rubric[level - 1] : nil
  }
}

/// The meaning of each rubric level, whatever the question.
public enum RubricLevel {
  public static let names = [1: "no evidence / red flag", 2: "weak", 3: "solid", 4: "exceptional"]
}
