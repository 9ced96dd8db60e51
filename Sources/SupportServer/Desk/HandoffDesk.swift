#if canImport(Glibc)
import Glibc
#endif
import SupportCore
import Synchronization

/// The human side of supportbot: the queue of handed-off conversations, shared by every event
/// loop. Customers' sessions file handoffs and pass on what the customer writes next; agents,
/// on their own port, take tickets, write to the customer, escalate to the provider and close.
///
/// Every change is a `TicketRecord` checked against the board, written to the journal, and only
/// then applied and announced, so what the journal holds is what happened (and a command that
/// could not be saved changed nothing). Messages to connections are posted to their loops after
/// the lock is released.
public final class HandoffDesk: Sendable {
    public let path: String
    /// Lines of the journal that could not be used when it was opened.
    public let problems: [JournalProblem]
    private let now: @Sendable () -> Int
    private let state: Mutex<State>

    private let journal: HandoffJournal

    private struct State {
        var board: TicketBoard
        var links = Links()
        /// Who may sign in, when the operator gave a roster; nil: any name.
        var roster: AgentRoster?
    }

    /// Who is connected now.
    private struct Links: Sendable {
        /// The connection of the customer of each ticket, while they are connected.
        var customers: [String: ConnectionLink] = [:]
        /// Signed-in agents' connections, by name.
        var agents: [String: ConnectionLink] = [:]
    }

    /// Records of closed tickets moved to the archive (`PATH.closed`) when the journal was opened.
    public let archived: Int

    /// Opens the journal at `path` (creating it) and replays it. Closed tickets' records are then
    /// moved to the archive beside it (`PATH.closed`), so the journal, and what the server keeps
    /// in memory, hold the open tickets only; not when a line had a problem (nothing unread is
    /// ever rewritten away).
    public init(path: String, roster: AgentRoster? = nil, now: @escaping @Sendable () -> Int = { Int(time(nil)) }) throws(JournalError) {
        // How the tickets already in the archive ended, read once: on a board of their own, as the
        // archive's end may hold part of a ticket (or one twice, after a crash in compaction),
        // which must not open it again in the queue's board.
        var archive = TicketBoard()
        for record in HandoffJournal.archivedRecords(path) { _ = try? archive.apply(record) }
        var (journal, board, problems, records) = try Self.replay(path, after: archive)
        let mark = TicketRecord(.mark, ticket: "c\(board.highestSession)-0", at: now())
        archived = problems.isEmpty ? try HandoffJournal.compact(path, records: records, closed: board.closed, mark: mark) : 0
        // The closings of the tickets just archived are the first board's.
        if archived > 0 { (journal, board, problems, _) = try Self.replay(path, after: board) }
        self.path = path
        self.problems = problems
        self.now = now
        self.journal = journal
        state = Mutex(State(board: board, roster: roster))
    }

    /// The journal's records applied to a board that first learns from `earlier` how the tickets
    /// no longer in the journal ended: a customer coming back to one with its code reads that
    /// after any number of restarts, not only until the next.
    private static func replay(_ path: String, after earlier: TicketBoard) throws(JournalError) -> (HandoffJournal, TicketBoard, [JournalProblem], [TicketRecord]) {
        let (journal, records, problems) = try HandoffJournal.open(path)
        var board = TicketBoard()
        board.rememberClosings(of: earlier)
        var all = problems
        for (line, record) in records {
            do throws(DeskError) { try board.apply(record) } catch {
                all.append(JournalProblem(path: path, line: line, message: "record \(record.kind.rawValue) of ticket \(record.ticket) does not follow: \(error)"))
            }
        }
        return (journal, board, all, records.map(\.record))
    }

    /// The queue as it stands.
    public var board: TicketBoard { state.withLock { $0.board } }

    /// The highest session number of any ticket id given out ("c41-1" → 41), so a restarted
    /// server numbers its sessions after it and never gives out a ticket id twice.
    public var highestSessionNumber: Int { board.highestSession }

