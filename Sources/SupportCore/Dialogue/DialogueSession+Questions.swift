extension DialogueSession {
    /// A message that is not a reply to the bot's last question: classify it and act.
    mutating func handleQuestion(_ message: String, _ tokens: [String]) {
        let result = classification(of: message)
        let hint = categoryHint
        categoryHint = nil
        laterQuestion = nil  // a new question replaces what was left of the last
        let intentName = result.intent.map { bundle.rules.intents[$0].name }
        // An intent with a reply of its own ("are you a bot?", a bank card's chore) was understood:
        // it is answered, even after the customer picked a category, and not counted as a miss.
        // Only unknown and smalltalk intents have one (`SupportBundle.load` checks), so a support
        // question's turn hashes no intent name to look.
        if result.category == .unknown || result.category == .smalltalk, let intentName,
           let reply = bundle.replies.text(forIntent: intentName, language) {
            misses = 0
            classified = (result.category, intentName, result.confidence)
            emit(BotReply(text: reply, kind: result.category == .smalltalk ? .smalltalk : .info, language: language,
                          category: result.category, intent: intentName, confidence: result.confidence))
            return
        }
        if result.category == .unknown, let hint {
            misses = 0
            answer(Answer(category: hint, intent: nil, confidence: nil, articles: [], index: 0), words: tokens)
            return
        }
        classified = (result.category, intentName, result.confidence)
        switch result.category {
        case .human:
            misses = 0
            startHandoff(.requested)
        case .smalltalk:
            misses = 0
            // Thanks of any kind ("thanks", "thanks_for_fix") get "you're welcome".
            let key: ReplyKey = intentName?.contains("thanks") == true ? .smalltalkThanks
                : intentName?.hasSuffix("goodbye") == true ? .smalltalkGoodbye : .smalltalkGreeting
            emit(BotReply(text: text(key), kind: .smalltalk, language: language, category: .smalltalk, intent: intentName, confidence: result.confidence))
        case .unknown:
            misses += 1
            if misses >= 2 {
                startHandoff(.misses)
                return
            }
            var reply = BotReply(text: text(.unknownFirst, ["categories": categoryList()]), kind: .question, language: language,
                                 category: .unknown, intent: intentName, confidence: result.confidence)
            reply.candidates = Category.allCases.filter(\.isSupport).map(\.rawValue)
            emit(reply)
            state = .choosingCategory
        default:
            misses = 0
            problem = message
            lastSupport = (result.category, intentName)
            if result.isAmbiguous, let runnerUp = result.runnerUp, let winner = result.intent,
               let names = distinctDescriptions(of: [winner, runnerUp], words: tokens) {
                clarify([winner, runnerUp], named: names, original: message)
            } else if result.category == .performance {
                checkServiceHealth(Answer(category: .performance, intent: intentName, confidence: result.confidence, articles: [], index: 0),
                                   tokens: tokens)
            } else {
                answer(Answer(category: result.category, intent: intentName, confidence: result.confidence, articles: [], index: 0), words: tokens)
            }
        }
    }

    /// A detail added after an article on which no rule fires ("on my Mac", "since yesterday",
    /// "where is that?") belongs to the question the article answers: the article stays open and
    /// the customer is told how to go on, instead of getting the list of what the bot does, and
    /// the detail joins the problem a handoff summarises. (Ranking the articles again on the
    /// question and the detail together was tried: a word such as "mac" then pulled in articles
    /// that merely mention it.) Returns false for a message understood alone: a new question, or
    /// one out of scope.
    mutating func followUp(_ text: String, to shown: Answer) -> Bool {
        let alone = classification(of: text)
        guard let problem, alone.category == .unknown, alone.intent == nil else { return false }
        self.problem = problem + " " + text
        emit(BotReply(text: self.text(.answerFollowUp), kind: .question, language: language, category: shown.category, intent: shown.intent))
        state = .awaitingFeedback(shown)
        return true
    }

    /// Offers the best articles of the answer's category for the message's normalised words, one at a time.
    mutating func answer(_ answer: Answer, words: [String]) {
        var answer = answer
        if answer.articles.isEmpty {
            answer.articles = bundle.knowledge.rank(words: words, category: answer.category, intent: answer.intent, language: language,
                                                    limit: Self.articlesPerQuestion)
        }
        guard !answer.articles.isEmpty else {
            emit(BotReply(text: text(.answerNoArticle), kind: .question, language: language, category: answer.category, intent: answer.intent))
            state = .offeringHuman(.unresolved)
            return
        }
        present(answer, intro: .answerIntro)
    }

    mutating func present(_ answer: Answer, intro: ReplyKey) {
        // In the language the customer writes now, which may have changed since the articles were picked.
        let picked = answer.articles[answer.index]
        let article = picked.language.isChinese == language.isChinese ? picked : bundle.knowledge.article(id: picked.id, language: language) ?? picked
        let body = [text(intro, ["title": article.title(for: language)]), article.body(for: language), text(.answerAsk)].joined(separator: "\n")
        emit(BotReply(text: body, kind: .answer, language: language, category: answer.category, intent: answer.intent,
                      confidence: answer.confidence, article: article.id))
        state = .awaitingFeedback(answer)
    }

    /// How a clarifying question would name each intent; nil when two would read the same: two
    /// intents answered by one article offer no choice ("do you mean X, or X?"), so the winner is
    /// answered instead.
    func distinctDescriptions(of intents: [Int], words: [String]) -> [String]? {
        let names = intents.map { describe(intent: $0, words: words) }
        return Set(names).count == names.count ? names : nil
    }

    /// Asks which of two intents the customer meant, naming each by category and best article.
    mutating func clarify(_ intents: [Int], named names: [String], original: String) {
        var reply = BotReply(text: text(.clarifyQuestion, ["first": names[0], "second": names[1]]), kind: .clarify, language: language)
        reply.candidates = intents.map { bundle.rules.intents[$0].name }
        reply.category = bundle.rules.intents[intents[0]].category
        emit(reply)
        clarifyRetries = 0
        state = .clarifying(intents, original: original)
    }

    func describe(intent: Int, words: [String]) -> String {
        let info = bundle.rules.intents[intent]
        let category = bundle.name(of: info.category, in: language)
        // The best article written for this intent names it; without one, the category does.
        if let article = bundle.knowledge.rank(words: words, category: info.category, intent: info.name, language: language)
            .first(where: { $0.intents.contains(info.name) }) {
            return "\(category): \(article.title(for: language))"
        }
        return category
    }

    /// The performance step: report an active incident on a service the customer named (or on
    /// any service, when they named none) before suggesting anything on their side.
    mutating func checkServiceHealth(_ answer: Answer, tokens: [String]) {
        let services = bundle.words.servicesNamed(in: tokens)
        let named = services.map { $0.lowercased() }
        let incidents = health.activeIncidents().filter { incident in
            named.isEmpty || named.contains { incident.service.lowercased().contains($0) || $0.contains(incident.service.lowercased()) }
        }
        if let incident = incidents.first {
            // Chinese sentences follow each other without a space.
            let next = incident.nextUpdate.map { (language.isChinese ? "" : " ") + text(.healthNextUpdate, ["time": $0]) } ?? ""
            let body = [text(.healthIncident, ["service": incident.service, "title": incident.title, "since": incident.since, "next": next]),
                        text(.healthAsk)].joined(separator: "\n")
            emit(BotReply(text: body, kind: .health, language: language, category: .performance, intent: answer.intent,
                          confidence: answer.confidence, incident: incident.id))
            state = .confirmingIncident(answer)
            return
        }
        let healthy = services.isEmpty ? text(.healthNone) : text(.healthNoneForService, ["service": services.joined(separator: ", ")])
        emit(BotReply(text: healthy, kind: .health, language: language, category: .performance, intent: answer.intent))
        var prepared = answer
        prepared.articles = bundle.knowledge.rank(words: tokens, category: .performance, intent: answer.intent, language: language,
                                                  limit: Self.articlesPerQuestion)
        self.answer(prepared, words: tokens)
    }

    /// "1) account set-up and sign-in, 2) ..." in the customer's language.
    func categoryList() -> String {
        Category.allCases.filter(\.isSupport).enumerated().map { "\($0.offset + 1)) \(bundle.name(of: $0.element, in: language))" }
            .joined(separator: "\n")
    }
}
