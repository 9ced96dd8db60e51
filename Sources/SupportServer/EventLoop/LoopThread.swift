#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemLinux

/// A thread of its own for one event loop: a loop blocks in its kernel queue's wait, so it
/// cannot borrow a thread from Dispatch's pool. POSIX threads directly, since Foundation's
/// `Thread` would link libFoundation and ICU into the server for this one use (~6.5 MiB;
/// BENCHMARKS.md, server memory).
enum LoopThread {
    /// Runs `body` on a new detached thread named `name` (at most 15 bytes are kept, the
    /// kernel's limit), which `top -H` and debuggers show.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Context(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let context = Unmanaged<Context>.fromOpaque(raw!).takeRetainedValue()
            csl_name_this_thread(context.name)
            context.body()
            return nil
        }, context)
        precondition(result == 0, "pthread_create failed (\(result)): the system is out of threads")
        pthread_detach(thread)
    }

    private final class Context {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) { self.name = name; self.body = body }
    }
}
