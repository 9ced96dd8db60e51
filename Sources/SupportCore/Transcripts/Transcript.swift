/// A conversation written down as it appears on the wire, with assertions about what the bot
/// did. The format is documented in `Transcripts/README.md`:
///
///     # a comment
///     given incident INC-1 | Exchange Online | Mail delivery delays | 09:10 UTC
///     bot: Hi! ...                       (server lines document what was said)
///     I was charged twice                (anything else is a customer line)
///     expect category billing            (assertions about the turn it follows)
///     expect article billing-unexpected-charges
public struct Transcript: Sendable {
    public var path: String
    /// Incidents the service-health source reports during this conversation.
    public var incidents: [Incident] = []
    /// Turn 0 is the greeting (no customer line); every customer line starts a turn.
    public var turns: [Turn] = []

    public struct Turn: Sendable {
        /// The customer's line and where it is; nil for the greeting.
        public var customer: (text: String, line: Int)?
        public var expectations: [(Expectation, line: Int)] = []
        /// The server lines written under the turn (documentation, not checked).
        public var serverLines: [String] = []
    }
}

/// One `expect` line: a fact about the bot's answer to a turn that does not depend on wording
/// (unless it says `reply is`).
public enum Expectation: Sendable, Equatable {
    case category(Category)
    case intent(String)
    case article(String)
    case noArticle
    case clarify(candidates: [String])
    case handoff(fields: [String: String])
    case noHandoff
    case language(Language)
    case kind(BotReply.Kind)
    case incident(String)
    case replyContains(String)
    case replyMatches(String)
    case replyIs(String)
    case closed
    case error

    /// How the expectation is written, for reports.
    public var source: String {
        switch self {
        case .category(let c): return "expect category \(c.rawValue)"
        case .intent(let i): return "expect intent \(i)"
        case .article(let a): return "expect article \(a)"
        case .noArticle: return "expect no article"
        case .clarify(let c): return "expect clarify" + c.map { " " + $0 }.joined()
        case .handoff(let f): return "expect handoff" + f.sorted { $0.key < $1.key }.map { " \($0.key) \($0.value.contains(" ") ? "\"\($0.value)\"" : $0.value)" }.joined()
        case .noHandoff: return "expect no handoff"
        case .language(let l): return "expect language \(l.rawValue)"
        case .kind(let k): return "expect kind \(k.rawValue)"
        case .incident(let i): return "expect incident \(i)"
        case .replyContains(let t): return "expect reply contains \"\(t)\""
        case .replyMatches(let p): return "expect reply matches /\(p)/"
        case .replyIs(let t): return "expect reply is \"\(t)\""
        case .closed: return "expect closed"
        case .error: return "expect error"
        }
    }
}
