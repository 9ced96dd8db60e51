#if canImport(Glibc)
import Glibc
#endif

/// Gives back the memory a string literal of the binary took once it has been read.
///
/// The compiled rules are embedded as ~10 MB of base64 that is read once, at start-up. The kernel
/// keeps the pages it read from the binary in the process's resident set; a server would hold
/// them for as long as it runs (10 MiB of its RSS, BENCHMARKS.md, twenty-fourth session). They
/// are the binary's read-only data, never written: dropped, they would be read from the file again
/// if anything touched them, so dropping them cannot change what the literal holds.
enum LiteralPages {
    static func release(_ literal: StaticString) {
        #if canImport(Glibc)
        guard literal.hasPointerRepresentation, literal.utf8CodeUnitCount > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        // Whole pages inside the literal only: the data around it stays as it was.
        let start = Int(bitPattern: literal.utf8Start), end = start + literal.utf8CodeUnitCount
        let first = (start + page - 1) / page * page, last = end / page * page
        guard last > first, let pages = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(pages, last - first, MADV_DONTNEED)
        #endif
    }
}
