import Foundation

/// A team server's address: `postgres://USER@HOST[:PORT]/DATABASE[?sslmode=...]` (`postgresql://` too). A password
/// in the URL is used for this connection only: never stored, logged or shown (`display` drops it).
public struct TeamURL: Sendable, Equatable {
  public enum SSLMode: String, Sendable, CaseIterable {
    case disable, prefer, require
    case verifyFull = "verify-full"
  }

  public var user: String
  public var host: String
  public var port: Int
  public var database: String
  public var sslMode: SSLMode
  /// libpq's `sslrootcert`: the certificate authorities trusted for `verify-full` (default `~/.postgresql/root.crt`
  /// when it exists, else the system's).
  public var sslRootCert: String?
  /// Only from the URL itself; `PGPASSWORD` and `~/.pgpass` are read when connecting.
  public var password: String?

  public struct Invalid: Error, Equatable, CustomStringConvertible {
    public var description: String
  }

  static let usage = "postgres://USER@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full]"

  public init(_ text: String) throws {
    let t = text.trimmingCharacters(in: .whitespaces)
    var rest: Substring
    if t.hasPrefix("postgres://") {
      rest = t.dropFirst("postgres://".count)
    } else if t.hasPrefix("postgresql://") {
      rest = t.dropFirst("postgresql://".count)
    } else {
      throw Invalid(description: "a team URL starts with postgres://; give \(Self.usage)")
    }
    var query: Substring = ""
    if let q = rest.firstIndex(of: "?") {
      query = rest[rest.index(after: q)...]
      rest = rest[..<q]
    }
    guard let slash = rest.firstIndex(of: "/") else {
      throw Invalid(description: "the team URL names no database; give \(Self.usage)")
    }
    let authority = rest[..<slash]
    let db = String(rest[rest.index(after: slash)...]).removingPercentEncoding ?? ""
    guard !db.isEmpty, !db.contains("/") else {
      throw Invalid(description: "the team URL names no database; give \(Self.usage)")
    }
    guard let at = authority.lastIndex(of: "@") else {
      throw Invalid(description: "the team URL names no user (USER@HOST); give \(Self.usage)")
    }
    let userInfo = authority[..<at]
    var hostPort = authority[authority.index(after: at)...]
    if userInfo.contains(":") {
      // A password in a URL stays in shell history, in `ps` and in anything that logs the command.
      throw Invalid(
        description:
          "a password inside the team URL is refused (it would stay in shell history); set PGPASSWORD or add a ~/.pgpass line"
      )
    } else {
      user = String(userInfo).removingPercentEncoding ?? ""
      password = nil
    }
    guard !user.isEmpty else {
      throw Invalid(description: "the team URL names no user (USER@HOST); give \(Self.usage)")
    }
    port = 5432
    if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
      host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
      hostPort = hostPort[hostPort.index(after: close)...]
      if hostPort.hasPrefix(":") {
        guard let p = Int(hostPort.dropFirst()), (1...65535).contains(p) else {
          throw Invalid(description: "the team URL's port is not a number from 1 to 65535")
        }
        port = p
      }
    } else if let colon = hostPort.lastIndex(of: ":") {
      host = String(hostPort[..<colon])
      guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
        throw Invalid(description: "the team URL's port is not a number from 1 to 65535")
      }
      port = p
    } else {
      host = String(hostPort)
    }
    guard !host.isEmpty else { throw Invalid(description: "the team URL names no host; give \(Self.usage)") }
    database = db
    sslMode = .prefer
    for pair in query.split(separator: "&") {
      let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard kv.count == 2 else { continue }
      if kv[0] == "sslrootcert" {
        sslRootCert = kv[1].removingPercentEncoding ?? kv[1]
      } else if kv[0] == "sslmode" {
        guard let m = SSLMode(rawValue: kv[1]) else {
          throw Invalid(
            description:
              "sslmode '\(kv[1])' is not known; accepted: \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = m
      }
    }
  }

  /// The URL without its password: what is stored and shown.
  public var display: String {
    let h = host.contains(":") ? "[\(host)]" : host
    var query: [String] = sslMode == .prefer ? [] : ["sslmode=\(sslMode.rawValue)"]
    if let sslRootCert { query.append("sslrootcert=\(sslRootCert)") }
    return "postgres://\(user)@\(h)\(port == 5432 ? "" : ":\(port)")/\(database)"
      + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
  }

  /// The password: the URL's, else `PGPASSWORD`, else the first matching `~/.pgpass` line (libpq's rules: a file
  /// readable by others is ignored; `*` matches anything; `\:` and `\\` are escapes).
  public func resolvedPassword(environment: [String: String]) -> String? {
    if let password { return password }
    if let p = environment["PGPASSWORD"], !p.isEmpty { return p }
    let file =
      environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
    return PgPass.lookup(file: file, host: host, port: port, database: database, user: user)
  }

  /// Why no password came from the password file although there is one (it is readable by others, as libpq also
  /// refuses), or nil.
  public func pgpassNotice(environment: [String: String]) -> String? {
    if password != nil || !(environment["PGPASSWORD"] ?? "").isEmpty { return nil }
    let file =
      environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
    var info = stat()
    guard stat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 != 0 else { return nil }
    return "\(file) was ignored: others can read it (chmod 600 \(file))"
  }
}

/// `~/.pgpass`: `hostname:port:database:username:password` lines.
public enum PgPass {
  public static func lookup(file: String, host: String, port: Int, database: String, user: String) -> String? {
    var info = stat()
    guard stat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 == 0,
      let text = try? String(contentsOfFile: file, encoding: .utf8)
    else { return nil }
    for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
      let fields = split(String(line))
      guard fields.count == 5 else { continue }
      let wanted = [host, String(port), database, user]
      if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
    }
    return nil
  }

  /// Splits on unescaped `:`; `\:` and `\\` are a colon and a backslash.
  static func split(_ line: String) -> [String] {
    var out: [String] = []
    var current = ""
    var escape = false
    for ch in line {
      if escape {
        current.append(ch)
        escape = false
      } else if ch == "\\" {
        escape = true
      } else if ch == ":" {
        out.append(current)
        current = ""
      } else {
        current.append(ch)
      }
    }
    out.append(current)
    return out
  }
}
