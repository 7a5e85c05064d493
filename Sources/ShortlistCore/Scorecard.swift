import Foundation

/// One interview (a scorecard) as listed.
public struct InterviewSummary: Sendable, Equatable {
  public var id: Int64
  public var uuid: String
  public var candidateId: Int64
  public var candidateName: String
  public var roleId: Int64?
  public var snapshotId: Int64
  public var bankId: String
  public var bankVersion: Int
  public var interviewer: String
  public var startedAt: Date
  public var finishedAt: Date?
  public var state: InterviewState
  public var currentQuestion: Int
  /// nil when none was given, or when the scorecard is sealed for the reader.
  public var recommendation: Recommendation?
  /// True when the reader may not see this scorecard's content (see `Sealing`); its recommendation is then nil.
  public var sealed: Bool
  /// Taken out of every score, agreement and outcome by `interview void` (kept, marked void), with why.
  public var voidedAt: Date? = nil
  public var voidNote: String? = nil

  public var isFinished: Bool { state == .finished }
  public var isVoid: Bool { voidedAt != nil }
  /// "open", "finished" or "void".
  public var stateText: String { isVoid ? "void" : state.rawValue }

  public init(
    id: Int64, uuid: String, candidateId: Int64, candidateName: String, roleId: Int64?, snapshotId: Int64,
    bankId: String, bankVersion: Int, interviewer: String, startedAt: Date, finishedAt: Date?, state: InterviewState,
    currentQuestion: Int, recommendation: Recommendation?, sealed: Bool
  ) {
    self.id = id
    self.uuid = uuid
    self.candidateId = candidateId
    self.candidateName = candidateName
    self.roleId = roleId
    self.snapshotId = snapshotId
    self.bankId = bankId
    self.bankVersion = bankVersion
    self.interviewer = interviewer
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.state = state
    self.currentQuestion = currentQuestion
    self.recommendation = recommendation
    self.sealed = sealed
  }
}

public struct InterviewNote: Sendable, Equatable {
  public var id: Int64
  public var questionId: String
  public var text: String
  public var at: Date

  public init(id: Int64, questionId: String, text: String, at: Date) {
    self.id = id
    self.questionId = questionId
    self.text = text
    self.at = at
  }
}

public struct InterviewAnswer: Sendable, Equatable {
  public var questionId: String
  public var score: Int?
  public var comment: String?
  public var skipped: Bool
  public var skipReason: String?

  public init(questionId: String, score: Int?, comment: String?, skipped: Bool, skipReason: String?) {
    self.questionId = questionId
    self.score = score
    self.comment = comment
    self.skipped = skipped
    self.skipReason = skipReason
  }
}

/// Everything stored about one interview, with the bank as it was when the interview started.
public struct InterviewDetail: Sendable {
  public var summary: InterviewSummary
  public var bank: QuestionBank
  public var bankHash: String
  public var notes: [InterviewNote]
  public var answers: [String: InterviewAnswer]
  /// question id -> signal index (1-based) -> mark
  public var signals: [String: [Int: SignalMark]]
  /// question id -> seconds spent on it (over every sitting)
  public var seconds: [String: Double]

  public func notes(for questionId: String) -> [InterviewNote] { notes.filter { $0.questionId == questionId } }

  public init(
    summary: InterviewSummary, bank: QuestionBank, bankHash: String, notes: [InterviewNote],
    answers: [String: InterviewAnswer], signals: [String: [Int: SignalMark]], seconds: [String: Double] = [:]
  ) {
    self.summary = summary
    self.bank = bank
    self.bankHash = bankHash
    self.notes = notes
    self.answers = answers
    self.signals = signals
    self.seconds = seconds
  }
}

/// One piece of evidence from a finished scorecard: a note or a `/score` comment on a question, with the score its
/// own author gave that question. A strength when the author scored it 3-4, a concern at 1-2: the judgement is the
/// author's, never the question mean's.
public struct EvidenceLine: Sendable, Equatable {
  public var interviewer: String
  public var questionId: String
  public var score: Int
  public var text: String

  public init(interviewer: String, questionId: String, score: Int, text: String) {
    self.interviewer = interviewer
    self.questionId = questionId
    self.score = score
    self.text = text
  }

  public var isStrength: Bool { score >= 3 }

  /// "alice (first-moves, 3): looked at the data first".
  public var line: String { "\(interviewer) (\(questionId), \(score)): \(text)" }

  /// Each line once, in order.
  public static func unique(_ lines: [EvidenceLine]) -> [EvidenceLine] {
    var seen = Set<String>()
    return lines.filter { seen.insert($0.interviewer + "\u{1F}" + $0.questionId + "\u{1F}" + $0.text).inserted }
  }
}
