#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import SupportCore
import Synchronization

/// The TCP server: one listening socket per protocol (customers; agents, when there is a desk),
/// shared by one event loop a core. `start()` returns once it listens; `stop()` begins a graceful shutdown and
/// `wait()` returns when every loop has finished.
public final class SupportServer: Sendable {
    public let configuration: ServerConfiguration
    public let customers: CustomerService
    /// The handoff queue customers' handoffs go to and agents work; without one a handoff is
    /// only logged.
    public let desk: HandoffDesk?
    private let shared: ServerShared
    private let state = LockedState()

    public init(configuration: ServerConfiguration, customers: CustomerService, desk: HandoffDesk? = nil) {
        self.configuration = configuration
        self.customers = customers
        self.desk = desk
        shared = ServerShared(configuration: configuration)
        // Ticket ids are session ids with a number: a restarted server numbers sessions after
        // the queue's highest, so no ticket id is given out twice.
        if let desk { shared.sessionCounter.store(desk.highestSessionNumber, ordering: .relaxed) }
    }

    /// Binds, starts the loops, and returns the customer port (useful when configured as 0).
    @discardableResult
    public func start() throws -> UInt16 {
        Sockets.raiseDescriptorLimit()
        signal(SIGPIPE, SIG_IGN)
        let (descriptor, port) = try Sockets.listen(host: configuration.host, port: configuration.port)
        let customers = self.customers, configuration = self.configuration, desk = self.desk
        var listeners = [Listener(name: "customer", descriptor: descriptor, port: port) {
            CustomerProtocol(service: customers, desk: desk, configuration: configuration)
        }]
        if let desk, let agentPort = configuration.agentPort {
            let agents: (descriptor: Int32, port: UInt16)
            do { agents = try Sockets.listen(host: configuration.agentHost, port: agentPort) } catch {
                close(descriptor)
                throw error
            }
            listeners.append(Listener(name: "agent", descriptor: agents.descriptor, port: agents.port) {
                AgentProtocol(desk: desk, idleTimeout: max(configuration.agentIdleTimeout, configuration.idleTimeout))
            })
        }
        var loops: [EventLoop] = []
        for index in 0..<configuration.loops {
            loops.append(try EventLoop(index: index, shared: shared, listeners: listeners))
        }
        let group = DispatchGroup()
        for loop in loops {
            group.enter()
            LoopThread.start(name: "supportbot-lp\(loop.index)") {
                loop.run()
                group.leave()
            }
        }
        state.set(loops: loops, group: group, listeners: listeners.map(\.descriptor), port: port,
                  agentPort: listeners.count > 1 ? listeners[1].port : nil)
        log(.info, "listening", ["host": configuration.host, "port": String(port), "loops": String(configuration.loops),
                                 "max_connections": String(configuration.maximumConnections)])
        return port
    }

    /// The port customers connect to (after `start()`).
    public var port: UInt16 { state.port }

    /// The port agents connect to (after `start()`), if there is one.
    public var agentPort: UInt16? { state.agentPort }

    /// The number of open connections.
    public var connectionCount: Int { shared.connectionCount.load(ordering: .relaxed) }

    /// Stops accepting, tells every connection, and lets them go within the grace period.
    public func stop() {
        guard !shared.stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for loop in state.loops { loop.wakeUp() }
    }

    /// Blocks until every loop has finished after `stop()`, then closes the listening sockets.
    public func wait() {
        state.group?.wait()
        for descriptor in state.listeners { close(descriptor) }
        desk?.sync()
        log(.info, "stopped")
    }

    /// Writes one logfmt line for an event outside the loops (start, stop, a reload), in the same
    /// format and to the same place as the loops' own lines.
    public func log(_ level: LogLevel, _ event: StaticString, _ fields: KeyValuePairs<String, String> = [:]) {
        let log = LogBuffer(descriptor: configuration.logDescriptor)
        log.log(level, event, fields)
        log.flush()
    }
}

/// The parts of the server set by `start()`.
private final class LockedState: Sendable {
    private struct State {
        var loops: [EventLoop] = []
        var group: DispatchGroup?
        var listeners: [Int32] = []
        var port: UInt16 = 0
        var agentPort: UInt16?
    }
    private let state = Mutex(State())

    func set(loops: [EventLoop], group: DispatchGroup, listeners: [Int32], port: UInt16, agentPort: UInt16?) {
        state.withLock { $0 = State(loops: loops, group: group, listeners: listeners, port: port, agentPort: agentPort) }
    }

    var loops: [EventLoop] { state.withLock { $0.loops } }
    var group: DispatchGroup? { state.withLock { $0.group } }
    var listeners: [Int32] { state.withLock { $0.listeners } }
    var port: UInt16 { state.withLock { $0.port } }
    var agentPort: UInt16? { state.withLock { $0.agentPort } }
}
