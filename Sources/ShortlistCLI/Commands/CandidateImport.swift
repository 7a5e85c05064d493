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
  @Option(help: "Add everyone to this role (default: the role in use).") var role: String?
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
    guard FileManager.default.isReadableFile(atPath: file), let data = FileManager.default.contents(atPath: file) else {
      throw CLIError("cannot read '\(file)'")
    }
    guard var text = String(data: data, encoding: .utf8) else {
      throw CLIError(
        "\(file):\(Self.firstInvalidLine(data)): error: the file is not UTF-8 text; save the sheet as CSV UTF-8")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    if text.utf8.contains(0) {
      let line = text.utf8.prefix { $0 != 0 }.filter { $0 == 10 }.count + 1
      throw CLIError("\(file):\(line): error: the file contains a NUL byte; a sourcing sheet is text")
    }
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, hasHeaderRow: true, delimiter: Self.delimiter(of: text))
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
    var seenEmails: [String: Int] = [:]
    var seenNames: [String: Int] = [:]
    var errors: [String] = []
    var skipped: [String] = []
    // Accepted rows go to the database in batches while the rest of the sheet is read (one transaction; rolled
    // back when any row is bad). Nothing here may use the database until the import is finished.
    var accepted: [NewCandidate] = []
    var provenance: [String] = []
    var imported = 0
    // Room for every row up front: growing four large tables row by row is measurable on a 100,000-row sheet.
    let expected = data.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
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
        if let r = field(rateAt) { c.rate = try CandidateFields.rate(r) }
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
          if let other = seenEmails[email] {
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
        if let other = seenNames[lowerName] {
          skipped.append("\(file):\(rowLine): skipped: same name as line \(other)")
          rejected.append((record, "same name as line \(other)"))
          continue
        }
        if let email { seenEmails[email] = rowLine }
        seenNames[lowerName] = rowLine
        accepted.append(c)
        provenance.append("import \(base):\(rowLine)")
        imported += 1
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

  static func firstInvalidLine(_ data: Data) -> Int {
    var line = 1
    var lineStart = data.startIndex
    for (i, b) in zip(data.indices, data) where b == 10 {
      if String(data: data[lineStart..<i], encoding: .utf8) == nil { return line }
      line += 1
      lineStart = i + 1
    }
    return line
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