    /// Puts every record written so far on the disk now, rather than within the sync delay (a
    /// stopping server calls it).
    public func sync() {
        try? journal.sync()
    }

    // MARK: - Customers

    /// Files a handoff, written before it returns; agents signed in hear of it. Returns the code
    /// the customer can come back to the ticket with (`resume`), kept in the filed record so it
    /// outlives a restart.
    ///
    /// Customers' records are written without holding the lock (nobody else acts on a ticket
    /// before it is filed, and a customer line follows from any state): holding it across the
    /// system call made the two event loops queue on it, which cost the server bench a fifth of
    /// its turns (BENCHMARKS.md). Agents' records, rare, are checked and written under it.
    func file(_ handoff: HandoffEvent, customer: ConnectionLink) throws(DeskError) -> ResumeCode {
        let code = ResumeCode.random()
        let record = TicketRecord.filed(handoff, at: now(), resume: code)
        try state.withLock { state throws(DeskError) in try state.board.check(record) }
        do throws(JournalError) { try journal.append(record) } catch { throw .cannotWrite("\(error)") }
        let (ticket, agents) = try state.withLock { state throws(DeskError) in
            let ticket = try state.board.apply(record)!
            state.links.customers[handoff.ticket] = customer
            return (ticket, Array(state.links.agents.values))
        }
        if !agents.isEmpty {
            let line = "event: filed " + AgentView.line(ticket, now: record.at)
            for agent in agents { agent.send([line]) }
        }
        return code
    }

    /// Where a customer line written after the handoff went.
    enum CustomerLine {
        /// To the ticket's agent, who answers it.
        case toAgent
        /// Into the ticket, for whichever agent takes it; the bot says where the request stands.
        case kept
        /// Nowhere: the queue could not be written.
        case notSaved(DeskError)
    }

    /// A customer line after the handoff: kept in the ticket and passed to its agent.
    func customerWrote(_ ticket: String, _ text: String) -> CustomerLine {
        let record = TicketRecord(.customer, ticket: ticket, at: now(), text: text)
        do throws(JournalError) { try journal.append(record) } catch { return .notSaved(.cannotWrite("\(error)")) }
        let agent = state.withLock { state -> ConnectionLink? in
            guard let changed = try? state.board.apply(record) else { return nil }
            return changed.status.owner.flatMap { state.links.agents[$0] }
        }
        guard let agent else { return .kept }
        agent.send(["event: \(ticket) customer: \(text)"])
        return .toAgent
    }

    /// The customer's connection closed; the ticket stays (an agent can still read and close it,
    /// and the customer can come back to it with its code). Nothing changes when the customer has
    /// already come back on another connection (whose old one may end on its own before the notice
    /// to close reaches it).
    func customerLeft(_ ticket: String, from link: ConnectionLink) {
        let agent = state.withLock { state -> ConnectionLink? in
            guard state.links.customers[ticket]?.id == link.id else { return nil }
            state.links.customers[ticket] = nil
            return state.board[ticket]?.status.owner.flatMap { state.links.agents[$0] }
        }
        agent?.send(["event: \(ticket) the customer disconnected"])
    }

    /// What a customer coming back with a ticket's code finds.
    enum Resumption {
        /// The ticket is open: the conversation goes on here.
        case open(Ticket)
        /// An agent closed it while they were away: how it ended.
        case closed(TicketBoard.Closing)
        /// No open or recently closed ticket has that id and code.
        case notFound
    }

