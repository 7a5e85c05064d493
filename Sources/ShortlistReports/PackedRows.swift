/// Rows of text kept for a table that is written after its columns are measured, packed: each row is its cell count
/// and each cell its length and UTF-8, one after the other, in blocks of 1 MiB that are never copied to grow. A row
/// of `candidate list` takes some 80 bytes here against some 300 as an array of Strings, so 100,000 candidates are
/// written from one read in about 8 MB.
public struct PackedRows: Sendable {
  static let blockSize = 1 << 20
  private var blocks: [[UInt8]] = []
  /// The bytes held, bookkeeping included.
  public private(set) var byteCount = 0
  public private(set) var count = 0

  public init() {}

  public mutating func append(_ row: [String]) {
    var needed = Self.lengthSize(row.count)
    for cell in row { needed += Self.lengthSize(cell.utf8.count) + cell.utf8.count }
    if blocks.isEmpty || blocks[blocks.count - 1].count + needed > blocks[blocks.count - 1].capacity {
      var block: [UInt8] = []
      block.reserveCapacity(max(Self.blockSize, needed))
      blocks.append(block)
    }
    let last = blocks.count - 1
    Self.appendLength(row.count, to: &blocks[last])
    for cell in row {
      Self.appendLength(cell.utf8.count, to: &blocks[last])
      blocks[last].append(contentsOf: cell.utf8)
    }
    byteCount += needed
    count += 1
  }

  /// Every row, in the order appended.
  public func forEach(_ body: ([String]) throws -> Void) rethrows {
    for block in blocks {
      try block.withUnsafeBufferPointer { bytes in
        var i = 0
        while i < bytes.count {
          let cells = Self.readLength(bytes, &i)
          var row: [String] = []
          row.reserveCapacity(cells)
          for _ in 0..<cells {
            let n = Self.readLength(bytes, &i)
            row.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<i + n]), as: UTF8.self))
            i += n
          }
          try body(row)
        }
      }
    }
  }

  /// A length below 255 is one byte; anything longer is 255 and four bytes, little-endian.
  private static func lengthSize(_ n: Int) -> Int { n < 255 ? 1 : 5 }

  private static func appendLength(_ n: Int, to block: inout [UInt8]) {
    if n < 255 {
      block.append(UInt8(n))
    } else {
      block.append(255)
      for shift in stride(from: 0, to: 32, by: 8) { block.append(UInt8(truncatingIfNeeded: UInt32(n) >> shift)) }
    }
  }

  private static func readLength(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int {
    let first = bytes[i]
    i += 1
    guard first == 255 else { return Int(first) }
    var n = 0
    for k in 0..<4 { n |= Int(bytes[i + k]) << (8 * k) }
    i += 4
    return n
  }
}
