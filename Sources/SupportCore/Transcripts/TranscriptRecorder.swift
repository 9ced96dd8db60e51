/// Writes a conversation as a transcript that replays green: the wire lines, plus `expect`
/// lines for what the bot did each turn (category, intent, article, clarification, handoff,
/// language), never for its wording, so the wording can improve without breaking the file.
public struct TranscriptRecorder {
    public private(set) var text: String

    public init(title: String, incidents: [Incident]) {
        text = "# \(title)\n"
        for incident in incidents { text += "given incident " + ServiceHealthFile.line(incident) + "\n" }
    }

    /// Records a turn: the customer's line (nil for the greeting) and the events it produced.
    public mutating func record(customer: String?, events: [SessionEvent]) {
        text += "\n"
        if let customer {
            let reserved = PlainCodec.isServerLine(customer) || customer.hasPrefix("expect") || customer.hasPrefix("given ")
                || customer.hasPrefix("#") || customer.hasPrefix("\\")
            text += (reserved ? "\\" : "") + customer + "\n"
        }
        for event in events where event != .endOfTurn {
            for line in PlainCodec.lines(for: event) { text += line + "\n" }
        }
        for line in Self.expectations(for: events) { text += line + "\n" }
    }

    static func expectations(for events: [SessionEvent]) -> [String] {
        var lines: [String] = []
        let replies = events.compactMap { if case .reply(let r) = $0 { return r } else { return nil } }
        if let first = replies.first(where: { $0.category != nil }), let category = first.category {
            lines.append(Expectation.category(category).source)
            if let intent = first.intent { lines.append(Expectation.intent(intent).source) }
        }
        for reply in replies {
            if let article = reply.article { lines.append(Expectation.article(article).source) }
            if reply.kind == .clarify, !reply.candidates.isEmpty { lines.append(Expectation.clarify(candidates: reply.candidates).source) }
            if let incident = reply.incident { lines.append(Expectation.incident(incident).source) }
        }
        for event in events {
            if case .handoff(let h) = event {
                lines.append(Expectation.handoff(fields: ["severity": h.severity.rawValue, "category": h.category.rawValue, "reason": h.reason.rawValue]).source)
            }
            if case .error = event { lines.append(Expectation.error.source) }
        }
        if let language = replies.last?.language { lines.append(Expectation.language(language).source) }
        if events.contains(.closed) { lines.append(Expectation.closed.source) }
        var seen: Set<String> = []
        return lines.filter { seen.insert($0).inserted }
    }
}
