import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistSupport

/// Writing a report to the screen (paged when long) or to a file through `OutputFile` (0600, never through a link,
/// renamed into place, an existing file only with --force). `-` is standard output.
enum Output {
  static func emit(_ text: String, to path: String?, force: Bool, format: String, ctx: Context, count: Int) throws {
    guard let path, path != "-" else {
      switch format {
      case "table": ctx.console.page(text)
      // Markdown is read on the screen: made safe as any text. JSON, CSV and HTML keep their exact text.
      case "md": ctx.console.write(text.hasSuffix("\n") ? text : text + "\n")
      default: ctx.console.writeDocument(text.hasSuffix("\n") ? text : text + "\n")
      }
      return
    }
    var data = Data(text.utf8)
    if format != "csv" && !text.hasSuffix("\n") { data.append(10) }
    try OutputFile.write(data, to: path, force: force)
    ctx.console.print("wrote \(path) (\(format), \(count) candidate\(count == 1 ? "" : "s"), \(data.count) bytes)")
  }

  /// A document written in blocks by `body`: straight to standard output, or to a 0600 file, never held whole.
  static func stream(
    to path: String?, force: Bool, format: String, ctx: Context, count: Int,
    _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
  ) throws {
    guard let path, path != "-" else {
      try body { ctx.console.write(raw: $0) }
      ctx.console.endRaw()
      return
    }
    let file = try OutputFile(path, force: force)
    var bytes = 0
    try body { block in
      try file.write(block)
      bytes += block.count
    }
    try file.commit()
    ctx.console.print("wrote \(path) (\(format), \(count) candidate\(count == 1 ? "" : "s"), \(bytes) bytes)")
  }

  /// A text report written a line at a time by `body` (a comparison of a million candidates is never held whole):
  /// on the screen, a table through the pager as `emit` pages it and Markdown made safe as any text; to a 0600 file
  /// in blocks. `lineCount` is about how many lines come (the pager is used when they are more than the screen).
  static func lines(
    to path: String?, force: Bool, format: String, ctx: Context, count: Int, lineCount: Int,
    _ body: (_ line: (String) -> Void) throws -> Void
  ) throws {
    guard let path, path != "-" else {
      if format == "table" { return try ctx.console.page(lineCount: lineCount, coloured: ctx.console.color, body) }
      var chunk = ""
      try body { line in
        chunk += line
        chunk += "\n"
        if chunk.utf8.count >= 1 << 16 {
          ctx.console.write(chunk)
          chunk = ""
        }
      }
      if !chunk.isEmpty { ctx.console.write(chunk) }
      return
    }
    try stream(to: path, force: force, format: format, ctx: ctx, count: count) { blocks in
      try withoutActuallyEscaping(blocks) { sink in try lines(body, into: sink) }
    }
  }

  private static func lines(
    _ body: (_ line: (String) -> Void) throws -> Void, into sink: @escaping (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    var block: [UInt8] = []
    block.reserveCapacity(1 << 16 + 4096)
    var failure: Error?
    try body { line in
      guard failure == nil else { return }
      block.append(contentsOf: line.utf8)
      block.append(10)
      guard block.count >= 1 << 16 else { return }
      do { try block.withUnsafeBytes { try sink($0) } } catch { failure = error }
      block.removeAll(keepingCapacity: true)
    }
    if let failure { throw failure }
    try block.withUnsafeBytes { try sink($0) }
  }
}
