import Foundation
import GRDB
import Testing

@testable import ShortlistCore
@testable import ShortlistStore

@Suite struct EngagementsTests {
  static let playbook = Playbook(
    id: "p", title: "P",
    items: [
      PlaybookItem(id: "access", day: 1, title: "Access"),
      PlaybookItem(id: "ship", day: 5, title: "Ship", firstShip: true),
    ])

  func hired() throws -> (AppDatabase, Candidate, Int64) {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Ada", tier: .nicheNetwork, source: "x", rate: 100))
    let i = try db.startInterview(candidateId: c.id, roleId: nil, bank: InterviewsTests.bank(), interviewer: "a")
    try db.setScore(interviewId: i, questionId: "q1", score: 3, comment: nil)
    try db.finishInterview(i)
    let e = try db.startEngagement(
      NewEngagement(
        candidateId: c.id, roleId: nil, model: .tm, rate: 100, cap: 20, budget: 8000, start: CivilDay("2026-03-02")!),
      playbook: Self.playbook, note: nil, force: false)
    return (db, c, e)
  }

  @Test func theChecklistBlocksWorkUntilTickedWaivedOrForced() throws {
    let (db, c, e) = try hired()
    #expect(try db.candidate(id: c.id)?.status == .hired)
    let week = CivilDay("2026-03-04")!
    #expect(throws: StoreError.self) {
      try db.addReport(
        engagementId: e, week: week, done: "x", next: nil, blockers: nil, hours: 10, coordination: nil, force: false)
    }
    try db.addReport(
      engagementId: e, week: week, done: "x", next: nil, blockers: nil, hours: 10, coordination: 1, force: true)
    for item in [ContractItem.ip, .nda, .acceptance] { try db.check(engagementId: e, item: item, waive: nil) }
    try db.check(engagementId: e, item: .data, waive: "no data access")
    try db.addReport(
      engagementId: e, week: week.adding(days: 7), done: "y", next: nil, blockers: nil, hours: 12, coordination: nil,
      force: false)
    let reports = try db.reports(engagementId: e)
    #expect(reports.map(\.forced) == [true, false])
    #expect(reports.map(\.week.description) == ["2026-03-02", "2026-03-09"])
    let got = try #require(try db.engagement(candidateId: c.id))
    #expect(got.checklist[.data] == .waived && got.openItems.isEmpty)
    #expect(got.reportedHours == 22 && got.spend == 2200 && got.coordinationHours == 1)
    try db.completeOnboarding(engagementId: e, itemId: "ship", on: CivilDay("2026-03-06")!)
    #expect(try db.engagement(candidateId: c.id)?.daysToFirstShip == 4)
    #expect(try db.onboarding(engagementId: e).map(\.due.description) == ["2026-03-02", "2026-03-06"])
  }

  /// A report over many candidates looks people up in every engagement's owner, then reads the few it shows by id;
  /// of one role, ended only, or without their checklists when asked.
  /// Ticking an item again keeps the day it was done (days to first ship are measured from it); `replace` corrects
  /// it; an unknown item names the ones there are.
  @Test func anItemTickedAgainKeepsItsDay() throws {
    let (db, _, e) = try hired()
    #expect(try db.completeOnboarding(engagementId: e, itemId: "ship", on: CivilDay("2026-03-06")!) == nil)
    #expect(
      try db.completeOnboarding(engagementId: e, itemId: "ship", on: CivilDay("2026-03-20")!) == CivilDay("2026-03-06"))
    #expect(try db.onboarding(engagementId: e).first { $0.item.id == "ship" }?.done == CivilDay("2026-03-06"))
    let before = try db.completeOnboarding(
      engagementId: e, itemId: "ship", on: CivilDay("2026-03-05")!, replace: true)
    #expect(before == CivilDay("2026-03-06"))
    #expect(try db.onboarding(engagementId: e).first { $0.item.id == "ship" }?.done == CivilDay("2026-03-05"))
    #expect(throws: StoreError.self) {
      try db.completeOnboarding(engagementId: e, itemId: "nope", on: CivilDay("2026-03-05")!)
    }
  }

  @Test func ownersFirstThenTheFewEngagementsShown() throws {
    let (db, ada, first) = try hired()
    let role = try db.addRole(NewRole(title: "Backend"))
    let bo = try db.addCandidate(NewCandidate(name: "Bo", tier: .generalPlatform, source: "x"))
    let second = try db.startEngagement(
      NewEngagement(
        candidateId: bo.id, roleId: role.id, model: nil, rate: 90, cap: nil, budget: nil,
        start: CivilDay("2026-03-09")!),
      playbook: Self.playbook, note: nil, force: true)
    try db.check(engagementId: first, item: .nda, waive: nil)
    try db.endEngagement(id: first, on: CivilDay("2026-04-01")!, outcome: EngagementOutcome(quality: 3))
    let all = try db.engagementOwners(roleId: nil)
    #expect(all.map(\.id) == [first, second] && all.map(\.candidateId) == [ada.id, bo.id])
    #expect(all.map(\.ended) == [true, false])
    #expect(try db.engagementOwners(roleId: role.id).map(\.id) == [second])
    #expect(try db.engagements(ids: [second]).map(\.candidateName) == ["Bo"])
    #expect(try db.engagements(ids: [second, first]).map(\.id) == [first, second])
    #expect(try db.engagements(roleId: role.id).map(\.id) == [second])
    #expect(try db.engagements(ids: [first]).first?.checklist[.nda] == .done)
    let lean = try db.engagements(endedOnly: true, checklists: false)
    #expect(lean.map(\.id) == [first] && lean.first?.checklist.isEmpty == true)
    #expect(lean.first?.outcome.quality == 3)
  }

  /// The week's view reads every active engagement's reports, overdue items and last check-in at once: the same as
  /// reading each engagement's own, and nothing of an ended one.
  @Test func theWeeksRhythmInOneRead() throws {
    let (db, _, e) = try hired()
    let bo = try db.addCandidate(NewCandidate(name: "Bo", tier: .generalPlatform, source: "x"))
    let ended = try db.startEngagement(
      NewEngagement(
        candidateId: bo.id, roleId: nil, model: nil, rate: nil, cap: nil, budget: nil, start: CivilDay("2026-03-02")!),
      playbook: Self.playbook, note: nil, force: true)
    for (engagement, week, hours) in [(e, "2026-03-09", 12.0), (e, "2026-03-02", 10), (ended, "2026-03-02", 5)] {
      try db.addReport(
        engagementId: engagement, week: CivilDay(week)!, done: "x", next: nil, blockers: nil, hours: hours,
        coordination: nil, force: true)
    }
    try db.addCheckin(engagementId: e, day: CivilDay("2026-03-05")!, note: nil)
    try db.addCheckin(engagementId: e, day: CivilDay("2026-03-04")!, note: "earlier, written later")
    try db.completeOnboarding(engagementId: e, itemId: "access", on: CivilDay("2026-03-02")!)
    try db.endEngagement(id: ended, on: CivilDay("2026-03-20")!, outcome: EngagementOutcome())
    let today = CivilDay("2026-03-10")!
    let rhythm = try db.activeRhythm(today: today)
    #expect(Set(rhythm.hours.keys) == [e] && rhythm.lastCheckin.keys.sorted() == [e])
    #expect(rhythm.hours[e]?.map(\.week) == (try db.reports(engagementId: e)).map(\.week))
    #expect(rhythm.hours[e]?.map(\.hours) == [10, 12])
    #expect(rhythm.lastCheckin[e] == (try db.checkins(engagementId: e)).last?.day)
    let overdue = try db.onboarding(engagementId: e).filter { $0.done == nil && $0.due < today }.map(\.item.id)
    #expect(rhythm.overdue[e] ?? [] == overdue && overdue == ["ship"])
    #expect(try db.activeRhythm(today: CivilDay("2026-03-06")!).overdue[e] == nil, "ship is due on the 6th")
  }

  @Test func aHireWithoutAScorecardNeedsForce() throws {
    let db = try AppDatabase.inMemory()
    let c = try db.addCandidate(NewCandidate(name: "Bo", tier: .generalPlatform, source: "x"))
    let e = NewEngagement(
      candidateId: c.id, roleId: nil, model: nil, rate: nil, cap: nil, budget: nil, start: CivilDay("2026-03-02")!)
    #expect(throws: StoreError.self) { try db.startEngagement(e, playbook: Self.playbook, note: nil, force: false) }
    #expect(try db.engagements().isEmpty, "a refused start writes nothing")
    try db.startEngagement(e, playbook: Self.playbook, note: "hired on a referral", force: true)
    #expect(try db.statusHistory(candidateId: c.id).last?.forced == true)
  }

  @Test func forgettingAnEngagedPersonErasesTheirTextKeepsTheNumbers() throws {
    let (db, c, e) = try hired()
    try db.addReport(
      engagementId: e, week: CivilDay("2026-03-04")!, done: "Ada shipped the Ada pipeline", next: "more",
      blockers: "Ada is ill", hours: 10, coordination: 2, force: true)
    try db.addRisk(engagementId: e, text: "Ada may leave", severity: .high, owner: "cto")
    try db.endEngagement(id: e, on: CivilDay("2026-04-10")!, outcome: EngagementOutcome(milestone: .yes, quality: 3))
    try db.forget(candidateId: c.id)
    let r = try #require(try db.reports(engagementId: e).first)
    #expect(r.done == nil && r.next == nil && r.blockers == nil && r.hours == 10)
    #expect(try db.risks().first?.text == "[forgotten]")
    #expect(try db.engagement(candidateId: c.id)?.outcome.quality == 3)
  }

  /// A weekly report whose time was overwritten with text (a damaged file) makes the engagement listing an error
  /// naming the table, never a trap on the latest report time.
  @Test func aDamagedReportTimeIsAnErrorNotATrap() throws {
    let (db, _, e) = try hired()
    try db.addReport(
      engagementId: e, week: CivilDay("2026-03-04")!, done: "x", next: nil, blockers: nil, hours: 10,
      coordination: nil, force: true)
    try db.write { try DamagedFile.plant($0, "UPDATE weekly_report SET at = 'last tuesday'") }
    #expect(throws: StoreError.damaged(table: "weekly_report", rowId: nil, column: "last_report")) {
      _ = try db.engagements()
    }
  }
}
