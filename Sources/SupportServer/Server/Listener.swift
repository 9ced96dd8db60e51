#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A listening socket shared by every event loop, and how to make its protocol on each loop.
struct Listener: Sendable {
    let name: String
    let descriptor: Int32
    let port: UInt16
    let makeProtocol: @Sendable () -> ListenerProtocol
}

/// What the event loops share: the configuration and a few counters.
final class ServerShared: Sendable {
    let configuration: ServerConfiguration
    let connectionCount = Atomic<Int>(0)
    let sessionCounter = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)

    init(configuration: ServerConfiguration) {
        self.configuration = configuration
    }
}
