/// Why a message got its label: what the text became, which rules fired and how the winner won.
public struct Explanation: Sendable {
    public var message: String
    public var normalized: String
    /// The sign-off the message ended with (a signature, "ben account manager"; a mail app's line,
    /// "sent from my iphone"), which no rule read.
    public var signoff: String?
    public var words: [(token: String, lemma: String?, how: String)]
    /// Every trigger that matched, in the order the rules list them.
    public var fired: [FiredTrigger]
    public var ranking: [(intent: String, category: Category, confidence: Double, priority: Int, suppressed: Bool)]
    public var classification: Classification
    public var winner: String?
    public var runnerUp: String?
    public var reason: String
    public var settings: MatchSettings

    public struct FiredTrigger: Sendable {
        public var intent: String
        public var location: SourceLocation
        public var source: String
        public var matchedText: String
        public var weight: Double
        public var contribution: Double
        public var usedTypoCorrection: Bool
        public var isNegative: Bool
    }
}

extension Matcher {
    /// Classifies `message` and says why.
    public func explain(_ message: String) -> Explanation {
        let classification = classify(message)
        let rules = self.rules
        let tokens = self.tokens
        let signoffCount = signoffTokenCount
        let signoff = signoffCount == 0 ? nil
            : (tokens.count - signoffCount..<tokens.count).map(tokens.text(of:)).joined(separator: " ")
        // In the order of the rules, not the matcher's (which follows its choice of anchors).
        let inRuleOrder = matchedTriggers.sorted { ($0.intent, $0.trigger) < ($1.intent, $1.trigger) }
        let fired = inRuleOrder.map { match -> Explanation.FiredTrigger in
            let trigger = rules.intents[match.intent].triggers[match.trigger]
            let span = tokens.count == 0 ? "" : (match.firstToken...match.lastToken).map(tokens.text(of:)).joined(separator: " ")
            return .init(intent: rules.intents[match.intent].name, location: trigger.location, source: trigger.source,
                         matchedText: span, weight: trigger.weight, contribution: match.contribution,
                         usedTypoCorrection: match.usedTypoCorrection, isNegative: match.isNegative)
        }
        let ranking = self.ranking().map {
            (rules.intents[$0.intent].name, rules.intents[$0.intent].category, $0.confidence, rules.intents[$0.intent].priority, $0.suppressed)
        }
        return Explanation(message: message, normalized: tokens.normalizedText, signoff: signoff, words: tokenResolutions(), fired: fired,
                           ranking: ranking, classification: classification,
                           winner: classification.intent.map { rules.intents[$0].name },
                           runnerUp: classification.runnerUp.map { rules.intents[$0].name },
                           reason: reason(for: classification), settings: rules.settings)
    }

    private func reason(for result: Classification) -> String {
        let settings = rules.settings
        guard let winner = result.intent else {
            if let best = result.runnerUp {
                return "no intent reached the threshold \(format(settings.threshold)); the best was \(rules.intents[best].name) at \(format(result.runnerUpConfidence)), so the message is unknown"
            }
            if tokens.count == 0 { return "the message has no words, so it is unknown" }
            return "no rule matched, so the message is unknown"
        }
        let name = rules.intents[winner].name
        guard let runnerUp = result.runnerUp else {
            return "\(name) is the only intent that matched, at \(format(result.confidence)) (threshold \(format(settings.threshold)))"
        }
        let other = rules.intents[runnerUp]
        let priority = rules.intents[winner].priority
        if priority != other.priority {
            return "\(name) has priority \(priority), above \(other.name)'s \(other.priority); priority decides before confidence"
        }
        if result.confidence == result.runnerUpConfidence {
            return "\(name) and \(other.name) tie at \(format(result.confidence)); the intent defined first wins the tie"
        }
        var text = "\(name) scored \(format(result.confidence)), above \(other.name)'s \(format(result.runnerUpConfidence))"
        if result.isAmbiguous {
            text += "; they are within the margin \(format(settings.margin)), so the result is ambiguous and the bot will ask"
        }
        return text
    }
}

extension Explanation: CustomStringConvertible {
    /// The report `supportbot explain` prints.
    public var description: String {
        var text = "message:     \(message)\n"
        text += "normalised:  \(normalized.isEmpty ? "(no words)" : normalized)\n"
        if let signoff { text += "sign-off:    \(signoff) (a signature or a mail app's; no rule reads it)\n" }
        let known = words.filter { $0.lemma != nil }
        let unknown = words.filter { $0.lemma == nil }.map(\.token)
        if !known.isEmpty {
            text += "words:       " + known.map { word in
                let lemma = word.lemma!
                let shown = lemma == word.token ? word.token : "\(word.token) → \(lemma)"
                return word.how == "exact" ? shown : "\(shown) (\(word.how))"
            }.joined(separator: ", ") + "\n"
        }
        if !unknown.isEmpty { text += "not in the rules: \(unknown.joined(separator: " "))\n" }
        text += "\ntriggers that fired:\n"
        if fired.isEmpty { text += "  (none)\n" }
        for trigger in fired {
            let effect: String
            if trigger.isNegative {
                effect = "suppresses"
            } else if trigger.usedTypoCorrection {
                effect = "+\(format(trigger.contribution)) (\(format(trigger.weight)) × typo factor \(format(settings.fuzzyFactor)))"
            } else {
                effect = "+\(format(trigger.contribution))"
            }
            text += "  \(trigger.intent)  \(effect)  \(trigger.location.fileAndLine)  \(trigger.isNegative ? "not" : "match"): \(trigger.source)  [\(trigger.matchedText)]\n"
        }
        text += "\nranking (threshold \(format(settings.threshold)), margin \(format(settings.margin))):\n"
        if ranking.isEmpty { text += "  (no intent matched)\n" }
        for (index, entry) in ranking.enumerated() {
            let note = entry.suppressed ? "  suppressed by a not: line" : entry.confidence < settings.threshold ? "  below threshold" : ""
            text += "  \(index + 1). \(entry.intent)  \(entry.category.rawValue)  \(format(entry.confidence))  priority \(entry.priority)\(note)\n"
        }
        text += "\nresult:      \(classification.category.rawValue)  \(winner ?? "-")  \(format(classification.confidence))\(classification.isAmbiguous ? "  (ambiguous)" : "")\n"
        if let runnerUp { text += "runner-up:   \(runnerUp)  \(format(classification.runnerUpConfidence))\n" }
        text += "why:         \(reason)\n"
        return text
    }
}

/// Two decimals, the way confidences are shown everywhere.
public func format(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
