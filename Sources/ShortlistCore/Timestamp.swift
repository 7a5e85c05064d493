import Foundation

/// The one formatter for every timestamp the tool prints: digits written straight into bytes from the civil date of
/// the day count (Howard Hinnant's `civil_from_days`), no Foundation format strings and no formatter objects. A
/// listing of 100,000 rows formats 100,000 dates; through `String(format:)` that was 40% of its time.
public enum Timestamp {
  /// ISO 8601 in UTC with seconds: `2026-11-30T01:33:40Z` (20 bytes). Fractions of a second are dropped.
  public static func iso(_ date: Date) -> String {
    String(unsafeUninitializedCapacity: 20) { out in
      write(seconds: secondsOf(date), utc: true, into: out.baseAddress!)
      return 20
    }
  }

  /// Appends the ISO 8601 form to a byte buffer (for writers that stream JSON or CSV).
  public static func appendISO(_ date: Date, to out: inout [UInt8]) {
    let start = out.count
    out.append(contentsOf: repeatElement(0, count: 20))
    out.withUnsafeMutableBufferPointer { buffer in
      write(seconds: secondsOf(date), utc: true, into: buffer.baseAddress! + start)
    }
  }

  /// The UTC calendar day: `2026-11-30`.
  public static func day(_ date: Date) -> String { String(iso(date).prefix(10)) }

  /// Local wall-clock time to the minute: `2026-11-30 02:33` (16 bytes), in the machine's time zone.
  public static func local(_ date: Date) -> String {
    let seconds = secondsOf(date) + localOffset(at: date)
    var bytes = [UInt8](repeating: 0, count: 20)
    bytes.withUnsafeMutableBufferPointer { write(seconds: seconds, utc: false, into: $0.baseAddress!) }
    return String(decoding: bytes[0..<16], as: UTF8.self)
  }

  /// The local time zone's offset from UTC at that moment, in seconds (daylight saving included). `localtime_r`
  /// reads the zone once per process and caches it.
  static func localOffset(at date: Date) -> Int64 {
    var t = time_t(secondsOf(date))
    var parts = tm()
    guard localtime_r(&t, &parts) != nil else { return 0 }
    return Int64(parts.tm_gmtoff)
  }

  static func secondsOf(_ date: Date) -> Int64 {
    let v = date.timeIntervalSince1970.rounded(.down)
    guard v.isFinite else { return 0 }
    // Years 0000-9999 only: anything outside (a damaged value) is clamped rather than trapped.
    return Int64(min(max(v, -62_167_219_200), 253_402_300_799))
  }

  /// Writes `YYYY-MM-DDTHH:MM:SSZ` (utc) or `YYYY-MM-DD HH:MM:SS` (local, 19 bytes) at `p`.
  static func write(seconds: Int64, utc: Bool, into p: UnsafeMutablePointer<UInt8>) {
    var days = seconds / 86_400
    var rest = seconds % 86_400
    if rest < 0 {
      rest += 86_400
      days -= 1
    }
    // civil_from_days: days since 1970-01-01 to year, month, day in the proleptic Gregorian calendar.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ v: Int64, _ at: Int) {
      p[at] = 48 + UInt8(v / 10)
      p[at + 1] = 48 + UInt8(v % 10)
    }
    two(year / 100, 0)
    two(year % 100, 2)
    p[4] = UInt8(ascii: "-")
    two(month, 5)
    p[7] = UInt8(ascii: "-")
    two(day, 8)
    p[10] = utc ? UInt8(ascii: "T") : UInt8(ascii: " ")
    two(rest / 3600, 11)
    p[13] = UInt8(ascii: ":")
    two(rest % 3600 / 60, 14)
    p[16] = UInt8(ascii: ":")
    two(rest % 60, 17)
    if utc { p[19] = UInt8(ascii: "Z") }
  }
}
