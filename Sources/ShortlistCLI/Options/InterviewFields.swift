/// Parsing shared by the interview commands.
enum InterviewFields {
  /// An interview ID, with or without `#`.
  static func id(_ text: String) throws -> Int64 {
    let t = text.hasPrefix("#") ? String(text.dropFirst()) : text
    guard let v = Int64(t), v > 0 else {
      throw CLIError("'\(text)' is not an interview ID; `interview list` shows them")
    }
    return v
  }

}
