import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore

/// Interview mode: a line that does not start with `/` is a note on the current question, saved in its own
/// transaction before the next prompt appears; `/` lines are the interview's commands.
final class InterviewMode {
  let interviewId: Int64
  let bank: QuestionBank
  let candidateName: String
  /// Whose scorecard this is: the reader of its content, whatever the session's default name.
  let interviewer: String
  private(set) var index: Int
  /// Seconds spent on each question before the last checkpoint (stored with every note and every move, so the
  /// clock survives /pause, resume and a crash), and when that checkpoint was.
  private var spent: [String: Double]
  private var checkpoint = Date()
  /// The banks of the interview's role, in order: `/finish` says which remain for this candidate.
  let roleBanks: [String]

  init(
    interviewId: Int64, bank: QuestionBank, candidateName: String, interviewer: String, index: Int,
    spent: [String: Double] = [:], roleBanks: [String] = []
  ) {
    self.roleBanks = roleBanks
    self.interviewId = interviewId
    self.bank = bank
    self.candidateName = candidateName
    self.interviewer = interviewer
    self.index = min(max(0, index), max(0, bank.questions.count - 1))
    self.spent = spent
  }

  /// Seconds since the last checkpoint, counted to the current question (and the checkpoint moved to now).
  private func takeElapsed() -> Double {
    let now = Date()
    let elapsed = max(0, now.timeIntervalSince(checkpoint))
    checkpoint = now
    spent[question.id, default: 0] += elapsed
    return elapsed
  }

  /// Stores the time on the current question since the last checkpoint (before moving, pausing or finishing).
  func saveTime(ctx: Context) {
    let elapsed = takeElapsed()
    // The clock is a courtesy: a failure to store it never blocks the interview.
    try? ctx.db.addTime(interviewId: interviewId, questionId: question.id, seconds: elapsed)
  }

  /// Time on the current question, and on the whole interview, as of now.
  var onQuestion: Int { Int(((spent[question.id] ?? 0) + Date().timeIntervalSince(checkpoint)).rounded(.down)) }
  var onInterview: Int { Int((spent.values.reduce(0, +) + Date().timeIntervalSince(checkpoint)).rounded(.down)) }

  var question: Question { bank.questions[index] }

  static let helpIntro = "In interview mode a line is a note on the current question, saved when you press Enter."
  /// The commands of interview mode and what each does: printed word-wrapped, each description under its own start.
  static let helpEntries: [(command: String, text: String)] = [
    ("/q", "the question, its signals and rubric"),
    ("/next  /prev  /goto N", "move between questions (N: 3, q3 or the question's id)"),
    ("/signal N yes|partial|no", "mark what the answer showed for signal N"),
    ("/score 1-4 [comment]", "score the current question against its rubric"),
    ("/skip [reason]", "leave the current question out (an evidence gap, never a zero)"),
    ("/recommend LEVEL", "strong-no, no, yes or strong-yes: your recommendation"),
    ("/finish", "submit the scorecard"),
    ("/pause", "leave; `interview resume` continues here"),
    ("/abort", "discard this interview (asks first): its notes and scores are erased"),
    ("/undo", "take back the last note typed on this question"),
    ("/scenario", "show the case study's scenario again"),
    (
      "//text",
      "a note that starts with \"/\" (//quit saves \"quit\": a line that looks like a command is not saved as a note without it)"
    ),
  ]

  /// The help as plain lines (unwrapped), for tests and scripts.
  static var help: String {
    ([helpIntro] + helpEntries.map { $0.command.padding(toLength: 25, withPad: " ", startingAt: 0) + $0.text })
      .joined(separator: "\n")
  }

  static func clock(_ seconds: Int) -> String {
    let s = max(0, seconds)
    return s >= 3600
      ? "\(s / 3600):" + String(repeating: "0", count: s % 3600 / 60 < 10 ? 1 : 0) + "\(s % 3600 / 60)"
        + ":" + (s % 60 < 10 ? "0" : "") + "\(s % 60)"
      : (s / 60 < 10 ? "0" : "") + "\(s / 60):" + (s % 60 < 10 ? "0" : "") + "\(s % 60)"
  }

