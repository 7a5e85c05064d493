import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

struct InterviewShow: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show a scorecard question by question: notes, signals, score, rubric level.")

  @Argument(help: "Interview ID (with or without #), or a candidate: their interview, or a list of them when several.")
  var id: String
  @OptionGroup var view: ViewFormatOption
  var format: ViewFormat { view.format }

  /// The interview the argument names: an ID (`12`, `#12`), else a candidate's only interview; a candidate with
  /// several gets them listed (nil).
  private func resolve(_ ctx: Context) throws -> Int64? {
    let digits = id.hasPrefix("#") ? String(id.dropFirst()) : id
    if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
      return try InterviewFields.id(id)
    }
    let c = try ctx.candidate(id)
    let theirs = try ctx.db.interviews(candidateId: c.id, viewer: ctx.viewer)
    switch theirs.count {
    case 0:
      throw CLIError(
        "\(TextTable.oneLine(c.name)) has no interviews yet; `interview start \(ShellWords.quote(c.name))`")
    case 1: return theirs[0].id
    default:
      if format == .json {
        throw CLIError(
          "\(TextTable.oneLine(c.name)) has \(theirs.count) interviews (\(theirs.map { "#\($0.id)" }.joined(separator: ", "))); give one ID"
        )
      }
      ctx.console.print("\(TextTable.oneLine(c.name)) has \(theirs.count) interviews; `interview show ID` shows one:")
      for s in theirs {
        ctx.console.print(
          "  #\(s.id)  \(s.bankId) v\(s.bankVersion) · \(TextTable.oneLine(s.interviewer)) · \(s.stateText) · started \(Format.local(s.startedAt))"
        )
      }
      return nil
    }
  }

  func run(in ctx: Context) throws {
    guard let interviewId = try resolve(ctx) else { return }
    guard let d = try ctx.db.interviewDetail(id: interviewId, viewer: ctx.viewer) else {
      throw CLIError("no interview #\(interviewId); `interview list` shows them")
    }
    if format == .json {
      ctx.console.write(bytes: InterviewListing.detailJSON(d) + [10])
      return
    }
    let c = ctx.console
    let s = d.summary
    c.print(
      c.bold("interview #\(s.id)")
        + " \(TextTable.oneLine(s.candidateName)) · \(d.bank.title) (\(s.bankId) v\(s.bankVersion)) · \(TextTable.oneLine(s.interviewer)) · \(s.stateText)"
    )
    if s.isVoid {
      c.print(
        c.dim(
          "void since \(Format.local(s.voidedAt!))" + (s.voidNote.map { ": " + TextTable.oneLine($0) } ?? "")
            + "; out of every score, agreement and outcome"))
    }
    for (i, q) in d.bank.questions.enumerated() {
      c.print("")
      let time = d.seconds[q.id].map { ", \(InterviewMode.clock(Int($0.rounded()))) spent" } ?? ""
      c.print(c.bold("Q\(i + 1) \(q.title)") + c.dim("  \(q.id), weight \(Format.number(q.weight))\(time)"))
      for n in d.notes(for: q.id) { c.printWrapped(n.text, lead: "  - ") }
      let marks = d.signals[q.id] ?? [:]
      for (k, sig) in q.signals.enumerated() {
        c.printWrapped(sig, lead: "  signal \(k + 1): \(marks[k + 1]?.rawValue ?? "-")  ")
      }
      let a = d.answers[q.id]
      if let score = a?.score {
        c.printWrapped(q.rubric[score - 1], lead: "  score \(score) (\(RubricLevel.names[score] ?? "")): ")
        if let comment = a?.comment { c.printWrapped(comment, lead: "  comment: ") }
      } else if a?.skipped == true {
        c.printWrapped(a?.skipReason ?? "", lead: "  skipped" + (a?.skipReason == nil ? "" : ": "))
      } else {
        c.print("  not scored")
      }
    }
    c.print("")
    c.print("recommendation: \(s.recommendation?.rawValue ?? "-")")
  }
}
