extension DialogueSession {
    /// The ticket the conversation was handed off as; nil before a handoff and after the agent
    /// closes it.
    public var handedOffTicket: String? {
        if case .handedOff(let ticket) = state { return ticket }
        return nil
    }

    /// An agent took the ticket: tells the customer who joined, in their language. Not an answer
    /// to a customer line, so no end of turn.
    public mutating func agentJoined(_ agent: String) -> [SessionEvent] {
        guard let ticket = handedOffTicket else { return [] }
        events = []
        say(.handoffJoined, kind: .info, ["agent": agent, "ticket": ticket])
        return events
    }

    /// The handoff could not be put in the queue: the conversation is the bot's again, so asking
    /// for a person once more starts a new handoff.
    public mutating func handoffNotFiled() {
        if handedOffTicket != nil { state = .ready }
    }

    /// A line the agent wrote to the customer: kept in the transcript (a second handoff carries it).
    public mutating func agentWrote(_ agent: String, _ text: String) -> [SessionEvent] {
        record(.init(speaker: .agent, text: text))
        return [.agent(name: agent, text: text)]
    }

    /// The agent closed the ticket: the customer reads their closing words and is back with the bot.
    public mutating func handoffClosed(by agent: String, _ text: String) -> [SessionEvent] {
        guard let ticket = handedOffTicket else { return [] }
        events = agentWrote(agent, text)
        say(.handoffClosed, kind: .info, ["agent": agent, "ticket": ticket])
        state = .ready
        draft = HandoffDraft()
        return events
    }

    /// Starts handing the conversation to a person: says why, takes what the conversation already
    /// tells (a domain, a service, how bad it is, the problem), and asks only for the rest.
    mutating func startHandoff(_ reason: HandoffReason) {
        let customerLines = log.lazy.filter { $0.speaker == .customer && !$0.text.hasPrefix("/") }.map(\.text)
        let words = bundle.words
        draft = HandoffDraft()
        laterQuestion = nil  // the person takes the whole conversation
        for line in customerLines {
            if draft.customer == nil { draft.customer = Self.domain(in: line) }
            let tokens = Normalizer.words(line)
            if draft.service == nil { draft.service = words.servicesNamed(in: tokens).first }
            if let severity = Self.severity(in: tokens, alone: false, words: words) { draft.severity = min(draft.severity ?? severity, severity) }
        }
        if draft.service == nil, let category = lastSupport?.category, [.account, .billing].contains(category) {
            draft.service = bundle.name(of: category, in: language)
        }
        draft.summary = problem.map(Self.oneLine)
        let intro: ReplyKey
        switch reason {
        case .requested: intro = .handoffRequested
        case .frustrated: intro = .handoffFrustrated
        case .misses: intro = .handoffMisses
        case .unresolved: intro = .handoffUnresolved
        }
        state = .collecting(reason)
        askNextOrComplete(reason, intro: text(intro))
    }

    /// Takes the customer's answer to the detail asked last. A short "not sure" ("no idea", "不知道")
    /// to the company or the service leaves it empty, which agents read as not given, rather
    /// than naming the company "no idea".
    mutating func collect(_ text: String, _ tokens: [String], reason: HandoffReason) {
        let unknown = isShort(tokens) && bundle.words.notSure.occursInReply(tokens)
        if draft.customer == nil {
            draft.customer = Self.domain(in: text) ?? (unknown ? "" : Self.oneLine(text))
        } else if draft.service == nil {
            draft.service = bundle.words.servicesNamed(in: tokens).first ?? (unknown ? "" : Self.oneLine(text))
        } else if draft.severity == nil {
            guard let severity = Self.severity(in: tokens, alone: true, words: bundle.words) else {
                emit(BotReply(text: self.text(.handoffAskImpactAgain), kind: .question, language: language))
                return
            }
            draft.severity = severity
        } else if draft.summary == nil {
            draft.summary = Self.oneLine(text)
        }
        askNextOrComplete(reason, intro: nil)
    }

    /// Asks again for the detail the handoff still needs.
    mutating func repeatQuestion(_ reason: HandoffReason) {
        askNextOrComplete(reason, intro: nil)
    }

    private mutating func askNextOrComplete(_ reason: HandoffReason, intro: String?) {
        let question: ReplyKey?
        if draft.customer == nil {
            question = .handoffAskIdentity
        } else if draft.service == nil {
            question = .handoffAskService
        } else if draft.severity == nil {
            question = .handoffAskImpact
        } else if draft.summary == nil {
            question = .handoffAskSummary
        } else {
            question = nil
        }
        if let question {
            let body = [intro, text(question)].compactMap { $0 }.joined(separator: "\n")
            emit(BotReply(text: body, kind: .question, language: language))
            return
        }
        if let intro { emit(BotReply(text: intro, kind: .info, language: language)) }
        complete(reason)
    }

    private mutating func complete(_ reason: HandoffReason) {
        handoffs += 1
        let ticket = "\(id)-\(handoffs)"
        let severity = draft.severity ?? .c
        var category = lastSupport?.category ?? .human
        var intent = lastSupport?.intent
        if lastSupport == nil, let summary = draft.summary {
            let result = matcher.classify(summary)
            if result.category.isSupport {
                category = result.category
                intent = result.intent.map { bundle.rules.intents[$0].name }
            }
        }
        let severityText = text(severity == .a ? .severityA : severity == .b ? .severityB : .severityC)
        emit(BotReply(text: text(.handoffDone, ["ticket": ticket, "severity": severity.rawValue, "response": severityText]),
                      kind: .handoff, language: language, category: category, intent: intent))
        events.append(.handoff(HandoffEvent(
            ticket: ticket, session: id, reason: reason, category: category, intent: intent, language: language,
            severity: severity, customer: draft.customer ?? "", service: draft.service ?? "", summary: draft.summary ?? "",
            transcript: log)))
        state = .handedOff(ticket: ticket)
    }

    /// How badly the business is affected, from "A"/"B"/"C" (only when the reply is just that)
    /// or the severity words of `dialogue.txt`; the worst one mentioned wins.
    static func severity(in tokens: [String], alone: Bool, words: DialogueWords) -> Severity? {
        if alone, tokens.count == 1, let letter = Severity(rawValue: tokens[0].uppercased()) { return letter }
        return words.severityNamed(in: tokens)
    }

    /// A domain such as contoso.com in raw text (the normaliser would split it at the dot).
    static func domain(in text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: ".")) else { return nil }
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" || $0 == "@" || $0 == "/" }) {
            var candidate = Substring(word.lowercased())
            while let last = candidate.last, last == "." || last == "?" || last == "!" || last == ":" { candidate = candidate.dropLast() }
            let labels = candidate.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }),
                  let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else { continue }
            return String(candidate)
        }
        return nil
    }

    /// The first 160 characters of one line.
    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingBlanks()
        return flat.count > 160 ? String(flat.prefix(157)) + "..." : flat
    }
}