  /// The first name, or the name cut with an ellipsis.
  var shortName: String {
    let safe = TextTable.oneLine(candidateName)
    let first = safe.split(separator: " ").first.map(String.init) ?? safe
    return TextTable.cut(first, 14)
  }

  /// `[José · alice · q2/5 03:10 of 8m] Title> `: who is being interviewed and by whom, the question, the time on this
  /// question against its timebox; never more than half the terminal, so there is room to type.
  func prompt(ctx: Context) -> String {
    var p =
      "[\(shortName) · \(TextTable.cut(TextTable.oneLine(interviewer), 12)) · q\(index + 1)/\(bank.questions.count)"
    p += " \(Self.clock(onQuestion))"
    if let t = question.timeboxMinutes { p += " of \(t)m" }
    // With several banks, the prompt says which one this call is on.
    if roleBanks.count > 1 { p += " · \(TextTable.cut(TextTable.oneLine(bank.id), 20))" }
    p += "]"
    let budget = max(24, ctx.console.columns / 2) - TextTable.width(p) - 3
    if budget >= 6 { p += " " + TextTable.cut(TextTable.oneLine(question.title), budget) }
    p += "> "
    return ctx.console.color ? "\u{01}\u{1B}[1;33m\u{02}" + p + "\u{01}\u{1B}[0m\u{02}" : p
  }

  /// Handles one line; returns its exit status.
  func handle(line: String, ctx: Context) -> Int32 {
    do {
      if line.hasPrefix("//") {
        // `//quit` saves "quit": the escape for a note that looks like a command; otherwise a note starting with "/".
        let rest = String(line.dropFirst(2))
        try note(Self.looksLikeCommand(rest) ? rest : String(line.dropFirst()), ctx: ctx)
      } else if line.hasPrefix("/") {
        try command(line, ctx: ctx)
      } else if Self.looksLikeCommand(line) {
        // Typed by habit (`quit`, `candidate list`): never saved as a note without a word.
        let shown = TextTable.oneLine(line.trimmed)
        ctx.console.printWrapped(
          "not saved: \"\(shown)\" looks like a command; /pause leaves the call, //\(shown) saves it as a note")
      } else {
        try note(line, ctx: ctx)
      }
      return 0
    } catch let e as CLIError {
      ctx.console.error(e.message)
      return e.usage ? 64 : 1
    } catch StoreError.gone(let message) {
      // Forgotten or discarded from another session: nothing more can be written here.
      ctx.console.error(message)
      ctx.interview = nil
      ctx.changed()
      ctx.console.print("left interview mode")
      return 1
    } catch {
      ctx.console.error((error as? LocalizedError)?.errorDescription ?? "that did not work")
      return 1
    }
  }

  /// What the interviewer typed is never dropped because another shortlist is writing: a write that meets the lock
  /// is retried (saying so once) until it commits, for up to ten minutes.
  static func persist(_ ctx: Context, _ write: () throws -> Void) throws {
    let deadline = Date().addingTimeInterval(600)
    var said = false
    while true {
      do {
        try write()
        if said { ctx.console.print(ctx.console.dim("saved")) }
        return
      } catch StoreError.busy where Date() < deadline {
        if !said {
          ctx.console.print(ctx.console.dim("waiting for another shortlist to finish writing..."))
          said = true
        }
      }
    }
  }

  /// Words that end a REPL session or ask it something: typed by habit during a call, they are not notes.
  static let habitWords: Set<String> = ["quit", "exit", "bye", "whoami", "as", "help", "clear", "q"]

  /// Whether a line is exactly a REPL command word, or starts with a command and a subcommand the registry knows.
  static func looksLikeCommand(_ line: String) -> Bool {
    let words = line.trimmed.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
    guard let first = words.first else { return false }
    if words.count == 1 { return habitWords.contains(first) || CommandRegistry.commandWords.contains(first) }
    return CommandRegistry.node(for: Array(words.prefix(2))).used == 2
  }

