import ShortlistStore
import ShortlistSupport

/// Reads a span of candidate ids a slice at a time, on two connections at once when the file can be opened twice
/// (a million candidates are read on two cores), and hands the slices over in id order whatever the timing: the same
/// file gives the same report, bit for bit. At most one slice is read per connection while the last one is used.
enum SliceReader {
  /// `read` runs on a background thread with the connection to use; `use` runs on this one, slice by slice in id
  /// order. Every read has finished (and the second connection is closed) when this returns or throws.
  static func each<T: Sendable>(
    db: AppDatabase, span: ClosedRange<Int64>, slice: Int64,
    read: @escaping @Sendable (AppDatabase, ClosedRange<Int64>) throws -> T,
    use: (T, ClosedRange<Int64>) throws -> Void
  ) throws {
    let slice = max(1, slice)
    var next: Int64? = span.lowerBound
    func take() -> ClosedRange<Int64>? {
      guard let low = next else { return nil }
      let (end, overflow) = low.addingReportingOverflow(slice - 1)
      let high = overflow ? span.upperBound : min(span.upperBound, end)
      next = high < span.upperBound ? high + 1 : nil
      return low...high
    }
    // One slice is read on the connection there is.
    let second = span.upperBound - span.lowerBound >= slice ? db.companionReader() : nil
    let readers = [db] + (second.map { [$0] } ?? [])
    typealias Reading = (range: ClosedRange<Int64>, reader: Int, value: Background<Result<T, Error>>)
    func start(_ range: ClosedRange<Int64>, on reader: Int) -> Reading {
      let db = readers[reader]
      return (range, reader, Background { Result { try read(db, range) } })
    }
    var pending: [Reading] = []
    // Runs before the close below: no read is left using the second connection.
    defer { second?.close() }
    defer { for reading in pending { _ = reading.value.result } }
    for reader in readers.indices {
      if let range = take() { pending.append(start(range, on: reader)) }
    }
    while !pending.isEmpty {
      let reading = pending.removeFirst()
      let value = try reading.value.result.get()
      // This connection reads the next slice while this one is used.
      if let range = take() { pending.append(start(range, on: reading.reader)) }
      try use(value, reading.range)
    }
  }
}
