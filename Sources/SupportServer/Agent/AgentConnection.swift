import SupportCore

/// One agent's connection: a command a line, answered by zero or more lines and then one line
/// starting `ok` or `error:`. Between responses the desk sends `event: ...` lines (a new
/// ticket, the customer of the agent's ticket writing or leaving). PROTOCOL.md has the details.
final class AgentConnection: ConnectionHandler {
    static let protocolName = "supportbot-agent/1"
    static let greeting = "system: \(protocolName) ready; sign in with AGENT yourname [yoursecret] (HELP lists the commands)\n"

    private let desk: HandoffDesk
    private var name: String?
    let idleTimeout: Duration?

    init(desk: HandoffDesk, idleTimeout: Duration) {
        self.desk = desk
        self.idleTimeout = idleTimeout
    }

    func opened(_ io: ConnectionIO) {
        io.send(Self.greeting)
    }

    func received(_ line: UnsafeBufferPointer<UInt8>, _ io: ConnectionIO) {
        guard let text = String(validating: line, as: UTF8.self) else {
            return respond(["error: the line is not valid UTF-8; it was dropped"], io)
        }
        let command: AgentCommand
        do throws(AgentCommandError) { command = try AgentCommand(line: text) } catch {
            return respond(["error: \(error)"], io)
        }
        switch command {
        case .help:
            respond(AgentCommand.helpLines + ["ok"], io)
        case .quit:
            respond(["ok goodbye"], io)
            io.close()
        case .signIn(let requested, let secret):
            if let name { desk.signOut(name, from: io.link) }
            do throws(DeskError) {
                try desk.signIn(requested, secret: secret, from: io.link)
                name = requested
                let board = desk.board
                let waiting = board.waiting
                let mine = board.owned(by: requested).count
                let bySeverity = Severity.allCases.map { severity in "\(waiting.filter { $0.severity == severity }.count) \(severity.rawValue)" }
                io.log.log(.info, "agent_signed_in", ["session": io.id, "agent": requested])
                respond(["ok signed in as \(requested); \(waiting.count) waiting (\(bySeverity.joined(separator: ", "))), \(mine) yours"], io)
            } catch {
                name = nil
                if error == .notOnRoster { io.log.log(.warn, "agent_refused", ["session": io.id, "agent": requested]) }
                respond(["error: \(error)"], io)
            }
        default:
            guard let name else { return respond(["error: \(DeskError.notSignedIn)"], io) }
            let response = desk.perform(command, agent: name)
            if let last = response.last, last.hasPrefix("ok"), let ticket = command.ticket {
                io.log.log(.info, "agent_command", ["session": io.id, "agent": name, "command": command.verb, "ticket": ticket])
            }
            respond(response, io)
        }
    }

    func rejected(_ problem: LineProblem, _ io: ConnectionIO) {
        switch problem {
        case .tooLong(let limit): respond(["error: the line is longer than \(limit) bytes; it was dropped"], io)
        case .rateLimited: respond(["error: too many commands a second; the line was dropped"], io)
        }
    }

    func timedOut(after: Duration, _ io: ConnectionIO) {
        io.send("system: no command for \(after.components.seconds) seconds; closing the connection\n")
    }

    func stopping(_ io: ConnectionIO) {
        io.send("system: the server is shutting down; your tickets are kept\n")
    }

    func closed(_ reason: CloseReason, _ io: ConnectionIO) {
        if let name { desk.signOut(name, from: io.link) }
    }

    private func respond(_ lines: [String], _ io: ConnectionIO) {
        io.send(lines.map { $0 + "\n" }.joined())
    }
}

extension AgentCommand {
    /// The ticket a command is about, for the log.
    var ticket: String? {
        switch self {
        case .take(let id): return id
        case .show(let id), .say(let id, _), .note(let id, _), .escalate(let id, _, _), .responded(let id, _), .release(let id), .close(let id, _): return id
        case .signIn, .list, .provider, .help, .quit: return nil
        }
    }

    var verb: String {
        switch self {
        case .signIn: return "agent"
        case .list: return "list"
        case .take: return "take"
        case .show: return "show"
        case .say: return "say"
        case .note: return "note"
        case .escalate: return "escalate"
        case .responded: return "responded"
        case .release: return "release"
        case .close: return "close"
        case .provider: return "provider"
        case .help: return "help"
        case .quit: return "quit"
        }
    }
}
