import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// A problem with the team server, said in one line: what happened and what to do. Never carries a password.
public struct TeamError: Error, Equatable, CustomStringConvertible, LocalizedError {
  public var description: String
  public var errorDescription: String? { description }
  public init(_ description: String) { self.description = description }
}

/// Runs async work from the synchronous CLI, waiting for its result.
final class Blocking<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var result: Result<T, any Error>?

  private func set(_ r: Result<T, any Error>) {
    lock.lock()
    result = r
    lock.unlock()
  }

  /// Waits for `work`. `alive`, when given, is asked every second: once it says the connection is gone, the wait
  /// ends two seconds later with `gone` even if the work never returns (a statement in flight on a connection the
  /// server dropped can wait forever).
  static func run(
    alive: (@Sendable () -> Bool)? = nil, gone: TeamError? = nil, _ work: @escaping @Sendable () async throws -> T
  ) throws -> T {
    let box = Blocking<T>()
    let done = DispatchSemaphore(value: 0)
    let task = Task {
      let r: Result<T, any Error>
      do { r = .success(try await work()) } catch { r = .failure(error) }
      box.set(r)
      done.signal()
    }
    if let alive {
      var deadSince: Date?
      while done.wait(timeout: .now() + 1) == .timedOut {
        if alive() {
          deadSince = nil
        } else if let since = deadSince, Date().timeIntervalSince(since) >= 2 {
          task.cancel()
          throw gone ?? TeamError("the team server closed the connection")
        } else if deadSince == nil {
          deadSince = Date()
        }
      }
    } else {
      done.wait()
    }
    box.lock.lock()
    defer { box.lock.unlock() }
    return try box.result!.get()
  }
}

/// One connection to the team server as one PostgreSQL role. Statements run one at a time; every value is a bind
/// parameter, except role names and generated passwords in the few statements PostgreSQL cannot parametrise, which
/// are validated and quoted here.
public final class TeamServer: @unchecked Sendable {
  let connection: PostgresConnection
  let logger: Logger
  public let url: TeamURL

  static let quietLogger: Logger = {
    var l = Logger(label: "shortlist.team")
    l.logLevel = .critical
    return l
  }()

  private init(connection: PostgresConnection, url: TeamURL) {
    self.connection = connection
    self.logger = Self.quietLogger
    self.url = url
  }

  /// Connects as the URL's user with the password of the URL, `PGPASSWORD` or `~/.pgpass`.
  public static func connect(_ url: TeamURL, environment: [String: String], timeout: Int64 = 10) throws -> TeamServer {
    let password = url.resolvedPassword(environment: environment)
    var tls: PostgresConnection.Configuration.TLS = .disable
    do {
      switch url.sslMode {
      case .disable: tls = .disable
      case .prefer, .require:
        var c = TLSConfiguration.makeClientConfiguration()
        c.certificateVerification = .none
        let context = try NIOSSLContext(configuration: c)
        tls = url.sslMode == .prefer ? .prefer(context) : .require(context)
      case .verifyFull:
        var c = TLSConfiguration.makeClientConfiguration()
        let home = environment["HOME"] ?? NSHomeDirectory()
        if let roots = url.sslRootCert
          ?? [home + "/.postgresql/root.crt"].first(where: {
            FileManager.default.fileExists(atPath: $0)
          })
        {
          guard FileManager.default.isReadableFile(atPath: roots) else {
            throw TeamError("cannot read the root certificate '\(roots)' (sslrootcert)")
          }
          c.trustRoots = .file(roots)
        }
        tls = .require(try NIOSSLContext(configuration: c))
      }
    } catch let e as TeamError {
      throw e
    } catch {
      throw TeamError("cannot set up TLS for \(url.display): \(String(describing: error).prefix(160))")
    }
    var config = PostgresConnection.Configuration(
      host: url.host, port: url.port, username: url.user, password: password, database: url.database, tls: tls)
    config.options.connectTimeout = .seconds(timeout)
    // The protocol this client speaks: a server upgraded past it says so (an older client is told to update).
    // A pull is one statement whose UNION ALL branches come in table order: no parallel plan interleaves them. Its
    // estimated cost passes the JIT threshold even when little changed, and compiling it took 130 ms of a 160 ms
    // incremental sync (measured at 2,000 candidates): no JIT for these short statements.
    config.options.additionalStartupParameters = [
      ("shortlist.client", String(TeamSchema.clientVersion)), ("max_parallel_workers_per_gather", "0"), ("jit", "off"),
    ]
    // The certificate's chain is always checked under verify-full; its name is checked against a host name (TLS
    // cannot name an IP address; with an IP address only the chain is checked).
    if url.sslMode == .verifyFull, !Self.isIPAddress(url.host) { config.options.tlsServerName = url.host }
    let configuration = config
    let logger = quietLogger
    do {
      let connection = try Blocking.run {
        try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
      }
      return TeamServer(connection: connection, url: url)
    } catch {
      throw Self.explain(
        error, url: url, hadPassword: password != nil, notice: url.pgpassNotice(environment: environment))
    }
  }

