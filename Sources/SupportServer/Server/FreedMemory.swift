import CSystemLinux
import SupportCore
#if canImport(Glibc)
import Glibc
#endif

/// How the server keeps the C heap small: it gives back what loading the rules freed, and its
/// threads share arenas.
///
/// Loading allocates far more than the loaded rules keep (each file's text and parse, the
/// vocabulary's build tables, the typo index's variants), and glibc keeps freed pages mapped: a
/// server that has just loaded its rules would carry the load's peak for as long as it runs. The
/// server calls this after it loads or reloads (BENCHMARKS.md, server memory).
public enum FreedMemory {
    public static func release() {
        DeferredRelease.wait()  // anything loading left to another thread to free is given back too
        #if os(Linux)
        _ = csl_malloc_trim()
        #endif
    }

    /// Lets the server's threads share two malloc arenas instead of one each.
    ///
    /// glibc gives every thread that allocates its own arena, up to eight a core, and an arena
    /// keeps the pages it has touched: loading's helper threads and the event loops each carried
    /// their own. Two arenas hold 10,000 idle sessions in 29.6-29.8 MiB where the default took
    /// 33.6-33.8, with the same turns a second at 100 and 1,000 clients (BENCHMARKS.md, server
    /// memory, seventeenth session). Call before the first thread starts; an operator's
    /// `MALLOC_ARENA_MAX` is left as it is.
    public static func shareArenas() {
        #if os(Linux)
        if getenv("MALLOC_ARENA_MAX") == nil { _ = csl_limit_malloc_arenas(2) }
        #endif
    }
}
