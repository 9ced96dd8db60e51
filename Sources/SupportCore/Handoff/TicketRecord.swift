/// One fact about a handed-off conversation, as the handoff queue's journal keeps it: one JSON
/// object a line, appended when it happens and read back in order when the server starts again,
/// so the queue is the journal replayed and nothing a customer or an agent did is lost.
///
///     {"at":1764300000,"kind":"filed","ticket":"c7-1","resume":"7KQ2MX9D4P","handoff":{"ticket":"c7-1",...}}
///     {"at":1764300042,"kind":"taken","ticket":"c7-1","agent":"amy"}
///     {"at":1764300050,"kind":"agent","ticket":"c7-1","agent":"amy","text":"Hi, I'm looking at it now."}
///     {"at":1764300071,"kind":"customer","ticket":"c7-1","text":"thanks"}
///     {"at":1764300300,"kind":"escalated","ticket":"c7-1","agent":"amy","severity":"A","text":"tenant-wide outage"}
///     {"at":1764309000,"kind":"closed","ticket":"c7-1","agent":"amy","text":"provider fixed the MX record"}
public struct TicketRecord: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The bot handed the conversation off (`handoff` holds it).
        case filed
        /// An agent took the ticket; `released` gives it back to the queue.
        case taken, released
        /// An agent took the ticket over from its owner (`text`), who was not signed in.
        case reassigned
        /// A line the customer wrote after the handoff, or one an agent wrote to the customer.
        case customer, agent
        /// An agent's note, for the other agents (the customer does not see it).
        case note
        /// Sent to the provider with a severity; its first response is due within the severity's hours.
        case escalated
        /// The provider's first response to the escalation came (`text`: what they said, a case number).
        case responded
        /// Done; the customer is back with the bot.
        case closed
        /// Not about a ticket: `ticket` is the highest id given out before the closed tickets' records
        /// were moved to the archive, so session numbers go on after it.
        case mark

        /// Whether an agent does it (and the record names them).
        public var isAgents: Bool {
            switch self {
            case .taken, .released, .reassigned, .agent, .note, .escalated, .responded, .closed: return true
            case .filed, .customer, .mark: return false
            }
        }
    }

    public var kind: Kind
    public var ticket: String
    /// Seconds since 1970-01-01 UTC.
    public var at: Int
    public var agent: String?
    public var text: String?
    public var severity: Severity?
    public var handoff: HandoffEvent?
    /// With `filed`: the code the customer was given to come back to the conversation (none in
    /// queues written before there was one).
    public var resume: ResumeCode?

    public init(_ kind: Kind, ticket: String, at: Int, agent: String? = nil, text: String? = nil,
                severity: Severity? = nil, handoff: HandoffEvent? = nil, resume: ResumeCode? = nil) {
        self.kind = kind
        self.ticket = ticket
        self.at = at
        self.agent = agent
        self.text = text
        self.severity = severity
        self.handoff = handoff
        self.resume = resume
    }

    /// A conversation handed off at `at`, which its customer may come back to with `resume`.
    public static func filed(_ handoff: HandoffEvent, at: Int, resume: ResumeCode? = nil) -> TicketRecord {
        TicketRecord(.filed, ticket: handoff.ticket, at: at, handoff: handoff, resume: resume)
    }

    /// The record as one line of JSON (no line ending).
    public var json: String {
        var json = writer()
        return json.finish()
    }

    /// The record as one line of JSON in UTF-8, with its line feed: what the journal writes.
    public var line: [UInt8] {
        var json = writer()
        return json.finishBytes(ending: 0x0A)
    }

    private func writer() -> JSONWriter {
        var json = JSONWriter()
        json.integer("at", at)
        json.string("kind", kind.rawValue)
        json.string("ticket", ticket)
        if let agent { json.string("agent", agent) }
        if let severity { json.string("severity", severity.rawValue) }
        if let text { json.string("text", text) }
        if let resume { json.string("resume", resume.characters) }
        if let handoff { json.object("handoff") { JSONCodec.write(handoff, into: &$0) } }
        return json
    }

    /// Reads a line written by `json`.
    public init(json line: String) throws(TicketRecordError) {
        guard let object = JSONValue.parse(line)?.object else { throw .notAnObject }
        guard let kindText = object["kind"]?.string else { throw .missing("kind") }
        guard let kind = Kind(rawValue: kindText) else { throw .unknownKind(kindText) }
        guard let ticket = object["ticket"]?.string, !ticket.isEmpty else { throw .missing("ticket") }
        guard let at = object["at"]?.number, at >= 0, at < 1e12 else { throw .missing("at") }
        self.init(kind, ticket: ticket, at: Int(at), agent: object["agent"]?.string, text: object["text"]?.string)
        if let severityText = object["severity"]?.string {
            guard let severity = Severity(rawValue: severityText) else { throw .badValue("severity", severityText) }
            self.severity = severity
        }
        if let resumeText = object["resume"]?.string {
            guard let resume = ResumeCode(resumeText) else { throw .badValue("resume", "'\(resumeText)' (ten letters and digits)") }
            self.resume = resume
        }
        if let handoffObject = object["handoff"]?.object {
            guard let handoff = JSONCodec.handoff(from: handoffObject) else { throw .badValue("handoff", "an incomplete handoff") }
            guard handoff.ticket == ticket else { throw .badValue("handoff", "ticket \(handoff.ticket) inside record of \(ticket)") }
            self.handoff = handoff
        }
        if kind == .filed && handoff == nil { throw .missing("handoff") }
        if kind.isAgents && agent == nil { throw .missing("agent") }
        if kind == .escalated && severity == nil { throw .missing("severity") }
        if (kind == .customer || kind == .agent || kind == .note || kind == .reassigned || kind == .responded) && text == nil { throw .missing("text") }
    }
}

/// Why a journal line could not be read.
public enum TicketRecordError: Error, Equatable, CustomStringConvertible {
    case notAnObject
    case missing(String)
    case unknownKind(String)
    case badValue(String, String)

    public var description: String {
        switch self {
        case .notAnObject: return "not a JSON object"
        case .missing(let key): return "the record has no '\(key)'"
        case .unknownKind(let kind): return "unknown record kind '\(kind)' (known: \(TicketRecord.Kind.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .badValue(let key, let value): return "'\(key)' cannot be \(value)"
        }
    }
}
