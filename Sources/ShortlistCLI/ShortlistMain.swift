import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistStore
import ShortlistSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The program: shell options, then one command, a script, or the REPL.
public enum ShortlistMain {
  struct Options {
    var db: String?
    var banks: String?
    var file: String?
    var keepGoing = false
    var demo = false
    var color: Console.ColorMode = .auto
    var help = false
    var version = false
    var command: [String] = []
  }

  public static let version = "0.1.0"

  /// Runs the program and returns its exit status. With `exiting`, the caller exits right after: a one-shot
  /// command's large results are left for the exit to reclaim (freeing 10,000 report rows one by one is measurable).
  /// The environment is read once the arguments are parsed: `--version` needs none of it.
  public static func run(
    _ arguments: [String], environment: @autoclosure () -> [String: String] = processEnvironment(),
    exiting: Bool = false
  ) -> Int32 {
    let status = runProgram(arguments, environment: environment, exiting: exiting)
    return status == 0 && Console.outputFailed ? 1 : status
  }

  /// The process environment, read from `environ` (Foundation's `ProcessInfo` costs a measurable part of a short
  /// command's start-up: the singleton, then a copy of every variable through its own types). A variable set twice
  /// keeps its first value, as `getenv` does.
  public static func processEnvironment() -> [String: String] {
    var out: [String: String] = [:]
    var entry = environ
    while let pointer = entry.pointee {
      let text = String(cString: pointer)
      if let eq = text.firstIndex(of: "=") {
        let name = String(text[..<eq])
        if out[name] == nil { out[name] = String(text[text.index(after: eq)...]) }
      }
      entry += 1
    }
    return out
  }

