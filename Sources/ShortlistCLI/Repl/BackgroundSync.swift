import Foundation

/// In a team database, a sync tried in the background at REPL start and after each `/finish`: a child process
/// (`shortlist --db PATH sync --background`, a 3 s connection timeout) that says nothing when it works and one warning
/// line when it does not. The prompt never waits for it, and a live interview never waits on the network.
enum BackgroundSync {
  static func start(ctx: Context) {
    guard ctx.interactive, ctx.environment["SHORTLIST_NO_BACKGROUND_SYNC"] == nil,
      (try? ctx.db.setting(TeamSettings.url)) != nil
    else { return }
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let words: [String] = [executable, "--db", ctx.dbPath, "sync", "--background"]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let envp: [UnsafeMutablePointer<CChar>?] = ctx.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else {
      ctx.console.warn("cannot start a background sync; run `sync`")
      return
    }
    // Reaped when it ends, so no zombie stays behind.
    let child = pid
    Thread.detachNewThread {
      var status: Int32 = 0
      _ = waitpid(child, &status, 0)
    }
  }
}
