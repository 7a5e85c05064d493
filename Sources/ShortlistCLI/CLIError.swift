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
}
