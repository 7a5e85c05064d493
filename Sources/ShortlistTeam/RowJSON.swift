import Foundation

/// Reads a pull's rows: a JSON array of flat objects (PostgreSQL's `row_to_json`), each decoded through `Decodable`
/// as Foundation's `JSONDecoder` would, with the same errors (type mismatch, null, missing key, each with its coding
/// path), so a bad row is named the same way. It reads the bytes in place: an object's members are found once, and a
/// value is parsed only when its field asks for it. Foundation's decoder was a quarter of a lead's first pull.
enum RowJSON {
  struct Malformed: Error {}

  /// The elements of a JSON array, each decoded as `T` (which may catch its own errors, as `Lenient` does).
  static func decodeArray<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> [T] {
    try bytes.withUnsafeBufferPointer { buffer in
      let reader = Reader(buffer)
      var out: [T] = []
      for (k, span) in try reader.elements(of: try reader.value(at: 0, to: buffer.count)).enumerated() {
        out.append(try T(from: SpanDecoder(reader: reader, span: span, codingPath: [Index(k)])))
      }
      return out
    }
  }

  /// A value's bytes: `start ..< end`, whitespace trimmed.
  struct Span {
    var start: Int
    var end: Int
  }

  struct Index: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
  }

  final class Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func skipSpace(_ i: inout Int, _ end: Int) {
      while i < end, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// The one value in `start ..< end` (whitespace around it allowed).
    func value(at start: Int, to end: Int) throws -> Span {
      var i = start
      skipSpace(&i, end)
      let from = i
      i = try skip(from, end)
      var after = i
      skipSpace(&after, end)
      guard after == end else { throw Malformed() }
      return Span(start: from, end: i)
    }

    /// The index just past the value that starts at `i`.
    func skip(_ start: Int, _ end: Int) throws -> Int {
      guard start < end else { throw Malformed() }
      var i = start
      switch bytes[i] {
      case UInt8(ascii: "\""):
        i += 1
        while i < end {
          switch bytes[i] {
          case UInt8(ascii: "\""): return i + 1
          case UInt8(ascii: "\\"): i += 2
          default: i += 1
          }
        }
        throw Malformed()
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        // Nested containers: brackets counted outside strings.
        var depth = 0
        while i < end {
          switch bytes[i] {
          case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
          case UInt8(ascii: "]"), UInt8(ascii: "}"):
            depth -= 1
            if depth == 0 { return i + 1 }
          case UInt8(ascii: "\""):
            i = try skip(i, end) - 1
          default: break
          }
          i += 1
        }
        throw Malformed()
      default:
        // A number, true, false or null: up to the next delimiter.
        while i < end {
          let b = bytes[i]
          if b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") || b == 0x20 || b == 0x0A
            || b == 0x0D || b == 0x09
          {
            break
          }
          i += 1
        }
        guard i > start else { throw Malformed() }
        return i
      }
    }

    /// Walks the comma-separated entries of the container `span` (opened by `open`, closed by `close`): `entry` reads
    /// one starting at the index it is given (whitespace skipped) and returns the index just past it.
    func entries(of span: Span, _ open: UInt8, _ close: UInt8, _ entry: (Int, Int) throws -> Int) throws {
      guard span.end - span.start >= 2, bytes[span.start] == open, bytes[span.end - 1] == close else {
        throw Malformed()
      }
      var i = span.start + 1
      let end = span.end - 1
      skipSpace(&i, end)
      if i == end { return }
      while true {
        skipSpace(&i, end)
        i = try entry(i, end)
        skipSpace(&i, end)
        if i == end { return }
        guard bytes[i] == UInt8(ascii: ",") else { throw Malformed() }
        i += 1
      }
    }

    /// The elements of an array value.
    func elements(of span: Span) throws -> [Span] {
      var out: [Span] = []
      try entries(of: span, UInt8(ascii: "["), UInt8(ascii: "]")) { from, end in
        let to = try skip(from, end)
        out.append(Span(start: from, end: to))
        return to
      }
      return out
    }

    /// The members of an object value: each key's text and its value's span, in order.
    func members(of span: Span) throws -> [(key: String, value: Span)] {
      var out: [(key: String, value: Span)] = []
      try entries(of: span, UInt8(ascii: "{"), UInt8(ascii: "}")) { start, end in
        guard start < end, bytes[start] == UInt8(ascii: "\"") else { throw Malformed() }
        var i = try skip(start, end)
        let key = try string(Span(start: start, end: i))
        skipSpace(&i, end)
        guard i < end, bytes[i] == UInt8(ascii: ":") else { throw Malformed() }
        i += 1
        skipSpace(&i, end)
        let from = i
        i = try skip(i, end)
        out.append((key, Span(start: from, end: i)))
        return i
      }
      return out
    }

    func isNull(_ s: Span) -> Bool {
      s.end - s.start == 4 && bytes[s.start] == UInt8(ascii: "n") && bytes[s.start + 1] == UInt8(ascii: "u")
        && bytes[s.start + 2] == UInt8(ascii: "l") && bytes[s.start + 3] == UInt8(ascii: "l")
    }

    func isString(_ s: Span) -> Bool { s.end > s.start && bytes[s.start] == UInt8(ascii: "\"") }

    /// A string value's text, escapes resolved (a lone surrogate becomes U+FFFD).
    func string(_ s: Span) throws -> String {
      guard s.end - s.start >= 2, bytes[s.start] == UInt8(ascii: "\""), bytes[s.end - 1] == UInt8(ascii: "\"")
      else { throw Malformed() }
      let body = UnsafeBufferPointer(rebasing: bytes[(s.start + 1)..<(s.end - 1)])
      guard body.contains(UInt8(ascii: "\\")) else { return String(decoding: body, as: UTF8.self) }
      var out: [UInt8] = []
      out.reserveCapacity(body.count)
      var i = 0
      func hex4(_ at: Int) throws -> UInt32 {
        guard at + 4 <= body.count else { throw Malformed() }
        var v: UInt32 = 0
        for b in body[at..<(at + 4)] {
          v <<= 4
          switch b {
          case UInt8(ascii: "0")...UInt8(ascii: "9"): v |= UInt32(b - UInt8(ascii: "0"))
          case UInt8(ascii: "a")...UInt8(ascii: "f"): v |= UInt32(b - UInt8(ascii: "a") + 10)
          case UInt8(ascii: "A")...UInt8(ascii: "F"): v |= UInt32(b - UInt8(ascii: "A") + 10)
          default: throw Malformed()
          }
        }
        return v
      }
      while i < body.count {
        let b = body[i]
        guard b == UInt8(ascii: "\\") else {
          out.append(b)
          i += 1
          continue
        }
        guard i + 1 < body.count else { throw Malformed() }
        let e = body[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4(i)
          i += 4
          if scalar >= 0xD800 && scalar < 0xDC00, i + 6 <= body.count, body[i] == UInt8(ascii: "\\"),
            body[i + 1] == UInt8(ascii: "u")
          {
            let low = try hex4(i + 2)
            if low >= 0xDC00 && low < 0xE000 {
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
              i += 6
            }
          }
          out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
        default: throw Malformed()
        }
      }
      return String(decoding: out, as: UTF8.self)
    }

    /// A number value (JSON's grammar: sign, digits, fraction, exponent), nil for anything else.
    func double(_ s: Span) -> Double? {
      let n = s.end - s.start
      guard n > 0, n < 64 else { return nil }
      var i = s.start
      if bytes[i] == UInt8(ascii: "-") { i += 1 }
      let digits = i
      while i < s.end, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
      guard i > digits else { return nil }
      if i < s.end, bytes[i] == UInt8(ascii: ".") {
        i += 1
        let fraction = i
        while i < s.end, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
        guard i > fraction else { return nil }
      }
      if i < s.end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
        i += 1
        if i < s.end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        let exponent = i
        while i < s.end, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
        guard i > exponent else { return nil }
      }
      guard i == s.end else { return nil }
      // strtod on a terminated copy (at most 63 bytes, on the stack).
      return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { text in
        for k in 0..<n { text[k] = CChar(bitPattern: bytes[s.start + k]) }
        text[n] = 0
        let v = strtod(text.baseAddress!, nil)
        return v.isFinite ? v : nil
      }
    }

    /// An integer value that fits `type` (digits only, no fraction or exponent), nil for anything else.
    func integer<I: FixedWidthInteger>(_ s: Span, _ type: I.Type) -> I? {
      var i = s.start
      let negative = i < s.end && bytes[i] == UInt8(ascii: "-")
      if negative { i += 1 }
      guard i < s.end else { return nil }
      var v: I = 0
      while i < s.end {
        let b = bytes[i]
        guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
        let (m, o1) = v.multipliedReportingOverflow(by: 10)
        let digit = I(b - UInt8(ascii: "0"))
        let (r, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
        guard !o1, !o2 else { return nil }
        v = r
        i += 1
      }
      return v
    }

    func bool(_ s: Span) -> Bool? {
      switch s.end - s.start {
      case 4 where bytes[s.start] == UInt8(ascii: "t"): return true
      case 5 where bytes[s.start] == UInt8(ascii: "f"): return false
      default: return nil
      }
    }
  }

  /// Decodes one value (a row, or a field of one).
  struct SpanDecoder: Decoder {
    let reader: Reader
    let span: Span
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
      guard reader.bytes[span.start] == UInt8(ascii: "{") else {
        throw mismatch([String: Any].self, at: codingPath, reader.isNull(span))
      }
      return KeyedDecodingContainer(
        ObjectContainer<Key>(reader: reader, members: try reader.members(of: span), codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
      guard reader.bytes[span.start] == UInt8(ascii: "[") else {
        throw mismatch([Any].self, at: codingPath, reader.isNull(span))
      }
      return ArrayContainer(reader: reader, elements: try reader.elements(of: span), codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
      SingleContainer(reader: reader, span: span, codingPath: codingPath)
    }
  }

  static func mismatch(_ type: Any.Type, at path: [any CodingKey], _ null: Bool) -> DecodingError {
    null
      ? .valueNotFound(type, .init(codingPath: path, debugDescription: "null"))
      : .typeMismatch(type, .init(codingPath: path, debugDescription: "another type"))
  }

  /// A scalar or nested value at `span`, as `T`.
  static func decode<T: Decodable>(_ type: T.Type, _ reader: Reader, _ span: Span, _ path: [any CodingKey]) throws -> T
  {
    let null = reader.isNull(span)
    switch type {
    case is String.Type:
      guard reader.isString(span) else { throw mismatch(type, at: path, null) }
      return try reader.string(span) as! T
    case is Double.Type:
      guard let v = reader.double(span) else { throw mismatch(type, at: path, null) }
      return v as! T
    case is Float.Type:
      guard let v = reader.double(span) else { throw mismatch(type, at: path, null) }
      return Float(v) as! T
    case let integer as any FixedWidthInteger.Type:
      if let v = reader.integer(span, integer) { return v as! T }
      // A number with a fraction, or too large: Foundation calls that corrupted data, not another type.
      if reader.double(span) != nil {
        throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "the number does not fit"))
      }
      throw mismatch(type, at: path, null)
    case is Bool.Type:
      guard let v = reader.bool(span) else { throw mismatch(type, at: path, null) }
      return v as! T
    default:
      return try T(from: SpanDecoder(reader: reader, span: span, codingPath: path))
    }
  }

  struct ObjectContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: Reader
    let members: [(key: String, value: Span)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    func find(_ key: Key) -> Span? {
      let name = key.stringValue
      for m in members where m.key == name { return m.value }
      return nil
    }

    func span(_ key: Key) throws -> Span {
      guard let s = find(key) else {
        throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
      }
      return s
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { reader.isNull(try span(key)) }

    func get<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
      try RowJSON.decode(type, reader, try span(key), codingPath + [key])
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try get(type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try get(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try get(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try get(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try get(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try get(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try get(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try get(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try get(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try get(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try get(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try get(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try get(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try get(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try get(type, key) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
      guard let s = find(key), !reader.isNull(s) else { return nil }
      return try RowJSON.decode(type, reader, s, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      try SpanDecoder(reader: reader, span: try span(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      try SpanDecoder(reader: reader, span: try span(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
      throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "no super decoder"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
      SpanDecoder(reader: reader, span: try span(key), codingPath: codingPath + [key])
    }
  }

  struct ArrayContainer: UnkeyedDecodingContainer {
    let reader: Reader
    let elements: [Span]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(reader: Reader, elements: [Span], codingPath: [any CodingKey]) {
      self.reader = reader
      self.elements = elements
      self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next(_ type: Any.Type) throws -> (Span, [any CodingKey]) {
      guard !isAtEnd else {
        throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "at the end"))
      }
      defer { currentIndex += 1 }
      return (elements[currentIndex], codingPath + [Index(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
      guard !isAtEnd else { return false }
      if reader.isNull(elements[currentIndex]) {
        currentIndex += 1
        return true
      }
      return false
    }

    mutating func get<T: Decodable>(_ type: T.Type) throws -> T {
      let (span, path) = try next(type)
      return try RowJSON.decode(type, reader, span, path)
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try get(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try get(type) }
    mutating func decode(_ type: String.Type) throws -> String { try get(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try get(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try get(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try get(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try get(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try get(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try get(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try get(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try get(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try get(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try get(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try get(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try get(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      let (span, path) = try next([String: Any].self)
      return try SpanDecoder(reader: reader, span: span, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
      let (span, path) = try next([Any].self)
      return try SpanDecoder(reader: reader, span: span, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
      let (span, path) = try next(Any.self)
      return SpanDecoder(reader: reader, span: span, codingPath: path)
    }
  }

  struct SingleContainer: SingleValueDecodingContainer {
    let reader: Reader
    let span: Span
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { reader.isNull(span) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: Bool.Type) throws -> Bool { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: String.Type) throws -> String { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try RowJSON.decode(type, reader, span, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try RowJSON.decode(type, reader, span, codingPath) }
  }
}
