#if canImport(Glibc)
import Glibc
#endif
import CSystemLinux
import SupportServer

/// Closed-loop load on a running server, from one thread with epoll: each client sends a message,
/// waits for the end of the bot's turn (the empty line of plain mode), records the latency and
/// sends the next. Every `turnsPerSession` turns a client starts a new session, so conversations
/// stay like real ones instead of drifting into "an agent will reply" after a handoff.
final class LoadGenerator {
    struct Result {
        var turns = 0
        var seconds = 0.0
        var latencies: [UInt32] = []   // microseconds
        /// The server's CPU time (user, system) in seconds over the measured window.
        var serverCPU = (user: 0.0, system: 0.0)
        /// This process's (the load generator's), over the same window.
        var clientCPU = (user: 0.0, system: 0.0)
    }

    private final class Client {
        var descriptor: Int32 = -1
        var greeted = false
        var sentAt: UInt64 = 0
        var turns = 0
        var lastWasNewline = false
        var next = 0
    }

    private let port: UInt16
    private let messages: [[UInt8]]
    private let turnsPerSession: Int

    init(port: UInt16, messages: [String], turnsPerSession: Int = 20) {
        self.port = port
        self.messages = messages.map { Array(($0 + "\n").utf8) }
        self.turnsPerSession = turnsPerSession
    }

    /// Runs `clients` connections for `warmUp` seconds, then measures for `seconds`; `serverCPU`
    /// reads the server's CPU time, taken when measuring starts and ends.
    func run(clients count: Int, warmUp: Double, seconds: Double,
             serverCPU: () -> (user: Double, system: Double) = { (0, 0) }) throws -> Result {
        let epoll = csl_epoll_create()
        defer { close(epoll) }
        var clients: [Int32: Client] = [:]
        func open(_ client: Client) throws {
            let fd = try Sockets.connect(host: "127.0.0.1", port: port)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            client.descriptor = fd
            client.greeted = false
            client.turns = 0
            client.lastWasNewline = false
            clients[fd] = client
            _ = csl_epoll_ctl(epoll, CSL_EPOLL_CTL_ADD, fd, CSL_EPOLLIN, UInt64(fd))
        }
        var all: [Client] = []
        for index in 0..<count {
            let client = Client()
            client.next = index * 7919
            try open(client)
            all.append(client)
        }
        var result = Result()
        result.latencies.reserveCapacity(1 << 20)
        let start = monotonic()
        let measureFrom = start + UInt64(warmUp * 1e9)
        let end = measureFrom + UInt64(seconds * 1e9)
        var data = [UInt64](repeating: 0, count: 1024)
        var flags = [UInt32](repeating: 0, count: 1024)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        func send(_ client: Client) {
            let message = messages[client.next % messages.count]
            client.next += 1
            client.sentAt = monotonic()
            _ = message.withUnsafeBytes { write(client.descriptor, $0.baseAddress, $0.count) }
        }
        var cpuAtStart: (user: Double, system: Double)?
        var clientAtStart = Self.ownCPU()
        while true {
            let time = monotonic()
            if time >= end { break }
            if cpuAtStart == nil && time >= measureFrom {
                cpuAtStart = serverCPU()
                clientAtStart = Self.ownCPU()
            }
            let ready = csl_epoll_wait(epoll, &data, &flags, 1024, 100)
            guard ready > 0 else { continue }
            for i in 0..<Int(ready) {
                let fd = Int32(truncatingIfNeeded: data[i])
                guard let client = clients[fd] else { continue }
                let count = read(fd, &buffer, buffer.count)
                if count <= 0 {
                    if count < 0 && errno == EAGAIN { continue }
                    throw SocketError(operation: "read (the server closed a connection)", code: errno)
                }
                // A turn ends with an empty line: two newlines in a row, possibly across reads.
                var ended = false
                for j in 0..<count {
                    let isNewline = buffer[j] == 0x0A
                    if isNewline && client.lastWasNewline { ended = true }
                    client.lastWasNewline = isNewline
                }
                guard ended else { continue }
                let now = monotonic()
                if client.greeted {
                    if now >= measureFrom && client.sentAt >= measureFrom {
                        result.turns += 1
                        result.latencies.append(UInt32(min(UInt64(UInt32.max), (now - client.sentAt) / 1000)))
                    }
                    client.turns += 1
                    if client.turns >= turnsPerSession {
                        _ = csl_epoll_ctl(epoll, CSL_EPOLL_CTL_DEL, fd, 0, 0)
                        clients[fd] = nil
                        close(fd)
                        try open(client)
                        continue
                    }
                }
                client.greeted = true
                send(client)
            }
        }
        result.seconds = seconds
        let cpuAtEnd = serverCPU(), cpuStart = cpuAtStart ?? cpuAtEnd
        result.serverCPU = (cpuAtEnd.user - cpuStart.user, cpuAtEnd.system - cpuStart.system)
        let clientAtEnd = Self.ownCPU()
        result.clientCPU = (clientAtEnd.user - clientAtStart.user, clientAtEnd.system - clientAtStart.system)
        for client in all where client.descriptor >= 0 { close(client.descriptor) }
        return result
    }

    private static func ownCPU() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    private func monotonic() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
