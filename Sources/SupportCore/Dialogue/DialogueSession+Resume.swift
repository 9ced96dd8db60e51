/// `/resume TICKET CODE`: a customer whose connection dropped after a handoff comes back to the
/// ticket from a new connection. The server checks the code against its queue; the session only
/// reads the command and tells the customer where they are.
public enum ResumeRequest: Sendable, Equatable {
    case resume(ticket: String, code: ResumeCode)
    /// `/resume` without a ticket and a code that could be one.
    case malformed

    /// Reads a `/resume` line; nil for any other line. The code may be typed with spaces in it.
    public init?(line: String) {
        // Every customer line is asked: only one starting with "/resume" is split.
        var bytes = line.utf8.drop { $0 == 0x20 }.makeIterator()
        guard bytes.next() == UInt8(ascii: "/") else { return nil }
        for letter in "resume".utf8 where bytes.next().map({ $0 | 0x20 }) != letter { return nil }
        if let after = bytes.next(), after != 0x20 { return nil }  // "/resumes" is another word
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 3, let code = ResumeCode(parts[2...].joined()) else {
            self = .malformed
            return
        }
        self = .resume(ticket: parts[1].lowercased(), code: code)
    }
}

/// Why a customer could not come back to a ticket.
public enum ResumeRefusal: Sendable, Equatable {
    case malformed
    /// No open ticket with that id and code (which of the two was wrong is not said).
    case notFound(ticket: String)
    /// The customer is in a ticket on this connection already.
    case alreadyIn(ticket: String)
    /// There is no queue (`chat`): nothing was ever filed to come back to.
    case noQueue
}

extension DialogueSession {
    /// What the customer needs to come back to `ticket` later: said once, right after the handoff
    /// is filed. Kept out of the transcript, so the code is never handed to anyone else.
    public func resumeNote(ticket: String, code: ResumeCode) -> SessionEvent {
        var note = BotReply(text: text(.handoffResumeCode, ["ticket": ticket, "code": code.description]), kind: .handoff, language: language)
        note.ticket = ticket
        note.resumeCode = code.description
        return .reply(note)
    }

    /// The customer came back to `ticket` from this connection: the conversation is the ticket's
    /// again, in the language it was filed in (unless `/lang` chose one here), and the agents'
    /// lines since the handoff are shown, as the customer may have missed any of them. Answers the
    /// `/resume` line, which is not kept in the transcript (it holds the code).
    public mutating func resumed(_ ticket: Ticket) -> [SessionEvent] {
        events = []
        if !languagePinned { language = ticket.handoff.language }
        state = .handedOff(ticket: ticket.id)
        draft = HandoffDraft()
        if let agent = ticket.status.owner {
            say(.handoffResumedTaken, kind: .handoff, ["ticket": ticket.id, "agent": agent])
        } else {
            say(.handoffResumedWaiting, kind: .handoff, ["ticket": ticket.id])
        }
        for (agent, text) in ticket.agentLines { events += agentWrote(agent, text) }
        return finishTurn()
    }

    /// The customer came back to `ticket`, which an agent closed while they were away: they read
    /// the agents' lines since the handoff, the closing words last, and are with the bot, as if
    /// they had stayed.
    public mutating func resumedClosed(_ ticket: String, _ closing: TicketBoard.Closing) -> [SessionEvent] {
        if !languagePinned { language = closing.language }
        state = .handedOff(ticket: ticket)
        var shown: [SessionEvent] = []
        for (agent, text) in closing.agentLines.dropLast() { shown += agentWrote(agent, text) }
        shown += handoffClosed(by: closing.agent, closing.agentLines.last?.text ?? "")
        events = shown
        return finishTurn()
    }

    /// Answers a `/resume` line that could not be carried out.
    public mutating func resumeRefused(_ refusal: ResumeRefusal) -> [SessionEvent] {
        events = []
        switch refusal {
        case .malformed: say(.handoffResumeUsage, kind: .error)
        case .notFound(let ticket): say(.handoffResumeNotFound, kind: .error, ["ticket": ticket])
        case .alreadyIn(let ticket): say(.handoffResumeAlready, kind: .error, ["ticket": ticket])
        case .noQueue: say(.handoffResumeNoQueue, kind: .error)
        }
        return finishTurn()
    }
}
