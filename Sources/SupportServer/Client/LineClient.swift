#if canImport(Glibc)
import Glibc
#endif

/// A blocking client of the line protocol, for tests, replays over TCP and the load generator.
public final class LineClient {
    public let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    public struct Timeout: Error, CustomStringConvertible {
        public var description: String { "no complete line from the server in time" }
    }

    public struct Closed: Error, CustomStringConvertible {
        public var description: String { "the server closed the connection" }
    }

    /// `receiveBuffer` makes a client with a small receive buffer, to test clients that do not read.
    public init(host: String = "127.0.0.1", port: UInt16, receiveBuffer: Int32? = nil) throws {
        descriptor = try Sockets.connect(host: host, port: port, receiveBuffer: receiveBuffer)
        buffer.reserveCapacity(16 * 1024)
    }

    deinit { close(descriptor) }

    /// Sends one line (LF added).
    public func send(_ line: String) throws {
        try sendRaw(Array((line + "\n").utf8))
    }

    /// Sends bytes exactly as given (for framing tests).
    public func sendRaw(_ bytes: [UInt8]) throws {
        let ok = bytes.withUnsafeBytes { Sockets.writeAll(descriptor, $0) }
        if !ok { throw SocketError.makeFailed("send") }
    }

    /// The next line (without its LF), waiting up to `timeout` seconds.
    public func readLine(timeout: Double = 5) throws -> String {
        let deadline = monotonicNanoseconds() + UInt64(timeout * 1e9)
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                if start > 8192 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return line
            }
            let now = monotonicNanoseconds()
            guard now < deadline else { throw Timeout() }
            var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptorSet, 1, Int32((deadline - now) / 1_000_000) + 1)
            if ready < 0 && errno != EINTR { throw SocketError.makeFailed("poll") }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let count = read(descriptor, &chunk, chunk.count)
            if count == 0 { throw Closed() }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw SocketError.makeFailed("read")
            }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Lines up to (not including) the empty line that ends a plain-mode turn.
    public func readPlainTurn(timeout: Double = 5) throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try readLine(timeout: timeout)
            if line.isEmpty { return lines }
            lines.append(line)
        }
    }

    /// Lines up to and including the one that ends a response on the agents' port (it starts
    /// with `ok` or `error:`); `event:` lines that came before it are among them.
    public func readResponse(timeout: Double = 5) throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try readLine(timeout: timeout)
            lines.append(line)
            if line.hasPrefix("ok") || line.hasPrefix("error:") { return lines }
        }
    }

    /// Sends a command on the agents' port and reads its response.
    public func command(_ line: String, timeout: Double = 5) throws -> [String] {
        try send(line)
        return try readResponse(timeout: timeout)
    }

    /// Whether the server has closed the connection (reads what is left first).
    public func isClosedByServer(timeout: Double = 5) -> Bool {
        do {
            while true { _ = try readLine(timeout: timeout) }
        } catch is Closed {
            return true
        } catch {
            return false
        }
    }
}
