import Foundation

/// A throwaway PostgreSQL cluster for one test: `initdb` into a temporary folder (as the unprivileged `postgres` OS
/// user when the tests run as root: PostgreSQL refuses root), password authentication (scram-sha-256) for a
/// superuser `admin`, listening on 127.0.0.1 and a free port; stopped and removed at the end. Never a mock.
final class PostgresCluster: @unchecked Sendable {
  static var binaries: String? {
    let root = "/usr/lib/postgresql"
    let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
    guard let v = versions.last else { return nil }
    let bin = "\(root)/\(v)/bin"
    return FileManager.default.isExecutableFile(atPath: bin + "/initdb") ? bin : nil
  }

  let bin: String
  let dir: String
  let port: Int
  let adminPassword = "admin-\(UUID().uuidString.prefix(8))"
  private let asRoot = getuid() == 0

  /// The server's options (`pg_ctl -o`).
  private var options: String = ""
  /// With TLS: the certificate authority that signed the server's certificate (for 127.0.0.1).
  private(set) var caFile: String?

  /// `statementLog`: every statement in the server's log (`log_statement = 'all'`), as an audit setting would.
  init(tls: Bool = false, statementLog: Bool = false) throws {
    guard let bin = Self.binaries else { throw Failure("no PostgreSQL binaries under /usr/lib/postgresql") }
    self.bin = bin
    dir = NSTemporaryDirectory() + "shortlist-pg-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    port = Self.freePort()
    let pwfile = dir + "/pw"
    try adminPassword.write(toFile: pwfile, atomically: false, encoding: .utf8)
    options = "-p \(port) -k \(dir) -c listen_addresses=127.0.0.1 -c log_connections=on"
    if statementLog { options += " -c log_statement=all" }
    if tls {
      // A throwaway authority and a server certificate for 127.0.0.1 (an IP subject alternative name).
      let ssl = "/usr/bin/openssl"
      try run(
        ssl,
        [
          "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/ca.key", "-out", dir + "/ca.crt",
          "-days", "2", "-subj", "/CN=shortlist-test-ca",
        ])
      try run(
        ssl,
        [
          "req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/server.key", "-out", dir + "/server.csr",
          "-subj", "/CN=127.0.0.1",
        ])
      try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(
        toFile: dir + "/san.ext", atomically: false, encoding: .utf8)
      try run(
        ssl,
        [
          "x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.crt", "-CAkey", dir + "/ca.key",
          "-CAcreateserial", "-out", dir + "/server.crt", "-days", "2", "-extfile", dir + "/san.ext",
        ])
      chmod(dir + "/server.key", 0o600)
      options += " -c ssl=on -c ssl_cert_file=\(dir)/server.crt -c ssl_key_file=\(dir)/server.key"
      caFile = dir + "/ca.crt"
    }
    if asRoot { try run("/bin/chown", ["-R", "postgres:postgres", dir]) }
    try runAsPostgres(
      bin + "/initdb", ["-D", dir + "/data", "-U", "admin", "--pwfile=\(pwfile)", "--auth=scram-sha-256", "-E", "UTF8"])
    try start()
    try psql(["-d", "postgres", "-c", "CREATE DATABASE team"], user: "admin", password: adminPassword)
  }

  deinit {
    _ = try? runAsPostgres(bin + "/pg_ctl", ["-D", dir + "/data", "-m", "immediate", "-w", "stop"])
    try? FileManager.default.removeItem(atPath: dir)
  }

  /// Stops the server at once (as a crash or a pulled cable would), or starts it again.
  func stop() throws { try runAsPostgres(bin + "/pg_ctl", ["-D", dir + "/data", "-m", "immediate", "-w", "stop"]) }

  func start() throws {
    do {
      try runAsPostgres(
        bin + "/pg_ctl", ["-D", dir + "/data", "-l", dir + "/log", "-w", "-t", "60", "-o", options, "start"])
    } catch {
      // Say why: the server's own log.
      throw Failure("\(error); server log: \(log.suffix(600))")
    }
  }

  /// The server's log (connections are logged, with whether they used TLS).
  var log: String { (try? String(contentsOfFile: dir + "/log", encoding: .utf8)) ?? "" }

  /// `pg_dump` of the team database, as text.
  func dump() throws -> String {
    try run(
      bin + "/pg_dump", ["-h", "127.0.0.1", "-p", String(port), "-U", "admin", "team"],
      env: ["PGPASSWORD": adminPassword])
  }

  func url(_ user: String, database: String = "team", sslmode: String = "disable") -> String {
    "postgres://\(user)@127.0.0.1:\(port)/\(database)?sslmode=\(sslmode)"
  }

  /// Runs psql as `user` with `password`; returns standard output (throws with standard error on failure).
  @discardableResult
  func psql(_ args: [String], user: String, password: String) throws -> String {
    try run(
      bin + "/psql",
      ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"] + args,
      env: ["PGPASSWORD": password])
  }

  private func runAsPostgres(_ tool: String, _ args: [String]) throws {
    if asRoot {
      try run("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + args)
    } else {
      try run(tool, args)
    }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
  }

  /// Runs a tool with posix_spawn and waitpid (not Foundation's Process: the server that `pg_ctl start` forks would
  /// inherit the descriptor Process watches for the child's exit, and the wait would never end), with a deadline.
  @discardableResult
  func run(_ tool: String, _ args: [String], env: [String: String] = [:]) throws -> String {
    let out = dir + "/out-\(UUID().uuidString)"
    let err = dir + "/err-\(UUID().uuidString)"
    defer {
      try? FileManager.default.removeItem(atPath: out)
      try? FileManager.default.removeItem(atPath: err)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = ([tool] + args).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, tool, &actions, nil, argv, envp)
    guard rc == 0 else { throw Failure("cannot start \(tool): \(rc)") }
    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(120)
    while true {
      let r = waitpid(pid, &status, WNOHANG)
      if r == pid { break }
      if r < 0 && errno != EINTR { throw Failure("waitpid failed for \(tool)") }
      if Date() > deadline {
        kill(pid, SIGKILL)
        throw Failure("\(tool) did not finish in 120 s")
      }
      usleep(20_000)
    }
    let stdout = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128
    guard exited == 0 else {
      throw Failure("\(tool) failed: \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
    }
    return stdout
  }

  static func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
  }
}