  private func note(_ text: String, ctx: Context) throws {
    if text.trimmed.isEmpty { return }
    let questionId = question.id
    let now = Date()
    // The time goes with the note (same transaction) once a second or more has passed: notes typed faster (a paste,
    // a script) cost one write each, and a crash loses less than a second of clock.
    let elapsed = max(0, now.timeIntervalSince(checkpoint))
    let stored = elapsed >= 1 ? elapsed : 0
    try Self.persist(ctx) {
      try ctx.db.addNote(interviewId: interviewId, questionId: questionId, text: text, timeSpent: stored)
    }
    if stored > 0 {
      checkpoint = now
      spent[questionId, default: 0] += stored
    }
  }

  private func command(_ line: String, ctx: Context) throws {
    let trimmed = line.trimmed
    let word = String(trimmed.prefix { !$0.isWhitespace }).lowercased()
    let rest = String(trimmed.dropFirst(word.count)).trimmed
    let c = ctx.console
    switch word {
    case "/q", "/question": showQuestion(ctx: ctx)
    case "/next", "/n":
      guard index + 1 < bank.questions.count else {
        throw CLIError("this is the last question (\(bank.questions.count)); /finish submits the scorecard")
      }
      try go(index + 1, ctx: ctx)
    case "/prev", "/p":
      guard index > 0 else { throw CLIError("this is the first question") }
      try go(index - 1, ctx: ctx)
    case "/goto", "/g":
      // A number, the question's id, or the prompt's own "q3".
      let word = rest.trimmed.lowercased()
      func position(_ n: Int?) -> Int? { n.flatMap { bank.questions.indices.contains($0 - 1) ? $0 - 1 : nil } }
      guard
        let k = position(Int(word)) ?? bank.questions.firstIndex(where: { $0.id.lowercased() == word })
          ?? (word.hasPrefix("q") ? position(Int(word.dropFirst())) : nil)
      else {
        throw CLIError(
          "/goto takes a question number from 1 to \(bank.questions.count) (or q1-q\(bank.questions.count), or an id: "
            + bank.questions.map(\.id).joined(separator: ", ") + ")")
      }
      try go(k, ctx: ctx)
    case "/signal", "/s":
      let parts = rest.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      let count = question.signals.count
      guard parts.count == 2, let n = Int(parts[0]), (1...count).contains(n) else {
        throw CLIError("/signal takes a signal number 1-\(count) and yes, partial or no, e.g. /signal 2 partial")
      }
      guard let mark = SignalMark(rawValue: parts[1].lowercased()) else {
        throw CLIError("signal mark '\(parts[1])' is not known; accepted: \(SignalMark.accepted)")
      }
      try Self.persist(ctx) {
        try ctx.db.setSignal(interviewId: interviewId, questionId: question.id, index: n, mark: mark)
      }
      c.print(c.dim("signal \(n): \(mark.rawValue)"))
    case "/score":
      let scoreText = String(rest.prefix { !$0.isWhitespace })
      let comment = String(rest.dropFirst(scoreText.count)).trimmed
      guard let score = Int(scoreText), (1...4).contains(score) else {
        throw CLIError("/score takes 1, 2, 3 or 4 and an optional comment, e.g. /score 3 clear trade-offs")
      }
      try Self.persist(ctx) {
        try ctx.db.setScore(
          interviewId: interviewId, questionId: question.id, score: score, comment: comment.isEmpty ? nil : comment)
      }
      c.printWrapped(
        question.rubricText(score) ?? "", lead: "q\(index + 1) scored \(score) (\(RubricLevel.names[score] ?? "")): ",
        style: c.dim)
      if !comment.isEmpty { c.printWrapped(comment, lead: "  comment: ", style: c.dim) }
    case "/skip":
      try Self.persist(ctx) {
        try ctx.db.skip(interviewId: interviewId, questionId: question.id, reason: rest.isEmpty ? nil : rest)
      }
      c.print(c.dim("q\(index + 1) skipped"))
      if index + 1 < bank.questions.count { try go(index + 1, ctx: ctx) }
    case "/recommend", "/rec":
      guard let r = Recommendation.parse(rest) else {
        throw CLIError(
          rest.trimmed.isEmpty
            ? "/recommend takes one of \(Recommendation.accepted), e.g. /recommend yes"
            : "recommendation '\(TextTable.oneLine(rest))' is not known; accepted: \(Recommendation.accepted)")
      }
      try Self.persist(ctx) { try ctx.db.recommend(interviewId: interviewId, r) }
      c.print(c.dim("recommendation: \(r.rawValue)"))
    case "/finish":
      try finish(ctx: ctx)
    case "/pause":
      saveTime(ctx: ctx)
      ctx.interview = nil
      ctx.changed()
      c.print("interview #\(interviewId) paused; `interview resume \(interviewId)` continues at question \(index + 1)")
    case "/abort":
      guard
        ctx.confirm(
          "discard interview #\(interviewId) with \(TextTable.oneLine(candidateName)) and erase its notes and scores?",
          scriptDefault: true)
      else {
        c.print("not discarded; keep going")
        return
      }
      let erased = try ctx.db.abortInterview(interviewId)
      ctx.interview = nil
      ctx.changed()
      c.print(
        "discarded interview #\(interviewId) with \(TextTable.oneLine(candidateName)) (\(erased) note\(erased == 1 ? "" : "s") erased; an audit row remains)"
      )
    case "/undo":
      let questionId = question.id
      var undone: String?
      try Self.persist(ctx) { undone = try ctx.db.undoLastNote(interviewId: interviewId, questionId: questionId) }
      if let undone {
        c.printWrapped(undone, lead: "undone (q\(index + 1)): ", style: c.dim)
      } else {
        c.print("no note on q\(index + 1) to undo")
      }
    case "/scenario":
      c.printWrapped(bank.scenario.replacingOccurrences(of: "\n", with: " "), lead: "scenario: ")
    case "/help", "/h", "/?":
      c.printWrapped(Self.helpIntro)
      for entry in Self.helpEntries {
        c.printWrapped(entry.text, lead: entry.command.padding(toLength: 25, withPad: " ", startingAt: 0))
      }
    default:
      throw CLIError(
        "unknown interview command '\(word)'; commands: /q /next /prev /goto /signal /score /skip /recommend /undo /scenario /finish /pause /abort /help (a note starting with / is typed //)",
        usage: true)
    }
  }

