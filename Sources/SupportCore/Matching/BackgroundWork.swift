import Dispatch

/// Work started on another thread now and waited for later: loading rules builds the typo index
/// this way while it compiles the patterns, on the machine's second core (BENCHMARKS.md, sixth
/// session). If nobody waits (the rules had a mistake), the result is dropped when it is done.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    // Written once on the worker thread before `done` is signalled, read only after waiting on it.
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.value = work()
            self.done.signal()
        }
    }

    /// The result, once the work has finished. Call once.
    func wait() -> Value {
        done.wait()
        return value!
    }
}
