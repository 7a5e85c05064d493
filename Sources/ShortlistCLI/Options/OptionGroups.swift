import ArgumentParser
import ShortlistCore

/// `--out FILE` and `--force`: a report written to a file instead of the screen (the one writer: created 0600,
/// never through a link, replaced only with --force).
struct OutputOptions: ParsableArguments {
  @Option(
    parsing: .unconditional, help: "Write to this file (created 0600; - for standard output) instead of the screen.")
  var out: String?
  @Flag(help: "Replace the --out file if it exists.") var force = false
}

/// `--role` for a report over a role's candidates: the role in use by default, `all` for everyone.
struct RoleScopeOption: ParsableArguments {
  @Option(parsing: .unconditional, help: "Role (default: the role in use; `all` for every candidate).") var role:
    String?

  /// True for `--role all`.
  var isAll: Bool { role?.lowercased() == "all" }
}

/// `--role` for a command about one candidate's application: the role in use, else the candidate's only role.
struct ApplicationRoleOption: ParsableArguments {
  @Option(parsing: .unconditional, help: "The role (default: the role in use, else the candidate's only role).")
  var role: String?
}

/// `--force` with the `--note` that must say why (a move the pipeline rule refuses, a hire over a no).
struct ForceNoteOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Why (kept with the move; needed with --force).") var note: String?
  @Flag(help: "Make a move the pipeline rule refuses (needs --note; recorded as forced).") var force = false

  func validate() throws {
    if force && (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw ValidationError("--force needs --note WHY (the note is kept with the move)")
    }
  }
}

extension RoleScopeOption {
  /// The role the report is about; nil for `all`.
  func resolve(_ ctx: Context) throws -> Role? { isAll ? nil : try ctx.effectiveRole(role) }
}

/// `--format table|json`: a view with no CSV form (csv is refused, not ignored).
struct ViewFormatOption: ParsableArguments {
  @Option(parsing: .unconditional, help: "table or json.") var format: ViewFormat = .table
}

/// `--format table|json|csv`: a listing.
struct ListFormatOption: ParsableArguments {
  @Option(parsing: .unconditional, help: "table, json or csv.") var format: ListFormat = .table
}
