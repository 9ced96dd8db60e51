#if canImport(Glibc)
import Glibc
#endif
import CSystemLinux
import Synchronization

/// One thread's event loop: it accepts connections from the listening sockets it shares with the
/// other loops, reads lines, enforces the limits, hands lines to each connection's handler and
/// writes what the handlers send, all on one thread with epoll. Nothing here blocks.
///
/// Shared with other threads: only `wakeUp()`, `post(to:id:_:)` and the atomics in `ServerShared`.
final class EventLoop: @unchecked Sendable {
    let index: Int
    let log: LogBuffer
    private let shared: ServerShared
    private let queue: EventQueue
    private let wakeDescriptor: Int32
    private var listeners: [Int32: (listener: Listener, protocol: ListenerProtocol)] = [:]
    /// Connections by descriptor number.
    private var connections: [Connection?] = []
    private var open = 0
    private let readBuffer: UnsafeMutableBufferPointer<UInt8>
    private var now: UInt64 = monotonicNanoseconds()
    private var nextIdleCheck: UInt64 = 0
    private var stopDeadline: UInt64?
    /// When the log lines written since the last flush must be out at the latest.
    private var logDeadline: UInt64 = .max
    /// How long a log line may wait in the loop's buffer. Writing the buffer at every wake-up cost
    /// a system call for every two turns under load; this bounds how late a line reaches the log.
    static let logDelay: UInt64 = 20_000_000
    /// Bytes a handler encodes a turn into before sending; kept, with its capacity, across turns.
    private var scratch: [UInt8] = []
    /// Work other threads hand this loop for one of its connections (an agent's line for a
    /// customer, a customer's line for an agent), run at the loop's next wake-up.
    private let mailbox = Mutex<[Delivery]>([])

    private struct Delivery {
        let descriptor: Int32
        let id: String
        let work: @Sendable (ConnectionHandler, ConnectionIO) -> Void
    }

    init(index: Int, shared: ServerShared, listeners: [Listener]) throws {
        self.index = index
        self.shared = shared
        log = LogBuffer(descriptor: shared.configuration.logDescriptor)
        queue = try EpollQueue()
        wakeDescriptor = csl_eventfd()
        guard wakeDescriptor >= 0 else { throw SocketError.makeFailed("eventfd") }
        try queue.add(wakeDescriptor, reading: true, writing: false, exclusive: false)
        readBuffer = .allocate(capacity: 64 * 1024)
        for listener in listeners {
            try queue.add(listener.descriptor, reading: true, writing: false, exclusive: true)
            self.listeners[listener.descriptor] = (listener, listener.makeProtocol())
        }
    }

    deinit {
        readBuffer.deallocate()
        Glibc.close(wakeDescriptor)
    }

    /// Calls `body` with the loop's scratch bytes, emptied.
    func withScratch<R>(_ body: (inout [UInt8]) -> R) -> R {
        scratch.removeAll(keepingCapacity: true)
        return body(&scratch)
    }

