/// The handoff queue as a value: the open tickets the journal's records describe. It checks that
/// each record follows from the ticket's state (a ticket is taken only while waiting, only its
/// owner writes to the customer or closes it) before applying it, so the desk can refuse a
/// command before writing anything, and a replayed journal reaches exactly the state it left.
///
/// A closed ticket leaves the board (only its id is kept): a server running for months holds
/// its open tickets, not every transcript it ever handed off. Its records stay in the journal
/// until the next start moves them to the archive. What its customer needs to read it was closed
/// (the agents' lines and the closing words, not the transcript) is kept for the last
/// `closingsKept` closed, so one who comes back with their code learns how it ended.
public struct TicketBoard: Sendable {
    /// The open tickets.
    public private(set) var tickets: [String: Ticket] = [:]
    /// The ids of the tickets closed since the journal began.
    public private(set) var closed: Set<String> = []
    /// The highest session number of any ticket id filed or marked ("c41-2" → 41), so a
    /// restarted server numbers its sessions after it and never gives out a ticket id twice.
    public private(set) var highestSession = 0
    /// Ticket ids in the order they were filed (closed ones are skipped when read).
    private var order: [String] = []
    /// How the most recently closed tickets ended, for customers coming back to them.
    private var closings: [String: Closing] = [:]
    /// Their ids, the oldest first, to forget the oldest beyond `closingsKept`.
    private var closingOrder: [String] = []
    /// About a hundred kilobytes at most: a few agent lines each.
    public static let closingsKept = 1000

    /// How a closed ticket ended, for its customer: the agents' lines to them since the handoff,
    /// the last being the closing words.
    public struct Closing: Sendable {
        /// Who closed it.
        public var agent: String
        public var agentLines: [(agent: String, text: String)]
        /// The conversation's language when it was handed off.
        public var language: Language
        var resumeCode: ResumeCode?
    }

    public init() {}

    /// Whether `record` may be applied now.
    public func check(_ record: TicketRecord) throws(DeskError) {
        switch record.kind {
        case .mark:
            return
        case .filed:
            if tickets[record.ticket] != nil || closed.contains(record.ticket) { throw .alreadyFiled(record.ticket) }
            return
        case .customer where closed.contains(record.ticket):
            // A line the customer sent as the agent closed the ticket (the desk writes these
            // without holding up the agents): kept in the journal, nothing to change.
            return
        default:
            break
        }
        if closed.contains(record.ticket) { throw .closed(record.ticket) }
        guard let ticket = tickets[record.ticket] else { throw .noSuchTicket(record.ticket) }
        let owner = ticket.status.owner
        switch record.kind {
        case .mark, .filed, .note, .customer:
            break
        case .taken:
            guard ticket.status == .waiting else { throw .notWaiting(ticket.id, ticket.status) }
        case .reassigned:
            // From the owner the record names, to another agent; never a waiting ticket.
            guard let owner, owner == record.text, owner != record.agent else { throw .notYours(ticket.id, owner: owner) }
        case .released, .agent, .escalated, .closed:
            guard owner == record.agent else { throw .notYours(ticket.id, owner: owner) }
        case .responded:
            guard owner == record.agent else { throw .notYours(ticket.id, owner: owner) }
            guard case .escalated = ticket.status else { throw .notEscalated(ticket.id) }
            if let at = ticket.providerResponded { throw .alreadyResponded(ticket.id, at: at) }
        }
    }

