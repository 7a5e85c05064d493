import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistSupport

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Export data for the rest of the team.", subcommands: [ExportShortlist.self])
}

struct ExportShortlist: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "shortlist",
    abstract: "Write the shortlist as RFC 4180 CSV (0600), with scores, strengths and concerns.")

  @OptionGroup var scope: RoleScopeOption
  @Option(parsing: .unconditional, help: "The CSV file to write (created 0600; - for standard output).") var out: String
  @Flag(help: "Replace the file if it exists.") var force = false
  @Flag(help: "Drop names and emails (candidate id instead).") var redact = false
  @Flag(help: "Export every candidate of the role, not only the shortlisted ones.") var all = false
  @Flag(help: "Start with the UTF-8 byte order mark, so Excel on Windows reads accents right.") var bom = false

  func run(in ctx: Context) throws {
    // Checked before any work: an existing file (without --force) or a device is refused here.
    let file = out == "-" ? nil : try OutputFile(out, force: force)
    let role = try scope.resolve(ctx)
    let pastTheShortlist: Set<Status> = [.shortlisted, .offer, .hired]
    let (redact, all) = (self.redact, self.all)
    var writer = CSVWriter(fileDescriptor: file?.fileDescriptor ?? 1, path: file == nil ? "standard output" : out)
    if bom { writer.byteOrderMark() }
    var written = 0
    // Half the slice of a comparison: an export's slice also holds its notes, links and tags.
    let slice = max(1, ctx.comparisonSlice / 2)
    if try ComparisonBuilder.isSliced(ctx: ctx, role: role, slice: slice) {
      // A large comparison: each row is written with its slice's strengths and concerns as the slices are read
      // (never every candidate's notes at once), then copied out in rank order.
      let built = try ComparisonBuilder.build(
        ctx: ctx, role: role, details: !redact,
        render: { data, evidence in
          let sheet = ExportSheet(questions: data.questions, redact: redact)
          let bytes = ByteBox()
          var rowWriter = CSVWriter { bytes.data.append(contentsOf: $0) }
          return { row, out in
            // A flag byte (1: ranked, 2: exported), then the row with 0 for the rank it gets once all are ranked.
            let ranked = row.interviewed && !row.sealed
            out.append((ranked ? 1 : 0) | (all || pastTheShortlist.contains(row.candidate.status) ? 2 : 0))
            let lines = ranked ? evidence?.lines(for: row.candidate.id) ?? [] : []
            try? sheet.write(row, rank: ranked ? 0 : nil, evidence: lines, to: &rowWriter)
            try? rowWriter.flush()
            out.append(contentsOf: bytes.data)
            bytes.data.removeAll(keepingCapacity: true)
          }
        }, slice: slice)
      ctx.parkUntilExit(built)
      let writing = Date()
      defer { ctx.trace("write", since: writing) }
      try writer.write(ExportSheet(questions: built.base.questions, redact: redact).header)
      var rank = 0
      try built.base.rows.forEachRendering { bytes in
        let ranked = bytes[0] & 1 != 0
        if ranked { rank += 1 }
        guard bytes[0] & 2 != 0 else { return }
        if ranked {
          var digits = String(rank)
          try digits.withUTF8 { try writer.raw($0) }
          try writer.raw(UnsafeBufferPointer(rebasing: bytes[2...]))
        } else {
          try writer.raw(UnsafeBufferPointer(rebasing: bytes[1...]))
        }
        written += 1
      }
    } else {
      // The notes are read on a second connection while the comparison is loaded and ranked on this one.
      let scan = try ctx.db.startNotesScan(viewer: ctx.viewer)
      let built = try ComparisonBuilder.build(ctx: ctx, role: role, details: !redact)
      ctx.parkUntilExit(built)
      let questions = built.base.questions
      let started = Date()
      // Strengths and concerns: every note and score comment, judged by its own author's score, made a candidate at
      // a time as the rows are written. Should the second connection fail, the notes are read again on this one.
      let scanned: EvidenceSource? = scan.flatMap { try? $0.evidenceSource() }
      let evidence = try scanned ?? ctx.db.evidenceSource(viewer: ctx.viewer)
      ctx.trace("notes", since: started)
      let writing = Date()
      defer { ctx.trace("write", since: writing) }
      let sheet = ExportSheet(questions: questions, redact: redact)
      try writer.write(sheet.header)
      // The rank is compare's rank (over every candidate of the comparison, counted as the rows go by in its
      // order), whichever rows are exported; the shortlist includes the people past it (offer, hired), with their
      // status.
      var rank = 0
      for row in built.base.rows {
        let ranked = row.interviewed && !row.sealed
        if ranked { rank += 1 }
        guard all || pastTheShortlist.contains(row.candidate.status) else { continue }
        let lines = ranked ? evidence.lines(for: row.candidate.id) : []
        try sheet.write(row, rank: ranked ? rank : nil, evidence: lines, to: &writer)
        written += 1
      }
    }
    try writer.flush()
    try file?.commit()
    guard file != nil else { return }
    ctx.console.print(
      "wrote \(out) (\(written) candidate\(written == 1 ? "" : "s")\(redact ? ", redacted" : ""))")
  }
}

/// Bytes a CSV writer's sink fills, read back by its owner (a closure cannot capture an `inout` buffer).
private final class ByteBox {
  var data: [UInt8] = []
}
