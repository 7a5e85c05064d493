import Testing

@testable import ShortlistCLI

@Suite struct HistoryFilterTests {
  @Test func privateTextNeverReachesTheHistory() {
    #expect(
      HistoryFilter.line("candidate move Zelda rejected --note \"Zelda said she is pregnant\"")
        == "candidate move Zelda rejected")
    #expect(HistoryFilter.line("candidate edit zel --email=z@x.io --rate 90") == "candidate edit zel --rate 90")
    #expect(HistoryFilter.line("candidate note zel left early for a chemo appointment") == "candidate note zel")
    #expect(HistoryFilter.line("/score 2 jumped to tools") == "/score 2")
    #expect(HistoryFilter.line("/skip left early for a chemo appointment") == "/skip")
    #expect(HistoryFilter.line("candidate list --tier 2") == "candidate list --tier 2")
    #expect(HistoryFilter.line("risk add zel \"may leave after her surgery\" --severity high") == "risk add zel")
    #expect(HistoryFilter.line("report zel --done \"shipped\" --hours 18") == "report zel --hours 18")
  }

  @Test func linesThatNameThePersonByPrefixIdOrEmail() {
    let named = { (line: String) in HistoryFilter.names(line, id: 12, name: "Zelda Fitzgerald", email: "z@x.io") }
    #expect(named("candidate show zel"))
    #expect(named("interview start fitz"))
    #expect(named("shortlist add #12"))
    #expect(named("candidate edit someone --email z@x.io"))
    #expect(named("candidate move \"Zelda Fitzgerald\" screening"))
    #expect(!named("candidate show #120"))
    #expect(!named("candidate list --tier 2"))
    #expect(!named("compare --format json"))
  }
}
