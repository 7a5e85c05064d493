import Foundation
import Testing

/// The REPL in a real terminal: tmux runs the binary, send-keys types, capture-pane reads the screen.
@Suite(.serialized) struct TerminalTests {
  static var tmux: String? {
    ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  final class Session {
    let name = "sl-\(UUID().uuidString.prefix(8))"
    let tmux: String
    let socket: String

    init(tmux: String, binary: Binary, width: Int = 120, height: Int = 40, arguments: [String] = []) throws {
      self.tmux = tmux
      socket = binary.home + "/tmux.sock"
      let env = binary.environment.map { "\($0.key)=\(ShellQuote.quote($0.value))" }.joined(separator: " ")
      try run([
        "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
        "env \(env) \(([Binary.path] + arguments).map(ShellQuote.quote).joined(separator: " "))",
      ])
      serverPid = pid_t(try run(["display-message", "-p", "#{pid}"]).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The tmux server's process: stopped at the end even if its socket is gone already (SIGKILL: a server started
    /// by the test runner inherits its blocked signals).
    private var serverPid: pid_t?

    /// Runs tmux with posix_spawn and waitpid. Foundation's Process is not used here: the tmux server it would
    /// fork inherits the descriptor Process watches for the child's exit, and the wait never ends.
    @discardableResult
    func run(_ args: [String]) throws -> String {
      let outPath = socket + ".out-\(UUID().uuidString)"
      defer { try? FileManager.default.removeItem(atPath: outPath) }
      var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
      let argv = ([tmux, "-S", socket] + args).map { strdup($0) } + [nil]
      defer { argv.forEach { free($0) } }
      var pid: pid_t = 0
      let rc = posix_spawn(&pid, tmux, &actions, nil, argv, environ)
      guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    func keys(_ keys: String...) throws { try run(["send-keys", "-t", name] + keys) }

    func screen() throws -> String { try run(["capture-pane", "-t", name, "-p"]) }

    /// Waits until the screen satisfies `condition` (up to ~10 s on a slow machine).
    func wait(for condition: (String) -> Bool) throws -> String {
      var last = ""
      for _ in 0..<100 {
        last = try screen()
        if condition(last) { return last }
        Thread.sleep(forTimeInterval: 0.1)
      }
      return last
    }

    func lastLine(_ screen: String) -> String {
      screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    deinit {
      _ = try? run(["kill-server"])
      if let serverPid, serverPid > 1 { kill(serverPid, SIGKILL) }
    }
  }

  @Test(.enabled(if: TerminalTests.tmux != nil, "tmux is not installed (apt-get install tmux)"))
  func completionCtrlCAndHistory() throws {
    let tmux = try #require(Self.tmux)
    let b = try Binary()
    try b.run(["candidate", "add", "Ada Lovelace", "--tier", "1"])
    try b.run(["candidate", "add", "Grace Hopper", "--tier", "2"])
    let s = try Session(tmux: tmux, binary: b)
    var screen = try s.wait { $0.contains("shortlist>") }
    #expect(screen.contains("Type `help`"), "banner with a help hint")

    // A partial command word and a partial candidate name are completed (the name quoted: it has a space).
    try s.keys("cand", "Tab")
    // capture-pane trims trailing spaces, so the appended space is checked by what follows it.
    screen = try s.wait { $0.contains("shortlist> candidate") }
    #expect(screen.contains("shortlist> candidate"))
    try s.keys("sh", "Tab", "Gr", "Tab")
    screen = try s.wait { $0.contains("candidate show \"Grace Hopper\"") }
    #expect(screen.contains("shortlist> candidate show \"Grace Hopper\""))
    try s.keys("Enter")
    screen = try s.wait { $0.contains("Curated marketplace") }
    #expect(screen.contains("2 Curated marketplace"))

    // Ctrl-C mid-line clears the line and the REPL stays.
    try s.keys("role add half typed", "C-c")
    try s.keys("role list", "Enter")
    screen = try s.wait { $0.contains("no roles yet") }
    #expect(screen.contains("no roles yet"))
    #expect(!screen.contains("error:"))

    // A line starting with a space is not recorded; Ctrl-D leaves.
    try s.keys(" candidate list", "Enter")
    screen = try s.wait { $0.contains("2 candidates") }
    try s.keys("C-d")
    let history = b.home + "/state/shortlist/history"
    for _ in 0..<50 where !FileManager.default.fileExists(atPath: history) { Thread.sleep(forTimeInterval: 0.1) }
    #expect(PrivateFileMode.of(history) == 0o600)
    let text = try String(contentsOfFile: history, encoding: .utf8)
    #expect(text.contains("candidate show \"Grace Hopper\""))
    #expect(text.contains("role list"))
    #expect(!text.contains(" candidate list"))
    #expect(!text.contains("half typed"))
  }

  /// At 80 columns the welcome lines, the interview's first lines, /help and an error are word-wrapped: no line
  /// that fills the width ends inside a word that the next line continues.
  /// On a colour terminal the comparison's scores are coloured, as the tool means them to be: its own colour
  /// sequences reach the terminal (they were printed as `?[32m` before) and nothing else does.
  @Test(.enabled(if: TerminalTests.tmux != nil, "tmux is not installed (apt-get install tmux)"))
  func aComparisonIsColouredOnAColourTerminal() throws {
    let tmux = try #require(Self.tmux)
    let b = try Binary()
    #expect(try b.run(["demo", "--candidates", "30", "--seed", "3"]).status == 0)
    #expect(try b.run(["shortlist", "auto", "--top", "3"]).status == 0)
    b.environment["SHORTLIST_NO_PAGER"] = "1"
    // Tall enough for the whole comparison: the best scores, coloured, are its first rows. `--color on`: the test
    // runner sets NO_COLOR, which the terminal would inherit.
    let s = try Session(tmux: tmux, binary: b, height: 100, arguments: ["--color", "on"])
    _ = try s.wait { $0.contains("shortlist") && $0.contains(">") }
    for command in ["compare", "shortlist show"] {
      try s.run(["clear-history", "-t", s.name])
      try s.keys(command, "Enter")
      let screen = try s.wait { $0.contains("questions (mean of finished scorecards") }
      #expect(!screen.contains("?["), "\(command): \(screen)")
      let coloured = try s.run(["capture-pane", "-t", s.name, "-p", "-e"])
      #expect(
        coloured.range(of: "\u{1B}\\[3[0-9]m +[0-9]+\\.[0-9]", options: .regularExpression) != nil,
        "\(command): a score carries its colour")
    }
    try s.keys("C-d")
  }

  @Test(.enabled(if: TerminalTests.tmux != nil, "tmux is not installed (apt-get install tmux)"))
  func eightyColumnsBreakBetweenWords() throws {
    let tmux = try #require(Self.tmux)
    let b = try Binary()
    try b.run(["candidate", "add", "Ada Lovelace", "--tier", "1"])
    let s = try Session(tmux: tmux, binary: b, width: 80)
    let welcome = try s.wait { $0.contains("shortlist>") }
    #expect(welcome.contains("Ctrl-D to\nleave."), "\(welcome)")
    try s.keys("interview start ada --bank backend-api-integration", "Enter")
    let start = try s.wait { $0.contains("[Ada · alice · q1/4") }
    #expect(start.contains("Backend API integration\n(backend-api-integration v1), 4 questions"), "\(start)")
    try s.keys("/frobnicate the rubric and the signals before the next question please", "Enter")
    let error = try s.wait { $0.contains("typed //)") }
    #expect(
      error.contains("error: unknown interview command '/frobnicate'; commands: /q /next /prev /goto\n       /signal"))
    try s.keys("/help", "Enter")
    let help = try s.wait { $0.contains("without it)") }
    #expect(help.contains("/abort                   discard this interview (asks first): its notes and\n"))
    #expect(
      help.contains("a note starts with") || help.contains("                         line that looks like a command"))
    // Every line fits the terminal: nothing relies on the terminal's own wrapping, which cuts words.
    #expect(help.split(separator: "\n").allSatisfy { $0.count <= 80 })
    try s.keys("/pause", "Enter")
    _ = try s.wait { s.lastLine($0).hasPrefix("shortlist>") }
    try s.keys("C-d")
  }

  @Test(.enabled(if: TerminalTests.tmux != nil, "tmux is not installed (apt-get install tmux)"))
  func interviewPromptAndSlashCompletion() throws {
    let tmux = try #require(Self.tmux)
    let b = try Binary()
    try b.run(["candidate", "add", "Ada Lovelace", "--tier", "1"])
    let s = try Session(tmux: tmux, binary: b)
    _ = try s.wait { $0.contains("shortlist>") }
    try s.keys("interview start ada --bank rag-prototype", "Enter")
    // The prompt names the candidate and the interviewer, and times this question against its timebox.
    var screen = try s.wait { $0.contains("[Ada · alice · q1/5") }
    #expect(s.lastLine(screen).hasPrefix("[Ada · alice · q1/5 00:0"))
    #expect(s.lastLine(screen).contains("of 8m]"), "the question's timebox")
    try s.keys("/ne", "Tab")
    screen = try s.wait { s.lastLine($0).hasSuffix("/next") || s.lastLine($0).hasSuffix("/next ") }
    try s.keys("Enter")
    screen = try s.wait { $0.contains("[Ada · alice · q2/5 00:0") }
    #expect(screen.contains("Q2/5"))
    try s.keys("a note typed live", "Enter", "/score 3 checks the data first", "Enter")
    // The score echoes its level's label and the comment; the question shown again lists the notes typed for it.
    screen = try s.wait { $0.contains("comment: checks the data first") }
    #expect(screen.contains("q2 scored 3 (solid): "))
    try s.keys("/q", "Enter")
    screen = try s.wait { $0.contains("your notes") }
    #expect(screen.contains("a note typed live"))
    // Nothing laid out for reading runs past the terminal's width.
    #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 100 })
    // /finish with unscored questions asks on a terminal; "n" keeps the scorecard open.
    try s.keys("/finish", "Enter")
    screen = try s.wait { $0.contains("[y/N]") }
    #expect(screen.contains("finish with 4 unscored questions? [y/N]"))
    try s.keys("n", "Enter")
    screen = try s.wait { $0.contains("not finished") }
    try s.keys("/finish", "Enter")
    _ = try s.wait { s.lastLine($0).hasSuffix("[y/N]") }
    try s.keys("y", "Enter")
    // The result line comes first, then the prompt: wait for both (the test is timing-free that way).
    screen = try s.wait { $0.contains("finished interview #1") && s.lastLine($0).hasPrefix("shortlist>") }
    #expect(screen.contains("finished interview #1 with Ada Lovelace"))
    #expect(s.lastLine(screen).hasPrefix("shortlist>"))
    // Back in the REPL, Up brings back REPL commands, never the interview's.
    try s.keys("Up")
    screen = try s.wait { s.lastLine($0).hasPrefix("shortlist>") && s.lastLine($0).contains("interview start ada") }
    try s.keys("C-u", "C-d")
  }

  /// Interview mode has its own history: Up never recalls a REPL command into the note prompt (one Enter would store
  /// it as a note), only the interview's slash commands.
  @Test(.enabled(if: TerminalTests.tmux != nil, "tmux is not installed (apt-get install tmux)"))
  func interviewModeHasItsOwnHistory() throws {
    let tmux = try #require(Self.tmux)
    let b = try Binary()
    try b.run(["candidate", "add", "Ada Lovelace", "--tier", "1"])
    let s = try Session(tmux: tmux, binary: b)
    _ = try s.wait { $0.contains("shortlist>") }
    try s.keys("candidate list", "Enter")
    _ = try s.wait { $0.contains("1 candidate") }
    try s.keys("interview start ada --bank rag-prototype", "Enter")
    _ = try s.wait { s.lastLine($0).hasPrefix("[Ada · alice · q1/5") }
    try s.keys("Up")
    var screen = try s.wait { s.lastLine($0).hasPrefix("[Ada · alice · q1/5") }
    #expect(s.lastLine(screen).hasSuffix(">"), "nothing recalled: \(s.lastLine(screen))")
    try s.keys("a note", "Enter", "/next", "Enter")
    _ = try s.wait { s.lastLine($0).hasPrefix("[Ada · alice · q2/5") }
    try s.keys("Up")
    screen = try s.wait { s.lastLine($0).hasSuffix("/next") }
    try s.keys("C-u", "Up", "Up")
    screen = try s.wait { s.lastLine($0).hasSuffix("/next") }
    #expect(!s.lastLine(screen).contains("a note") && !s.lastLine(screen).contains("candidate list"))
    try s.keys("C-u", "/pause", "Enter")
    _ = try s.wait { s.lastLine($0).hasPrefix("shortlist>") }
    try s.keys("C-d")
    let history = (try? String(contentsOfFile: b.home + "/state/shortlist/history", encoding: .utf8)) ?? ""
    #expect(history.contains("candidate list") && !history.contains("a note") && !history.contains("/next"))
  }

  /// A bare `report NAME` in the REPL asks for each part of the weekly report; the answers are saved, never written
  /// to the history.
  @Test(.enabled(if: TerminalTests.tmux != nil, "tmux is not installed (apt-get install tmux)"))
  func weeklyReportPromptsInTheREPL() throws {
    let tmux = try #require(Self.tmux)
    let b = try Binary()
    let setup = """
      candidate add Ada --tier 1 --rate 100
      engagement start Ada --force --note "test hire" --start 2026-03-02
      engagement check Ada ip
      engagement check Ada nda
      engagement check Ada data
      engagement check Ada acceptance
      """
    #expect(try b.run([], stdin: setup + "\n").status == 0)
    let s = try Session(tmux: tmux, binary: b)
    _ = try s.wait { $0.contains("shortlist>") }
    try s.keys("report ada", "Enter")
    _ = try s.wait { $0.contains("accomplishments:") }
    try s.keys("shipped the private ingestion", "Enter")
    _ = try s.wait { $0.contains("next goals:") }
    try s.keys("pilot", "Enter")
    _ = try s.wait { $0.contains("blockers") }
    try s.keys("Enter")
    _ = try s.wait { $0.contains("hours this week:") }
    try s.keys("18", "Enter")
    _ = try s.wait { $0.contains("coordination hours:") }
    try s.keys("2", "Enter")
    let screen = try s.wait { $0.contains("recorded for Ada") }
    #expect(screen.contains("recorded for Ada"), "\(screen)")
    try s.keys("quit", "Enter")
    Thread.sleep(forTimeInterval: 0.3)
    let shown = try b.run(["engagement", "show", "Ada"])
    #expect(shown.out.contains("done: shipped the private ingestion") && shown.out.contains("18 h, coordination 2 h"))
    let history = (try? String(contentsOfFile: b.home + "/state/shortlist/history", encoding: .utf8)) ?? ""
    #expect(history.contains("report ada") && !history.contains("private ingestion"))
  }
}

enum ShellQuote {
  static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

extension TerminalTests {
  /// Ctrl-C during a long merge stops it: the merge rolls back (nothing of the other file comes in), the REPL says it
  /// was interrupted and gives the prompt back.
  @Test(.enabled(if: TerminalTests.tmux != nil, "tmux is not installed (apt-get install tmux)"))
  func ctrlCStopsALongMerge() throws {
    let tmux = try #require(Self.tmux)
    let other = try Binary()
    #expect(try other.run(["demo", "--candidates", "20000"]).status == 0)
    let b = try Binary()
    #expect(try b.run(["role", "list"]).status == 0)
    let s = try Session(tmux: tmux, binary: b)
    _ = try s.wait { $0.contains("shortlist>") }
    try s.keys("merge \(other.db)", "Enter")
    Thread.sleep(forTimeInterval: 0.3)
    try s.keys("C-c")
    let screen = try s.wait { $0.contains("interrupted") || $0.contains("merged") }
    if screen.contains("merged") {
      // The machine merged 20,000 candidates in under 0.3 s: nothing to interrupt; not what this test is about.
      return
    }
    #expect(screen.contains("error: interrupted (Ctrl-C)"), "\(screen)")
    _ = try s.wait { s.lastLine($0).hasPrefix("shortlist>") }
    let listed = try b.run(["candidate", "list", "--all-roles", "--format", "json"]).out
    #expect(listed.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "the interrupted merge left rows behind")
  }
}
