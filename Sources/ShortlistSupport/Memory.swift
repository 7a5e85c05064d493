#if os(Linux)
  /// glibc's `malloc_trim`, which its Swift module does not export.
  @_silgen_name("malloc_trim")
  private func mallocTrim(_ pad: Int) -> Int32
#endif

/// The process's heap.
public enum Memory {
  /// Gives the pages of freed memory back to the system (glibc keeps them otherwise, so a report read in slices
  /// would stay as large as its largest slice left the heap, times the slices' fragments). Nothing elsewhere.
  public static func giveBack() {
    #if os(Linux)
      _ = mallocTrim(0)
    #endif
  }
}
