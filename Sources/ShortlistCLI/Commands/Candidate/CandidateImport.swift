import ArgumentParser
import CSV
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

struct CandidateImport: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import a sourcing sheet (CSV with a header: name; optional email, tier, source, rate, links, tags).")

  @Argument(help: "The CSV file.") var file: String
  @Option(parsing: .unconditional, help: "Add everyone to this role (default: the role in use).") var role: String?
  @Flag(
    name: .customLong("skip-bad"),
    help: "Import the good rows; write the refused ones, with a reason column, to FILE.rejected.csv (0600).")
  var skipBad = false

  /// Columns whose values are links (profiles, sites), however many a sheet has.
  static let linkColumns: Set<String> = [
    "links", "link", "linkedin", "linkedin url", "profile", "profile url", "url", "website", "web site", "github",
    "portfolio",
  ]

  /// The separator a sheet uses, from its header line: comma, semicolon (Excel in much of Europe) or tab.
  static func delimiter(of text: String) -> UnicodeScalar {
    var counts: [UInt8: Int] = [44: 0, 59: 0, 9: 0]
    var quoted = false
    for b in text.utf8 {
      if b == 34 { quoted.toggle() }
      if quoted { continue }
      if b == 10 || b == 13 { break }
      if counts[b] != nil { counts[b, default: 0] += 1 }
    }
    let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }
    return UnicodeScalar(best.map { $0.value > 0 ? $0.key : 44 } ?? 44)
  }

  static let known: [String: String] = [
    "name": "name", "full name": "name", "email": "email", "e-mail": "email", "tier": "tier", "source": "source",
    "rate": "rate", "hourly rate": "rate", "rate_usd": "rate", "tags": "tags", "tag": "tags",
    "notes": "notes", "note": "notes", "comments": "notes", "comment": "notes", "sourcing notes": "notes",
  ]

  func run(in ctx: Context) throws {
    let started = Date()
    // The sheet is read twice, never whole: a pass over its bytes (UTF-8, no NUL, how many lines), then the CSV
    // reader streaming it. Memory stays flat however large the sheet is.
    guard FileManager.default.isReadableFile(atPath: file), let scan = SheetScan(path: file) else {
      throw CLIError("cannot read '\(file)'")
    }
    if let line = scan.invalidLine {
      throw CLIError("\(file):\(line): error: the file is not UTF-8 text; save the sheet as CSV UTF-8")
    }
    if let line = scan.nulLine {
      throw CLIError("\(file):\(line): error: the file contains a NUL byte; a sourcing sheet is text")
    }
    let reader: CSVReader
    // The locales that write semicolon (or tab) sheets write decimal commas: `105,50` there is 105.50.
    let delimiter = Self.delimiter(of: scan.head)
    let decimalComma = delimiter != ","
    do {
      guard let stream = InputStream(fileAtPath: file) else { throw CLIError("cannot read '\(file)'") }
      reader = try CSVReader(stream: stream, hasHeaderRow: true, delimiter: delimiter)
    } catch {
      throw CLIError("\(file):1: error: cannot read a header row; the first line must name the columns (name required)")
    }
    var header = reader.headerRow ?? []
    if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
    var columns: [String: Int] = [:]
    var unknown: [String] = []
    var linkColumns: [Int] = []
    for (i, h) in header.enumerated() {
      let key = h.trimmed.lowercased()
      if Self.linkColumns.contains(key) {
        linkColumns.append(i)
      } else if let field = Self.known[key] {
        if columns[field] == nil { columns[field] = i }
      } else {
        unknown.append(h)
      }
    }
    guard columns["name"] != nil else {
      if header.allSatisfy({ $0.trimmed.isEmpty }) {
        throw CLIError("\(file):1: error: the first line is empty; it must name the columns (name required)")
      }
      throw CLIError(
        "\(file):1: error: the header has no name column; columns found: \(header.joined(separator: ", "))")
    }
    if !unknown.isEmpty {
      ctx.console.warn(
        "\(file):1: ignoring unknown column\(unknown.count == 1 ? "" : "s"): \(unknown.joined(separator: ", "))")
    }
    let roleIds = try ctx.effectiveRole(role).map { [$0.id] } ?? []
    let existing = try ctx.db.identityIndex()
    let sourceMap = try ctx.db.sourceMap()
    // Emails and names seen in the sheet, by a 64-bit hash of the folded text (16 bytes a row, not the text).
    var seenEmails: [Int: Int] = [:]
    var seenNames: [Int: Int] = [:]
    func hashed(_ s: String) -> Int {
      var h = Hasher()
      h.combine(s)
      return h.finalize()
    }
    var errors: [String] = []
    var skipped: [String] = []
    // Accepted rows go to the database in batches while the rest of the sheet is read (one transaction; rolled
    // back when any row is bad). Nothing here may use the database until the import is finished.
    var accepted: [NewCandidate] = []
    var provenance: [String] = []
    var imported = 0
    // Room for every row up front: growing four large tables row by row is measurable on a 100,000-row sheet.
    let expected = scan.lines
    seenEmails.reserveCapacity(expected)
    seenNames.reserveCapacity(expected)
    let batchSize = 2000
    accepted.reserveCapacity(min(expected, batchSize))
    provenance.reserveCapacity(min(expected, batchSize))
    let importer = try ctx.db.startImport(roleIds: roleIds, expectedRows: expected)
    var finished = false
    defer { if !finished { try? importer.finish(commit: false) } }
    var line = 2
    let base = (file as NSString).lastPathComponent
    let at = columns
    let (nameAt, emailAt, tierAt, sourceAt, rateAt, tagsAt) =
      (at["name"], at["email"], at["tier"], at["source"], at["rate"], at["tags"])
    let notesAt = at["notes"]
    // With --skip-bad, the refused rows as they were, with the reason.
    var rejected: [(record: [String], reason: String)] = []
    // A sheet has a handful of distinct tier/source pairs: resolve each once.
    struct TierKey: Hashable {
      var tier: String?
      var source: String?
    }
    var tiers: [TierKey: (Tier, String)] = [:]
    var ids = UUIDv7Generator()
    let now = Date()
    while let record = reader.next() {
      let rowLine = line
      line += 1 + record.reduce(0) { $0 + Self.lineBreaks(in: $1) }
      if record.allSatisfy({ $0.trimmed.isEmpty }) { continue }
      func field(_ i: Int?) -> String? {
        guard let i, i < record.count else { return nil }
        let v = CSVSafety.unguardField(record[i])
        return v.trimmed.isEmpty ? nil : v
      }
      do {
        guard let rawName = field(nameAt) else { throw CLIError("the name is empty") }
        let name = try CandidateFields.name(rawName)
        let tierText = field(tierAt)
        let sourceText = field(sourceAt)
        let key = TierKey(tier: tierText, source: sourceText)
        let resolved: (Tier, String)
        if tiers[key] == nil {
          // No exact match: a mapped source name as a whole word of the cell (`LinkedIn Recruiter`), said once.
          if tierText == nil, let text = sourceText, sourceMap.tier(for: text) == nil,
            let match = sourceMap.wordMatch(for: text)
          {
            let source = try CandidateFields.source(text)
            ctx.console.warn(
              "\(file):\(rowLine): source '\(TextTable.oneLine(source))' taken as \(match.name) (tier \(match.tier.rawValue)) by the word it contains; `source set` to map it yourself"
            )
            tiers[key] = (match.tier, source)
          }
        }
        if let known = tiers[key] {
          resolved = known
        } else {
          guard tierText != nil || sourceText.map({ sourceMap.tier(for: $0) != nil }) == true else {
            // Advice for a sheet, not for the command line.
            throw CLIError(
              sourceText.map {
                "source '\($0)' does not imply a tier; add a Tier column (1-4) or use a source the map knows"
              }
                ?? "no tier and no source; add a Tier column (1-4) or a Source column")
          }
          resolved = try CandidateFields.resolveTier(tier: tierText, source: sourceText, map: sourceMap)
          tiers[key] = resolved
        }
        var c = NewCandidate(
          uuid: ids.next(now: now.timeIntervalSince1970), name: name, tier: resolved.0, source: resolved.1,
          createdAt: now)
        if let r = field(rateAt) {
          let decimal = decimalComma && r.range(of: #"^\s*\$?\d+,\d{1,2}\s*$"#, options: .regularExpression) != nil
          c.rate = try CandidateFields.rate(decimal ? r.replacingOccurrences(of: ",", with: ".") : r)
        }
        // The recruiter's Notes column: a sourcing note on the candidate.
        if let n = field(notesAt) { c.note = Format.shorten(n.trimmed, 5000) }
        if let e = field(emailAt) { c.email = try CandidateFields.email(e) }
        for l in linkColumns.compactMap({ field($0) }) {
          c.links += try l.split(whereSeparator: { $0.isWhitespace }).map { try CandidateFields.link(String($0)) }
        }
        if let t = field(tagsAt) {
          c.tags = try t.split(whereSeparator: { $0 == ";" || $0 == "," }).map(String.init)
            .filter { !$0.trimmed.isEmpty }.map(CandidateFields.tag)
        }
        // Duplicates: the same email, or the same name when there is no email; reported and skipped.
        let email = c.email?.lowercased()
        if let email {
          if let (id, who) = existing.emails[email] {
            skipped.append("\(file):\(rowLine): skipped: same email as #\(id) \(who)")
            rejected.append((record, "same email as #\(id) \(who)"))
            continue
          }
          if let other = seenEmails[hashed(email)] {
            skipped.append("\(file):\(rowLine): skipped: same email as line \(other)")
            rejected.append((record, "same email as line \(other)"))
            continue
          }
        }
        let lowerName = name.lowercased()
        if let (id, who) = existing.names[lowerName] {
          skipped.append("\(file):\(rowLine): skipped: same name as #\(id) \(who)")
          rejected.append((record, "same name as #\(id) \(who)"))
          continue
        }
        if let other = seenNames[hashed(lowerName)] {
          skipped.append("\(file):\(rowLine): skipped: same name as line \(other)")
          rejected.append((record, "same name as line \(other)"))
          continue
        }
        if let email { seenEmails[hashed(email)] = rowLine }
        seenNames[hashed(lowerName)] = rowLine
        imported += 1
        // Once a row is bad (without --skip-bad) nothing will be imported: the rest is only checked, not kept.
        guard errors.isEmpty || skipBad else { continue }
        accepted.append(c)
        provenance.append("import \(base):\(rowLine)")
        if accepted.count >= batchSize && (errors.isEmpty || skipBad) {
          importer.add(accepted, provenance: provenance)
          accepted.removeAll(keepingCapacity: true)
          provenance.removeAll(keepingCapacity: true)
        }
      } catch let e as CLIError {
        errors.append("\(file):\(rowLine): error: \(e.message)")
        rejected.append((record, e.message))
      }
    }
    // CSV.swift's stream reader reports its end as `cannotReadFile`; a decoding or stream error is a real one.
    switch reader.error as? CSVError {
    case .unicodeDecoding?, .streamErrorHasOccurred?:
      throw CLIError(
        "\(file):\(line): error: the sheet changed or could not be read while importing; nothing was imported")
    default: break
    }
    ctx.trace("read", since: started)
    if !errors.isEmpty && !skipBad {
      finished = true
      try? importer.finish(commit: false)
      // Every problem at once, duplicates included: one pass to fix the sheet.
      for e in errors { ctx.console.report(e) }
      for s in skipped { ctx.console.report(s) }
      throw CLIError(
        "import aborted: \(errors.count) bad row\(errors.count == 1 ? "" : "s")"
          + (skipped.isEmpty ? "" : " and \(skipped.count) duplicate\(skipped.count == 1 ? "" : "s")")
          + "; nothing was imported (`--skip-bad` imports the good rows and sets the others aside)")
    }
    let inserting = Date()
    importer.add(accepted, provenance: provenance)
    finished = true
    try importer.finish(commit: true)
    ctx.parkUntilExit(value: (seenNames, seenEmails))
    ctx.trace("insert (the rest)", since: inserting)
    ctx.changed()
    for s in skipped { ctx.console.report(s) }
    for e in errors { ctx.console.report(e) }
    ctx.console.print(
      "imported \(imported) candidate\(imported == 1 ? "" : "s") from \(file)"
        + (skipped.isEmpty ? "" : "; skipped \(skipped.count) duplicate\(skipped.count == 1 ? "" : "s")"))
    if skipBad && !rejected.isEmpty {
      let path = try Self.writeRejected(rejected, header: header, next: file)
      ctx.console.print(
        "wrote the \(rejected.count) refused row\(rejected.count == 1 ? "" : "s"), with a reason column, to \(path)")
    }
  }

  /// `FILE.rejected.csv` (or `.rejected.2.csv`, ... beside an earlier one), 0600, written whole or not at all.
  static func writeRejected(_ rows: [(record: [String], reason: String)], header: [String], next file: String) throws
    -> String
  {
    let stem = file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
    var path = stem + ".rejected.csv"
    var n = 2
    while OutputFile.existing(path) != .nothing {
      path = stem + ".rejected.\(n).csv"
      n += 1
    }
    let out = try OutputFile(path, force: false, what: "the rejected rows")
    var writer = CSVWriter(fileDescriptor: out.fileDescriptor, path: path)
    try writer.write(header + ["reason"])
    for row in rows {
      let padded = row.record + Array(repeating: "", count: max(0, header.count - row.record.count))
      try writer.write(padded.map(CSVSafety.unguardField) + [row.reason])
    }
    try writer.flush()
    try out.commit()
    return path
  }

  /// Physical line breaks inside a field (CRLF, LF or CR), so error lines match what an editor shows.
  static func lineBreaks(in s: String) -> Int {
    var n = 0
    var previousCR = false
    for b in s.utf8 {
      if b == 13 {
        n += 1
        previousCR = true
      } else {
        if b == 10 && !previousCR { n += 1 }
        previousCR = false
      }
    }
    return n
  }
}