  public func close() {
    let c = connection
    _ = try? Blocking.run { try await c.close() }
  }

  /// Runs one statement; returns its rows decoded by `decode`.
  @discardableResult
  func run<T: Sendable>(_ query: PostgresQuery, _ decode: @escaping @Sendable (PostgresRow) throws -> T) throws -> [T] {
    let c = connection
    let logger = self.logger
    do {
      return try Blocking.run(alive: { !c.isClosed }, gone: closed) {
        var out: [T] = []
        for try await row in try await c.query(query, logger: logger) { out.append(try decode(row)) }
        return out
      }
    } catch {
      throw Self.explain(error, url: url, hadPassword: true)
    }
  }

  func exec(_ query: PostgresQuery) throws { try run(query) { _ in () } }

  /// The error for a connection the server dropped in the middle of a statement.
  var closed: TeamError {
    TeamError("the team server at \(url.host):\(url.port) closed the connection (\(url.display)); is it running?")
  }

  /// Runs one statement and hands each row to `body` as it arrives (PostgresNIO reads ahead only a little), so a
  /// result of any size passes in bounded memory.
  func stream(_ query: PostgresQuery, _ body: @escaping @Sendable (PostgresRow) throws -> Void) throws {
    let c = connection
    let logger = self.logger
    do {
      try Blocking.run(alive: { !c.isClosed }, gone: closed) {
        for try await row in try await c.query(query, logger: logger) { try body(row) }
      }
    } catch let e as TeamError {
      throw e
    } catch {
      throw Self.explain(error, url: url, hadPassword: true)
    }
  }

  /// One line for any failure, in the user's terms, with no password in it.
  static func explain(_ error: any Error, url: TeamURL, hadPassword: Bool, notice: String? = nil) -> TeamError {
    if let e = error as? TeamError { return e }
    if let p = error as? PSQLError {
      if let state = p.serverInfo?[.sqlState] {
        let message = p.serverInfo?[.message] ?? "error \(state)"
        switch state {
        case "28P01", "28000":
          return TeamError(
            "the team server at \(url.display) refused \(url.user)'s password"
              + (hadPassword ? "" : " (none given: \(notice ?? "set PGPASSWORD or add a ~/.pgpass line"))"))
        case "3D000": return TeamError("the team server has no database '\(url.database)' (\(url.display))")
        case "42501": return TeamError("permission denied on the team server: \(message)")
        default: return TeamError("the team server said: \(message) (\(state))")
        }
      }
      let underlying = p.underlying.map { String(describing: $0) } ?? ""
      if underlying.contains("CERTIFICATE") || underlying.contains("certificate") || underlying.contains("handshake") {
        return TeamError(
          "the team server at \(url.host):\(url.port) did not present a certificate this laptop trusts for "
            + "\(url.host) (sslmode=\(url.sslMode.rawValue)); give its CA with ?sslrootcert=FILE or ~/.postgresql/root.crt"
        )
      }
      switch p.code {
      case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
        return TeamError("cannot reach the team server at \(url.host):\(url.port) (\(url.display)); is it running?")
      case .sslUnsupported:
        return TeamError("the team server at \(url.display) does not offer TLS; use ?sslmode=prefer or disable")
      case .authMechanismRequiresPassword:
        return TeamError(
          "the team server at \(url.display) needs a password for \(url.user): "
            + (notice ?? "set PGPASSWORD or add a ~/.pgpass line"))
      default:
        return TeamError("the team server at \(url.display) failed: \(p.code)")
      }
    }
    let text = String(describing: error)
    if text.contains("refused") || text.contains("connect") {
      return TeamError("cannot reach the team server at \(url.host):\(url.port) (\(url.display)); is it running?")
    }
    return TeamError("the team server at \(url.display) failed: \(text.prefix(200))")
  }

  static func isIPAddress(_ host: String) -> Bool {
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
  }

  /// A role name the tool may put in SQL text: letters, digits, `_`, starting with a letter; at most 63 bytes.
  public static func checkRoleName(_ name: String) throws -> String {
    let n = name.lowercased()
    guard let first = n.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first), n.utf8.count <= 63,
      n.unicodeScalars.allSatisfy({
        ($0.value >= 97 && $0.value <= 122) || ($0.value >= 48 && $0.value <= 57) || $0 == "_"
      })
    else {
      throw TeamError(
        "'\(name)' is not a member name the server takes: lowercase letters, digits and _, starting with a letter")
    }
    guard !n.hasPrefix("pg_"), !n.hasPrefix("shortlist_") else {
      throw TeamError("'\(name)' is reserved; pick another name")
    }
    return n
  }
}
