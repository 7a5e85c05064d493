import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistSupport

/// How a command uses the database, which decides how (and whether) it is opened for it: `help` and `bank check` of
/// a new machine create nothing, and a listing never writes (nor waits on another process's writer).
enum DatabaseAccess {
  /// No database at all.
  case none
  /// Read-only, and only when the file already exists (`bank check` compares with stored snapshots if there are any).
  case readIfExists
  /// Read-only; a missing file is an empty database, never created.
  case read
  /// Read and write: created when missing, migrated (with a backup) when older.
  case write
}

/// Everything a command needs: the database, the banks, the console and the session's state.
final class Context {
  /// The database, opened on first need in the mode the command asked for (`prepareDatabase`).
  var db: AppDatabase {
    get throws {
      if let opened { return opened }
      try prepareDatabase(.write)
      guard let opened else { throw CLIError("cannot open '\(dbPath)'") }
      return opened
    }
  }
  private var opened: AppDatabase? {
    didSet { Interrupts.shared.current = opened }
  }
  private let opener: ((DatabaseAccess) throws -> AppDatabase)?
  /// Set when the path was given with `--db`: creating a new file there is said on stderr (a typo in a path would
  /// otherwise open an empty database without a word).
  var announcesCreation = false
  /// The database when one is open (for `.readIfExists` commands).
  var existingDatabase: AppDatabase? { opened }
  let dbPath: String
  let console: Console
  let environment: [String: String]
  let banksFolder: String?
  /// True in the REPL on a terminal: confirmations are asked, pagers may run.
  var interactive: Bool
  /// Asks the user a yes/no question on the terminal; nil when there is no terminal to ask on.
  var ask: ((String) -> Bool?)?
  /// Called after the history file was rewritten (a forget), so the REPL can reload it.
  var historyChanged: (() -> Void)?
  /// The interview in progress, when the session is in interview mode.
  var interview: InterviewMode?
  var quitRequested = false
  /// Bumped after every change, so completion lists are refreshed.
  var generation = 0
  private var cachedBanks: BankLibrary?
  /// Set for a one-shot shell command when the process exits right after it: large reports are then left for the
  /// exit to reclaim instead of being freed object by object.
  var exitsAfterCommand = false
  /// Bytes of rows a table listing may hold in memory (packed, `PackedRows`: 100,000 candidates take about 8 MB); past
  /// it, full blocks of rows go to a temporary file and are read back in order: a fixed budget, so memory does not
  /// grow with the listing (tests set it to 0).
  var tableRowsBudget = 16 << 20
  /// Candidate ids per slice of a comparison read in slices (`ComparisonBuilder`); tests make it small.
  var comparisonSlice = ComparisonBuilder.slice
  /// The most rows each per-candidate section of the HTML report shows (`HTMLReport.rowLimit`); tests make it small.
  var htmlRowLimit = HTMLReport.rowLimit
  private var parked: [AnyObject] = []

  /// Keeps `object` alive until the process exits, when `exitsAfterCommand`; otherwise does nothing.
  func parkUntilExit(_ object: AnyObject) {
    if exitsAfterCommand { parked.append(object) }
  }

  /// The same for a value (boxed).
  func parkUntilExit<T>(value: T) {
    if exitsAfterCommand { parked.append(Box(value)) }
  }

  private final class Box<T> {
    let value: T
    init(_ value: T) { self.value = value }
  }

  /// A context over a database already open (tests).
  init(
    db: AppDatabase, dbPath: String, console: Console, environment: [String: String], banksFolder: String?,
    interactive: Bool
  ) {
    opened = db
    opener = nil
    self.dbPath = dbPath
    self.console = console
    self.environment = environment
    self.banksFolder = banksFolder
    self.interactive = interactive
  }

  /// A context that opens the database at `dbPath` when a command first needs it: read-only for commands that only
  /// read, read-write (created and migrated) for the others.
  init(dbPath: String, console: Console, environment: [String: String], banksFolder: String?, interactive: Bool) {
    opener = { access in
      access == .write ? try AppDatabase.open(path: dbPath) : try AppDatabase.openForReading(path: dbPath)
    }
    self.dbPath = dbPath
    self.console = console
    self.environment = environment
    self.banksFolder = banksFolder
    self.interactive = interactive
  }

  /// Opens the database as `access` needs, if it is not open that way yet. A read-only connection is replaced by a
  /// read-write one when a writing command comes (in the REPL).
  func prepareDatabase(_ access: DatabaseAccess) throws {
    guard let opener else { return }
    switch access {
    case .none: return
    case .readIfExists:
      if opened == nil && FileManager.default.fileExists(atPath: dbPath) {
        opened = try opener(.read)
        if let notice = opened?.notice { console.warn(notice) }
      }
    case .read:
      if opened == nil {
        // A first run: the default file and its folder do not exist yet. A read is an empty result (the command's
        // own empty-result line says how to start) and creates nothing. A path given with --db keeps the error that
        // names the missing folder: there it is more likely a typo.
        if !announcesCreation && !FileManager.default.fileExists(atPath: dbPath) {
          opened = try AppDatabase.inMemory()
          return
        }
        opened = try opener(.read)
        if let notice = opened?.notice { console.warn(notice) }
      }
    case .write:
      if let current = opened, current.isReadOnly {
        current.close()
        opened = nil
      }
      if opened == nil {
        let existed = FileManager.default.fileExists(atPath: dbPath)
        opened = try opener(.write)
        if let notice = opened?.notice { console.warn(notice) }
        if announcesCreation && !existed { console.report("created new database \(dbPath)") }
      }
    }
  }

