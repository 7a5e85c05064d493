import Foundation
import Yams

/// One problem found in a bank file, printed as `path:line:column: error: message`.
public struct BankProblem: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var line: Int
  public var column: Int
  public var message: String

  public init(path: String, line: Int, column: Int, message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String { "\(path):\(line):\(column): error: \(message)" }
}

/// Every problem found in one bank file.
public struct BankValidationError: Error, Sendable, LocalizedError {
  public var problems: [BankProblem]
  public var errorDescription: String? { problems.map(\.description).joined(separator: "\n") }
}

/// Reads and validates a bank from YAML, walking the composed node tree so that every problem carries the
/// line:column of the node at fault, and collecting all problems rather than stopping at the first.
public struct BankParser {
  public static let topKeys = ["id", "title", "version", "scenario", "questions"]
  public static let questionKeys = [
    "id", "title", "prompt", "weight", "timebox_minutes", "follow_ups", "signals", "rubric",
  ]
  public static let questionCount = 3...8
  public static let signalCount = 2...4

  private let path: String
  private var problems: [BankProblem] = []
  private var yamlText = ""

  private init(path: String) { self.path = path }

  public static func parse(file url: URL, displayPath: String? = nil) throws -> QuestionBank {
    let shown = displayPath ?? url.path
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw BankValidationError(problems: [
        BankProblem(path: shown, line: 1, column: 1, message: "cannot read the file")
      ])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw BankValidationError(problems: [
        BankProblem(path: shown, line: 1, column: 1, message: "the file is not UTF-8 text")
      ])
    }
    return try parse(yaml: text, path: shown)
  }

  public static func parse(yaml: String, path: String) throws -> QuestionBank {
    var parser = BankParser(path: path)
    let bank = parser.run(yaml)
    if let bank, parser.problems.isEmpty { return bank }
    throw BankValidationError(problems: parser.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
  }

  // MARK: - Walking the tree

  private mutating func run(_ yaml: String) -> QuestionBank? {
    yamlText = yaml
    if yaml.utf8.contains(0) {
      report(line: 1, column: 1, "the file contains a NUL byte; a bank is YAML text")
      return nil
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      reportYaml(error)
      return nil
    } catch {
      report(line: 1, column: 1, "cannot parse YAML")
      return nil
    }
    guard let root else {
      report(line: 1, column: 1, "the file is empty; a bank needs \(Self.topKeys.joined(separator: ", "))")
      return nil
    }
    guard let top = mapping(root, what: "a bank") else { return nil }
    checkKeys(top, allowed: Self.topKeys, node: root, required: Self.topKeys, what: "the bank")

    let id = identifier(top["id"], field: "id")
    let title = text(top["title"], field: "title")
    let version = positiveInt(top["version"], field: "version")
    let scenario = text(top["scenario"], field: "scenario")
    var questions: [Question] = []
    if let qNode = top["questions"], let seq = sequence(qNode, field: "questions") {
      if !Self.questionCount.contains(seq.count) {
        report(qNode, "a bank has 3 to 8 questions, found \(seq.count)")
      }
      var seen: [String: Node] = [:]
      for item in seq {
        guard let q = question(item) else { continue }
        if seen[q.id] != nil {
          let idNode = item.mapping?["id"] ?? item
          report(idNode, "duplicate question id '\(q.id)'; question ids must be unique in a bank")
        } else {
          seen[q.id] = item
        }
        questions.append(q)
      }
    }
    guard let id, let title, let version, let scenario else { return nil }
    return QuestionBank(id: id, title: title, version: version, scenario: scenario, questions: questions)
  }

  private mutating func question(_ node: Node) -> Question? {
    guard let map = mapping(node, what: "a question") else { return nil }
    checkKeys(
      map, allowed: Self.questionKeys, node: node, required: ["id", "title", "prompt", "signals", "rubric"],
      what: "a question")
    let id = identifier(map["id"], field: "id")
    let title = text(map["title"], field: "title")
    let prompt = text(map["prompt"], field: "prompt")
    var weight = 1.0
    if let w = map["weight"] {
      if let v = positiveNumber(w, field: "weight") { weight = v }
    }
    var timebox: Int?
    if let t = map["timebox_minutes"] { timebox = positiveInt(t, field: "timebox_minutes") }
    var followUps: [String] = []
    if let f = map["follow_ups"], let seq = sequence(f, field: "follow_ups") {
      followUps = seq.compactMap { text($0, field: "a follow-up") }
    }
    var signals: [String] = []
    if let s = map["signals"], let seq = sequence(s, field: "signals") {
      if !Self.signalCount.contains(seq.count) {
        report(s, "a question has 2 to 4 signals (\"what it tells you\"), found \(seq.count)")
      }
      signals = seq.compactMap { text($0, field: "a signal") }
    }
    var rubric: [String] = []
    if let r = map["rubric"] { rubric = self.rubric(r) ?? [] }
    guard let id, let title, let prompt, signals.count == (map["signals"]?.sequence?.count ?? -1), rubric.count == 4
    else { return nil }
    return Question(
      id: id, title: title, prompt: prompt, weight: weight, timeboxMinutes: timebox, followUps: followUps,
      signals: signals, rubric: rubric)
  }

  private mutating func rubric(_ node: Node) -> [String]? {
    guard let map = node.mapping else {
      report(node, "rubric must be a mapping with the levels 1, 2, 3 and 4, found \(kind(node))")
      return nil
    }
    var levels: [Int: String] = [:]
    var ok = true
    for (key, value) in map {
      guard let s = key.scalar?.string, let level = Int(s), (1...4).contains(level) else {
        report(key, "rubric levels are 1, 2, 3 and 4, found '\(key.scalar?.string ?? kind(key))'")
        ok = false
        continue
      }
      if levels[level] != nil {
        report(key, "rubric level \(level) appears twice")
        ok = false
        continue
      }
      guard let t = text(value, field: "rubric level \(level)") else {
        ok = false
        continue
      }
      levels[level] = t
    }
    let missing = (1...4).filter { levels[$0] == nil }
    if !missing.isEmpty {
      report(
        node, "rubric needs exactly the four levels 1-4; missing \(missing.map(String.init).joined(separator: ", "))")
      return nil
    }
    return ok ? (1...4).map { levels[$0]! } : nil
  }

  // MARK: - Typed readers

  private mutating func mapping(_ node: Node, what: String) -> Node.Mapping? {
    guard let m = node.mapping else {
      report(node, "expected \(what) as a mapping of keys, found \(kind(node))")
      return nil
    }
    return m
  }

  private mutating func sequence(_ node: Node, field: String) -> Node.Sequence? {
    guard let s = node.sequence else {
      report(node, "'\(field)' must be a list, found \(kind(node))")
      return nil
    }
    return s
  }

  private mutating func text(_ node: Node?, field: String) -> String? {
    guard let node else { return nil }
    guard let scalar = node.scalar else {
      report(node, "\(field) must be text, found \(kind(node))")
      return nil
    }
    if scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
      report(node, "\(field) must not be empty")
      return nil
    }
    let t = scalar.string.trimmed
    if t.isEmpty {
      report(node, "\(field) must not be empty")
      return nil
    }
    // Bank text reaches the terminal mid-call: no escape sequences or other control characters (tabs and line breaks
    // are text).
    if let bad = t.unicodeScalars.first(where: { s in
      (s.value < 0x20 && s != "\n" && s != "\t") || s.value == 0x7F || (0x80...0x9F).contains(s.value)
    }) {
      report(
        node,
        "\(field) contains a control character (U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(4))); bank text is plain text"
      )
      return nil
    }
    return t
  }

  private mutating func identifier(_ node: Node?, field: String) -> String? {
    guard let node, let t = text(node, field: field) else { return nil }
    let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_.")
    if t.unicodeScalars.contains(where: { !allowed.contains($0) }) || t.count > 64 {
      report(node, "\(field) '\(t)' must be lowercase letters, digits, '-', '_' or '.' (at most 64)")
      return nil
    }
    return t
  }

  private mutating func positiveInt(_ node: Node?, field: String) -> Int? {
    guard let node else { return nil }
    guard let scalar = node.scalar, scalar.style == .plain, let v = Int(scalar.string) else {
      report(node, "\(field) must be a whole number, found \(describe(node))")
      return nil
    }
    guard v > 0 else {
      report(node, "\(field) must be positive, found \(v)")
      return nil
    }
    return v
  }

  private mutating func positiveNumber(_ node: Node, field: String) -> Double? {
    guard let scalar = node.scalar, scalar.style == .plain, let v = Double(scalar.string), v.isFinite else {
      report(node, "\(field) must be a number, found \(describe(node))")
      return nil
    }
    guard v > 0 else {
      report(node, "\(field) must be positive, found \(scalar.string)")
      return nil
    }
    return v
  }

  private mutating func checkKeys(
    _ map: Node.Mapping, allowed: [String], node: Node, required: [String], what: String
  ) {
    var seen = Set<String>()
    for (key, _) in map {
      guard let k = key.scalar?.string else {
        report(key, "keys must be plain words, found \(kind(key))")
        continue
      }
      if !allowed.contains(k) {
        var message = "unknown key '\(k)' in \(what)"
        if let near = allowed.min(by: { Self.distance($0, k) < Self.distance($1, k) }), Self.distance(near, k) <= 2 {
          message += " (did you mean '\(near)'?)"
        }
        report(key, message + "; accepted keys: \(allowed.joined(separator: ", "))")
      }
      if !seen.insert(k).inserted { report(key, "key '\(k)' appears twice") }
    }
    for k in required where !seen.contains(k) {
      report(node, "\(what) is missing the required key '\(k)'")
    }
  }

  // MARK: - Reporting

  private mutating func report(_ node: Node, _ message: String) {
    let mark = node.mark
    report(line: mark?.line ?? 1, column: mark?.column ?? 1, message)
  }

  private mutating func report(line: Int, column: Int, _ message: String) {
    problems.append(BankProblem(path: path, line: line, column: column, message: message))
  }

  private mutating func reportYaml(_ error: YamlError) {
    switch error {
    case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
      let .composer(context, problem, mark, _):
      var message = "invalid YAML: \(problem)"
      if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
      report(line: mark.line, column: mark.column, message)
    case let .duplicatedKeysInMapping(duplicates, context):
      // Point at the second occurrence of the key, the one to remove.
      var line = context.mark.line
      var column = context.mark.column
      if let key = duplicates.first {
        let lines = yamlText.components(separatedBy: "\n")
        var seen = 0
        for i in max(0, context.mark.line - 1)..<lines.count {
          let text = lines[i]
          let body = text.drop { $0 == " " || $0 == "-" }
          if body.hasPrefix(key + ":") || body.hasPrefix("\"\(key)\":") {
            let indent = text.count - body.count + 1
            if indent == context.mark.column || seen > 0 || i == context.mark.line - 1 {
              seen += 1
              if seen == 2 {
                line = i + 1
                column = indent
                break
              }
            }
          }
        }
      }
      report(
        line: line, column: column,
        "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping; each key appears once")
    case let .reader(problem, offset, _, yaml):
      let (line, column) = Self.position(of: offset ?? 0, in: yaml)
      report(line: line, column: column, "invalid text: \(problem)")
    default:
      report(line: 1, column: 1, "invalid YAML: \(error)")
    }
  }

  private static func position(of offset: Int, in text: String) -> (Int, Int) {
    var line = 1
    var column = 1
    for (i, byte) in text.utf8.enumerated() {
      if i >= offset { break }
      if byte == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }

  private func kind(_ node: Node) -> String {
    switch node {
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .scalar: "a value"
    case .alias: "an alias"
    }
  }

  private func describe(_ node: Node) -> String {
    if let s = node.scalar?.string { return "'\(s.prefix(40))'" }
    return kind(node)
  }

  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    for i in 1...a.count {
      var cur = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      prev = cur
    }
    return prev[b.count]
  }
}

extension String {
  /// Left-padded with zeros to `width` characters.
  fileprivate func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
