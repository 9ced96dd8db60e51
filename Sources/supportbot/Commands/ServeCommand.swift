#if canImport(Glibc)
import Glibc
#endif
import SupportCore
import SupportServer

/// `supportbot serve`: the line protocol over TCP, until SIGTERM or SIGINT.
enum ServeCommand {
    static let defaults = ServerConfiguration()

    static let spec = CommandSpec(
        name: "serve",
        abstract: "Serve customers over TCP with the line protocol (nc is a client).",
        usage: "[--host <address>] [--port <port>] [--queue <file>] [--agent-port <port>] [--intents <dir>] [--data <dir>] [limits...]",
        discussion: """
        Prints where it listens, logs one logfmt line per event on standard error, and runs until
        SIGTERM or SIGINT, when it stops accepting, tells connected customers and exits 0 within
        a few seconds. SIGHUP reloads --intents and --data; if the new rules have a mistake it is
        logged with its file:line:column and the old rules stay live.

        Handed-off conversations go to the queue file (--queue), each one written before the
        customer is told (and synced to the disk within 20 ms); a restarted server reads it back,
        and a customer who was cut off comes back with `/resume TICKET CODE` (the code comes with
        the ticket). Agents work the queue on the agents' port (--agent-port; `nc 127.0.0.1 7071`,
        then `AGENT yourname` and `HELP`); with --agents FILE each signs in with their secret
        (`AGENT amy k3Xq-88fw-Lp0z`), which a non-loopback --agent-host requires. The protocols,
        the queue file and the limits are described in PROTOCOL.md.
        """,
        options: [
            OptionSpec(name: "host", valueName: "address", help: "Address to listen on (default \(defaults.host); 0.0.0.0 for all)."),
            OptionSpec(name: "port", valueName: "port", help: "Port to listen on (default \(defaults.port); 0 picks a free one)."),
            OptionSpec(name: "queue", valueName: "file", help: "The handoff queue's journal, created if missing (default \(defaultQueue))."),
            OptionSpec(name: "agent-port", valueName: "port", help: "Port agents connect to (default: the customers' port + 1; 0 picks a free one)."),
            OptionSpec(name: "agent-host", valueName: "address", help: "Address of the agents' port (default \(defaults.agentHost); any other needs --agents)."),
            OptionSpec(name: "agents", valueName: "file", help: "Who may sign in as an agent: 'name secret' a line, or the secret's hash as 'supportbot agent-secret NAME' writes it; AGENT then needs the secret (reloaded on SIGHUP)."),
            OptionSpec(name: "agent-idle-timeout", valueName: "seconds", help: "Close agents' connections silent this long (default \(defaults.agentIdleTimeout.components.seconds))."),
            RuleLoading.option, RuleLoading.dataOption,
            OptionSpec(name: "max-connections", valueName: "n", help: "Refuse connections beyond this many (default \(defaults.maximumConnections))."),
            OptionSpec(name: "max-line", valueName: "bytes", help: "Longest line accepted (default \(defaults.maximumLineLength))."),
            OptionSpec(name: "idle-timeout", valueName: "seconds", help: "Close connections silent this long (default \(defaults.idleTimeout.components.seconds))."),
            OptionSpec(name: "max-output", valueName: "bytes", help: "Disconnect a client that leaves this much output unread (default \(defaults.maximumQueuedOutput))."),
            OptionSpec(name: "rate", valueName: "per-second", help: "Messages a second per connection (default \(Int(defaults.messagesPerSecond)), bursts of \(Int(defaults.messageBurst)))."),
            OptionSpec(name: "threads", valueName: "n", help: "Event-loop threads (default \(defaults.loops), one a core)."),
            OptionSpec(name: "log-messages", valueName: nil, help: "Include what customers write in the logs (off by default)."),
        ],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        // Stop and reload wait, blocked, for the thread that takes them once the server runs: one
        // sent while the rules load is carried out then, not lost and not the process's end.
        SignalWaiter.block(Self.signals)
        // A file-size limit reached while writing the queue must be a write error (the customer is
        // told, the other sessions go on), not SIGXFSZ's default: ending the process, every session with it.
        signal(SIGXFSZ, SIG_IGN)
        FreedMemory.shareArenas()
        DeferredRelease.freeWhereDropped()
        var configuration = ServerConfiguration()
        configuration.host = arguments.value("host") ?? configuration.host
        configuration.port = try number(arguments, "port", UInt16.self) ?? configuration.port
        configuration.maximumConnections = try number(arguments, "max-connections", Int.self, minimum: 1) ?? configuration.maximumConnections
        configuration.maximumLineLength = try number(arguments, "max-line", Int.self, minimum: 16) ?? configuration.maximumLineLength
        if let seconds = try number(arguments, "idle-timeout", Double.self, minimum: 0.01) { configuration.idleTimeout = .milliseconds(Int(seconds * 1000)) }
        configuration.maximumQueuedOutput = try number(arguments, "max-output", Int.self, minimum: 1024) ?? configuration.maximumQueuedOutput
        if let rate = try number(arguments, "rate", Double.self, minimum: 0.1) {
            configuration.messagesPerSecond = rate
            configuration.messageBurst = max(1, rate * 2)
        }
        configuration.loops = try number(arguments, "threads", Int.self, minimum: 1) ?? configuration.loops
        configuration.logMessages = arguments.has("log-messages")
        configuration.agentHost = arguments.value("agent-host") ?? configuration.agentHost
        if let seconds = try number(arguments, "agent-idle-timeout", Double.self, minimum: 0.01) { configuration.agentIdleTimeout = .milliseconds(Int(seconds * 1000)) }
        configuration.agentPort = try number(arguments, "agent-port", UInt16.self)
            ?? (configuration.port == 0 ? 0 : configuration.port == .max ? nil : configuration.port + 1)

        let bundle = try RuleLoading.bundle(arguments)
        let incidents = try RuleLoading.incidents(arguments)
        let roster = try agentRoster(arguments)
        if roster == nil, configuration.agentPort != nil, !isLoopback(configuration.agentHost) {
            throw UsageError(message: "--agent-host \(configuration.agentHost) would let anyone who reaches it act as an agent without a secret: "
                             + "give --agents FILE with each agent's secret, or keep the agents' port on 127.0.0.1", command: "serve")
        }
        let desk = try openQueue(arguments.value("queue") ?? defaultQueue, roster: roster)
        let server = SupportServer(configuration: configuration, customers: CustomerService(bundle: bundle, incidents: incidents), desk: desk)
        FreedMemory.release()
        let port: UInt16
        do {
            port = try server.start()
        } catch {
            throw CommandError(message: "cannot listen: \(error) (--port and --agent-port choose the ports)", code: .software)
        }
        var out = OutputStream.standardOutput
        let agents = server.agentPort.map { ", \(configuration.agentHost):\($0) (agents)" } ?? ""
        let board = desk.board
        out.writeLine("supportbot \(SupportBot.version) listening on \(configuration.host):\(port) (customers)\(agents); "
                      + "\(bundle.rules.intents.count) intents, \(bundle.knowledge.articles.count) articles; "
                      + "queue \(desk.path): \(board.waiting.count) waiting, \(board.open.count) open"
                      + (desk.archived > 0 ? " (\(desk.archived) records of closed tickets moved to \(desk.path).closed)" : "")
                      + "; stop with Ctrl-C")
        out.flush()

        SignalWaiter.start(Self.signals) { number in
            if number == SIGHUP { Self.reload(server, desk, arguments) } else { server.stop() }
        }
        server.wait()
        return .success
    }