  private func go(_ newIndex: Int, ctx: Context) throws {
    if newIndex != index { saveTime(ctx: ctx) }
    index = newIndex
    try ctx.db.setCurrentQuestion(interviewId: interviewId, index: index)
    showQuestion(ctx: ctx)
  }

  func showQuestion(ctx: Context) {
    let c = ctx.console
    let q = question
    let detail = try? ctx.db.interviewDetail(id: interviewId, viewer: Viewer(interviewer))
    var header = "Q\(index + 1)/\(bank.questions.count) \(q.title)"
    if q.weight != 1 { header += "  (weight \(Format.number(q.weight)))" }
    if let t = q.timeboxMinutes { header += "  [\(t) min]" }
    header += "  · \(Self.clock(onQuestion)) on it, \(Self.clock(onInterview)) in all"
    c.print(c.bold(TextTable.oneLine(header)))
    c.printWrapped(q.prompt)
    if !q.followUps.isEmpty {
      c.print(c.bold("follow-ups"))
      for f in q.followUps { c.printWrapped(f, lead: "  - ") }
    }
    c.print(c.bold("what it tells you"))
    let marks = detail?.signals[q.id] ?? [:]
    for (i, s) in q.signals.enumerated() {
      c.printWrapped(s + (marks[i + 1].map { "  [\($0.rawValue)]" } ?? ""), lead: "  \(i + 1). ")
    }
    c.print(c.bold("rubric"))
    let answer = detail?.answers[q.id]
    for level in 1...4 {
      let marker = answer?.score == level ? "*" : " "
      c.printWrapped(q.rubric[level - 1], lead: " \(marker)\(level) \(RubricLevel.names[level] ?? ""): ")
    }
    if answer?.skipped == true { c.print(c.dim("  skipped" + (answer?.skipReason.map { ": \($0)" } ?? ""))) }
    if let score = answer?.score {
      c.printWrapped(answer?.comment ?? "(no comment)", lead: "  scored \(score): ", style: c.dim)
    }
    // What was already typed for this question, so moving back and forth loses nothing from view.
    let notes = detail?.notes(for: q.id) ?? []
    if !notes.isEmpty {
      c.print(c.bold("your notes"))
      for n in notes { c.printWrapped(n.text, lead: "  \(Format.local(n.at).suffix(5))  ", style: c.dim) }
    }
  }