    /// Applies `record` after `check`; the ticket as the record leaves it (a closed one as it was
    /// closed, though it has left the board), nil for records that change none.
    @discardableResult
    public mutating func apply(_ record: TicketRecord) throws(DeskError) -> Ticket? {
        try check(record)
        switch record.kind {
        case .mark:
            note(record.ticket)
            return nil
        case .filed:
            guard let handoff = record.handoff else { return nil }
            tickets[record.ticket] = Ticket(handoff: handoff, filedAt: record.at, status: .waiting, resumeCode: record.resume)
            order.append(record.ticket)
            note(record.ticket)
            return tickets[record.ticket]
        case .customer where closed.contains(record.ticket):
            return nil
        default:
            break
        }
        let agent = record.agent ?? ""
        // Taken out while it changes, so its history is appended to in place, not copied.
        var ticket = tickets.removeValue(forKey: record.ticket)!
        ticket.history.append(record)
        switch record.kind {
        case .taken: ticket.status = .taken(by: agent)
        case .released: ticket.status = .waiting
        case .reassigned:
            if case .escalated(_, let severity, let due) = ticket.status {
                ticket.status = .escalated(by: agent, severity: severity, due: due)
            } else {
                ticket.status = .taken(by: agent)
            }
        case .escalated:
            let severity = record.severity ?? .c
            ticket.status = .escalated(by: agent, severity: severity, due: record.at + severity.firstResponseHours * 3600)
            ticket.providerResponded = nil  // escalated again: a new first response is due
        case .responded:
            ticket.providerResponded = record.at
        case .closed:
            ticket.status = .closed(by: agent)
            closed.insert(record.ticket)
            remember(Closing(agent: agent, agentLines: ticket.agentLines + [(agent, record.text ?? "")],
                             language: ticket.handoff.language, resumeCode: ticket.resumeCode), of: record.ticket)
            // Closed ids are skipped when the order is read; dropped once they are most of it.
            if order.count > 2 * tickets.count + 64 { order.removeAll { tickets[$0] == nil } }
            return ticket
        case .mark, .filed, .customer, .agent, .note: break
        }
        tickets[record.ticket] = ticket
        return ticket
    }

    private mutating func note(_ id: String) {
        guard id.first == "c", let number = Int(id.dropFirst().prefix(while: \.isNumber)) else { return }
        highestSession = max(highestSession, number)
    }

    public subscript(id: String) -> Ticket? { tickets[id] }

    /// Takes on how `other`'s closed tickets ended, as if they had closed before this board's,
    /// and numbers sessions after its ids: a restarted desk reads them from the archive, where
    /// the journal's compaction moved them.
    public mutating func rememberClosings(of other: TicketBoard) {
        for id in other.closingOrder {
            if let closing = other.closings[id] { remember(closing, of: id) }
        }
        highestSession = max(highestSession, other.highestSession)
    }

    private mutating func remember(_ closing: Closing, of id: String) {
        closings[id] = closing
        closingOrder.append(id)
        if closingOrder.count > Self.closingsKept {
            closings[closingOrder.removeFirst()] = nil
        }
    }

    /// How the closed ticket `id` ended, when `code` is the one its customer was given and it is
    /// among the last `closingsKept` closed; nil otherwise, whatever the reason.
    public func closing(_ id: String, resumableWith code: ResumeCode) -> Closing? {
        guard let closing = closings[id], let expected = closing.resumeCode, expected.matches(code) else { return nil }
        return closing
    }

    /// The open ticket `id` when `code` is the one its customer was given. Whether the ticket
    /// exists, is closed or has another code, the answer is the same nil: a stranger guessing ids
    /// learns nothing.
    public func ticket(_ id: String, resumableWith code: ResumeCode) -> Ticket? {
        guard let ticket = tickets[id], let expected = ticket.resumeCode, expected.matches(code) else { return nil }
        return ticket
    }

    /// Waiting tickets in the order agents should take them: the most severe first, then the oldest.
    public var waiting: [Ticket] {
        open.filter { $0.status == .waiting }
            .enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }.map(\.element)
    }

    /// The open tickets, in the order they were filed.
    public var open: [Ticket] {
        order.compactMap { tickets[$0] }
    }

    /// The provider queue: escalated tickets, those awaiting the provider's first response before
    /// those that have it, each group by the first response's due time.
    public var escalated: [Ticket] {
        open.compactMap { ticket -> (Ticket, Int)? in
            if case .escalated(_, _, let due) = ticket.status { return (ticket, due) }
            return nil
        }.enumerated().sorted {
            ($0.element.0.awaitsProvider ? 0 : 1, $0.element.1, $0.offset) < ($1.element.0.awaitsProvider ? 0 : 1, $1.element.1, $1.offset)
        }.map(\.element.0)
    }

    /// The open tickets `agent` owns.
    public func owned(by agent: String) -> [Ticket] {
        open.filter { $0.status.owner == agent }
    }
}