  func closeDatabase() {
    opened?.close()
    // A one-shot command's process exits next: the closed connection is left for the exit to reclaim (releasing it
    // unregisters GRDB's notification observers through Foundation, a measurable part of a short command).
    if opener != nil, !exitsAfterCommand { opened = nil }
  }

  // MARK: - Banks

  var bankFolders: [String] {
    BankLibrary.lookupFolders(explicit: banksFolder, environment: environment, packageFolder: Paths.packageBanks())
  }

  var banks: BankLibrary {
    if let cachedBanks { return cachedBanks }
    let lib = BankLibrary(folders: bankFolders)
    cachedBanks = lib
    return lib
  }

  func reloadBanks() { cachedBanks = nil }

  /// The First 5 Days playbook: `$SHORTLIST_PLAYBOOKS`, `$XDG_CONFIG_HOME/shortlist/playbooks`, then the package's
  /// `Playbooks/` folder; validated as banks are.
  func playbook() throws -> Playbook {
    var folders: [String] = []
    if let p = environment["SHORTLIST_PLAYBOOKS"], !p.isEmpty { folders.append(p) }
    let config =
      environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? Paths.home(environment) + "/.config"
    folders.append(config + "/shortlist/playbooks")
    if let package = Paths.packageFolder("Playbooks") { folders.append(package) }
    for folder in folders {
      let path = folder + "/first-5-days.yaml"
      guard FileManager.default.fileExists(atPath: path) else { continue }
      do {
        return try PlaybookParser.parse(file: URL(fileURLWithPath: path), displayPath: path)
      } catch let e as BankValidationError {
        throw CLIError(e.problems.map(\.description).joined(separator: "\n"))
      }
    }
    throw CLIError("no First 5 Days playbook (first-5-days.yaml) in \(folders.joined(separator: ", "))")
  }

  func bank(_ id: String) throws -> QuestionBank {
    if let b = banks.bank(id) { return b }
    // A bank written since the folders were read (the REPL stays open for hours) is found on a second look.
    reloadBanks()
    if let b = banks.bank(id) { return b }
    let known = banks.banks.map(\.id)
    throw CLIError(
      "no question bank '\(id)'; known banks: \(known.isEmpty ? "none (see `bank list`)" : known.joined(separator: ", "))"
    )
  }

  // MARK: - Resolving names

  func candidateId(_ query: String) throws -> Int64 {
    switch try db.resolveCandidate(query) {
    case .found(let id): return id
    case .notFound:
      throw CLIError(
        "no candidate matches '\(query)'; name them by full name, a unique prefix or #ID (see `candidate list`)")
    case .ambiguous(let names):
      throw CLIError(
        "'\(query)' matches \(names.count) candidates: \(names.prefix(8).joined(separator: ", "))\(names.count > 8 ? ", …" : ""); type more of the name or use #ID"
      )
    case .tooMany(let count):
      throw CLIError("'\(query)' matches more than \(count) candidates; type more of the name or use #ID")
    }
  }

  func candidate(_ query: String) throws -> Candidate {
    let id = try candidateId(query)
    guard let c = try db.candidate(id: id) else { throw CLIError("no candidate #\(id)") }
    return c
  }

  func roleId(_ query: String) throws -> Int64 {
    let entries = try db.roleNames()
    switch NameResolver.resolve(query, in: entries) {
    case .found(let id): return id
    case .notFound:
      let known = entries.map(\.name)
      throw CLIError(
        "no role matches '\(query)'; roles: \(known.isEmpty ? "none yet (add one with `role add TITLE`)" : known.joined(separator: ", "))"
      )
    case .ambiguous(let names):
      throw CLIError(
        "'\(query)' matches \(names.count) roles: \(names.joined(separator: ", ")); type more of the title or use #ID")
    case .tooMany(let count):
      throw CLIError("'\(query)' matches more than \(count) roles; type more of the title or use #ID")
    }
  }

  func role(_ query: String) throws -> Role {
    let id = try roleId(query)
    guard let r = try db.role(id: id) else { throw CLIError("no role #\(id)") }
    return r
  }

  /// The role a command works on: `--role R` when given, else the role in use, else nil.
  func effectiveRole(_ option: String?) throws -> Role? {
    if let option { return try role(option) }
    guard let id = try db.currentRoleId() else { return nil }
    return try db.role(id: id)
  }

