import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Where output goes, and the terminal manners of swift-format's TTY: colour only on a terminal with TERM not
/// `dumb` and NO_COLOR unset; long output through a pager only on a terminal.
final class Console {
  enum ColorMode: String { case auto, off, on }

  private let writeOut: (String) -> Void
  /// Set when standard output is the real one: byte documents then go out without a copy into a String.
  private let directOut: Bool
  private let writeErr: (String) -> Void
  let isTerminal: Bool
  let color: Bool
  let environment: [String: String]

  init(
    isTerminal: Bool, colorMode: ColorMode = .auto, environment: [String: String],
    out: ((String) -> Void)? = nil, err: @escaping (String) -> Void = Console.stderr
  ) {
    self.isTerminal = isTerminal
    self.environment = environment
    self.writeOut = out ?? Console.stdout
    self.directOut = out == nil
    self.writeErr = err
    switch colorMode {
    case .on: color = true
    case .off: color = false
    case .auto:
      color =
        isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        && environment["TERM"] != nil
    }
  }

  static func stdout(_ s: String) {
    var s = s
    s.withUTF8 { writeOut(UnsafeRawBufferPointer($0)) }
  }

  static func stderr(_ s: String) {
    var s = s
    // Nothing sensible is left to do when standard error itself cannot be written.
    s.withUTF8 { try? PrivateFile.writeAll(2, UnsafeRawBufferPointer($0), path: "standard error") }
  }

  /// Writes to standard output. When the reader has gone (`shortlist ... | head`), the program ends quietly with
  /// the status a SIGPIPE would give (SIGPIPE itself is ignored so that a pager quitting early is harmless); any
  /// other failure is reported once on standard error.
  static func writeOut(_ bytes: UnsafeRawBufferPointer) {
    do {
      try PrivateFile.writeAll(1, bytes, path: "standard output")
    } catch {
      let code = errno
      if code == EPIPE { exit(128 + SIGPIPE) }
      if !outputFailed {
        outputFailed = true
        stderr("error: cannot write to standard output: \(String(cString: strerror(code)))\n")
      }
    }
  }

  /// Set once standard output failed; the program then ends with status 1.
  nonisolated(unsafe) private(set) static var outputFailed = false

  /// Text for a person: every control character and bidi override replaced (`TerminalText`), newlines and tabs
  /// kept. The tool's own colours come through `print(_: Styled)`; machine formats through `printDocument`.
  func print(_ s: String = "") { writeOut(TerminalText.safe(s) + "\n") }
  func write(_ s: String) { writeOut(TerminalText.safe(s)) }

  /// Text the tool styled itself (its colours): the text inside was made safe when it was styled.
  func print(_ s: Styled) { writeOut(s.rendered + "\n") }

  /// A machine-readable document (JSON, CSV, HTML) exactly as it is: its own escaping keeps it safe to read back.
  func printDocument(_ s: String) { writeOut(s.hasSuffix("\n") ? s : s + "\n") }
  func writeDocument(_ s: String) { writeOut(s) }

  /// A document already in UTF-8 bytes.
  func write(bytes: [UInt8]) {
    bytes.withUnsafeBytes { write(raw: $0) }
    endRaw()
  }

  /// Part of a document in UTF-8 bytes; `endRaw()` after the last part. Straight to the descriptor on the real
  /// standard output; gathered and handed over whole otherwise (a block may end inside a character).
  func write(raw: UnsafeRawBufferPointer) {
    guard directOut else { return pending.append(contentsOf: raw) }
    Console.writeOut(raw)
  }

  func endRaw() {
    guard !pending.isEmpty else { return }
    writeOut(String(decoding: pending, as: UTF8.self))
    pending.removeAll()
  }

  private var pending: [UInt8] = []

  /// Where a script is (`FILE:LINE`, `-:LINE` for standard input): errors then say so, as compilers do.
  var location: String?

  /// Errors, reports and warnings quote names, notes and file contents: control characters (escape sequences that
  /// could retitle the terminal or write the clipboard) never reach the terminal raw from them.
  func error(_ message: String) {
    let line = TerminalText.oneLine(message)
    let where_ = location.map { $0 + ": " } ?? ""
    let label = color ? "\u{1B}[31merror:\u{1B}[0m " : "error: "
    // On a terminal a long error is word-wrapped under its start (never broken mid-word); a script's or a pipe's
    // stays one line, for grep.
    if let width = wrapWidth, TextTable.width(where_ + "error: " + line) > width {
      let lines = TextWrap.wrap(line, width: width, lead: where_ + "error: ")
      let colored = lines.enumerated().map { k, l in
        k == 0 && color ? l.replacingOccurrences(of: "error: ", with: label) : l
      }
      writeErr(colored.joined(separator: "\n") + "\n")
      return
    }
    writeErr(where_ + label + line + "\n")
  }

