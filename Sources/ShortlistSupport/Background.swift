import Dispatch

/// A value computed on another core while the caller goes on; `result` waits for it. Reports use it to overlap
/// independent work (the agreement statistics with writing the candidates, the notes with ranking).
public final class Background<T: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  // Written once by the work before `done` is signalled; read only after waiting for it.
  private var value: T?

  public init(_ work: @escaping @Sendable () -> T) {
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      value = work()
      done.signal()
    }
  }

  public var result: T {
    done.wait()
    done.signal()  // later reads do not wait again
    return value!
  }
}
