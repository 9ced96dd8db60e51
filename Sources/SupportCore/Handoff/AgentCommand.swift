/// One line an agent sends on the agents' port: a verb (any case) and its arguments.
///
///     AGENT amy [secret]              sign in (every other command needs it; the secret when
///                                     the server has a roster of agents, `--agents`)
///     LIST [MINE|ALL]                 the waiting tickets (MINE: yours; ALL: every open one)
///     TAKE [ticket]                   the next waiting ticket (most severe, then oldest), or that one
///     SHOW ticket                     a ticket with its transcript and history
///     SAY ticket text                 a line to the customer
///     NOTE ticket text                a note for the agents (the customer does not see it)
///     ESCALATE ticket A|B|C text      to the provider, with the severity and what is wrong
///     RESPONDED ticket text           the provider's first response came (what they said, their case number)
///     RELEASE ticket                  back to the queue
///     CLOSE ticket text               done; the customer is told, and is back with the bot
///     PROVIDER                        the escalated tickets, those awaiting a first response first
///     HELP, QUIT
public enum AgentCommand: Sendable, Equatable {
    public enum Scope: Sendable, Equatable { case waiting, mine, all }

    case signIn(String, secret: String?)
    case list(Scope)
    case take(String?)
    case show(String)
    case say(String, String)
    case note(String, String)
    case escalate(String, Severity, String)
    case responded(String, String)
    case release(String)
    case close(String, String)
    case provider
    case help
    case quit

    /// What HELP shows: one line a command.
    public static let helpLines = [
        "AGENT name [secret]          sign in (with your secret, if the server gave you one)",
        "LIST [MINE|ALL]              waiting tickets, most severe first (MINE: yours; ALL: every open one)",
        "TAKE [ticket]                take the next waiting ticket, or that one",
        "SHOW ticket                  the ticket, its transcript and its history",
        "SAY ticket text              write to the customer",
        "NOTE ticket text             a note for the agents only",
        "ESCALATE ticket A|B|C text   send to the provider (A: 2 h, B: 4 h, C: 8 h to first response)",
        "RESPONDED ticket text        the provider's first response came (stops its clock)",
        "RELEASE ticket               give the ticket back to the queue",
        "CLOSE ticket text            close it; the customer reads the text and is back with the bot",
        "PROVIDER                     escalated tickets: awaiting the provider first, due soonest first",
        "QUIT                         sign out and disconnect",
    ]

    /// Agent names: what logs and customers see ("agent amy: ...").
    public static func isValidName(_ name: Substring) -> Bool {
        (1...32).contains(name.utf8.count)
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }
    }

    public init(line: String) throws(AgentCommandError) {
        var rest = Substring(line).drop(while: { $0 == " " || $0 == "\t" })
        func word() -> Substring {
            let word = rest.prefix(while: { $0 != " " && $0 != "\t" })
            rest = rest.dropFirst(word.count).drop(while: { $0 == " " || $0 == "\t" })
            return word
        }
        func text() -> String { String(rest.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()) }
        let verb = word().uppercased()
        func ticket() throws(AgentCommandError) -> String {
            let id = word()
            guard !id.isEmpty else { throw .missing(verb, "a ticket", example: Self.example(verb)) }
            return String(id)
        }
        func message() throws(AgentCommandError) -> String {
            let message = text()
            guard !message.isEmpty else { throw .missing(verb, "a text", example: Self.example(verb)) }
            return message
        }
        switch verb {
        case "AGENT", "LOGIN":
            let name = word()
            guard !name.isEmpty else { throw .missing("AGENT", "your name", example: Self.example("AGENT")) }
            guard Self.isValidName(name) else { throw .badName(String(name)) }
            let secret = word()
            guard rest.isEmpty else { throw .badArgument("AGENT", text(), expected: "a name and at most a secret, without spaces") }
            self = .signIn(String(name), secret: secret.isEmpty ? nil : String(secret))
        case "LIST":
            switch word().uppercased() {
            case "": self = .list(.waiting)
            case "MINE": self = .list(.mine)
            case "ALL": self = .list(.all)
            case let other: throw .badArgument("LIST", other, expected: "MINE or ALL")
            }
        case "TAKE":
            let id = word()
            self = .take(id.isEmpty ? nil : String(id))
        case "SHOW": self = .show(try ticket())
        case "SAY": self = .say(try ticket(), try message())
        case "NOTE": self = .note(try ticket(), try message())
        case "ESCALATE":
            let id = try ticket()
            let level = word().uppercased()
            guard let severity = Severity(rawValue: level) else {
                if level.isEmpty { throw .missing(verb, "a severity", example: Self.example(verb)) }
                throw .badArgument(verb, level, expected: "A (critical), B (moderate) or C (minimal)")
            }
            self = .escalate(id, severity, try message())
        case "RESPONDED": self = .responded(try ticket(), try message())
        case "RELEASE": self = .release(try ticket())
        case "CLOSE": self = .close(try ticket(), try message())
        case "PROVIDER": self = .provider
        case "HELP", "?": self = .help
        case "QUIT", "EXIT", "BYE": self = .quit
        case "": throw .empty
        default: throw .unknown(verb)
        }
    }

    private static func example(_ verb: String) -> String {
        switch verb {
        case "AGENT": return "AGENT amy"
        case "SHOW": return "SHOW c7-1"
        case "SAY": return "SAY c7-1 Hello, I am looking at your mailbox now."
        case "NOTE": return "NOTE c7-1 customer called, waiting on their admin"
        case "ESCALATE": return "ESCALATE c7-1 A mail flow down for the whole tenant since 9:00"
        case "RESPONDED": return "RESPONDED c7-1 Microsoft case 2611280040001234, engineer assigned"
        case "RELEASE": return "RELEASE c7-1"
        case "CLOSE": return "CLOSE c7-1 The MX record is fixed; mail arrives again."
        default: return verb
        }
    }
}

/// Why an agent's line is not a command; each message shows how to write it.
public enum AgentCommandError: Error, Equatable, CustomStringConvertible {
    case empty
    case unknown(String)
    case missing(String, String, example: String)
    case badArgument(String, String, expected: String)
    case badName(String)

    public var description: String {
        switch self {
        case .empty: return "send a command; HELP lists them"
        case .unknown(let verb): return "unknown command '\(verb)'; HELP lists the commands"
        case .missing(let verb, let what, let example): return "\(verb) needs \(what), for example: \(example)"
        case .badArgument(let verb, let value, let expected): return "\(verb) cannot take '\(value)'; expected \(expected)"
        case .badName(let name): return "'\(name)' cannot be an agent name: use 1 to 32 letters, digits, '.', '-' or '_'"
        }
    }
}
