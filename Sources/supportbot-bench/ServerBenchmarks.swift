#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SupportServer

/// Benchmarks of `supportbot serve`, run as a child process (the release binary next to this one).
enum ServerBenchmarks {
    static func run(seconds: Double, threads: Int? = nil, sessionTurns: Int = 20) throws {
        let server = try ServerProcess(threads: threads)
        defer { server.stop() }
        var generator = CorpusGenerator(seed: 99)
        let messages = generator.messages(20_000)
        let load = LoadGenerator(port: server.port, messages: messages, turnsPerSession: sessionTurns)
        print("## Server turns, closed loop (plain mode, full dialogue, \(threads.map { "\($0) server threads, " } ?? "")\(sessionTurns) turns a session, \(Int(seconds)) s measured after 1 s warm-up)\n")
        print("| clients | turns/s | p50 latency | p90 latency | p99 latency | max | server CPU a turn (user + system) | client CPU a turn |")
        print("|---|---|---|---|---|---|---|---|")
        for clients in [1, 100, 1000] {
            var result = try load.run(clients: clients, warmUp: 1, seconds: seconds, serverCPU: server.cpuSeconds)
            result.latencies.sort()
            func percentile(_ p: Double) -> String {
                guard !result.latencies.isEmpty else { return "-" }
                return milliseconds(result.latencies[min(result.latencies.count - 1, Int(Double(result.latencies.count) * p))])
            }
            print("| \(clients) | \(fixed(Double(result.turns) / result.seconds / 1000, 1))k | \(percentile(0.5)) | \(percentile(0.9)) | \(percentile(0.99)) | \(result.latencies.last.map(milliseconds) ?? "-") | \(cpuPerTurn(result.serverCPU, result.turns)) | \(cpuPerTurn(result.clientCPU, result.turns)) |")
        }
        print("")

        server.stop()
        try idleMemory()
    }

    /// RSS of a fresh server (no load run before) as idle sessions are opened and greeted.
    static func idleMemory() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        print("## Server memory with idle sessions (a fresh server; each session greeted)\n")
        print("| idle sessions | server RSS |")
        print("|---|---|")
        usleep(300_000)
        print("| 0 | \(fixed(server.residentMiB(), 1)) MiB |")
        var idle: [LineClient] = []
        for target in [1_000, 5_000, 10_000] {
            while idle.count < target {
                let client = try LineClient(port: server.port)
                _ = try client.readPlainTurn()
                idle.append(client)
            }
            usleep(500_000)
            print("| \(target) | \(fixed(server.residentMiB(), 1)) MiB |")
        }
        print("")
    }

    /// CPU time is steadier than throughput on a shared machine: the other load moves turns/s,
    /// much less what each turn costs the server.
    private static func cpuPerTurn(_ cpu: (user: Double, system: Double), _ turns: Int) -> String {
        guard turns > 0 else { return "-" }
        let user = cpu.user / Double(turns) * 1e6, system = cpu.system / Double(turns) * 1e6
        return "\(fixed(user + system, 1)) µs (\(fixed(user, 1)) + \(fixed(system, 1)))"
    }

    private static func milliseconds(_ micros: UInt32) -> String { fixed(Double(micros) / 1000, 2) + " ms" }
}

/// `supportbot serve` on a free port, its logs discarded (it still formats them).
final class ServerProcess {
    private let process = Process()
    private let queue: URL
    let port: UInt16

    init(threads: Int? = nil) throws {
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let binary = directory.appendingPathComponent("supportbot")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchError(message: "\(binary.path) is missing: build it first with `swift build -c release`")
        }
        process.executableURL = binary
        // A fresh queue each run, so a bench's handoffs neither pile up nor land in the working folder.
        let queue = FileManager.default.temporaryDirectory.appendingPathComponent("supportbot-bench-queue-\(getpid()).jsonl")
        try? FileManager.default.removeItem(at: queue)
        self.queue = queue
        process.arguments = ["serve", "--port", "0", "--rate", "1000000", "--max-connections", "20000", "--queue", queue.path]
            + (threads.map { ["--threads", String($0)] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let banner = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let portText = banner.split(separator: ":").dropFirst().first?.prefix(while: \.isNumber), let port = UInt16(portText) else {
            throw BenchError(message: "unexpected banner from supportbot serve: \(banner)")
        }
        self.port = port
    }

    func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }

    /// The server's user and system CPU time so far, in seconds (from `/proc/PID/stat`).
    func cpuSeconds() -> (user: Double, system: Double) {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let afterName = stat.lastIndex(of: ")") else { return (0, 0) }
        // Fields after the command name: state is the 3rd field of the line, utime the 14th, stime the 15th.
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return (0, 0) }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user / ticks, system / ticks)
    }

    func stop() {
        defer { try? FileManager.default.removeItem(at: queue) }
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
