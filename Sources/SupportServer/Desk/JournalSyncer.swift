#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// The journal's disk syncs, on a thread of their own: woken by the first record written after a
/// sync, it waits `delay` for more to gather, then syncs them all with one `fdatasync`.
final class JournalSyncer: Sendable {
    private let descriptor: Int32
    private let delay: Duration
    private let dirty = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(descriptor: Int32, delay: Duration) {
        self.descriptor = descriptor
        self.delay = delay
        LoopThread.start(name: "supportbot-sync") { [self] in run() }
    }

    /// A record was written: sync it soon.
    func needed() {
        if !dirty.exchange(true, ordering: .acquiringAndReleasing) { wake.signal() }
    }

    /// Syncs what is left and ends the thread (before the descriptor is closed).
    func stop() {
        stopped.store(true, ordering: .releasing)
        wake.signal()
        finished.wait()
    }

    private func run() {
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        while true {
            wake.wait()
            let stopping = stopped.load(ordering: .acquiring)
            if !stopping { usleep(useconds_t(nanoseconds / 1000)) }
            // Cleared before the sync: a record written during it asks for the next one.
            if dirty.exchange(false, ordering: .acquiringAndReleasing) { fdatasync(descriptor) }
            if stopping { break }
        }
        finished.signal()
    }
}
