#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The stop and reload signals of a server, taken by a thread of their own with `sigwait`.
///
/// They are blocked before any thread starts, so every thread inherits the block and a signal
/// that comes at any moment waits, pending, until the waiting thread takes it: none is lost and
/// none ends the process with its default action. (Ignoring them until Dispatch's signal sources
/// were armed dropped a SIGTERM sent in between: a test's server then never stopped.)
public enum SignalWaiter {
    /// Blocks `signals` in the calling thread, and so in every thread started after, and
    /// unblocks every other signal the process inherited blocked (a parent's thread may have
    /// blocked nearly all of them). Call it first, before any thread is started.
    public static func block(_ signals: [Int32]) {
        var set = signalSet(signals)
        pthread_sigmask(SIG_SETMASK, &set, nil)
    }

    /// Starts the thread that waits for `signals` (blocked with `block`) and calls `handle` with
    /// each, in the order they come.
    public static func start(_ signals: [Int32], _ handle: @escaping @Sendable (Int32) -> Void) {
        LoopThread.start(name: "signals") {
            var set = signalSet(signals)
            while true {
                var number: Int32 = 0
                guard sigwait(&set, &number) == 0 else { continue }
                handle(number)
            }
        }
    }

    private static func signalSet(_ signals: [Int32]) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        return set
    }
}
