import ArgumentParser
import Foundation
import ShortlistCore

struct BackupCommand: Runnable {
  /// Only reads: opened read-only, never created.
  static let access = DatabaseAccess.read
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: "Copy the database while in use (SQLite online backup), 0600, verified with integrity_check.")

  @Argument(help: "The backup file to write.") var file: String
  @Flag(help: "Replace the file if it exists.") var force = false

  func run(in ctx: Context) throws {
    let size = try ctx.db.backup(to: file, force: force)
    ctx.console.print(
      "backed up to \(file) (\(ByteCountFormatter.string(fromByteCount: Int64(size), countStyle: .file)), integrity ok)"
    )
  }
}
