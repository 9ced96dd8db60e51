@testable import SupportCore
import Glibc
import Synchronization
import Testing

@Suite struct DeferredReleaseTests {
    /// Reports the thread its deinit runs on.
    private final class Tracked {
        let freed: @Sendable (pthread_t) -> Void
        init(_ freed: @escaping @Sendable (pthread_t) -> Void) { self.freed = freed }
        deinit { freed(pthread_self()) }
    }

    /// Both halves in one test: `freeWhereDropped` is for the whole process and cannot be undone.
    @Test func freesOnAnotherThread_untilToldToFreeWhereDropped() {
        let caller = pthread_self()
        let freedOn = Mutex<pthread_t?>(nil)
        DeferredRelease.release(Tracked { thread in freedOn.withLock { $0 = thread } })
        DeferredRelease.wait()
        let deferred = freedOn.withLock { $0 }
        #expect(deferred != nil)
        #expect(deferred.map { pthread_equal($0, caller) } == 0)

        freedOn.withLock { $0 = nil }
        DeferredRelease.freeWhereDropped()
        DeferredRelease.release(Tracked { thread in freedOn.withLock { $0 = thread } })
        let inline = freedOn.withLock { $0 }  // no waiting: freed before `release` returned
        #expect(inline != nil)
        #expect(inline.map { pthread_equal($0, caller) != 0 } == true)
    }
}
