import Foundation
import ShortlistCore

/// The shapes of the candidate listing and `candidate show`: JSON members, CSV columns and table cells, in one place.
public enum CandidateListing {
  /// The candidate's members, inside an object the caller has begun (`candidate show` adds more after them).
  public static func writeMembers(_ c: Candidate, to j: inout JSONStream) {
    j.key("id")
    j.int(c.id)
    j.key("name")
    j.string(c.name)
    j.key("tier")
    j.int(Int64(c.tier.rawValue))
    j.key("source")
    j.string(c.source)
    j.key("rate")
    j.number(c.rate)
    j.key("status")
    j.string(c.status.rawValue)
    j.key("email")
    j.text(c.email)
    j.key("tags")
    j.strings(c.tags)
    j.key("roles")
    j.strings(c.roles)
    j.key("links")
    j.strings(c.links)
    j.key("uuid")
    j.string(c.uuid)
    j.key("created")
    j.date(c.createdAt)
    j.key("since")
    j.string(Timestamp.day(c.since))
    j.key("days_in_stage")
    j.int(Int64(Clock.days(since: c.since)))
  }

  public static func write(_ c: Candidate, to j: inout JSONStream) {
    j.beginObject()
    writeMembers(c, to: &j)
    j.endObject()
  }

  /// `candidate show --format json`: the listing's members, the applications (one per role), the status history
  /// (each row naming its role, null for the candidate's own status) and the interviews.
  public static func detailJSON(
    _ c: Candidate, applications: [Application] = [], history: [StatusChange], interviews: [InterviewSummary],
    scores: [Int64: Double] = [:], roleTitles: [Int64: String] = [:], notes: [CandidateNote] = [],
    engagements: [JSON] = []
  ) -> [UInt8] {
    var j = JSONStream()
    j.beginObject()
    writeMembers(c, to: &j)
    j.key("notes")
    j.beginArray()
    for n in notes {
      j.beginObject()
      j.key("text")
      j.string(n.text)
      j.key("author")
      j.text(n.author)
      j.key("origin")
      j.text(n.origin)
      j.key("at")
      j.date(n.at)
      j.endObject()
    }
    j.endArray()
    j.key("applications")
    j.beginArray()
    for a in applications {
      j.beginObject()
      j.key("role")
      j.string(a.roleTitle)
      j.key("status")
      j.string(a.status.rawValue)
      j.key("since")
      j.string(Timestamp.day(a.since))
      j.key("days_in_stage")
      j.int(Int64(a.daysInStage()))
      j.key("archived")
      j.bool(a.roleArchived)
      j.endObject()
    }
    j.endArray()
    j.key("history")
    j.beginArray()
    for h in history {
      j.beginObject()
      j.key("role")
      j.text(h.roleId.flatMap { roleTitles[$0] })
      j.key("from")
      j.text(h.from?.rawValue)
      j.key("to")
      j.string(h.to.rawValue)
      j.key("at")
      j.date(h.at)
      j.key("note")
      j.text(h.note)
      j.key("forced")
      j.bool(h.forced)
      j.endObject()
    }
    j.endArray()
    j.key("engagements")
    j.beginArray()
    for e in engagements { j.value(e) }
    j.endArray()
    j.key("interviews")
    j.beginArray()
    for i in interviews {
      j.beginObject()
      InterviewListing.writeMembers(i, to: &j)
      // The scorecard's weighted score (finished and readable ones only).
      j.key("score")
      j.number(scores[i.id])
      j.endObject()
    }
    j.endArray()
    j.endObject()
    return j.bytes
  }

  public static let csvHeader = [
    "id", "name", "tier", "source", "rate", "status", "email", "tags", "roles", "links", "since", "days_in_stage",
  ]

  public static func writeCSV(_ c: Candidate, to w: inout CSVWriter) throws {
    w.field(String(c.id))
    w.field(c.name)
    w.field(String(c.tier.rawValue))
    w.field(c.source)
    w.field(c.rate.map(Format.number) ?? "")
    w.field(c.status.rawValue)
    w.field(c.email ?? "")
    w.field(c.tags.joined(separator: ";"))
    w.field(c.roles.joined(separator: ";"))
    w.field(c.links.joined(separator: " "))
    w.field(Timestamp.day(c.since))
    w.field(String(Clock.days(since: c.since)))
    try w.endRow()
  }

  public static let tableColumns: [TextTable.Column] = [
    .init("id", align: .right), .init("name", minWidth: 12), .init("tier", align: .right), .init("source"),
    .init("rate", align: .right), .init("status"), .init("since", align: .right), .init("tags", minWidth: 4),
  ]

  /// `since` is the days in the current stage ("12d"), marked `!` from `staleDays` on.
  public static func tableRow(_ c: Candidate, staleDays: Int? = nil, now: Date = Clock.now()) -> [String] {
    let days = Clock.days(since: c.since, now: now)
    return [
      "#\(c.id)", c.name, String(c.tier.rawValue), c.source, c.rate.map { "$" + Format.rate($0) } ?? "",
      c.status.rawValue, "\(days)d" + (staleDays.map { days >= $0 && !c.status.isClosed ? "!" : "" } ?? ""),
      c.tags.joined(separator: ", "),
    ]
  }
}

