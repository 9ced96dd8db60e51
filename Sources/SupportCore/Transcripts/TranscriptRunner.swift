/// Replays a transcript against a conversation and checks every `expect` line.
public enum TranscriptRunner {
    public struct Failure: Sendable, CustomStringConvertible {
        public var location: SourceLocation
        public var expectation: String
        /// The customer line of the turn ("(greeting)" for the first turn).
        public var customer: String
        /// What the turn actually did, one line each.
        public var actual: [String]

        /// A diff: the expectation on a `-` line, what happened on `+` lines.
        public var description: String {
            var text = "FAIL \(location): \(expectation)\n  turn: \(customer)\n  - \(expectation)\n"
            for line in actual { text += "  + \(line)\n" }
            return text
        }
    }

    public struct Result: Sendable {
        public var path: String
        public var failures: [Failure] = []
        public var intentsReached: Set<String> = []
        public var articlesReached: Set<String> = []
        public var passed: Bool { failures.isEmpty }
    }

    public static func run<Driver: ConversationDriver>(_ transcript: Transcript, on driver: inout Driver) -> Result {
        var result = Result(path: transcript.path)
        for (index, turn) in transcript.turns.enumerated() {
            let events: [SessionEvent]
            do {
                events = try index == 0 ? driver.start() : driver.send(turn.customer!.text)
            } catch {
                let line = turn.customer?.line ?? 1
                result.failures.append(Failure(location: SourceLocation(file: transcript.path, line: line), expectation: "the conversation goes on",
                                               customer: turn.customer?.text ?? "(greeting)", actual: ["error: \(error)"]))
                return result
            }
            for event in events {
                if case .reply(let reply) = event {
                    if let intent = reply.intent { result.intentsReached.insert(intent) }
                    if let article = reply.article { result.articlesReached.insert(article) }
                }
                if case .handoff(let handoff) = event, let intent = handoff.intent { result.intentsReached.insert(intent) }
            }
            for (expectation, line) in turn.expectations where !holds(expectation, in: events) {
                result.failures.append(Failure(location: SourceLocation(file: transcript.path, line: line), expectation: expectation.source,
                                               customer: turn.customer?.text ?? "(greeting)", actual: describe(events)))
            }
        }
        return result
    }

    static func holds(_ expectation: Expectation, in events: [SessionEvent]) -> Bool {
        let replies = events.compactMap { if case .reply(let r) = $0 { return r } else { return nil } }
        let handoffs = events.compactMap { if case .handoff(let h) = $0 { return h } else { return nil } }
        switch expectation {
        case .category(let category):
            return replies.contains { $0.category == category } || handoffs.contains { $0.category == category }
        case .intent(let intent):
            return replies.contains { $0.intent == intent } || handoffs.contains { $0.intent == intent }
        case .article(let id):
            return replies.contains { $0.article == id }
        case .noArticle:
            return !replies.contains { $0.article != nil }
        case .clarify(let candidates):
            return replies.contains { $0.kind == .clarify && (candidates.isEmpty || $0.candidates == candidates) }
        case .handoff(let fields):
            return handoffs.contains { handoff in
                fields.allSatisfy { key, value in
                    let expected = value.lowercased()
                    switch key {
                    case "severity": return handoff.severity.rawValue.lowercased() == expected
                    case "category": return handoff.category.rawValue == expected
                    case "intent": return handoff.intent?.lowercased() == expected
                    case "reason": return handoff.reason.rawValue == expected
                    case "service": return handoff.service.lowercased() == expected
                    case "customer": return handoff.customer.lowercased() == expected
                    case "language": return handoff.language.rawValue.lowercased() == expected
                    case "summary": return handoff.summary.lowercased().contains(expected)
                    default: return false
                    }
                }
            }
        case .noHandoff:
            return handoffs.isEmpty
        case .language(let language):
            return !replies.isEmpty && replies.allSatisfy { $0.language == language }
        case .kind(let kind):
            return replies.contains { $0.kind == kind }
        case .incident(let id):
            return replies.contains { $0.incident == id }
        case .replyContains(let text):
            return replies.contains { $0.text.lowercased().contains(text.lowercased()) }
        case .replyMatches(let pattern):
            guard let regex = try? Regex(pattern).ignoresCase() else { return false }  // the parser refused it
            return replies.contains { $0.text.contains(regex) }
        case .replyIs(let text):
            return replies.contains { $0.text == text }
        case .closed:
            return events.contains(.closed)
        case .error:
            return events.contains { if case .error = $0 { return true } else { return false } } || replies.contains { $0.kind == .error }
        }
    }

    /// What a turn did, for failure reports.
    static func describe(_ events: [SessionEvent]) -> [String] {
        var lines: [String] = []
        for event in events {
            switch event {
            case .reply(let r):
                var facts = ["kind=\(r.kind.rawValue)"]
                if let c = r.category { facts.append("category=\(c.rawValue)") }
                if let i = r.intent { facts.append("intent=\(i)") }
                if let c = r.confidence { facts.append("confidence=\(format(c))") }
                if let a = r.article { facts.append("article=\(a)") }
                if !r.candidates.isEmpty { facts.append("candidates=\(r.candidates.joined(separator: ","))") }
                if let i = r.incident { facts.append("incident=\(i)") }
                facts.append("language=\(r.language.rawValue)")
                lines.append("reply " + facts.joined(separator: " "))
                lines += PlainCodec.lines(for: event).map { "  " + $0 }
            case .handoff(let h):
                lines.append("handoff severity=\(h.severity.rawValue) category=\(h.category.rawValue) intent=\(h.intent ?? "-") reason=\(h.reason.rawValue) service=\"\(h.service)\" customer=\"\(h.customer)\" summary=\"\(h.summary)\"")
            case .endOfTurn:
                continue
            default:
                lines += PlainCodec.lines(for: event)
            }
        }
        return lines.isEmpty ? ["(nothing)"] : lines
    }
}
