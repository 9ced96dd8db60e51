#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SupportCore
import SupportDefaults
import SupportServer

let defaultBundle: SupportBundle = {
    try! SupportBundle.load(DefaultIntents.ruleFiles, root: "Intents")
}()

/// A server on a free loopback port, with its logs captured in a pipe.
final class RunningServer {
    let server: SupportServer
    let port: UInt16
    private let collector: LogCollector
    private var logWrite: Int32
    private var stopped = false

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }, incidents: [Incident] = [], desk: HandoffDesk? = nil) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SocketError(operation: "pipe", code: errno) }
        collector = LogCollector(descriptor: fds[0])
        logWrite = fds[1]
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.loops = 2
        configuration.logDescriptor = logWrite
        configuration.agentPort = desk == nil ? nil : 0
        configure(&configuration)
        server = SupportServer(configuration: configuration, customers: CustomerService(bundle: defaultBundle, incidents: incidents), desk: desk)
        port = try server.start()
    }

    func client() throws -> LineClient { try LineClient(port: port) }

    /// A client past the greeting.
    func greeted() throws -> LineClient {
        let client = try client()
        _ = try client.readPlainTurn()
        return client
    }

    /// Every log line read by `waitForLog` so far.
    private(set) var seen = ""

    /// Whether a log line containing `text` appears within `timeout` seconds. Loops write their
    /// logs within 20 ms, so a line can land just after the client saw the effect.
    func waitForLog(_ text: String, timeout: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            seen += collector.take()
            if seen.contains(text) { return true }
            if Date() > deadline { return false }
            usleep(10_000)
        }
    }

    /// Everything logged since the last call (after `stop()`: everything the server logged).
    func logs() -> String { collector.take() }

    func stop() {
        guard !stopped else { return }
        stopped = true
        server.stop()
        server.wait()
        close(logWrite)  // the collector reads to the end, then stops
        logWrite = -1
        collector.waitForEnd()
    }

    deinit {
        stop()
    }
}

/// Reads a log pipe on a thread of its own, so a server that logs more than a pipe holds never
/// blocks on it (the transcript suite's shared server does); lines wait here until asked for.
final class LogCollector: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var unread = Data()
    private let ended = DispatchSemaphore(value: 0)

    init(descriptor: Int32) {
        self.descriptor = descriptor
        Thread.detachNewThread { [self] in
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(descriptor, &chunk, chunk.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                lock.withLock { unread.append(contentsOf: chunk[0..<count]) }
            }
            close(descriptor)
            ended.signal()
        }
    }

    func take() -> String {
        lock.withLock {
            defer { unread.removeAll() }
            return String(decoding: unread, as: UTF8.self)
        }
    }

    /// Waits until the pipe's write end is closed and everything in it is read.
    func waitForEnd() {
        ended.wait()
    }
}