    /// Asks the loop to look at the shared state (stop, reload) from another thread.
    func wakeUp() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, 8)
    }

    /// Runs `work` on this loop's thread with the connection's handler, if the connection (the
    /// descriptor still holding the connection `id`) is open by then.
    func post(to descriptor: Int32, id: String, _ work: @escaping @Sendable (ConnectionHandler, ConnectionIO) -> Void) {
        mailbox.withLock { $0.append(Delivery(descriptor: descriptor, id: id, work: work)) }
        wakeUp()
    }

    private func deliverMail() {
        let deliveries = mailbox.withLock { mail in
            let taken = mail
            mail.removeAll()
            return taken
        }
        for delivery in deliveries {
            guard let connection = connection(delivery.descriptor), connection.id == delivery.id, connection.closeReason == nil else { continue }
            delivery.work(connection.handler, ConnectionIO(loop: self, connection: connection))
        }
    }

    /// Runs until the server stops and every connection is closed (or the grace period ends).
    func run() {
        let configuration = shared.configuration
        let idleNanoseconds = UInt64(configuration.idleTimeout.components.seconds) * 1_000_000_000
            + UInt64(configuration.idleTimeout.components.attoseconds / 1_000_000_000)
        let checkInterval = max(10_000_000, min(1_000_000_000, idleNanoseconds / 4))
        nextIdleCheck = now + checkInterval
        if shared.stopping.load(ordering: .acquiring) { beginStop() }
        while true {
            let waitNanoseconds = min(logDeadline, stopDeadline.map { min($0, nextIdleCheck) } ?? nextIdleCheck)
            let timeout = Int32(clamping: (waitNanoseconds > now ? waitNanoseconds - now : 0) / 1_000_000 + 1)
            for event in queue.wait(timeout: timeout) {
                now = monotonicNanoseconds()
                if event.descriptor == wakeDescriptor {
                    var value: UInt64 = 0
                    _ = read(wakeDescriptor, &value, 8)
                    if shared.stopping.load(ordering: .acquiring) && stopDeadline == nil { beginStop() }
                    deliverMail()
                } else if let entry = listeners[event.descriptor] {
                    accept(from: entry.listener, entry.protocol)
                } else if let connection = connection(event.descriptor) {
                    if event.readable || event.hangUp { readAvailable(connection) }
                    if event.writable, connection.closeReason == nil || connection.queuedBytes > 0 { flush(connection) }
                }
            }
            now = monotonicNanoseconds()
            if now >= nextIdleCheck {
                closeIdle(olderThan: idleNanoseconds, after: configuration.idleTimeout)
                nextIdleCheck = now + checkInterval
            }
            if let deadline = stopDeadline, open == 0 || now >= deadline {
                for case let connection? in connections { close(connection, reason: .shutdown) }
                log.flush()
                return
            }
            if log.isEmpty {
                logDeadline = .max
            } else if logDeadline == .max {
                logDeadline = now + Self.logDelay
            } else if now >= logDeadline {
                log.flush()
                logDeadline = .max
            }
            // A loop with work never blocks, so on a busy machine it would give up its core only
            // at the scheduler's tick (4 ms here), and every connection waiting on a descheduled
            // loop or client would wait that long. Yielding once a wake-up lets them in at once:
            // p99 at 100 clients went from ~5 ms to ~2.8 ms for ~3% of throughput (BENCHMARKS.md).
            sched_yield()
        }
    }

    // MARK: - Accepting

    private func accept(from listener: Listener, _ proto: ListenerProtocol) {
        let configuration = shared.configuration
        while true {
            var peer = sockaddr_in()
            let fd = csl_accept(listener.descriptor, &peer)
            if fd < 0 {
                if errno == EINTR { continue }
                if errno != EAGAIN && errno != EWOULDBLOCK {
                    log.log(.error, "accept_failed", ["listener": listener.name, "error": String(cString: strerror(errno))])
                }
                return
            }
            let count = shared.connectionCount.wrappingAdd(1, ordering: .relaxed).newValue
            if count > configuration.maximumConnections {
                shared.connectionCount.wrappingSubtract(1, ordering: .relaxed)
                let refusal = proto.refusal(limit: configuration.maximumConnections)
                var bytes = Array(refusal.utf8)
                _ = write(fd, &bytes, bytes.count)  // best effort: the socket buffer is empty
                Glibc.close(fd)
                log.log(.warn, "refused", ["listener": listener.name, "reason": "max_connections", "limit": String(configuration.maximumConnections)])
                continue
            }
            Sockets.configureAccepted(fd, sendBuffer: 64 * 1024)
            let id = "c\(shared.sessionCounter.wrappingAdd(1, ordering: .relaxed).newValue)"
            let connection = Connection(descriptor: fd, id: id, remote: Sockets.name(of: peer), handler: proto.makeHandler(connectionID: id),
                                        maximumLineLength: configuration.maximumLineLength, burst: configuration.messageBurst, now: now)
            do {
                try queue.add(fd, reading: true, writing: false, exclusive: false)
            } catch {
                shared.connectionCount.wrappingSubtract(1, ordering: .relaxed)
                Glibc.close(fd)
                log.log(.error, "register_failed", ["error": "\(error)"])
                continue
            }
            while connections.count <= Int(fd) { connections.append(nil) }
            connections[Int(fd)] = connection
            open += 1
            log.log(.info, "connect", ["listener": listener.name, "session": id, "remote": connection.remote, "loop": String(index)])
            connection.handler.opened(ConnectionIO(loop: self, connection: connection))
        }
    }

    // MARK: - Reading

    private func readAvailable(_ connection: Connection) {
        let configuration = shared.configuration
        var reads = 0
        while connection.closeReason == nil && reads < 2 {  // then let the other connections have a turn
            let count = read(connection.descriptor, readBuffer.baseAddress, readBuffer.count)
            if count == 0 {
                close(connection, reason: .endOfInput)
                return
            }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                close(connection, reason: .error)
                return
            }
            reads += 1
            connection.lastActivity = now
            let io = ConnectionIO(loop: self, connection: connection)
            connection.framer.feed(UnsafeBufferPointer(rebasing: readBuffer[0..<count])) { frame in
                guard connection.closeReason == nil else { return }
                switch frame {
                case .tooLong:
                    connection.handler.rejected(.tooLong(limit: configuration.maximumLineLength), io)
                case .line(let line):
                    if takeToken(connection, configuration) {
                        connection.handler.received(line, io)
                    } else {
                        connection.handler.rejected(.rateLimited(perSecond: configuration.messagesPerSecond), io)
                    }
                }
            }
            now = monotonicNanoseconds()
            if count < readBuffer.count { break }
        }
        if connection.closeReason == .quit && connection.queuedBytes == 0 { close(connection, reason: .quit) }
    }

    /// The rate limit: a token bucket refilled at `messagesPerSecond` up to `messageBurst`.
    private func takeToken(_ connection: Connection, _ configuration: ServerConfiguration) -> Bool {
        let elapsed = Double(now - connection.tokensUpdated) / 1e9
        connection.tokens = min(configuration.messageBurst, connection.tokens + elapsed * configuration.messagesPerSecond)
        connection.tokensUpdated = now
        guard connection.tokens >= 1 else { return false }
        connection.tokens -= 1
        return true
    }

    // MARK: - Writing

    func send(_ bytes: UnsafeBufferPointer<UInt8>, to connection: Connection) {
        guard connection.closeReason == nil || connection.closeReason == .quit else { return }
        if connection.queuedBytes == 0 {
            // Most replies go out at once; only what the socket does not take is queued.
            let written = write(connection.descriptor, bytes.baseAddress, bytes.count)
            let sent = max(0, written)
            if sent == bytes.count { return }
            connection.output.append(contentsOf: bytes[sent...])
        } else {
            connection.output.append(contentsOf: bytes)
        }
        if connection.queuedBytes > shared.configuration.maximumQueuedOutput {
            log.log(.warn, "slow_reader", ["session": connection.id, "queued": String(connection.queuedBytes)])
            close(connection, reason: .slowReader)
            return
        }
        // Watch for writability only while something waits: a reply that went out whole needs no
        // epoll_ctl and no extra wake-up.
        if connection.queuedBytes > 0, !connection.watchingWrites {
            connection.watchingWrites = true
            try? queue.modify(connection.descriptor, reading: true, writing: true)
        }
    }

    private func flush(_ connection: Connection) {
        while connection.queuedBytes > 0 {
            let written = connection.output.withUnsafeBytes { raw in
                write(connection.descriptor, raw.baseAddress! + connection.outputOffset, connection.queuedBytes)
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return }
                close(connection, reason: .error)
                return
            }
            connection.outputOffset += written
        }
        connection.output = []
        connection.outputOffset = 0
        if connection.watchingWrites {
            connection.watchingWrites = false
            try? queue.modify(connection.descriptor, reading: true, writing: false)
        }
        if let reason = connection.closeReason { close(connection, reason: reason) }
    }

    /// Closes as soon as the queued output is written (or at once if nothing is queued).
    func closeAfterFlush(_ connection: Connection, reason: CloseReason) {
        guard connection.closeReason == nil else { return }
        connection.closeReason = reason
        if connection.queuedBytes == 0 { close(connection, reason: reason) }
    }

    // MARK: - Closing

    private func close(_ connection: Connection, reason: CloseReason) {
        guard self.connection(connection.descriptor) === connection else { return }
        connections[Int(connection.descriptor)] = nil
        Glibc.close(connection.descriptor)  // which also takes it out of the epoll set (it is never dup'ed)
        open -= 1
        shared.connectionCount.wrappingSubtract(1, ordering: .relaxed)
        connection.closeReason = connection.closeReason ?? reason
        connection.handler.closed(reason, ConnectionIO(loop: self, connection: connection))
        log.log(.info, "disconnect", ["session": connection.id, "reason": reason.rawValue,
                                      "duration_ms": String((now - connection.openedAt) / 1_000_000)])
    }

    /// Closes connections silent for `limit`, or for their handler's own time-out (an agent waits
    /// for tickets far longer than a customer thinks about a reply).
    private func closeIdle(olderThan limit: UInt64, after timeout: Duration) {
        for case let connection? in connections where connection.closeReason == nil && now - connection.lastActivity >= limit {
            let own = connection.handler.idleTimeout
            if let own, now - connection.lastActivity < Self.nanoseconds(own) { continue }
            log.log(.info, "idle", ["session": connection.id])
            connection.handler.timedOut(after: own ?? timeout, ConnectionIO(loop: self, connection: connection))
            closeAfterFlush(connection, reason: .idle)
        }
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        UInt64(duration.components.seconds) * 1_000_000_000 + UInt64(duration.components.attoseconds / 1_000_000_000)
    }

    /// Stop accepting, tell every connection, then give them the grace period to take their goodbye.
    private func beginStop() {
        for descriptor in listeners.keys { queue.remove(descriptor) }
        listeners.removeAll()
        stopDeadline = now + UInt64(shared.configuration.shutdownGrace.components.seconds) * 1_000_000_000
            + UInt64(shared.configuration.shutdownGrace.components.attoseconds / 1_000_000_000)
        for case let connection? in connections where connection.closeReason == nil {
            connection.handler.stopping(ConnectionIO(loop: self, connection: connection))
            closeAfterFlush(connection, reason: .shutdown)
        }
    }

    private func connection(_ descriptor: Int32) -> Connection? {
        Int(descriptor) < connections.count ? connections[Int(descriptor)] : nil
    }
}
