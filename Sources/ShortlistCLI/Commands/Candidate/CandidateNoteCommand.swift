import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports

struct CandidateNoteCommand: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "note",
    abstract: "Add a note about a candidate outside any interview (kept out of the history; shown by candidate show).")
  @Argument(help: "Name, unique prefix or #ID.") var name: String
  @Argument(parsing: .captureForPassthrough, help: "The note (the rest of the line).") var text: [String] = []

  func run(in ctx: Context) throws {
    let c = try ctx.candidate(name)
    if c.forgotten { throw CLIError("candidate #\(c.id) was forgotten; nothing can be added about them") }
    let note = text.joined(separator: " ").trimmed
    guard !note.isEmpty else {
      throw CLIError(
        "write the note after the name: candidate note NAME \"met at PyData, strong on evals\"", usage: true)
    }
    guard note.count <= 5000 else { throw CLIError("a note is at most 5000 characters") }
    try ctx.db.addCandidateNote(candidateId: c.id, text: note, author: ctx.interviewer)
    ctx.changed()
    ctx.console.print("noted on \(TextTable.oneLine(c.name))")
  }
}