  /// The application a status command acts on: `--role R`'s; else the role in use, when the candidate has an
  /// application for it; else their only application; with none, the candidate's own status. Several and none in
  /// use: an error that lists them.
  func application(of c: Candidate, roleOption: String?) throws -> (role: Role?, status: Status) {
    if let roleOption {
      let r = try role(roleOption)
      return (r, try db.application(candidateId: c.id, roleId: r.id)?.status ?? .sourced)
    }
    let apps = try db.applications(candidateId: c.id)
    if apps.isEmpty { return (nil, c.status) }
    if let current = try db.currentRoleId(), let app = apps.first(where: { $0.roleId == current }) {
      return (try db.role(id: app.roleId), app.status)
    }
    if apps.count == 1 { return (try db.role(id: apps[0].roleId), apps[0].status) }
    let list = apps.map { "\(TextTable.oneLine($0.roleTitle)) (\($0.status.rawValue))" }.joined(separator: ", ")
    throw CLIError("\(TextTable.oneLine(c.name)) is in \(apps.count) roles: \(list); name one with --role R")
  }

  /// "Ada: screening -> interviewing for RAG prototype (forced)".
  static func moveLine(_ name: String, _ m: MoveResult, role: Role?) -> String {
    "\(TextTable.oneLine(name)): \(m.from.rawValue) -> \(m.to.rawValue)"
      + (role.map { " for \(TextTable.oneLine($0.title))" } ?? "") + (m.forced ? " (forced)" : "")
  }

  // MARK: - People

  /// Set by `as NAME` or a command's `--as NAME`: who the rest of the session is.
  var sessionInterviewer: String?

  /// The interviewer: the session's (`as`, `--as`), else `$SHORTLIST_INTERVIEWER`, else the login name.
  var interviewer: String {
    if let sessionInterviewer { return sessionInterviewer }
    if let v = environment["SHORTLIST_INTERVIEWER"], !v.trimmed.isEmpty { return v }
    if let u = environment["USER"], !u.isEmpty { return u }
    if let l = environment["LOGNAME"], !l.isEmpty { return l }
    if let p = getpwuid(getuid()), let name = p.pointee.pw_name { return String(cString: name) }
    return "me"
  }

  /// Who reads: every Store read that can return scorecard content takes this, and seals it for them.
  var viewer: Viewer { Viewer(interview?.interviewer ?? interviewer) }

  /// Asks to confirm on a terminal; without one returns `scriptDefault`.
  func confirm(_ question: String, scriptDefault: Bool) -> Bool {
    guard interactive, let ask, let answer = ask(TerminalText.oneLine(question)) else { return scriptDefault }
    return answer
  }

  func changed() { generation += 1 }

  /// With `SHORTLIST_TRACE` set, prints how long a phase took to stderr (for benchmarks).
  func trace(_ phase: String, since start: Date) {
    guard environment["SHORTLIST_TRACE"] != nil else { return }
    console.report("trace: \(phase) \(Format.fixed(Date().timeIntervalSince(start), 3))s" + Self.residentText())
  }

  /// ", 52 MB resident (peak 61 MB)" from /proc (Linux); empty elsewhere.
  static func residentText() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
    func kilobytes(_ key: String) -> Int? {
      guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return nil }
      return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "")
    }
    guard let now = kilobytes("VmRSS:"), let peak = kilobytes("VmHWM:") else { return "" }
    return ", \(now / 1024) MB resident (peak \(peak / 1024) MB)"
  }
}

/// Where files live by default.
enum Paths {
  static func home(_ env: [String: String]) -> String {
    if let h = env["HOME"], !h.isEmpty { return h }
    if let p = getpwuid(getuid()), let dir = p.pointee.pw_dir { return String(cString: dir) }
    return "/tmp"
  }

  /// `$SHORTLIST_DB`, else `$XDG_DATA_HOME/shortlist/shortlist.sqlite`, else `~/.local/share/shortlist/...`.
  static func database(_ env: [String: String]) -> String {
    if let p = env["SHORTLIST_DB"], !p.isEmpty { return p }
    if let x = env["XDG_DATA_HOME"], !x.isEmpty { return x + "/shortlist/shortlist.sqlite" }
    return home(env) + "/.local/share/shortlist/shortlist.sqlite"
  }

  /// `$XDG_STATE_HOME/shortlist/history`, else `~/.local/state/shortlist/history`.
  static func history(_ env: [String: String]) -> String {
    if let x = env["XDG_STATE_HOME"], !x.isEmpty { return x + "/shortlist/history" }
    return home(env) + "/.local/state/shortlist/history"
  }

  /// The package's own `QuestionBanks/` folder: beside the sources this binary was built from, or found by walking
  /// up from the executable (`.build/debug/shortlist` sits three folders below the package).
  static func packageBanks() -> String? { packageFolder("QuestionBanks") }

  /// A folder shipped with the package (`QuestionBanks`, `Playbooks`): beside the sources, else above the binary.
  static func packageFolder(_ name: String) -> String? {
    let fm = FileManager.default
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(name).path
    if fm.fileExists(atPath: source) { return source }
    var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent(name).path
      if fm.fileExists(atPath: candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }
}
