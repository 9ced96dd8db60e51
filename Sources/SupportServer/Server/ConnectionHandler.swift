import SupportCore
/// The protocol spoken on one listening port. Each event loop makes its own instance (so it can
/// hold per-thread state, such as a matcher) and asks it for a handler per connection. The
/// customer port is one, the agents' port another.
protocol ListenerProtocol: AnyObject {
    /// The handler of a newly accepted connection.
    func makeHandler(connectionID: String) -> ConnectionHandler
    /// The line sent, before closing, to a connection refused because the server is full.
    func refusal(limit: Int) -> String
}

/// One connection's side of a protocol. The event loop does the framing, the limits and the
/// buffering; the handler turns lines into replies.
protocol ConnectionHandler: AnyObject {
    func opened(_ io: ConnectionIO)
    /// A complete line within the length limit and the rate limit (not yet checked for UTF-8).
    func received(_ line: UnsafeBufferPointer<UInt8>, _ io: ConnectionIO)
    /// A line the loop dropped.
    func rejected(_ problem: LineProblem, _ io: ConnectionIO)
    /// The connection was idle too long; it is closed after this.
    func timedOut(after: Duration, _ io: ConnectionIO)
    /// The server is stopping; the connection is closed after this.
    func stopping(_ io: ConnectionIO)
    func closed(_ reason: CloseReason, _ io: ConnectionIO)
    /// How long this connection may stay silent, when it is not the server's `idleTimeout`. It
    /// can only be longer: the loop looks at connections silent for the server's time-out.
    var idleTimeout: Duration? { get }
}

extension ConnectionHandler {
    var idleTimeout: Duration? { nil }
}

enum LineProblem {
    case tooLong(limit: Int)
    case rateLimited(perSecond: Double)
}

enum CloseReason: String {
    case endOfInput = "eof", quit, idle, slowReader = "slow_reader", error, shutdown
}

/// What a handler can do with its connection.
struct ConnectionIO {
    unowned let loop: EventLoop
    let connection: Connection

    var id: String { connection.id }
    var log: LogBuffer { loop.log }

    func send(_ text: String) {
        var text = text
        text.withUTF8 { loop.send($0, to: connection) }
    }
    func send(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { loop.send($0, to: connection) } }
    /// Calls `body` with the loop's empty scratch bytes, to encode into without allocating.
    func withScratch<R>(_ body: (inout [UInt8]) -> R) -> R { loop.withScratch(body) }
    /// Closes once everything queued has been written.
    func close() { loop.closeAfterFlush(connection, reason: .quit) }
}

/// A connection's state inside its event loop.
final class Connection {
    let descriptor: Int32
    let id: String
    let remote: String
    let handler: ConnectionHandler
    var framer: LineFramer
    /// Bytes accepted for sending but not yet written; `outputOffset` of them already went out.
    var output: [UInt8] = []
    var outputOffset = 0
    var watchingWrites = false
    var closeReason: CloseReason?
    var lastActivity: UInt64
    let openedAt: UInt64
    /// Token bucket for the message rate limit.
    var tokens: Double
    var tokensUpdated: UInt64

    init(descriptor: Int32, id: String, remote: String, handler: ConnectionHandler, maximumLineLength: Int, burst: Double, now: UInt64) {
        self.descriptor = descriptor
        self.id = id
        self.remote = remote
        self.handler = handler
        framer = LineFramer(maximumLength: maximumLineLength)
        lastActivity = now
        openedAt = now
        tokens = burst
        tokensUpdated = now
    }

    var queuedBytes: Int { output.count - outputOffset }
}
