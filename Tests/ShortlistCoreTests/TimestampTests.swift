import Foundation
import Testing

@testable import ShortlistCore

@Suite struct TimestampTests {
  /// Checked against Foundation's ISO8601DateFormatter over two centuries: every leap day and century rule, negative
  /// times before 1970, the last second of a day and of a year.
  @Test func isoAgreesWithISO8601DateFormatter() {
    let reference = ISO8601DateFormatter()
    reference.formatOptions = [.withInternetDateTime]
    var seed: UInt64 = UInt64(Date().timeIntervalSince1970)
    print("TimestampTests seed \(seed)")
    var samples: [Double] = [
      0, -1, 59, 86_399, 86_400, -86_400, 951_782_400, 951_868_799, 4_107_542_400, 4_102_444_799, 1_798_761_599,
      -2_208_988_800, 1_700_000_000.999,
    ]
    for _ in 0..<20_000 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      samples.append(Double(Int64(seed >> 33) % 6_311_433_600) - 2_208_988_800)  // 1900 ... 2100
    }
    for s in samples {
      let date = Date(timeIntervalSince1970: s)
      #expect(Timestamp.iso(date) == reference.string(from: date), "\(s)")
      var bytes: [UInt8] = [1, 2]
      Timestamp.appendISO(date, to: &bytes)
      #expect(bytes.count == 22 && String(decoding: bytes[2...], as: UTF8.self) == reference.string(from: date))
    }
  }

  @Test func localAgreesWithDateFormatter() {
    let reference = DateFormatter()
    reference.locale = Locale(identifier: "en_US_POSIX")
    reference.dateFormat = "yyyy-MM-dd HH:mm"
    for s in stride(from: 1_577_836_800.0, to: 1_893_456_000.0, by: 3_599_999.0) {
      let date = Date(timeIntervalSince1970: s)
      #expect(Timestamp.local(date) == reference.string(from: date), "\(s)")
    }
  }

  @Test func outOfRangeValuesAreClampedNotTrapped() {
    #expect(Timestamp.iso(Date(timeIntervalSince1970: 1e18)) == "9999-12-31T23:59:59Z")
    #expect(Timestamp.iso(Date(timeIntervalSince1970: -1e18)) == "0000-01-01T00:00:00Z")
    #expect(Timestamp.iso(Date(timeIntervalSince1970: .nan)).count == 20)
  }
}