    /// The customer of `ticket` came back on the connection `customer` with the code they were
    /// given: their lines and the agent's go there from now on. A connection that still held the
    /// ticket (one the customer can no longer reach, most likely) is told and closed; the ticket's
    /// agent hears that the customer is back.
    func resume(_ id: String, code: ResumeCode, customer: ConnectionLink) -> Resumption {
        let (found, previous, agent) = state.withLock { state -> (Resumption, previous: ConnectionLink?, agent: ConnectionLink?) in
            guard let ticket = state.board.ticket(id, resumableWith: code) else {
                return (state.board.closing(id, resumableWith: code).map(Resumption.closed) ?? .notFound, nil, nil)
            }
            let previous = state.links.customers.updateValue(customer, forKey: id)
            return (.open(ticket), previous, ticket.status.owner.flatMap { state.links.agents[$0] })
        }
        guard case .open = found else { return found }
        if let previous, previous.id != customer.id {
            previous.post { handler, io in (handler as? CustomerConnection)?.moved(io) }
        }
        agent?.send(["event: \(id) the customer is back"])
        return found
    }

    // MARK: - Agents

    func signIn(_ name: String, secret: String?, from link: ConnectionLink) throws(DeskError) {
        try state.withLock { state throws(DeskError) in
            if let roster = state.roster, !roster.admits(name, secret: secret) { throw .notOnRoster }
            if let current = state.links.agents[name], current.id != link.id { throw .signedInElsewhere(name) }
            state.links.agents[name] = link
        }
    }

    /// Puts a new roster in place (the operator's SIGHUP). Agents signed in under a name it no
    /// longer has are told and disconnected; the others stay signed in. Returns their names.
    @discardableResult
    public func replaceRoster(_ roster: AgentRoster) -> [String] {
        let removed = state.withLock { state -> [(String, ConnectionLink)] in
            state.roster = roster
            let gone = state.links.agents.filter { !roster.contains($0.key) }
            for (name, _) in gone { state.links.agents[name] = nil }
            return gone.map { ($0.key, $0.value) }
        }
        for (_, link) in removed {
            link.post { _, io in
                io.send("system: your name was taken off the agents' roster; closing the connection\n")
                io.close()
            }
        }
        return removed.map(\.0).sorted()
    }

    func signOut(_ name: String, from link: ConnectionLink) {
        state.withLock { state in
            if state.links.agents[name]?.id == link.id { state.links.agents[name] = nil }
        }
    }

