import Foundation
import ShortlistStore

/// Ctrl-C while a REPL command runs: the signal handler writes a byte to a pipe (all it may safely do) and a watcher
/// thread interrupts the database work of the open database, which rolls back. Inside readline, Ctrl-C clears the
/// line instead (see `CReadline`).
final class Interrupts: @unchecked Sendable {
  static let shared = Interrupts()
  private let lock = NSLock()
  private var database: AppDatabase?
  /// Ctrl-C was pressed during this command (kept for a database the command opens after it).
  private var pending = false

  /// The database commands use now (set by `Context` when it opens or closes one).
  var current: AppDatabase? {
    get { lock.withLock { database } }
    set {
      let stop = lock.withLock {
        database = newValue
        return pending
      }
      if stop { newValue?.interrupt() }
    }
  }

  /// A new command starts: a Ctrl-C typed before it no longer counts.
  func newCommand() {
    let db = lock.withLock {
      pending = false
      return database
    }
    db?.clearInterrupt()
  }

  func fire() {
    let db = lock.withLock {
      pending = true
      return database
    }
    db?.interrupt()
  }

  /// Starts the watcher on the pipe's read end (nothing when the pipe could not be made).
  func watch(fd: Int32) {
    guard fd >= 0 else { return }
    Thread.detachNewThread { [self] in
      var byte: UInt8 = 0
      while true {
        let n = read(fd, &byte, 1)
        if n == 1 {
          fire()
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          return
        }
      }
    }
  }
}
