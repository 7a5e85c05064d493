import Foundation

/// An error the user caused, in one lowercase line that says what was wrong and what is accepted.
struct CLIError: LocalizedError {
  var message: String
  /// True for errors of grammar (exit 64); false for errors of content (exit 1).
  var usage: Bool

  init(_ message: String, usage: Bool = false) {
    self.message = message
    self.usage = usage
  }

  var errorDescription: String? { message }

  /// True for a message in the compiler style `FILE:LINE: error: ...` (or `FILE:LINE:COLUMN: error: ...`).
  static func isLocated(_ message: String) -> Bool {
    guard let r = message.range(of: ": error: ") else { return false }
    let place = message[..<r.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
    guard place.count >= 2, let last = place.last, !last.isEmpty, last.allSatisfy(\.isASCII),
      last.allSatisfy(\.isNumber)
    else { return false }
    return true
  }
}
