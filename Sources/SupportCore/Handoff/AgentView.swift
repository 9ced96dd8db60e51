/// How tickets look on the agents' port: one `ticket ...` line with the facts an agent sorts by,
/// then, for SHOW, the transcript and history indented under it. Pure text, so the server and
/// the tests format alike; `now` (seconds since 1970) gives ages and the provider's deadlines.
public enum AgentView {
    /// `ticket c7-1 severity=A category=performance status=taken by=amy age=12m customer="..." service="..." summary="..."`
    public static func line(_ ticket: Ticket, now: Int) -> String {
        var text = "ticket \(ticket.id) severity=\(ticket.severity.rawValue) category=\(ticket.handoff.category.rawValue) status=\(ticket.status.name)"
        if let owner = ticket.status.owner { text += " by=\(owner)" }
        text += " age=\(duration(now - ticket.filedAt))"
        if case .escalated(_, let severity, let due) = ticket.status {
            if let responded = ticket.providerResponded {
                // How long the provider took, and whether that kept to the severity's hours.
                let took = responded - (due - severity.firstResponseHours * 3600)
                text += " responded_in=\(duration(took)) sla=\(responded <= due ? "met" : "missed")"
            } else {
                text += due >= now ? " due_in=\(duration(due - now))" : " overdue=\(duration(now - due))"
            }
        }
        text += " customer=\(quoted(ticket.handoff.customer)) service=\(quoted(ticket.handoff.service)) summary=\(quoted(ticket.handoff.summary))"
        return text
    }

    /// The ticket line, then what the bot gathered, the conversation before the handoff and
    /// everything after it, each line indented.
    public static func details(_ ticket: Ticket, now: Int) -> [String] {
        let handoff = ticket.handoff
        var lines = [line(ticket, now: now)]
        lines.append("  filed \(utc(ticket.filedAt)) reason=\(handoff.reason.rawValue) language=\(handoff.language.rawValue)"
                     + (handoff.intent.map { " intent=\($0)" } ?? "") + " customer_severity=\(handoff.severity.rawValue)")
        lines.append("  transcript:")
        for line in handoff.transcript { lines.append(indented("    \(line.speaker.rawValue): ", line.text)) }
        if !ticket.history.isEmpty { lines.append("  since the handoff:") }
        for record in ticket.history { lines.append(indented("    ", describe(record))) }
        return lines
    }

    /// `text` after `prefix`, its later lines (a reply of several) indented under its first, so
    /// no line of a response can start like the `ok`/`error:` line that ends it.
    private static func indented(_ prefix: String, _ text: String) -> String {
        let pad = "\n" + String(repeating: " ", count: 6)
        return prefix + text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: pad)
    }

    /// One record of a ticket's history, with its time.
    public static func describe(_ record: TicketRecord) -> String {
        let agent = record.agent ?? "?"
        let time = utc(record.at, withDate: false)
        switch record.kind {
        case .filed: return "\(time) filed"
        case .mark: return "\(time) ticket ids before \(record.ticket) archived"
        case .taken: return "\(time) taken by \(agent)"
        case .released: return "\(time) released by \(agent)"
        case .reassigned: return "\(time) taken over by \(agent) from \(record.text ?? "?")"
        case .customer: return "\(time) customer: \(record.text ?? "")"
        case .agent: return "\(time) agent \(agent): \(record.text ?? "")"
        case .note: return "\(time) note by \(agent): \(record.text ?? "")"
        case .escalated:
            let severity = record.severity ?? .c
            return "\(time) escalated by \(agent), severity \(severity.rawValue), first response due \(utc(record.at + severity.firstResponseHours * 3600)): \(record.text ?? "")"
        case .responded: return "\(time) the provider responded (recorded by \(agent)): \(record.text ?? "")"
        case .closed: return "\(time) closed by \(agent): \(record.text ?? "")"
        }
    }

    /// "45s", "12m", "3h05m", "2d04h".
    public static func duration(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3600)h" + twoDigits(seconds % 3600 / 60) + "m" }
        return "\(seconds / 86_400)d" + twoDigits(seconds % 86_400 / 3600) + "h"
    }

    /// "2026-11-28 16:05 UTC", or "16:05" without the date.
    public static func utc(_ seconds: Int, withDate: Bool = true) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let clock = twoDigits(rest / 3600) + ":" + twoDigits(rest % 3600 / 60)
        guard withDate else { return clock }
        // Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(year)-\(twoDigits(month))-\(twoDigits(day)) \(clock) UTC"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A value in double quotes with quotes and backslashes escaped, as logfmt writes it.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n", "\r": result += " "
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
