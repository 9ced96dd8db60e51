import CSystemLinux

/// Gives the memory that loading the rules freed back to the system.
///
/// Loading allocates far more than the loaded rules keep (each file's text and parse, the
/// vocabulary's build tables, the typo index's variants), and glibc keeps freed pages mapped: a
/// server that has just loaded its rules would carry the load's peak for as long as it runs. The
/// server calls this after it loads or reloads (BENCHMARKS.md, server memory).
public enum FreedMemory {
    public static func release() {
        #if os(Linux)
        _ = csl_malloc_trim()
        #endif
    }
}