    /// Carries out one command of a signed-in agent; the response's lines, the last one `ok ...`
    /// or `error: ...`.
    func perform(_ command: AgentCommand, agent: String) -> [String] {
        let time = now()
        do throws(DeskError) {
            switch command {
            case .signIn, .help, .quit:
                return ["error: \(command) is handled by the connection"]
            case .list(let scope):
                let board = self.board
                let tickets = scope == .waiting ? board.waiting : scope == .mine ? board.owned(by: agent) : board.open
                let name = scope == .waiting ? "waiting" : scope == .mine ? "yours" : "open"
                return tickets.map { AgentView.line($0, now: time) } + ["ok \(tickets.count) \(name)"]
            case .provider:
                let tickets = board.escalated
                let awaiting = tickets.filter(\.awaitsProvider)
                let overdue = awaiting.filter { if case .escalated(_, _, let due) = $0.status { return due < time } else { return false } }
                return tickets.map { AgentView.line($0, now: time) }
                    + ["ok \(tickets.count) with the provider, \(awaiting.count) awaiting a first response (\(overdue.count) overdue)"]
            case .show(let id):
                let board = self.board
                guard let ticket = board[id] else { throw board.closed.contains(id) ? .closed(id) : .noSuchTicket(id) }
                return AgentView.details(ticket, now: time)
                    + [customerLink(id) == nil ? "ok the customer is not connected (they can come back with /resume and their code)" : "ok the customer is connected"]
            case .take(let requested):
                // Chosen under the lock, so two agents taking "the next" get two tickets.
                let (record, ticket) = try change { board, links throws(DeskError) in
                    guard let id = requested ?? board.waiting.first?.id else { throw .nothingWaiting }
                    // A ticket whose owner has gone home is taken over rather than left stuck.
                    if let ticket = board[id], let owner = ticket.status.owner, owner != agent, links.agents[owner] == nil {
                        return TicketRecord(.reassigned, ticket: id, at: time, agent: agent, text: owner)
                    }
                    return TicketRecord(.taken, ticket: id, at: time, agent: agent)
                }
                let id = record.ticket
                tellCustomer(id) { session in session.agentJoined(agent) }
                let from = record.kind == .reassigned ? " (taken over from \(record.text ?? "?"), who is not signed in)" : ""
                return AgentView.details(ticket, now: time) + ["ok you have \(id)\(from)" + (customerLink(id) == nil ? "; the customer is not connected" : "")]
            case .say(let id, let text):
                try change(TicketRecord(.agent, ticket: id, at: time, agent: agent, text: text))
                let connected = tellCustomer(id) { session in session.agentWrote(agent, text) }
                return [connected ? "ok sent" : "ok kept in the ticket; the customer is not connected and will not see it"]
            case .note(let id, let text):
                try change(TicketRecord(.note, ticket: id, at: time, agent: agent, text: text))
                return ["ok noted"]
            case .escalate(let id, let severity, let text):
                let ticket = try change(TicketRecord(.escalated, ticket: id, at: time, agent: agent, text: text, severity: severity))
                return [AgentView.line(ticket, now: time),
                        "ok escalated to the provider, severity \(severity.rawValue): first response due \(AgentView.utc(time + severity.firstResponseHours * 3600)) (\(severity.firstResponseHours) h)"]
            case .responded(let id, let text):
                let ticket = try change(TicketRecord(.responded, ticket: id, at: time, agent: agent, text: text))
                return [AgentView.line(ticket, now: time), "ok the provider's first response is recorded"]
            case .release(let id):
                try change(TicketRecord(.released, ticket: id, at: time, agent: agent))
                return ["ok \(id) is waiting again"]
            case .close(let id, let text):
                try change(TicketRecord(.closed, ticket: id, at: time, agent: agent, text: text))
                let connected = tellCustomer(id, ending: true) { session in session.handoffClosed(by: agent, text) }
                return ["ok closed" + (connected ? "" : "; the customer is not connected")]
            }
        } catch {
            return ["error: \(error)"]
        }
    }

    // MARK: -

    /// Makes one record of an agent's from the queue and who is signed in, then checks, writes and
    /// applies it, all under the lock (so two agents' records on one ticket are written in the
    /// order they were checked); the record and the ticket after it.
    private func change(_ make: (TicketBoard, Links) throws(DeskError) -> TicketRecord) throws(DeskError) -> (TicketRecord, Ticket) {
        try state.withLock { state throws(DeskError) in
            let record = try make(state.board, state.links)
            try state.board.check(record)
            do throws(JournalError) { try journal.append(record) } catch { throw .cannotWrite("\(error)") }
            guard let ticket = try state.board.apply(record) else { throw .noSuchTicket(record.ticket) }
            return (record, ticket)
        }
    }

    /// `change` for a record made beforehand; the ticket after it.
    @discardableResult
    private func change(_ record: TicketRecord) throws(DeskError) -> Ticket {
        try change { _, _ in record }.1
    }

    private func customerLink(_ ticket: String) -> ConnectionLink? { state.withLock { $0.links.customers[ticket] } }

    /// Runs `events` on the customer's session, on its loop, and sends what it returns (`ending`:
    /// the ticket is closed, the customer is the bot's again); false when the customer is not
    /// connected.
    @discardableResult
    private func tellCustomer(_ ticket: String, ending: Bool = false, _ events: @escaping @Sendable (inout DialogueSession) -> [SessionEvent]) -> Bool {
        guard let link = customerLink(ticket) else { return false }
        link.post { handler, io in (handler as? CustomerConnection)?.deliver(io, endingHandoff: ending, events) }
        return true
    }
}

extension ConnectionLink {
    /// Lines for an agent's connection (events between responses).
    func send(_ lines: [String]) {
        let text = lines.map { $0 + "\n" }.joined()
        post { _, io in io.send(text) }
    }
}