  static func runProgram(_ arguments: [String], environment readEnvironment: () -> [String: String], exiting: Bool)
    -> Int32
  {
    umask(0o077)
    signal(SIGPIPE, SIG_IGN)
    let stdinIsTerminal = isatty(STDIN_FILENO) == 1
    let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    let options: Options
    do {
      options = try parse(Array(arguments.dropFirst()))
    } catch let e as CLIError {
      Console.stderr("error: \(e.message)\n")
      return 64
    } catch {
      return 64
    }
    // `--version` answers before the environment is read: building its dictionary is the program's first check of a
    // protocol conformance (String: Hashable), for which the Swift runtime walks every conformance record in the
    // binary (perf: a tenth of `--version`'s time). Every other command pays that once, where it first needs it.
    if options.version {
      Console.stdout("shortlist \(version)\n")
      return 0
    }
    let environment = readEnvironment()
    let console = Console(
      isTerminal: stdoutIsTerminal && stdinIsTerminal && options.command.isEmpty && options.file == nil,
      colorMode: options.color, environment: environment)
    if options.help {
      console.print(Root.helpMessage(columns: console.wrapWidth ?? 1_000))
      return 0
    }
    // A clock fixed by SHORTLIST_NOW that cannot be read is said, never silently replaced by the real time.
    if let problem = Clock.configurationError {
      console.error(problem)
      return 64
    }
    var dbPath = options.db ?? Paths.database(environment)
    // The demo's throwaway database goes with its folder when the program ends (after the database is closed).
    var demoFolder: String?
    defer { if let demoFolder { try? FileManager.default.removeItem(atPath: demoFolder) } }
    if options.demo {
      let dir = NSTemporaryDirectory() + "shortlist-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
      demoFolder = dir
      do {
        try PrivateFile.makeFolder(dir)
      } catch {
        console.error("cannot create a temporary folder for the demo database")
        return 1
      }
      dbPath = dir + "/demo.sqlite"
    }
    // Commands open the database as they need it (read-only for a listing, not at all for help or quit); the REPL on
    // a terminal opens it for writing up front, so a file that cannot be opened is said before anything is typed.
    let ctx = Context(
      dbPath: dbPath, console: console, environment: environment, banksFolder: options.banks, interactive: false)
    ctx.announcesCreation = options.db != nil
    defer { ctx.closeDatabase() }
    if options.command.isEmpty && options.file == nil && stdinIsTerminal {
      do {
        try ctx.prepareDatabase(.write)
      } catch {
        console.error((error as? LocalizedError)?.errorDescription ?? "cannot open '\(dbPath)'")
        return 1
      }
    }
    if options.demo {
      let status = Session.execute(["demo"], ctx: ctx)
      if status != 0 { return status }
    }
    if !options.command.isEmpty {
      ctx.exitsAfterCommand = exiting
      if exiting { _ = Unmanaged.passRetained(ctx) }
      var status = Session.execute(options.command, ctx: ctx)
      if status == 0, let mode = ctx.interview { status = mode.endOfInput(ctx: ctx) }
      return status
    }
    if let file = options.file {
      let fd = open(file, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else {
        console.error("cannot read script '\(file)': \(String(cString: strerror(errno)))")
        return 1
      }
      defer { close(fd) }
      return runScript(LineReader(fd: fd), ctx: ctx, keepGoing: options.keepGoing, name: file)
    }
    if !stdinIsTerminal {
      return runScript(LineReader(fd: STDIN_FILENO), ctx: ctx, keepGoing: options.keepGoing, name: "-")
    }
    ctx.interactive = true
    return Repl(ctx: ctx, historyPath: Paths.history(environment)).run()
  }

  /// Runs a script a line at a time, as typed in the REPL; stops at the first error unless `keepGoing`.
  static func runScript(_ reader: LineReader, ctx: Context, keepGoing: Bool, name: String) -> Int32 {
    var failure: Int32 = 0
    var number = 0
    defer { ctx.console.location = nil }
    while let line = reader.next() {
      number += 1
      // Errors of this line say where it is, as a compiler's do (`-` is standard input).
      ctx.console.location = "\(name):\(number)"
      let status = Session.handle(line: line, ctx: ctx)
      if status != 0 {
        failure = status
        if !keepGoing { break }
      }
      if ctx.quitRequested { break }
    }
    ctx.console.location = nil
    if let problem = reader.failure {
      ctx.console.error("cannot read script '\(name == "-" ? "standard input" : name)': \(problem)")
      if failure == 0 { failure = 1 }
    }
    if let mode = ctx.interview {
      let status = mode.endOfInput(ctx: ctx)
      if failure == 0 { failure = status }
    }
    return failure
  }

  static func parse(_ args: [String]) throws -> Options {
    var o = Options()
    var i = 0
    func value(_ flag: String) throws -> String {
      guard i + 1 < args.count else { throw CLIError("\(flag) needs a value", usage: true) }
      i += 1
      return args[i]
    }
    while i < args.count {
      let a = args[i]
      if !o.command.isEmpty {
        // Shell options may also follow the command: `shortlist candidate list --db x.sqlite`.
        if a == "--db" {
          o.db = try value(a)
        } else if a.hasPrefix("--db=") {
          o.db = String(a.dropFirst(5))
        } else {
          o.command.append(a)
        }
        i += 1
        continue
      }
      switch a {
      case "--db": o.db = try value(a)
      case "--banks": o.banks = try value(a)
      case "-f", "--file": o.file = try value(a)
      case "--keep-going": o.keepGoing = true
      case "--demo": o.demo = true
      case "--no-color": o.color = .off
      case "--color":
        guard let m = Console.ColorMode(rawValue: try value(a)) else {
          throw CLIError("--color takes auto, on or off", usage: true)
        }
        o.color = m
      case "-h", "--help": o.help = true
      case "--version": o.version = true
      case "--":
        o.command = Array(args[(i + 1)...])
        i = args.count
        continue
      default:
        if a.hasPrefix("--db=") {
          o.db = String(a.dropFirst(5))
        } else if a.hasPrefix("--banks=") {
          o.banks = String(a.dropFirst(8))
        } else if a.hasPrefix("-") {
          throw CLIError(
            "unknown option '\(a)'; shell options: --db PATH, --banks DIR, -f FILE, --keep-going, --demo, --color auto|on|off, --help, --version",
            usage: true)
        } else {
          o.command.append(a)
        }
      }
      i += 1
    }
    if o.db?.isEmpty == true { throw CLIError("--db needs a file path", usage: true) }
    return o
  }
}

/// Reads lines from a file descriptor without holding the whole input; invalid UTF-8 is repaired, never fatal, and
/// a read error (a folder given as the script, a device that fails) ends the input with `failure` set.
final class LineReader {
  private let fd: Int32
  private var buffer: [UInt8] = []
  private var start = 0
  private var eof = false
  private(set) var failure: String?

  init(fd: Int32) { self.fd = fd }

  func next() -> String? {
    while true {
      if let nl = buffer[start...].firstIndex(of: 10) {
        var end = nl
        if end > start, buffer[end - 1] == 13 { end -= 1 }
        let line = String(decoding: buffer[start..<end], as: UTF8.self)
        start = nl + 1
        if start > 1 << 16 {
          buffer.removeFirst(start)
          start = 0
        }
        return line
      }
      if eof {
        guard start < buffer.count else { return nil }
        let line = String(decoding: buffer[start...], as: UTF8.self)
        start = buffer.count
        return line
      }
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 { failure = String(cString: strerror(errno)) }
      if n <= 0 {
        eof = true
      } else {
        buffer.append(contentsOf: chunk[0..<n])
      }
    }
  }
}
