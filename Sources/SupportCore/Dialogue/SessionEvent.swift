/// What a session says in one turn. Every transport shows the same events: the plain line
/// protocol as `bot:` / `system:` lines, the JSON mode as one object each, transcripts as both.
public enum SessionEvent: Sendable, Equatable {
    case reply(BotReply)
    case handoff(HandoffEvent)
    case system(String)
    case agent(name: String, text: String)
    case error(String)
    /// The bot has finished answering the customer's line.
    case endOfTurn
    /// The session is over (the customer typed /quit).
    case closed
}

/// One reply of the bot, with the facts behind it that transcripts and the JSON mode expose.
public struct BotReply: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case greeting, answer, question, clarify, info, smalltalk, health, handoff, error
    }

    public var text: String
    public var kind: Kind
    public var language: Language
    public var category: Category?
    public var intent: String?
    /// Kept at the two decimals every codec writes (`format`), so a reply read back from its JSON
    /// line equals the one the session made, whatever the rules score (0.991 is sent as 0.99).
    public var confidence: Double? {
        get { twoDecimalConfidence }
        set { twoDecimalConfidence = newValue.map { ($0 * 100).rounded() / 100 } }
    }
    private var twoDecimalConfidence: Double?
    /// The article shown, by id.
    public var article: String?
    /// For a clarifying question: the intents offered, in order.
    public var candidates: [String] = []
    /// For a health reply: the incident reported.
    public var incident: String?
    /// For the note after a handoff is filed: the ticket and the code to come back to it with
    /// (`/resume TICKET CODE`), for clients that offer it themselves.
    public var ticket: String?
    public var resumeCode: String?

    public init(text: String, kind: Kind, language: Language, category: Category? = nil, intent: String? = nil,
                confidence: Double? = nil, article: String? = nil, candidates: [String] = [], incident: String? = nil) {
        self.text = text
        self.kind = kind
        self.language = language
        self.category = category
        self.intent = intent
        self.article = article
        self.candidates = candidates
        self.incident = incident
        self.confidence = confidence
    }
}
