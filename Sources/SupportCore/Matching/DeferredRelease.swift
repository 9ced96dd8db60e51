import Dispatch
import Synchronization

/// Frees, on another thread, what loading built and no longer needs: the parse of the rule files
/// and the compiler's tables, tens of thousands of arrays and strings whose release cost the
/// loading thread 8% of its instructions (BENCHMARKS.md, eighteenth session). `classify`,
/// `explain` and `lint` start on their input that much sooner.
public enum DeferredRelease {
    private static let pending = DispatchGroup()
    private static let deferring = Atomic<Bool>(true)

    /// Takes `value` and drops it on another thread (on this one after `freeWhereDropped`). The
    /// caller must hold no other reference to what it owns, or the last release, and the
    /// freeing, happens wherever that one goes.
    static func release<Value>(_ value: consuming Value) {
        let box = Box(consume value)  // moved, not copied: no reference stays behind on this thread
        guard deferring.load(ordering: .relaxed) else { return }  // `box` goes, and frees, here
        DispatchQueue.global(qos: .utility).async(group: pending) { box.value = nil }
    }

    /// From now on, frees what it is given at once, on the caller's thread. The server calls it:
    /// a long-running process gains little from a faster start, and memory freed on another thread
    /// left its heap 1 MiB larger for good (glibc; measured with 10,000 idle sessions).
    public static func freeWhereDropped() {
        deferring.store(false, ordering: .relaxed)
    }

    /// Returns once everything handed over has been freed.
    public static func wait() {
        pending.wait()
    }

    /// Moves a value into the worker's closure; only that closure touches it afterwards.
    private final class Box: @unchecked Sendable {
        var value: Any?
        init(_ value: Any) { self.value = value }
    }
}
