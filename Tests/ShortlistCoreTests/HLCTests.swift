import ShortlistCore
import Testing

@Suite struct HLCTests {
  @Test func textRoundTripsAndSortsAsStamps() throws {
    let a = HLC(millis: 1_700_000_000_000, counter: 0, node: "alice")
    #expect(a.description == "0000018bcfe56800-0000-alice")
    #expect(HLC(a.description) == a)
    let b = HLC.next(after: a, now: 1_699_999_999.0, node: "bob")  // the wall clock went back
    #expect(b > a)
    #expect(b.counter == 1 && b.millis == a.millis)
    let c = HLC.next(after: b, now: 1_800_000_000.0, node: "alice")
    #expect(c > b && c.counter == 0)
    // Ties in time and counter: the member name decides, the same on every laptop.
    #expect(HLC(millis: 5, counter: 1, node: "alice") < HLC(millis: 5, counter: 1, node: "bob"))
    #expect(HLC(millis: 0x10, counter: 0, node: "z") > HLC(millis: 0xF, counter: 9, node: "z"))
  }

  @Test func rejectsOtherText() {
    for bad in ["", "x", "0000018bcfe56800-0000", "18bcfe56800-0000-a", "0000018bcfe5680g-0000-a"] {
      #expect(HLC(bad) == nil)
    }
    #expect(HLC("0000018bcfe56800-0000-") != nil)
  }
}
