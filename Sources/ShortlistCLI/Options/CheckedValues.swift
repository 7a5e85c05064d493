import ArgumentParser
import ShortlistCore

/// An option value of a domain type, read by the same rule an imported sheet's cell is (`CandidateFields`,
/// `EngagementFields`, `RoleFields`). argument-parser keeps the text as typed; a value the rule refuses does not stop
/// the parse, so a command's `validate()` reports every problem of the line at once (`candidate add X --rate abc`
/// with no tier names both), in the rule's words and with exit status 1, as before.
protocol CheckedValue: ExpressibleByArgument {
  associatedtype Value
  var text: String { get }
  init(text: String)
  /// The rule; `flag` names the option in its message where the rule's words need it.
  static func rule(_ text: String, flag: String) throws -> Value
}

extension CheckedValue {
  init(argument: String) { self.init(text: argument) }

  /// The value, or the rule's error.
  func value(_ flag: String) throws -> Value { try Self.rule(text, flag: flag) }

  /// The rule's error, if it refuses the value.
  func problem(_ flag: String) -> CLIError? {
    do {
      _ = try value(flag)
      return nil
    } catch let e as CLIError {
      return e
    } catch {
      return CLIError("\(flag) does not take '\(text)'")
    }
  }
}

/// A sourcing tier, 1-4 or a tier's name (`--tier`).
struct TierValue: CheckedValue {
  let text: String
  static func rule(_ text: String, flag: String) throws -> Tier { try CandidateFields.tier(text) }
}

/// A positive hourly rate in USD (`--rate`).
struct RateValue: CheckedValue {
  let text: String
  static func rule(_ text: String, flag: String) throws -> Double { try CandidateFields.rate(text) }
}

/// A calendar day, YYYY-MM-DD (`--start`, `--end`, `--on`, `--date`).
struct DayValue: CheckedValue {
  let text: String
  static func rule(_ text: String, flag: String) throws -> CivilDay { try EngagementFields.day(text, flag: flag) }
}

/// A positive amount of USD (`--budget` of an engagement).
struct AmountValue: CheckedValue {
  let text: String
  static func rule(_ text: String, flag: String) throws -> Double { try EngagementFields.amount(text, flag: flag) }
}

/// A positive amount of USD per hour (`--own-rate`).
struct HourlyAmountValue: CheckedValue {
  let text: String
  static func rule(_ text: String, flag: String) throws -> Double {
    try EngagementFields.amount(text, flag: flag, example: "150 USD per hour")
  }
}

/// A number of hours, 0 or more (`--hours`, `--cap`).
struct HoursValue: CheckedValue {
  let text: String
  static func rule(_ text: String, flag: String) throws -> Double { try EngagementFields.hours(text, flag: flag) }
}

/// A role's budget band, MIN-MAX USD per hour (`--budget` of a role).
struct BudgetValue: CheckedValue {
  let text: String
  static func rule(_ text: String, flag: String) throws -> (Double, Double) { try RoleFields.budget(text) }
}

/// An engagement model: fixed, tm or retainer (`--model`).
struct ModelValue: CheckedValue {
  let text: String
  static func rule(_ text: String, flag: String) throws -> EngagementModel { try RoleFields.model(text) }
}

/// A value that `none` (or an empty word) clears: `candidate edit --rate none`, `role edit --budget none`.
struct Clearable<Wrapped: CheckedValue>: CheckedValue {
  let text: String
  static func rule(_ text: String, flag: String) throws -> Wrapped.Value? {
    text.lowercased() == "none" || text.isEmpty ? nil : try Wrapped.rule(text, flag: flag)
  }
}

/// Every problem of a line at once: nothing when the values are all accepted, else one error naming each.
enum Problems {
  static func check(_ values: [(value: (any CheckedValue)?, flag: String)], also extra: [CLIError] = []) throws {
    var found: [CLIError] = values.compactMap { $0.value?.problem($0.flag) } + extra
    guard !found.isEmpty else { return }
    if found.count == 1 { throw found.removeFirst() }
    throw CLIError(found.map(\.message).joined(separator: "; "))
  }
}
