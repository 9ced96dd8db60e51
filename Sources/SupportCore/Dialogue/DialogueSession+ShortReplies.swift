extension DialogueSession {
    /// Answers to the bot's last question: "yes"/"no" after an article, "1"/"the second one"/a
    /// category after a clarifying question or the category list, the handoff details. Returns
    /// false when the message is not such an answer (it is then a new question).
    mutating func handleShortReply(_ text: String, _ tokens: [String]) -> Bool {
        switch state {
        case .ready, .handedOff: break
        case .collecting:
            if dropsQuestion(text, tokens) {
                say(.handoffCancelled, kind: .info)
                state = .ready
                return true
            }
        default:
            if dropsQuestion(text, tokens) {
                say(.neverMind, kind: .info)
                state = .ready
                problem = nil
                laterQuestion = nil
                return true
            }
        }
        switch state {
        case .ready:
            return false
        case .awaitingFeedback(var answer):
            guard let reply = feedback(tokens) else {
                state = .ready
                return followUp(text, to: answer)
            }
            if reply == .willTry || reply == .notSure {
                say(.answerWillTry, kind: .question)
            } else if reply == .yes || reply == .solved {
                state = .ready
                problem = nil
                lastSupport = nil
                closeQuestion(saying: .answerSolved)
            } else if answer.index + 1 < answer.articles.count {
                answer.index += 1
                present(answer, intro: .answerNext)
            } else {
                emit(BotReply(text: self.text(.answerExhausted), kind: .question, language: language, category: answer.category, intent: answer.intent))
                state = .offeringHuman(.unresolved)
            }
            return true
        case .clarifying(let intents, let original):
            if isShort(tokens) && bundle.words.both.occursInReply(tokens) {
                // One at a time: the other waits until this one is closed.
                laterQuestion = (intents[1], original)
                say(.clarifyBoth, kind: .info)
                take(intents[0], original: original)
                return true
            }
            if let picked = choice(tokens, among: intents) {
                take(picked, original: original)
                return true
            }
            let result = classification(of: text)
            if result.category != .unknown && result.category != .smalltalk { state = .ready; return false }
            if clarifyRetries == 0 {
                clarifyRetries = 1
                var reply = BotReply(text: self.text(.clarifyAgain), kind: .clarify, language: language)
                reply.candidates = intents.map { bundle.rules.intents[$0].name }
                emit(reply)
                return true
            }
            state = .ready
            return false
        case .choosingCategory:
            guard let category = categoryChoice(tokens) else { state = .ready; return false }
            categoryHint = category
            misses = 0
            emit(BotReply(text: self.text(.unknownCategoryPicked, ["category": bundle.name(of: category, in: language)]),
                          kind: .question, language: language, category: category))
            state = .ready
            return true
        case .confirmingIncident(let answer):
            // Not sure whether it is the incident: the steps on the customer's side, as for a no.
            guard let reply = feedback(tokens), reply != .willTry else { state = .ready; return false }
            if reply == .solved {
                // It works again: nothing to confirm.
                state = .ready
                problem = nil
                lastSupport = nil
                closeQuestion(saying: .answerSolved)
            } else if reply == .yes {
                say(.healthConfirmed, kind: .health)
                state = .ready
                problem = nil
                lastSupport = nil
                closeQuestion(saying: nil)
            } else if let answer {
                self.answer(answer, words: Normalizer.words(log.last(where: { $0.speaker == .customer && $0.text != text })?.text ?? text))
            } else {
                state = .ready
            }
            return true
        case .offeringHuman(let reason):
            // "Still not working" answers "shall I pass you to a person?" with a yes: the customer
            // still needs help.
            guard let reply = feedback(tokens) else { state = .ready; return false }
            if reply == .yes || reply == .notSolved {
                startHandoff(reason)
            } else if reply == .notSure {
                say(.answerYesOrNo, kind: .question)
            } else if reply == .solved {
                state = .ready
                problem = nil
                closeQuestion(saying: .answerSolved)
            } else {
                state = .ready
                closeQuestion(saying: .handoffDeclined)
            }
            return true
        case .collecting(let reason):
            collect(text, tokens, reason: reason)
            return true
        case .handedOff(let ticket):
            say(.handoffWaiting, kind: .handoff, ["ticket": ticket])
            return true
        }
    }

    /// Answers the intent the customer picked from a clarifying question, for their original words
    /// (the problem a handoff summarises, and a detail joins).
    mutating func take(_ intent: Int, original: String) {
        let info = bundle.rules.intents[intent]
        lastSupport = (info.category, info.name)
        problem = original
        state = .ready
        let question = Answer(category: info.category, intent: info.name, confidence: nil, articles: [], index: 0)
        if info.category == .performance {
            checkServiceHealth(question, tokens: Normalizer.words(original))
        } else {
            answer(question, words: Normalizer.words(original))
        }
    }

    /// Ends the question the customer was helped with (or declined a person for): the other
    /// half of a "both" comes next, or else the usual closing line (`nil`: none).
    mutating func closeQuestion(saying key: ReplyKey?) {
        guard let later = laterQuestion else {
            if let key { say(key, kind: .info) }
            return
        }
        laterQuestion = nil
        say(.answerOtherQuestion, kind: .info)
        take(later.intent, original: later.original)
    }

    /// Whether the customer drops what the bot asked ("never mind", "算了"): a short reply with a
    /// `[never mind]` phrase, or a longer one that starts with one and asks for no support ("never
    /// mind, it works now"; "never mind, my printer is offline too" is a new question).
    func dropsQuestion(_ text: String, _ tokens: [String]) -> Bool {
        let neverMind = bundle.words.neverMind
        if isShort(tokens) && neverMind.occursInReply(tokens) { return true }
        guard neverMind.starts(tokens) else { return false }
        let category = classification(of: text).category
        return !category.isSupport && category != .human
    }

    /// What a reply to the bot's yes/no question says: a phrase that starts it, or in a short
    /// reply any phrase of two tokens or more; a plain "no" first ("no, still broken" is a no;
    /// "不是" is not "是", "not really" not "really"), but a short "not sure" ("no idea") before it.
    /// A reply that tells what was tried ("好，我把电脑重开了还是不行") is "it did not help" when a
    /// `[not solved]` phrase of three tokens or more is anywhere in it, before any "yes"; a yes
    /// that goes on to say the customer will try ("ok, I will try that now") is `[will try]`.
    func feedback(_ tokens: [String]) -> Feedback? {
        let words = bundle.words
        let short = isShort(tokens)
        if short && words.notSure.occursInReply(tokens) { return .notSure }
        if words.no.starts(tokens) || (short && words.no.occursInReply(tokens)) { return .no }
        if words.notSolved.starts(tokens) || (short && words.notSolved.occursInReply(tokens)) { return .notSolved }
        if tokens.count <= Self.replyLimit && words.notSolved.occurs(in: tokens, minimumLength: 3) { return .notSolved }
        if words.solved.starts(tokens) || (short && words.solved.occursInReply(tokens)) { return .solved }
        if words.willTry.starts(tokens) || (short && words.willTry.occursInReply(tokens)) { return .willTry }
        guard words.yes.starts(tokens) || (short && words.yes.occursInReply(tokens)) else { return nil }
        // Looked for only behind a yes, which it would otherwise be read as ("ok, I will try that now").
        if tokens.count <= Self.replyLimit && words.willTry.occurs(in: tokens, minimumLength: 3) { return .willTry }
        return .yes
    }

    /// A reply to a yes/no question. "It did not help" is a no after an article, and a yes when
    /// a person is offered; "it works now" the other way round; "I'll try it" keeps an article
    /// open, and declines a person; "not sure" keeps an article open, is a no to "is it this
    /// incident?" and asks again when a person is offered.
    enum Feedback { case yes, solved, no, notSolved, willTry, notSure }

    /// A reply of a few words, or a few Chinese characters: the size of an answer, not a question.
    func isShort(_ tokens: [String]) -> Bool { tokens.count <= 4 }

    /// The most words (or Chinese characters) a reply that tells what was tried can have.
    static let replyLimit = 20

    /// Which offered intent a reply picks: by position ("2", "the second one", "第二個"), by
    /// category name, or by classifying the reply.
    func choice(_ tokens: [String], among intents: [Int]) -> Int? {
        if isShort(tokens) {
            for (index, ordinal) in bundle.words.ordinals.enumerated() where index < intents.count && ordinal.occursInReply(tokens) {
                return intents[index]
            }
            if tokens.count == 1, let number = Int(tokens[0]), (1...intents.count).contains(number) { return intents[number - 1] }
        }
        let categories = intents.map { bundle.rules.intents[$0].category }
        if let named = categoryNamed(tokens), let index = categories.firstIndex(of: named), categories.filter({ $0 == named }).count == 1 {
            return intents[index]
        }
        let result = matcher.classify(tokens.joined(separator: " "))
        if let intent = result.intent, intents.contains(intent) { return intent }
        return nil
    }

    /// A category picked from the numbered list, by number, by ordinal ("the third one", "第三個")
    /// or by name.
    func categoryChoice(_ tokens: [String]) -> Category? {
        let support = Category.allCases.filter(\.isSupport)
        if tokens.count == 1, let number = Int(tokens[0]), (1...support.count).contains(number) { return support[number - 1] }
        guard isShort(tokens) else { return nil }
        if let index = bundle.words.ordinals.firstIndex(where: { $0.occursInReply(tokens) }), index < support.count { return support[index] }
        return categoryNamed(tokens)
    }

    /// The support category whose name (its code, or its name in any language) contains the words.
    func categoryNamed(_ tokens: [String]) -> Category? {
        guard !tokens.isEmpty else { return nil }
        let matches = bundle.categoryNameWords.filter { category, names in
            tokens == [category.rawValue] || names.contains { PhraseList.index(of: tokens, in: $0) != nil }
        }
        return matches.count == 1 ? matches[0].category : nil
    }
}
