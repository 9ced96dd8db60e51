#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SupportCore
import SupportDefaults
import SupportServer

let defaultBundle: SupportBundle = {
    try! SupportBundle.load(DefaultIntents.files.map { RuleFile(path: $0.path, contents: $0.contents) }, root: "Intents")
}()

/// A server on a free loopback port, with its logs captured in a pipe.
final class RunningServer {
    let server: SupportServer
    let port: UInt16
    private let logRead: Int32
    private let logWrite: Int32
    private var stopped = false

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }, incidents: [Incident] = []) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SocketError(operation: "pipe", code: errno) }
        logRead = fds[0]
        logWrite = fds[1]
        _ = fcntl(logRead, F_SETFL, fcntl(logRead, F_GETFL) | O_NONBLOCK)
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.loops = 2
        configuration.logDescriptor = logWrite
        configure(&configuration)
        server = SupportServer(configuration: configuration, customers: CustomerService(bundle: defaultBundle, incidents: incidents))
        port = try server.start()
    }

    func client() throws -> LineClient { try LineClient(port: port) }

    /// A client past the greeting.
    func greeted() throws -> LineClient {
        let client = try client()
        _ = try client.readPlainTurn()
        return client
    }

    private var seen = ""

    /// Whether a log line containing `text` appears within `timeout` seconds. Loops write their
    /// logs at the end of each wake-up, so a line can land just after the client saw the effect.
    func waitForLog(_ text: String, timeout: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            seen += logs()
            if seen.contains(text) { return true }
            if Date() > deadline { return false }
            usleep(10_000)
        }
    }

    /// Everything logged since the last call.
    func logs() -> String {
        var text = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(logRead, &chunk, chunk.count)
            if count <= 0 { break }
            text.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: text, as: UTF8.self)
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        server.stop()
        server.wait()
    }

    deinit {
        stop()
        close(logRead)
        close(logWrite)
    }
}