/// One pass over a sheet's bytes in 64 KB reads, in constant memory: whether it is UTF-8 (well-formed: no overlong
/// forms, no surrogates, nothing past U+10FFFF) with no NUL byte, the line of the first bad byte, how many lines it
/// has, and its first 64 KB as text (for the delimiter).
struct SheetScan {
  var lines = 0
  var head = ""
  var invalidLine: Int?
  var nulLine: Int?

  init?(path: String) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    let size = 65_536
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    defer { buffer.deallocate() }
    var need = 0
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    var first = true
    var skipBOM = 0
    while invalidLine == nil && nulLine == nil {
      let n = read(fd, buffer, size)
      if n < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if n == 0 { break }
      if first {
        first = false
        let bytes = UnsafeBufferPointer(start: buffer, count: n)
        if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { skipBOM = 3 }
        head = String(decoding: bytes.dropFirst(skipBOM), as: UTF8.self)
      }
      for i in skipBOM..<n {
        let b = buffer[i]
        if need > 0 {
          guard b >= low && b <= high else {
            invalidLine = lines + 1
            break
          }
          low = 0x80
          high = 0xBF
          need -= 1
          continue
        }
        switch b {
        case 0:
          nulLine = lines + 1
        case 10:
          lines += 1
        case 0x01...0x7F:
          break
        case 0xC2...0xDF:
          need = 1
        case 0xE0:
          need = 2
          low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF:
          need = 2
        case 0xED:
          need = 2
          high = 0x9F
        case 0xF0:
          need = 3
          low = 0x90
        case 0xF1...0xF3:
          need = 3
        case 0xF4:
          need = 3
          high = 0x8F
        default:
          invalidLine = lines + 1
        }
        if invalidLine != nil || nulLine != nil { break }
      }
      skipBOM = 0
    }
    if need > 0 && invalidLine == nil && nulLine == nil { invalidLine = lines + 1 }
  }
}
