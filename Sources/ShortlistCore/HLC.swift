/// A hybrid logical clock stamp: wall-clock milliseconds, a counter for stamps within the same millisecond (or after
/// a clock that went back), and the member who made it. Its text form (`0000018c2f3a1b2c-0000-alice`: 16 hex digits,
/// 4 hex digits, the member) sorts as the stamps do, so two edits of the same row order by text, ties by member name.
public struct HLC: Comparable, Hashable, Sendable, CustomStringConvertible {
  public var millis: Int64
  public var counter: Int
  public var node: String

  public init(millis: Int64, counter: Int, node: String) {
    self.millis = max(0, millis)
    self.counter = max(0, min(counter, 0xFFFF))
    self.node = node
  }

  /// Parses the text form; nil for anything else (an empty stamp: a row stamped before clocks existed).
  public init?(_ text: String) {
    let parts = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].utf8.count == 16, parts[1].utf8.count == 4,
      let m = Int64(parts[0], radix: 16), let c = Int(parts[1], radix: 16)
    else { return nil }
    self.init(millis: m, counter: c, node: String(parts[2]))
  }

  public var description: String {
    Self.hex(UInt64(millis), 16) + "-" + Self.hex(UInt64(counter), 4) + "-" + node
  }

  public static func < (a: HLC, b: HLC) -> Bool { a.description < b.description }

  /// The next stamp after `last` (if any) at wall time `now` for `node`: later than `last` and every stamp seen.
  public static func next(after last: HLC?, now: Double, node: String) -> HLC {
    let wall = Int64((now * 1000).rounded(.down))
    guard let last, last.millis >= wall else { return HLC(millis: wall, counter: 0, node: node) }
    if last.counter >= 0xFFFF { return HLC(millis: last.millis + 1, counter: 0, node: node) }
    return HLC(millis: last.millis, counter: last.counter + 1, node: node)
  }

  private static func hex(_ v: UInt64, _ width: Int) -> String {
    let digits = String(v, radix: 16)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}