    /// SIGINT and SIGTERM stop the server; SIGHUP reloads.
    private static let signals = [SIGINT, SIGTERM, SIGHUP]

    static let defaultQueue = "supportbot-queue.jsonl"

    /// Opens the handoff queue; lines it could not use are warned about on standard error (the
    /// rest of the queue is kept), a file it cannot open or write stops the server from starting.
    private static func openQueue(_ path: String, roster: AgentRoster?) throws -> HandoffDesk {
        let desk: HandoffDesk
        do { desk = try HandoffDesk(path: path, roster: roster) } catch {
            throw CommandError(message: "\(error)", code: .cannotCreate)
        }
        var errors = OutputStream.standardError
        for problem in desk.problems { errors.writeLine("warning: \(problem)") }
        errors.flush()
        return desk
    }

    /// The `--agents` roster, or nil without the flag.
    private static func agentRoster(_ arguments: ParsedArguments) throws -> AgentRoster? {
        guard let path = arguments.value("agents") else { return nil }
        guard let data = LocalFiles.contents(of: path) else {
            throw CommandError(message: "\(path): cannot read the agents file (--agents)", code: .noInput)
        }
        return try AgentRoster(parsing: String(decoding: data, as: UTF8.self), file: path)
    }

    /// Whether only this machine can reach `host`.
    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Loads the rules, incidents and agents' roster again; keeps the old ones (all of them) if
    /// anything is wrong. Agents taken off the roster are disconnected.
    private static func reload(_ server: SupportServer, _ desk: HandoffDesk, _ arguments: ParsedArguments) {
        do {
            let bundle = try RuleLoading.bundle(arguments)
            let incidents = try RuleLoading.incidents(arguments)
            let roster = try agentRoster(arguments)
            server.customers.replace(bundle: bundle, incidents: incidents)
            let removed = roster.map { desk.replaceRoster($0) } ?? []
            FreedMemory.release()
            let intents = String(bundle.rules.intents.count), articles = String(bundle.knowledge.articles.count)
            if let roster {
                server.log(.info, "reload", ["intents": intents, "articles": articles, "incidents": String(incidents.count),
                                             "agents": String(roster.names.count), "signed_out": removed.isEmpty ? "-" : removed.joined(separator: ",")])
            } else {
                server.log(.info, "reload", ["intents": intents, "articles": articles, "incidents": String(incidents.count)])
            }
        } catch let error as RuleLoadError {
            server.log(.error, "reload_failed", ["errors": String(error.diagnostics.count), "kept": "old_rules"])
            for diagnostic in error.diagnostics {
                server.log(.error, "rule_error", ["where": diagnostic.location.description, "message": diagnostic.message])
            }
        } catch {
            server.log(.error, "reload_failed", ["error": "\(error)", "kept": "old_rules"])
        }
    }

    private static func number<T: LosslessStringConvertible & Comparable>(_ arguments: ParsedArguments, _ name: String, _ type: T.Type, minimum: T? = nil) throws -> T? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = T(text), minimum.map({ value >= $0 }) ?? true else {
            throw UsageError(message: "--\(name) wants a number\(minimum.map { " of at least \($0)" } ?? ""), not '\(text)'", command: "serve")
        }
        return value
    }
}
