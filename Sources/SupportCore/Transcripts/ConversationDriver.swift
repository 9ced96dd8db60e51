/// Something a transcript can be replayed against: a session in memory, or a server over a
/// socket. Both answer with the same events, so a transcript gives the same result on each.
public protocol ConversationDriver {
    /// The greeting turn.
    mutating func start() throws -> [SessionEvent]
    /// One customer line; the events up to and including the end of the turn.
    mutating func send(_ line: String) throws -> [SessionEvent]
}

/// A session in this process.
public struct InMemoryConversation: ConversationDriver {
    public var session: DialogueSession

    public init(session: DialogueSession) {
        self.session = session
    }

    /// A new session for a transcript: its `given incident` lines become the health source.
    public init(bundle: SupportBundle, matcher: Matcher, transcript: Transcript, id: String = "T1") {
        session = DialogueSession(id: id, bundle: bundle, matcher: matcher, health: StaticServiceHealth(transcript.incidents))
    }

    public mutating func start() -> [SessionEvent] { session.start() }
    public mutating func send(_ line: String) -> [SessionEvent] { session.receive(line) }
}