  /// A problem report that is already formatted (e.g. `file:line:col: error: ...`), one per line.
  func report(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.oneLine(String($0)) }
    let joined = lines.joined(separator: "\n")
    writeErr(joined.hasSuffix("\n") ? joined : joined + "\n")
  }

  func warn(_ message: String) {
    writeErr((color ? "\u{1B}[33mwarning:\u{1B}[0m " : "warning: ") + TerminalText.oneLine(message) + "\n")
  }

  /// Text in one of the tool's own styles: made safe first, then wrapped in the style's escape codes (on a colour
  /// terminal only).
  struct Styled {
    fileprivate(set) var rendered: String

    /// Styled text followed by more; plain text is made safe as it joins.
    static func + (a: Styled, b: Styled) -> Styled { Styled(rendered: a.rendered + b.rendered) }
    static func + (a: Styled, b: String) -> Styled { Styled(rendered: a.rendered + TerminalText.safe(b)) }
    static func + (a: String, b: Styled) -> Styled { Styled(rendered: TerminalText.safe(a) + b.rendered) }
    /// Plain text, made safe, among styled lines.
    static func plain(_ s: String) -> Styled { Styled(rendered: TerminalText.safe(s)) }
  }

  /// Lines some of which the tool styled, through the pager as `page(_: String)`.
  func page(_ lines: [Styled]) {
    pageRaw(lines.map(\.rendered).joined(separator: "\n"))
  }

  /// `wrapped`, as lines ready for `page(_: [Styled])`.
  func wrappedStyled(_ text: String, lead: String = "") -> [Styled] { wrapped(text, lead: lead).map(Styled.plain) }

  func style(_ s: String, _ code: String) -> Styled {
    let text = TerminalText.safe(s)
    return Styled(rendered: color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text)
  }
  func bold(_ s: String) -> Styled { style(s, "1") }
  func dim(_ s: String) -> Styled { style(s, "2") }

  var columns: Int {
    if isTerminal {
      var size = winsize()
      if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
    }
    return Int(environment["COLUMNS"] ?? "") ?? 100
  }

  /// The width text for reading is wrapped to: the terminal's, at most 100 (80 when it cannot be asked); nil when
  /// output is not a terminal (piped text is left as it is).
  var wrapWidth: Int? {
    guard isTerminal else { return nil }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return min(Int(size.ws_col), 100) }
    return Int(environment["COLUMNS"] ?? "").map { min(max($0, 20), 100) } ?? 80
  }

  /// Prints text for reading, word-wrapped on a terminal with continuation lines under the end of `lead`; control
  /// characters never reach the terminal.
  func printWrapped(_ text: String, lead: String = "", style: ((String) -> Styled)? = nil) {
    for line in wrapped(text, lead: lead) {
      if let style { print(style(line)) } else { print(line) }
    }
  }

  /// The lines `printWrapped` prints (for text that goes through the pager).
  func wrapped(_ text: String, lead: String = "") -> [String] {
    let safe = TextTable.oneLine(text)
    guard let width = wrapWidth else { return [lead + safe] }
    return TextWrap.wrap(safe, width: width, lead: lead)
  }

  var rows: Int {
    var size = winsize()
    if isTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 2 { return Int(size.ws_row) }
    return 24
  }

  /// A JSON array streamed to standard output: `body` writes each element (then the blocks that filled go out).
  func streamJSONArray(_ body: (_ add: ((inout JSONStream) -> Void) throws -> Void) throws -> Void) throws {
    var j = JSONStream(sink: { [self] in write(raw: $0) })
    j.beginArray()
    try body { element in
      element(&j)
      try j.flushIfFull()
    }
    j.endArray()
    j.endDocument()
    try j.flush()
    endRaw()
  }

  /// A CSV document streamed to standard output: the header, then the rows `body` writes.
  func streamCSV(header: [String], _ body: (inout CSVWriter) throws -> Void) throws {
    var w = CSVWriter(sink: { [self] in write(raw: $0) })
    try w.write(header)
    try body(&w)
    try w.flush()
    endRaw()
  }

  /// Prints `lineCount` lines given one at a time by `body`, through the pager as `page` does, without holding the
  /// text whole: lines go out in blocks of about 64 KiB (a listing of 100,000 candidates streams). Each line is made
  /// safe; `coloured`: a table the tool coloured after making its cells safe keeps its colour sequences (and only
  /// those: `TerminalText.safeKeepingColours`).
  func page(lineCount: Int, coloured: Bool = false, _ body: (_ line: (String) -> Void) throws -> Void) rethrows {
    var pipe: UnsafeMutablePointer<FILE>?
    if isTerminal, lineCount >= rows - 1, environment["SHORTLIST_NO_PAGER"] == nil {
      pipe = popen(environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -SRXF", "w")
    }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 16 + 4096)
    func flush() {
      guard !buffer.isEmpty else { return }
      if let pipe {
        buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, pipe) }
      } else {
        buffer.withUnsafeBytes { write(raw: $0) }
      }
      buffer.removeAll(keepingCapacity: true)
    }
    defer {
      flush()
      if let pipe { pclose(pipe) } else { endRaw() }
    }
    try body { line in
      if TerminalText.isClean(line, keepLines: true) {
        buffer.append(contentsOf: line.utf8)
      } else {
        buffer.append(
          contentsOf: (coloured ? TerminalText.safeKeepingColours(line) : TerminalText.safe(line)).utf8)
      }
      buffer.append(10)
      if buffer.count >= 1 << 16 { flush() }
    }
  }

  /// Prints text, through `$PAGER` (`less -SRXF` when unset) when on a terminal and longer than the screen.
  func page(_ text: String) { pageRaw(TerminalText.safe(text)) }

  /// Text already safe (made so, or styled by the tool), through the pager on a terminal when longer than the screen.
  private func pageRaw(_ text: String) {
    let lineCount = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 } + 1
    guard isTerminal, lineCount >= rows - 1, environment["SHORTLIST_NO_PAGER"] == nil else {
      writeOut(text + "\n")
      return
    }
    let pager = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -SRXF"
    guard let pipe = popen(pager, "w") else {
      writeOut(text + "\n")
      return
    }
    fputs(text + "\n", pipe)
    pclose(pipe)
  }
}
