import Foundation
import Testing

@testable import ShortlistCLI

@Suite struct ConsoleTests {
  func console(terminal: Bool, mode: Console.ColorMode = .auto, env: [String: String] = ["TERM": "xterm"])
    -> (Console, () -> String, () -> String)
  {
    final class Box {
      var out = ""
      var err = ""
    }
    let box = Box()
    let c = Console(
      isTerminal: terminal, colorMode: mode, environment: env, out: { box.out += $0 }, err: { box.err += $0 })
    return (c, { box.out }, { box.err })
  }

  @Test(arguments: [
    (true, Console.ColorMode.auto, ["TERM": "xterm"], true),
    (false, .auto, ["TERM": "xterm"], false),
    (true, .auto, ["TERM": "dumb"], false),
    (true, .auto, ["TERM": "xterm", "NO_COLOR": "1"], false),
    (true, .auto, [:], false),
    (false, .on, [:], true),
    (true, .off, ["TERM": "xterm"], false),
  ])
  func colourOnlyOnATerminalThatWantsIt(terminal: Bool, mode: Console.ColorMode, env: [String: String], expected: Bool)
  {
    let (c, _, _) = console(terminal: terminal, mode: mode, env: env)
    #expect(c.color == expected)
    #expect(c.bold("x").rendered == (expected ? "\u{1B}[1mx\u{1B}[0m" : "x"))
  }

  /// A coloured table reaches the terminal with its colours (they were written as `?[32m` before), a plain page never
  /// carries one, and neither passes any other escape.
  @Test func aColouredTableKeepsItsColoursAndNothingElse() {
    let line = "1  \u{1B}]0;owned\u{07}Ada  \u{1B}[32m 92.2\u{1B}[0m"
    let (c, out, _) = console(terminal: false, mode: .on)
    c.page(lineCount: 1, coloured: true) { $0(line) }
    #expect(out() == "1  ?]0;owned?Ada  \u{1B}[32m 92.2\u{1B}[0m\n")
    let (plain, plainOut, _) = console(terminal: false, mode: .on)
    plain.page(lineCount: 1) { $0(line) }
    #expect(plainOut() == "1  ?]0;owned?Ada  ?[32m 92.2?[0m\n")
  }

  @Test func anErrorIsOneLineOnStandardError() {
    let (c, out, err) = console(terminal: false)
    c.error("two\nlines")
    c.warn("careful")
    c.print("result")
    #expect(err() == "error: two lines\nwarning: careful\n")
    #expect(out() == "result\n")
  }

  /// Every output path replaces controls and bidi overrides; styles are the tool's own; documents stay exact.
  @Test func everyTextPathIsSafeForTheTerminalAndDocumentsStayExact() {
    let hostile = "a\u{1B}]0;owned\u{07}b\u{9B}2Jc\u{202E}d\u{2066}e\u{2028}f\u{7F}g\rh\ti\nj"
    let (c, out, err) = console(terminal: true, mode: .on)
    c.print(hostile)
    c.write(hostile)
    c.print(c.bold(hostile) + hostile)
    c.page(hostile)
    c.page([c.dim(hostile), .plain(hostile)])
    c.error(hostile)
    c.warn(hostile)
    c.report(hostile)
    c.printWrapped(hostile, style: c.dim)
    let unsafe: [Unicode.Scalar] = ["\u{07}", "\u{9B}", "\u{202E}", "\u{2066}", "\u{2028}", "\u{7F}", "\r"]
    for text in [out(), err()] {
      for s in unsafe { #expect(!text.unicodeScalars.contains(s), "\(s.value)") }
      // The only escapes left are the tool's own colours (ESC [ n m), never the planted OSC (ESC ]).
      #expect(!text.contains("\u{1B}]"))
    }
    #expect(out().contains("\u{1B}[1m") && out().contains("\u{1B}[2m"))
    let (d, docOut, _) = console(terminal: true)
    d.printDocument("{\"n\": \"\u{202E}x\"}")
    d.writeDocument("a,\u{9B}\r\n")
    #expect(docOut() == "{\"n\": \"\u{202E}x\"}\na,\u{9B}\r\n")
  }

  @Test func aLocatedReportIsNotPrefixedAgain() {
    let (c, _, err) = console(terminal: false)
    c.report("bank.yaml:3:5: error: missing key")
    #expect(err() == "bank.yaml:3:5: error: missing key\n")
  }
}
