/// One customer's conversation with the bot: a state machine with no I/O. Each customer line
/// goes in, the turn's events come out (replies, a clarifying question, a handoff, the end of
/// the turn), so the same conversation runs in tests, in `chat`, in transcript replays and over TCP.
///
/// What it does with a line, in order: slash commands; the language the customer writes;
/// visible frustration (hand off); a short reply to the question it asked last ("yes", "2",
/// "billing", "不是", "I'll try it", "never mind"); otherwise the message is classified and
/// answered: an article for a support category (after a service-health check for performance), a clarifying question when the
/// matcher is unsure between two intents, the list of what it can help with when it does not
/// understand (twice in a row: hand off), a handoff when the customer asks for a person.
public struct DialogueSession {
    public let id: String
    public let bundle: SupportBundle
    let matcher: Matcher
    let health: any ServiceHealthSource

    /// The language replies are in; follows the customer unless `/lang` pinned it.
    public internal(set) var language: Language = .english
    var languagePinned = false
    var state = State.ready
    var misses = 0
    var clarifyRetries = 0
    var handoffs = 0
    /// The last support question understood, for the handoff's category and intent.
    var lastSupport: (category: Category, intent: String?)?
    /// The customer's latest support question not yet solved: the handoff summary unless they give another.
    var problem: String?
    /// The other intent of a clarifying question answered "both", taken up once the first is closed.
    var laterQuestion: (intent: Int, original: String)?
    /// A category the customer picked from the list after a miss, for their next message.
    var categoryHint: Category?
    var draft = HandoffDraft()
    /// The conversation so far, for the handoff.
    public internal(set) var log: [HandoffEvent.Line] = []
    public internal(set) var isClosed = false
    var events: [SessionEvent] = []
    /// What the matcher made of this turn's message: the first reply of the turn carries it, so
    /// transcripts and the JSON mode can check the category even of a turn that asks a question.
    var classified: (category: Category, intent: String?, confidence: Double)?

    enum State {
        case ready
        case awaitingFeedback(Answer)
        case clarifying([Int], original: String)
        case choosingCategory
        case confirmingIncident(Answer?)
        case offeringHuman(HandoffReason)
        case collecting(HandoffReason)
        case handedOff(ticket: String)
    }

    /// Articles offered for one question, and which one the customer is reading.
    struct Answer {
        var category: Category
        var intent: String?
        var confidence: Double?
        var articles: [Article]
        var index: Int
    }

    struct HandoffDraft {
        var customer: String?
        var service: String?
        var severity: Severity?
        var summary: String?
    }

    /// At most this many articles are offered for one question before offering a person.
    static let articlesPerQuestion = 3

    /// `matcher` must be used by this session's thread only; `bundle` and `health` are shared.
    public init(id: String, bundle: SupportBundle, matcher: Matcher, health: any ServiceHealthSource = StaticServiceHealth()) {
        precondition(matcher.rules === bundle.rules, "the matcher must use the bundle's rules")
        self.id = id
        self.bundle = bundle
        self.matcher = matcher
        self.health = health
    }

    /// The greeting, before the customer says anything.
    public mutating func start() -> [SessionEvent] {
        events = []
        say(.greeting, kind: .greeting)
        return finishTurn()
    }

