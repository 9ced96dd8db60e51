/// How badly the customer's business is affected, and so how fast the provider must respond.
public enum Severity: String, CaseIterable, Sendable, Codable, Comparable {
    /// Critical: production down. First response within 2 hours.
    case a = "A"
    /// Moderate: partly affected. First response within 4 hours.
    case b = "B"
    /// Minimal: minor. First response within 8 hours.
    case c = "C"

    public var firstResponseHours: Int {
        switch self {
        case .a: return 2
        case .b: return 4
        case .c: return 8
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a conversation went to a person.
public enum HandoffReason: String, Sendable, Codable {
    case requested, frustrated, misses, unresolved
}

/// A conversation handed to the human agent queue, with everything an agent needs to pick it up.
public struct HandoffEvent: Sendable, Equatable, Codable {
    public struct Line: Sendable, Equatable, Codable {
        public enum Speaker: String, Sendable, Codable { case customer, bot, agent, system }
        public var speaker: Speaker
        public var text: String

        public init(speaker: Speaker, text: String) {
            self.speaker = speaker
            self.text = text
        }
    }

    public var ticket: String
    public var session: String
    public var reason: HandoffReason
    public var category: Category
    public var intent: String?
    public var language: Language
    public var severity: Severity
    /// The customer: a tenant, a company or a domain, as they gave it.
    public var customer: String
    public var service: String
    public var summary: String
    public var transcript: [Line]

    public init(ticket: String, session: String, reason: HandoffReason, category: Category, intent: String?, language: Language,
                severity: Severity, customer: String, service: String, summary: String, transcript: [Line]) {
        self.ticket = ticket
        self.session = session
        self.reason = reason
        self.category = category
        self.intent = intent
        self.language = language
        self.severity = severity
        self.customer = customer
        self.service = service
        self.summary = summary
        self.transcript = transcript
    }
}
