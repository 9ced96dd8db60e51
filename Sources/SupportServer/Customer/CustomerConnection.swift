import SupportCore

/// One customer's connection: the line protocol around a `DialogueSession`.
///
/// The server greets with a protocol line and the bot's greeting in plain mode. A first line of
/// `MODE json` switches to one JSON object per event (the greeting is sent again as JSON);
/// `MODE plain` keeps plain mode. Every customer line gets exactly one end of turn, including
/// lines that are dropped for being too long, not UTF-8 or over the rate limit.
final class CustomerConnection: ConnectionHandler {
    static let protocolName = "supportbot/1"
    static let greeting = PlainCodec.systemPrefix + "\(protocolName) ready (plain mode; send \"MODE json\" as your first line for JSON events)\n"

    enum Mode { case plain, json }

    private var session: DialogueSession
    /// Where handoffs go, and what the customer writes after one.
    private let desk: HandoffDesk?
    /// The session's ticket while it is handed off, kept here: reading `session.handedOffTicket`
    /// (a computed property of another module) from this class copied the whole session for each
    /// line (`perf` of the server bench: the session's value-witness copy under `received`).
    private var ticket: String?
    /// The one setting a connection needs (a copy of the whole configuration would cost every
    /// idle session a hundred bytes).
    private let logMessages: Bool
    private var mode = Mode.plain
    private var lines = 0

    init(session: DialogueSession, desk: HandoffDesk?, configuration: ServerConfiguration) {
        self.session = session
        self.desk = desk
        logMessages = configuration.logMessages
    }

    func opened(_ io: ConnectionIO) {
        var bytes = Array(Self.greeting.utf8)
        PlainCodec.encode(session.start(), into: &bytes)
        io.send(bytes)
    }

    func received(_ line: UnsafeBufferPointer<UInt8>, _ io: ConnectionIO) {
        lines += 1
        guard let text = String(validating: line, as: UTF8.self) else {
            reject("the line is not valid UTF-8; it was dropped", reason: "invalid_utf8", io)
            return
        }
        if lines == 1, let selected = Self.modeLine(text) {
            mode = selected
            if selected == .json {
                io.send("{\"type\":\"mode\",\"mode\":\"json\",\"protocol\":\"\(Self.protocolName)\"}\n" + JSONCodec.text(for: session.start()))
            } else {
                send([.system("plain mode"), .endOfTurn], io)
            }
            return
        }
        if let desk, let request = ResumeRequest(line: text) {
            return resume(request, desk, io)
        }
        if let desk, let ticket, !text.hasPrefix("/") {
            // After the handoff the line is the ticket's; while an agent has it, the agent answers.
            switch desk.customerWrote(ticket, text) {
            case .toAgent:
                return send([.endOfTurn], io)
            case .kept:
                break
            case .notSaved(let error):
                io.log.log(.error, "handoff_line_not_saved") { line in
                    line.field("session", io.id)
                    line.field("ticket", ticket)
                    line.field("error", "\(error)")
                }
                return send([.error("your message could not be added to your ticket (the queue could not be saved); please send it again in a minute"), .endOfTurn], io)
            }
        }
        let started = monotonicNanoseconds()
        var events = session.receive(text)
        let latency = (monotonicNanoseconds() - started) / 1000
        if let desk { file(&events, desk, io) }
        send(events, io)
        logTurn(events, text: text, latency: latency, io)
        if session.isClosed { io.close() }
    }

    func rejected(_ problem: LineProblem, _ io: ConnectionIO) {
        switch problem {
        case .tooLong(let limit):
            reject("the line is longer than \(limit) bytes; it was dropped", reason: "line_too_long", io)
        case .rateLimited(let perSecond):
            reject("too many messages (more than \(Self.number(perSecond)) a second); the line was dropped", reason: "rate_limited", io)
        }
    }

    func timedOut(after timeout: Duration, _ io: ConnectionIO) {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        send([.system("no message for \(Self.number(seconds)) seconds; closing the connection, goodbye"), .closed], io)
    }

    func stopping(_ io: ConnectionIO) {
        send([.system("the server is shutting down; goodbye"), .closed], io)
    }

    func closed(_ reason: CloseReason, _ io: ConnectionIO) {
        if let desk, let ticket { desk.customerLeft(ticket, from: io.link) }
    }

    /// The customer came back to this connection's ticket from another one: this one ends.
    func moved(_ io: ConnectionIO) {
        guard let ticket else { return }
        self.ticket = nil
        send([.system("ticket \(ticket) continues on another connection; closing this one"), .closed], io)
        io.close()
    }

