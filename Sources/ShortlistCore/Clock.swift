import Foundation

/// The one clock for everything the tool stamps or measures (status changes, notes, interviews, days in stage).
/// `SHORTLIST_NOW` (an ISO 8601 date or date-time) fixes it, so tests and demos are reproducible; durations measured
/// while a call runs (time on a question) use the machine's clock, as a fixed clock would freeze them.
public enum Clock {
  /// The fixed time from `SHORTLIST_NOW`, read once; nil when unset. An unreadable value is reported by the CLI at
  /// start-up (`Clock.configurationError`) and never silently replaced by the real time.
  public static let fixed: Date? = {
    guard let text = setting, !text.trimmed.isEmpty else { return nil }
    return parse(text)
  }()

  /// Why `SHORTLIST_NOW` cannot be used, if it is set and unreadable.
  public static var configurationError: String? {
    guard let text = setting, !text.trimmed.isEmpty, parse(text) == nil
    else { return nil }
    return
      "SHORTLIST_NOW is not an ISO 8601 date or date-time: '\(text)'; use 2026-03-01, 2026-03-01T09:30:00Z or 2026-03-01T09:30:00+01:00"
  }

  public static func now() -> Date { fixed ?? Date() }

  /// `SHORTLIST_NOW` as set (`getenv`: no copy of the whole environment for one variable).
  private static var setting: String? { getenv("SHORTLIST_NOW").map { String(cString: $0) } }

  /// Whole days from `since` to now (never negative: a clock set back shows 0).
  public static func days(since: Date, now: Date = Clock.now()) -> Int {
    let d = now.timeIntervalSince(since) / 86_400
    guard d.isFinite, d > 0 else { return 0 }
    return Int(min(d, 1e9).rounded(.down))
  }

  /// `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, `±HH:MM` or `±HHMM` (none: UTC).
  public static func parse(_ raw: String) -> Date? {
    let text = raw.trimmed
    let b = Array(text.utf8)
    func num(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= b.count else { return nil }
      var v = 0
      for k in from..<(from + count) {
        guard b[k] >= 48, b[k] <= 57 else { return nil }
        v = v * 10 + Int(b[k] - 48)
      }
      return v
    }
    guard b.count >= 10, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
      (1...12).contains(mo), (1...Self.daysIn(month: mo, year: y)).contains(d)
    else { return nil }
    var seconds = Double(Self.daysFromCivil(y, mo, d)) * 86_400
    if b.count == 10 { return Date(timeIntervalSince1970: seconds) }
    guard b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(11, 2), b.count > 13, b[13] == 58,
      let mi = num(14, 2), h < 24, mi < 60
    else { return nil }
    seconds += Double(h * 3600 + mi * 60)
    var k = 16
    if k < b.count, b[k] == 58 {
      guard let s = num(k + 1, 2), s < 60 else { return nil }
      seconds += Double(s)
      k += 3
      if k < b.count, b[k] == 46 {
        k += 1
        var scale = 0.1
        let start = k
        while k < b.count, b[k] >= 48, b[k] <= 57 {
          seconds += Double(b[k] - 48) * scale
          scale /= 10
          k += 1
        }
        guard k > start else { return nil }
      }
    }
    if k == b.count { return Date(timeIntervalSince1970: seconds) }
    if b[k] == 90 || b[k] == 122 { return k + 1 == b.count ? Date(timeIntervalSince1970: seconds) : nil }
    guard b[k] == 43 || b[k] == 45, let oh = num(k + 1, 2), oh < 24 else { return nil }
    var om = 0
    if k + 3 == b.count {
      om = 0
    } else if k + 6 == b.count, b[k + 3] == 58, let m = num(k + 4, 2), m < 60 {
      om = m
    } else if k + 5 == b.count, let m = num(k + 3, 2), m < 60 {
      om = m
    } else {
      return nil
    }
    let offset = Double(oh * 3600 + om * 60)
    return Date(timeIntervalSince1970: b[k] == 43 ? seconds - offset : seconds + offset)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
  static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}
