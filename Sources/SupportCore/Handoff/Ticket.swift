/// A handed-off conversation in the agents' queue: the handoff as the bot filed it, where it
/// stands, and everything said or noted about it since.
public struct Ticket: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// In the queue for the next free agent.
        case waiting
        case taken(by: String)
        /// With the provider too; the agent who sent it still owns it. `due` is when the provider's
        /// first response is due (seconds since 1970), from the severity's hours.
        case escalated(by: String, severity: Severity, due: Int)
        case closed(by: String)

        /// The agent who owns the ticket now, if any.
        public var owner: String? {
            switch self {
            case .waiting: return nil
            case .taken(let agent), .escalated(let agent, _, _), .closed(let agent): return agent
            }
        }

        public var name: String {
            switch self {
            case .waiting: return "waiting"
            case .taken: return "taken"
            case .escalated: return "escalated"
            case .closed: return "closed"
            }
        }
    }

    public var handoff: HandoffEvent
    public var filedAt: Int
    public var status: Status
    /// Every record after the filing, in order.
    public var history: [TicketRecord] = []
    /// The code its customer was given to come back to it from a new connection.
    public var resumeCode: ResumeCode?
    /// When the provider's first response to the latest escalation came (seconds since 1970);
    /// nil while it is awaited, and for tickets never escalated.
    public var providerResponded: Int?

    /// Whether the ticket waits on the provider's first response.
    public var awaitsProvider: Bool {
        if case .escalated = status { return providerResponded == nil }
        return false
    }

    public var id: String { handoff.ticket }

    /// The agents' lines to the customer since the handoff, in order: what a customer coming back
    /// may have missed.
    public var agentLines: [(agent: String, text: String)] {
        history.compactMap { record in
            guard record.kind == .agent, let agent = record.agent, let text = record.text else { return nil }
            return (agent, text)
        }
    }
    /// The severity the agents work to: the provider's once escalated, the customer's until then.
    public var severity: Severity {
        if case .escalated(_, let severity, _) = status { return severity }
        return handoff.severity
    }
}
