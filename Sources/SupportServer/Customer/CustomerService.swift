import SupportCore
import Synchronization

/// What customer sessions are built from: the bundle (rules, articles, replies) and the service
/// health. Shared by every event loop; a reload swaps it whole, and only new sessions see the new one.
public final class CustomerService: Sendable {
    public struct State: Sendable {
        public var bundle: SupportBundle
        public var health: StaticServiceHealth
        public var generation: Int
    }

    private let current: Mutex<State>

    public init(bundle: SupportBundle, incidents: [Incident] = []) {
        current = Mutex(State(bundle: bundle, health: StaticServiceHealth(incidents), generation: 0))
    }

    public var state: State { current.withLock { $0 } }

    /// Replaces the bundle and incidents for sessions that start from now on.
    public func replace(bundle: SupportBundle, incidents: [Incident]) {
        current.withLock { $0 = State(bundle: bundle, health: StaticServiceHealth(incidents), generation: $0.generation + 1) }
    }
}