    /// One customer line in, the turn's events out (always ending with `.endOfTurn`).
    public mutating func receive(_ line: String) -> [SessionEvent] {
        events = []
        classified = nil
        let text = line.trimmingBlanks()
        guard !isClosed else {
            events.append(.error("the conversation is over"))
            return finishTurn()
        }
        guard !text.isEmpty else { return finishTurn() }
        record(.init(speaker: .customer, text: text))
        if text.hasPrefix("/") {
            command(text)
            return finishTurn()
        }
        if !languagePinned, let detected = Language.detect(text, current: language) { language = detected }
        let tokens = Normalizer.words(text)
        if isFrustrated(text, tokens), !isCollectingOrHandedOff, !answersAnArticleWithNotSolved(tokens) {
            startHandoff(.frustrated)
            return finishTurn()
        }
        if handleShortReply(text, tokens) { return finishTurn() }
        if isShort(tokens) {
            let reply = feedback(tokens)
            if reply == .willTry || bundle.words.neverMind.occursInReply(tokens) {
                // "never mind" or "got it" when nothing was asked: nothing to answer.
                say(.neverMind, kind: .info)
                return finishTurn()
            }
            if let reply, reply != .notSure, classification(of: text).category != .smalltalk {
                // "yes" or "no" when nothing was asked: not a question the bot failed to understand.
                // ("it works now, thanks" is thanks, and answered as such.)
                say(.smalltalkGreeting, kind: .smalltalk)
                return finishTurn()
            }
        }
        handleQuestion(text, tokens)
        return finishTurn()
    }

    // MARK: - Replies

    mutating func say(_ key: ReplyKey, kind: BotReply.Kind, _ values: KeyValuePairs<String, String> = [:]) {
        emit(BotReply(text: bundle.replies.text(key, language, values), kind: kind, language: language))
    }

    /// The handoff transcript keeps this many most recent lines.
    static let logLimit = 200

    mutating func emit(_ reply: BotReply) {
        var reply = reply
        if let classified {
            if reply.category == nil { reply.category = classified.category }
            if reply.intent == nil { reply.intent = classified.intent }
            if reply.confidence == nil { reply.confidence = classified.confidence }
            self.classified = nil
        }
        events.append(.reply(reply))
        record(.init(speaker: .bot, text: reply.text))
    }

    mutating func record(_ line: HandoffEvent.Line) {
        if log.count >= Self.logLimit { log.removeFirst(log.count - Self.logLimit + 1) }
        log.append(line)
    }

    /// What the matcher makes of a message; the turn's own, read as a reply and then as a new
    /// question, is classified once (the matcher remembers it: the session holds nothing).
    func classification(of text: String) -> Classification {
        matcher.classifyAgain(text)
    }

    func text(_ key: ReplyKey, _ values: KeyValuePairs<String, String> = [:]) -> String {
        bundle.replies.text(key, language, values)
    }

    mutating func finishTurn() -> [SessionEvent] {
        events.append(.endOfTurn)
        // The caller gets the only copy: an idle session keeps no buffer of its last turn
        // (10,000 idle sessions each held their greeting's events).
        defer { events = [] }
        return events
    }

    /// "没用" ("no use") said alone to "did that solve it?" answers it: the next article, not a
    /// handoff for anger, which the same word said of the bot means.
    func answersAnArticleWithNotSolved(_ tokens: [String]) -> Bool {
        guard case .awaitingFeedback = state else { return false }
        return bundle.words.notSolved.isWhole(tokens)
    }

    var isCollectingOrHandedOff: Bool {
        switch state {
        case .collecting, .handedOff: return true
        default: return false
        }
    }

    // MARK: - Frustration

    /// Frustration words from `dialogue.txt` (not inside a phrase its `[not frustration]` lists),
    /// shouting (three or more words, at least ten letters, all capitals) or "!!!".
    func isFrustrated(_ text: String, _ tokens: [String]) -> Bool {
        if bundle.words.frustration.occurs(in: tokens, outside: bundle.words.notFrustration) { return true }
        var text = text
        return text.withUTF8 { bytes in
            var exclamations = 0, upper = 0, lower = 0, words = 0
            var inWord = false
            for byte in bytes {
                exclamations = byte == UInt8(ascii: "!") ? exclamations + 1 : 0
                if exclamations >= 3 { return true }
                let isUpper = byte >= 0x41 && byte <= 0x5A, isLower = byte >= 0x61 && byte <= 0x7A
                if isUpper { upper += 1 } else if isLower { lower += 1 }
                if (isUpper || isLower) && !inWord { words += 1 }
                inWord = isUpper || isLower || (inWord && byte != 0x20)
            }
            return words >= 3 && upper >= 10 && lower == 0
        }
    }
}
