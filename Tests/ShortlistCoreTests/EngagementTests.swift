import Foundation
import Testing

@testable import ShortlistCore

@Suite struct EngagementTests {
  func day(_ s: String) -> CivilDay { CivilDay(s)! }

  @Test func workingDaysSkipWeekendsAndCrossMonthEnds() {
    // Friday 2026-01-30: day 1 is that Friday, day 2 the Monday in February.
    #expect(CivilDay.workingDay(1, from: day("2026-01-30")) == day("2026-01-30"))
    #expect(CivilDay.workingDay(2, from: day("2026-01-30")) == day("2026-02-02"))
    #expect(CivilDay.workingDay(5, from: day("2026-01-30")) == day("2026-02-05"))
    // A start on a Saturday counts from the Monday.
    #expect(CivilDay.workingDay(1, from: day("2026-02-28")) == day("2026-03-02"))
    #expect(CivilDay.workingDay(5, from: day("2026-02-28")) == day("2026-03-06"))
    // Across a year end and a leap day.
    #expect(CivilDay.workingDay(3, from: day("2026-12-30")) == day("2027-01-01"))
    #expect(CivilDay.workingDay(2, from: day("2028-02-28")) == day("2028-02-29"))
    #expect(day("2026-11-30").weekday == 1 && day("2026-12-06").weekday == 7)
    #expect(day("2026-12-03").monday == day("2026-11-30"))
    #expect(CivilDay("2026-02-30") == nil && CivilDay("30/01/2026") == nil)
  }

  @Test func theShippedPlaybookFollowsTheSeed() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Playbooks/first-5-days.yaml")
    let p = try PlaybookParser.parse(file: url)
    #expect(p.items.filter { $0.day == 1 }.map(\.id) == ["access", "setup", "one-pager"])
    #expect(p.items.filter { $0.day == 2 }.map(\.id) == ["codebase-tour", "ci-cd"])
    #expect(p.items.first { $0.day == 3 }?.id == "human-map")
    #expect(p.items.first(where: \.firstShip)?.day == 5)
  }

  @Test func playbookProblemsCarryTheirPositions() {
    let yaml = """
      id: p
      title: P
      items:
        - id: a
          day: 9
          title: A
        - id: a
          day: 1
          colour: red
      """
    do {
      _ = try PlaybookParser.parse(yaml: yaml, path: "p.yaml")
      Issue.record("a bad playbook was accepted")
    } catch let e as BankValidationError {
      let text = e.problems.map(\.description)
      #expect(text.contains("p.yaml:5:10: error: 'day' is a working day, 1 to 5"))
      #expect(text.contains { $0.hasPrefix("p.yaml:7:9: error: duplicate item id 'a'") })
      #expect(text.contains { $0.hasPrefix("p.yaml:9:5: error: unknown key 'colour'") }, "\(text)")
      #expect(text.contains { $0.hasPrefix("p.yaml:7:5: error: missing 'title'") })
    } catch {
      Issue.record("unexpected \(error)")
    }
  }
}
