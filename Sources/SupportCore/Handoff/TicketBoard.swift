/// The handoff queue as a value: the tickets the journal's records describe. It checks that each
/// record follows from the ticket's state (a ticket is taken only while waiting, only its owner
/// writes to the customer or closes it) before applying it, so the desk can refuse a command
/// before writing anything, and a replayed journal reaches exactly the state it left.
public struct TicketBoard: Sendable {
    public private(set) var tickets: [String: Ticket] = [:]
    /// Ticket ids in the order they were filed.
    private var order: [String] = []

    public init() {}

    /// Whether `record` may be applied now.
    public func check(_ record: TicketRecord) throws(DeskError) {
        guard record.kind != .filed else {
            if tickets[record.ticket] != nil { throw .alreadyFiled(record.ticket) }
            return
        }
        guard let ticket = tickets[record.ticket] else { throw .noSuchTicket(record.ticket) }
        let owner = ticket.status.owner
        switch record.kind {
        case .filed:
            break
        case .taken:
            guard ticket.status == .waiting else { throw .notWaiting(ticket.id, ticket.status) }
        case .reassigned:
            // From the owner the record names, to another agent; never a closed or waiting ticket.
            if case .closed = ticket.status { throw .closed(ticket.id) }
            guard let owner, owner == record.text, owner != record.agent else { throw .notYours(ticket.id, owner: owner) }
        case .note:
            break
        case .customer:
            // Kept even after the close: a line the customer sent as the agent closed it is
            // still theirs (and the desk writes these without holding up the agents).
            break
        case .released, .agent, .escalated, .closed:
            if case .closed = ticket.status { throw .closed(ticket.id) }
            guard owner == record.agent else { throw .notYours(ticket.id, owner: owner) }
        }
    }

    /// Applies `record` after `check`.
    public mutating func apply(_ record: TicketRecord) throws(DeskError) {
        try check(record)
        if record.kind == .filed, let handoff = record.handoff {
            tickets[record.ticket] = Ticket(handoff: handoff, filedAt: record.at, status: .waiting)
            order.append(record.ticket)
            return
        }
        let agent = record.agent ?? ""
        tickets[record.ticket]!.history.append(record)
        switch record.kind {
        case .taken: tickets[record.ticket]!.status = .taken(by: agent)
        case .released: tickets[record.ticket]!.status = .waiting
        case .reassigned:
            if case .escalated(_, let severity, let due) = tickets[record.ticket]!.status {
                tickets[record.ticket]!.status = .escalated(by: agent, severity: severity, due: due)
            } else {
                tickets[record.ticket]!.status = .taken(by: agent)
            }
        case .escalated:
            let severity = record.severity ?? .c
            tickets[record.ticket]!.status = .escalated(by: agent, severity: severity, due: record.at + severity.firstResponseHours * 3600)
        case .closed: tickets[record.ticket]!.status = .closed(by: agent)
        case .filed, .customer, .agent, .note: break
        }
    }

    public subscript(id: String) -> Ticket? { tickets[id] }

    /// Waiting tickets in the order agents should take them: the most severe first, then the oldest.
    public var waiting: [Ticket] {
        order.lazy.compactMap { tickets[$0] }.filter { $0.status == .waiting }
            .enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }.map(\.element)
    }

    /// Tickets that are not closed, in the order they were filed.
    public var open: [Ticket] {
        order.compactMap { tickets[$0] }.filter { if case .closed = $0.status { false } else { true } }
    }

    /// The provider queue: escalated tickets, the first response due soonest first.
    public var escalated: [Ticket] {
        order.compactMap { tickets[$0] }.compactMap { ticket -> (Ticket, Int)? in
            if case .escalated(_, _, let due) = ticket.status { return (ticket, due) }
            return nil
        }.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element.0)
    }

    /// The tickets `agent` owns and has not closed.
    public func owned(by agent: String) -> [Ticket] {
        open.filter { $0.status.owner == agent }
    }
}
