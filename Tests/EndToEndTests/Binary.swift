import Foundation

/// Runs the built `shortlist` binary in a temporary home, with its stdout, stderr and exit status. The home and
/// everything in it are removed when the value goes away.
final class Binary {
  struct Result {
    var status: Int32
    var out: String
    var err: String
  }

  let home: String
  var environment: [String: String]

  static var path: String {
    // SHORTLIST_TEST_BINARY runs these tests against another build (the static release binary:
    // `SHORTLIST_TEST_BINARY=.build/release/shortlist swift test --filter EndToEndTests`).
    if let other = ProcessInfo.processInfo.environment["SHORTLIST_TEST_BINARY"], !other.isEmpty {
      return other.hasPrefix("/") ? other : packageRoot + "/" + other
    }
    // The test bundle sits beside the products in the build folder.
    let candidates = [
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("shortlist").path,
      URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        .appendingPathComponent("shortlist").path,
      URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/shortlist").path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
  }

  static var packageRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }

  deinit { try? FileManager.default.removeItem(atPath: home) }

  init() throws {
    home = NSTemporaryDirectory() + "shortlist-e2e-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    environment = [
      "HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "SHORTLIST_DB": home + "/db.sqlite", "SHORTLIST_INTERVIEWER": "alice", "XDG_STATE_HOME": home + "/state",
      "TERM": "xterm", "LANG": "C.UTF-8",
    ]
  }

  var db: String { environment["SHORTLIST_DB"]! }

  @discardableResult
  func run(_ args: [String], stdin: String? = nil, env extra: [String: String] = [:]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.path)
    process.arguments = args
    process.environment = environment.merging(extra) { $1 }
    let outURL = URL(fileURLWithPath: home + "/out-\(UUID().uuidString)")
    let errURL = URL(fileURLWithPath: home + "/err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    let inPipe = Pipe()
    process.standardInput = inPipe
    // A child that ends before reading all its input (a script that stops at an error) must not take the test
    // runner down with SIGPIPE: the write then fails with EPIPE, which is ignored.
    Self.ignoreSIGPIPE
    try process.run()
    // Every wait has a deadline: a child still running after two minutes is killed (and the test fails on it).
    let deadline = Deadline(seconds: 120, process: process)
    if let stdin { try? inPipe.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
    try? inPipe.fileHandleForWriting.close()
    process.waitUntilExit()
    _ = deadline
    let out = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
    let err = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    return Result(status: process.terminationStatus, out: out, err: err)
  }

  /// Set once for the test process.
  static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()

  func json(_ args: [String]) throws -> Any {
    let r = try run(args)
    return try JSONSerialization.jsonObject(with: Data(r.out.utf8))
  }
}

/// A seeded generator (SplitMix64) for tests that draw random numbers: the seed is printed, and `SHORTLIST_SEED`
/// replays a run.
struct SeededRandom: RandomNumberGenerator {
  private(set) var state: UInt64
  let seed: UInt64

  init(test: String) {
    let fixed = ProcessInfo.processInfo.environment["SHORTLIST_SEED"].flatMap { UInt64($0) }
    seed = fixed ?? UInt64.random(in: 1...UInt64.max)
    state = seed
    print("\(test): seed \(seed) (SHORTLIST_SEED=\(seed) replays it)")
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Kills a process that is still running after `seconds`: every wait on a child's output has a deadline. The pid is
/// read when the deadline fires, and only a running child is killed: a pid read before `run()` is 0, and `kill(0, ...)`
/// is the whole process group, the test runner included (a full run once stopped without a summary that way, when a
/// slow team test outlived a deadline made before its child was started).
final class Deadline: @unchecked Sendable {
  private let item: DispatchWorkItem

  init(seconds: Double, process: Process) {
    // The process is held weakly: a cancelled item stays queued until its time, and holding the process (its pipes
    // and files) that long ran the test runner out of file descriptors.
    item = DispatchWorkItem { [weak process] in
      guard let process else { return }
      let pid = process.processIdentifier
      if process.isRunning, pid > 0 { kill(pid, SIGKILL) }
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
  }

  deinit { item.cancel() }
}