  private func finish(ctx: Context) throws {
    let c = ctx.console
    guard let detail = try ctx.db.interviewDetail(id: interviewId, viewer: Viewer(interviewer)) else {
      throw CLIError("interview vanished")
    }
    // What the Store would refuse is said before anything is asked.
    if let problem = try ctx.db.finishProblem(interviewId) { throw CLIError(problem) }
    let gaps = bank.questions.enumerated().filter { detail.answers[$0.element.id]?.score == nil }
    if !gaps.isEmpty {
      let list = gaps.map {
        "q\($0.offset + 1) \($0.element.id)" + (detail.answers[$0.element.id]?.skipped == true ? " (skipped)" : "")
      }
      .joined(separator: ", ")
      c.print("unscored: \(list)")
      if !ctx.confirm("finish with \(gaps.count) unscored question\(gaps.count == 1 ? "" : "s")?", scriptDefault: true)
      {
        c.print("not finished; keep going, or /pause to come back later")
        return
      }
    }
    saveTime(ctx: ctx)
    try ctx.db.finishInterview(interviewId)
    ctx.interview = nil
    ctx.changed()
    BackgroundSync.start(ctx: ctx)
    let means = bank.questions.map { q in detail.answers[q.id]?.score.map(Double.init) }
    let result = Scoring.weighted(means: means, weights: bank.questions.map(\.weight))
    let scoreText = result.score.map { Format.fixed($0, 1) } ?? "-"
    c.print(
      "finished interview #\(interviewId) with \(TextTable.oneLine(candidateName)): score \(scoreText), coverage \(Int((result.coverage * 100).rounded()))%"
        + (detail.summary.recommendation.map { ", \($0.rawValue)" } ?? ""))
    if roleBanks.count > 1 {
      let done = (try? ctx.db.finishedBanks(candidateId: detail.summary.candidateId)) ?? []
      let left = roleBanks.filter { !done.contains($0) }
      c.print(
        left.isEmpty
          ? "every bank of the role is done for \(TextTable.oneLine(candidateName))"
          : "still to interview \(TextTable.oneLine(candidateName)) on: \(left.joined(separator: ", "))")
    }
  }

  /// End of input while in interview mode (a script ended, Ctrl-D): the interview stays open and resumable.
  /// From a script or a pipe that recorded nothing, the empty interview is removed (an open one would seal the
  /// candidate for everyone), saying so.
  func endOfInput(ctx: Context) -> Int32 {
    ctx.interview = nil
    if !ctx.interactive, (try? ctx.db.removeIfEmpty(interviewId)) == true {
      ctx.console.print(
        "interview #\(interviewId) removed: the input ended before anything was recorded (an open interview seals the candidate)"
      )
      return 0
    }
    saveTime(ctx: ctx)
    ctx.console.print(
      "interview #\(interviewId) left open; `interview resume \(interviewId)` continues at question \(index + 1)")
    return 0
  }
}