    /// Runs what an agent did on the session (joined, wrote, closed) and sends its events. They
    /// answer no customer line, so they carry no end of turn.
    func deliver(_ io: ConnectionIO, endingHandoff: Bool, _ change: (inout DialogueSession) -> [SessionEvent]) {
        send(change(&session), io)
        if endingHandoff { ticket = nil }
    }

    // MARK: -

    /// `/resume TICKET CODE`, carried out against the queue rather than by the session.
    private func resume(_ request: ResumeRequest, _ desk: HandoffDesk, _ io: ConnectionIO) {
        guard case .resume(let id, let code) = request else {
            return send(session.resumeRefused(.malformed), io)
        }
        if let ticket { return send(session.resumeRefused(.alreadyIn(ticket: ticket)), io) }
        switch desk.resume(id, code: code, customer: io.link) {
        case .open(let found):
            ticket = id
            io.log.log(.info, "resume", ["session": io.id, "ticket": id])
            send(session.resumed(found), io)
        case .closed(let closing):
            io.log.log(.info, "resume", ["session": io.id, "ticket": id, "closed": "yes"])
            send(session.resumedClosed(id, closing), io)
        case .notFound:
            io.log.log(.warn, "resume_refused", ["session": io.id, "ticket": id])
            send(session.resumeRefused(.notFound(ticket: id)), io)
        }
    }

    /// Puts a handoff in the queue before the customer reads that it is there; if the queue
    /// cannot save it, the customer is told instead of being left waiting for nobody.
    private func file(_ events: inout [SessionEvent], _ desk: HandoffDesk, _ io: ConnectionIO) {
        for index in events.indices {
            guard case .handoff(let handoff) = events[index] else { continue }
            do throws(DeskError) {
                let code = try desk.file(handoff, customer: io.link)
                ticket = handoff.ticket
                events.insert(session.resumeNote(ticket: handoff.ticket, code: code), at: events.endIndex - 1)
            } catch {
                io.log.log(.error, "handoff_not_saved") { line in
                    line.field("session", io.id)
                    line.field("ticket", handoff.ticket)
                    line.field("error", "\(error)")
                }
                session.handoffNotFiled()
                events.insert(.error("your request could not be passed to an agent (the queue could not be saved); please type /human again in a minute"), at: events.endIndex - 1)
                return
            }
        }
    }

    private func reject(_ message: String, reason: String, _ io: ConnectionIO) {
        send([.error(message), .endOfTurn], io)
        io.log.log(.warn, "error", ["session": io.id, "reason": reason])
    }

    /// The events in this connection's mode: JSON text, or the plain protocol's bytes.
    private func send(_ events: [SessionEvent], _ io: ConnectionIO) {
        guard mode == .plain else { return io.send(JSONCodec.text(for: events)) }
        io.withScratch { bytes in
            PlainCodec.encode(events, into: &bytes)
            io.send(bytes)
        }
    }

    private func logTurn(_ events: [SessionEvent], text: String, latency: UInt64, _ io: ConnectionIO) {
        var category = "-", intent = "-", kind = "-"
        for index in events.indices {
            guard case .reply(let reply) = events[index] else { continue }
            category = reply.category?.rawValue ?? "-"
            intent = reply.intent ?? "-"
            kind = reply.kind.rawValue
            break
        }
        io.log.log(.info, "turn") { line in
            line.field("session", io.id)
            line.field("category", category)
            line.field("intent", intent)
            line.field("kind", kind)
            line.field("latency_us", latency)
            if logMessages { line.field("text", text) }
        }
        for index in events.indices {
            if case .handoff(let handoff) = events[index] {
                io.log.log(.info, "handoff") { line in
                    line.field("session", io.id)
                    line.field("ticket", handoff.ticket)
                    line.field("severity", handoff.severity.rawValue)
                    line.field("category", handoff.category.rawValue)
                    line.field("reason", handoff.reason.rawValue)
                }
            }
        }
    }

    private static func modeLine(_ text: String) -> Mode? {
        // Most first lines are questions: only a short line starting with "mode" is looked at
        // (lower-casing and splitting every session's first line cost a thousand instructions a turn).
        guard text.utf8.count <= 32,
              text.utf8.drop(while: { $0 == 0x20 }).prefix(4).map({ $0 | 0x20 }).elementsEqual("mode".utf8) else { return nil }
        switch text.lowercased().split(separator: " ").joined(separator: " ") {
        case "mode json": return .json
        case "mode plain": return .plain
        default: return nil
        }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
