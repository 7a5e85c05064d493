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
    #expect(c.bold("x") == (expected ? "\u{1B}[1mx\u{1B}[0m" : "x"))
  }

  @Test func anErrorIsOneLineOnStandardError() {
    let (c, out, err) = console(terminal: false)
    c.error("two\nlines")
    c.warn("careful")
    c.print("result")
    #expect(err() == "error: two lines\nwarning: careful\n")
    #expect(out() == "result\n")
  }

  @Test func aLocatedReportIsNotPrefixedAgain() {
    let (c, _, err) = console(terminal: false)
    c.report("bank.yaml:3:5: error: missing key")
    #expect(err() == "bank.yaml:3:5: error: missing key\n")
  }
}
