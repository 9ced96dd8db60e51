/// How the server listens and the limits that protect it. Every limit has a documented default
/// (`PROTOCOL.md`) and a `supportbot serve` flag.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests); the server reports the one it got.
    public var port: UInt16 = 7070
    /// Where agents connect to work the handoff queue (needs a desk); nil for no agents' port.
    /// Without a roster of agents (`--agents`) any name signs in, so it listens on loopback unless told otherwise.
    public var agentHost = "127.0.0.1"
    public var agentPort: UInt16?
    /// An agent's connection may stay silent this long (a shift) before it is closed: agents wait
    /// for tickets. At least the customers' `idleTimeout`.
    public var agentIdleTimeout: Duration = .seconds(8 * 3600)
    /// Event-loop threads; each owns its connections. Defaults to one a core.
    public var loops = max(1, min(8, SystemInfo.processorCount))
    /// Beyond this many open connections a new one gets a refusal line and is closed.
    public var maximumConnections = 16_384
    /// Bytes in one line (not counting the line ending). Longer lines are answered with an error
    /// and dropped; the session goes on.
    public var maximumLineLength = 4096
    /// A connection that sends nothing for this long is told so and closed.
    public var idleTimeout: Duration = .seconds(600)
    /// Bytes waiting to be sent to one connection; a client that does not read is disconnected
    /// before its output grows past this.
    public var maximumQueuedOutput = 256 * 1024
    /// Sustained customer lines a second per connection, and the burst allowed above it.
    /// Lines beyond it get an error and are dropped.
    public var messagesPerSecond = 20.0
    public var messageBurst = 40.0
    /// Log what customers write (off by default: messages may hold personal data).
    public var logMessages = false
    /// How long a shutdown waits for goodbyes to be delivered before closing anyway.
    public var shutdownGrace: Duration = .seconds(3)
    /// Where logfmt lines go (standard error by default; tests pass a pipe).
    public var logDescriptor: Int32 = 2

    public init() {}
}

#if canImport(Glibc)
import Glibc
#endif

enum SystemInfo {
    static var processorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