/// The shapes of `interview list` and `interview show`.
public enum InterviewListing {
  public static func writeMembers(_ i: InterviewSummary, to j: inout JSONStream) {
    j.key("id")
    j.int(i.id)
    j.key("candidate")
    j.string(i.candidateName)
    j.key("bank")
    j.string(i.bankId)
    j.key("interviewer")
    j.string(i.interviewer)
    j.key("state")
    j.string(i.state.rawValue)
    j.key("void")
    j.bool(i.isVoid)
    j.key("void_note")
    j.text(i.voidNote)
    j.key("started")
    j.date(i.startedAt)
    j.key("finished")
    j.date(i.finishedAt)
    j.key("candidate_id")
    j.int(i.candidateId)
    j.key("bank_version")
    j.int(Int64(i.bankVersion))
    j.key("recommendation")
    j.text(i.recommendation?.rawValue)
    j.key("uuid")
    j.string(i.uuid)
    j.key("sealed")
    j.bool(i.sealed)
  }

  public static func write(_ i: InterviewSummary, to j: inout JSONStream) {
    j.beginObject()
    writeMembers(i, to: &j)
    j.endObject()
  }

  /// `interview show --format json`: the summary's members, the bank's hash, and each question with its notes,
  /// signals, score, comment and rubric level.
  public static func detailJSON(_ d: InterviewDetail) -> [UInt8] {
    var j = JSONStream()
    j.beginObject()
    writeMembers(d.summary, to: &j)
    j.key("bank_sha256")
    j.string(d.bankHash)
    j.key("questions")
    j.beginArray()
    for q in d.bank.questions {
      let a = d.answers[q.id]
      let marks = d.signals[q.id] ?? [:]
      j.beginObject()
      j.key("id")
      j.string(q.id)
      j.key("title")
      j.string(q.title)
      j.key("weight")
      j.number(q.weight)
      j.key("notes")
      j.beginArray()
      for n in d.notes(for: q.id) {
        j.beginObject()
        j.key("text")
        j.string(n.text)
        j.key("at")
        j.date(n.at)
        j.endObject()
      }
      j.endArray()
      j.key("signals")
      j.beginArray()
      for (k, signal) in q.signals.enumerated() {
        j.beginObject()
        j.key("signal")
        j.string(signal)
        j.key("mark")
        j.text(marks[k + 1]?.rawValue)
        j.endObject()
      }
      j.endArray()
      j.key("score")
      j.int(a?.score)
      j.key("comment")
      j.text(a?.comment)
      j.key("rubric")
      j.text(a?.score.flatMap { q.rubricText($0) })
      j.key("skipped")
      j.bool(a?.skipped ?? false)
      j.key("skip_reason")
      j.text(a?.skipReason)
      j.key("seconds")
      j.number(d.seconds[q.id].map { $0.rounded() })
      j.endObject()
    }
    j.endArray()
    j.endObject()
    return j.bytes
  }

  public static let csvHeader = ["id", "candidate", "bank", "interviewer", "state", "started", "finished"]

  public static func writeCSV(_ i: InterviewSummary, to w: inout CSVWriter) throws {
    w.field(String(i.id))
    w.field(i.candidateName)
    w.field(i.bankId)
    w.field(i.interviewer)
    w.field(i.stateText)
    w.field(Timestamp.iso(i.startedAt))
    w.field(i.finishedAt.map(Timestamp.iso) ?? "")
    try w.endRow()
  }

  public static let tableColumns: [TextTable.Column] = [
    .init("id", align: .right), .init("candidate", minWidth: 10), .init("bank"), .init("interviewer"),
    .init("state"), .init("started"),
  ]

  public static func tableRow(_ i: InterviewSummary) -> [String] {
    [
      "#\(i.id)", i.candidateName, "\(i.bankId) v\(i.bankVersion)", i.interviewer, i.stateText,
      Timestamp.local(i.startedAt),
    ]
  }
}

/// The shapes of `role list` and `role show`.
public enum RoleListing {
  public static func json(_ r: Role) -> JSON {
    .object([
      ("id", .int(r.id)), ("title", .string(r.title)), ("goal", .text(r.goal)), ("metric", .text(r.metric)),
      ("stack", .text(r.stack)), ("milestone", .text(r.milestone)), ("model", .text(r.model?.rawValue)),
      ("budget_min", .number(r.budgetMin)), ("budget_max", .number(r.budgetMax)), ("banks", .strings(r.banks)),
      ("archived", .bool(r.archivedAt != nil)), ("contacts", .text(r.contacts)), ("repo", .text(r.repo)),
      ("board", .text(r.board)),
    ])
  }

  public static let csvHeader = [
    "id", "title", "goal", "metric", "stack", "milestone", "model", "budget_min", "budget_max", "banks",
  ]

  public static func csvRow(_ r: Role) -> [String] {
    [
      String(r.id), r.title, r.goal ?? "", r.metric ?? "", r.stack ?? "", r.milestone ?? "",
      r.model?.rawValue ?? "", r.budgetMin.map(Format.number) ?? "", r.budgetMax.map(Format.number) ?? "",
      r.banks.joined(separator: ";"),
    ]
  }
}
