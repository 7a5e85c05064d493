import ShortlistSupport

/// Rows of text kept for a table that is written after its columns are measured, packed: each row is its cell count
/// and each cell its length and UTF-8, one after the other, in blocks of 1 MiB that are never copied to grow. A row
/// of `candidate list` takes some 80 bytes here against some 300 as an array of Strings, so 100,000 candidates are
/// written from one read in about 8 MB. Past a budget, full blocks go to an unnamed temporary file (`SpillFile`) and
/// are read back in order, so a million candidates are still read once and held in one block.
public struct PackedRows: Sendable {
  static let blockSize = 1 << 20
  private var blocks: [[UInt8]] = []
  /// The bytes appended, bookkeeping included (spilled or held).
  public private(set) var byteCount = 0
  public private(set) var count = 0
  /// Past this many bytes held, full blocks are written to `spill`; nil: all are held.
  private let budget: Int?
  private var spill: SpillFile?
  private var spilled: [(offset: Int64, length: Int)] = []

  public init() { budget = nil }

  /// Holds at most about `budget` bytes; the rest goes to a temporary file.
  public init(spillPast budget: Int) { self.budget = budget }

  /// True when some rows were written to the temporary file.
  public var isSpilled: Bool { !spilled.isEmpty }

  public mutating func append(_ row: [String]) throws {
    var needed = Self.lengthSize(row.count)
    for cell in row { needed += Self.lengthSize(cell.utf8.count) + cell.utf8.count }
    if blocks.isEmpty || blocks[blocks.count - 1].count + needed > blocks[blocks.count - 1].capacity {
      if let budget, byteCount > budget, let full = blocks.last {
        // Over budget: the full block goes to the file and is written into again.
        if spill == nil { spill = try SpillFile() }
        let at = try spill!.append(full)
        spilled.append((at, full.count))
        blocks[blocks.count - 1].removeAll(keepingCapacity: true)
        if blocks[blocks.count - 1].capacity < needed { blocks[blocks.count - 1].reserveCapacity(needed) }
      } else {
        var block: [UInt8] = []
        block.reserveCapacity(max(Self.blockSize, needed))
        blocks.append(block)
      }
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
  public func forEach(_ body: ([String]) throws -> Void) throws {
    if let spill, !spilled.isEmpty {
      try spill.flush()
      var buffer: [UInt8] = []
      for (offset, length) in spilled {
        try spill.read(at: offset, count: length, into: &buffer)
        try Self.rows(in: Array(buffer.prefix(length)), body)
      }
    }
    for block in blocks { try Self.rows(in: block, body) }
  }

  private static func rows(in block: [UInt8], _ body: ([String]) throws -> Void) throws {
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
