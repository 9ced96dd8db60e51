/// Classifies messages against a `RuleSet`.
///
/// A matcher owns scratch buffers sized by the rules and reused for every message, so
/// classifying allocates nothing in the steady state. It is a value with mutable state: give each
/// thread or session its own (they share the immutable `RuleSet`).
///
/// Per message: normalise into tokens; find each token's lemma (exact, then repeated letters
/// shortened, then one typo away); run the phrase automaton once over the lemmas; each phrase found
/// marks the terms it belongs to, and a pattern is evaluated only when all its required terms are
/// present. Matched triggers add their weight to their intent by noisy-OR; a matched `not:`
/// suppresses its intent.
public struct Matcher {
    public let rules: RuleSet
    public private(set) var tokens = TokenList()
    /// Lemma of each token (-1 when the rules do not know it).
    private var lemmas: [Int32] = []
    private var typoToken: [Bool] = []
    private var scratch: [UInt8] = []

    // Term occurrences: per-term singly linked lists into the occurrence arrays.
    private var termHead: [Int32]
    private var termTail: [Int32]
    private var touchedTerms: [Int32] = []
    private var occurrences: [Occurrence] = []

    private var usesSeen: [Int32]
    private var touchedPatterns: [Int32] = []
    private var candidates: [Int32] = []

    private var miss: [Double]
    private var suppressed: [Bool]
    private var touchedIntents: [Int32] = []

    private var states: [State] = []
    private var nextStates: [State] = []

    /// The triggers that matched the last message, in evaluation order.
    public private(set) var matchedTriggers: [MatchedTrigger] = []

    public init(rules: RuleSet) {
        self.rules = rules
        termHead = [Int32](repeating: -1, count: rules.termCount)
        termTail = [Int32](repeating: -1, count: rules.termCount)
        usesSeen = [Int32](repeating: 0, count: rules.patterns.count)
        miss = [Double](repeating: 1, count: rules.intents.count)
        suppressed = [Bool](repeating: false, count: rules.intents.count)
    }

    private struct Occurrence {
        var start: Int32
        var end: Int32
        var typos: Int32
        var next: Int32
    }

    /// A partial match: the last token covered, the first, extra gap allowed by skipped optional
    /// elements, and how many typo-corrected phrases it used. `end == nothingYet` before any element.
    private struct State {
        var end: Int32
        var start: Int32
        var slack: Int32
        var typos: Int32
    }
    private static let nothingYet: Int32 = -2

    // MARK: - Classifying

    public mutating func classify(_ text: String) -> Classification {
        Normalizer.tokenize(text, into: &tokens)
        return classifyTokens()
    }

    public mutating func classify(utf8: UnsafeBufferPointer<UInt8>) -> Classification {
        Normalizer.tokenize(utf8: utf8, into: &tokens)
        return classifyTokens()
    }

    private mutating func classifyTokens() -> Classification {
        reset()
        resolveLemmas()
        findPhrases()
        for pattern in candidates { evaluate(pattern) }
        return decide()
    }

    /// How each token of the last message was found in the vocabulary, for `explain`.
    public func tokenResolutions() -> [(token: String, lemma: String?, how: String)] {
        var scratch: [UInt8] = []
        return tokens.bytes.withUnsafeBufferPointer { bytes in
            tokens.tokens.indices.map { i in
                let text = tokens.text(of: i)
                let vocabulary = rules.vocabulary
                switch vocabulary.resolve(tokens.tokens[i], in: bytes, scratch: &scratch) {
                case .exact(let lemma):
                    return (text, vocabulary.lemmaNames[Int(lemma)], "exact")
                case .collapsed(let lemma, let surface):
                    return (text, vocabulary.lemmaNames[Int(lemma)], "repeated letters → \(vocabulary.surfaceText(surface))")
                case .fuzzy(let lemma, let surface):
                    return (text, vocabulary.lemmaNames[Int(lemma)], "one edit from \(vocabulary.surfaceText(surface))")
                case .unknown:
                    return (text, nil, "not in the rules")
                }
            }
        }
    }

    /// Every intent the last message reached, best first: index, confidence, suppressed.
    public func ranking() -> [(intent: Int, confidence: Double, suppressed: Bool)] {
        touchedIntents.map { (Int($0), 1 - miss[Int($0)], suppressed[Int($0)]) }
            .sorted { rank($0.intent, $0.confidence, $0.suppressed) > rank($1.intent, $1.confidence, $1.suppressed) }
    }

    // MARK: - Steps

    private mutating func reset() {
        for term in touchedTerms {
            termHead[Int(term)] = -1
            termTail[Int(term)] = -1
        }
        for pattern in touchedPatterns { usesSeen[Int(pattern)] = 0 }
        for intent in touchedIntents {
            miss[Int(intent)] = 1
            suppressed[Int(intent)] = false
        }
        touchedTerms.removeAll(keepingCapacity: true)
        touchedPatterns.removeAll(keepingCapacity: true)
        touchedIntents.removeAll(keepingCapacity: true)
        candidates.removeAll(keepingCapacity: true)
        occurrences.removeAll(keepingCapacity: true)
        matchedTriggers.removeAll(keepingCapacity: true)
    }

    private mutating func resolveLemmas() {
        let count = tokens.count
        lemmas.removeAll(keepingCapacity: true)
        typoToken.removeAll(keepingCapacity: true)
        let vocabulary = rules.vocabulary
        tokens.bytes.withUnsafeBufferPointer { bytes in
            for i in 0..<count {
                let resolution = vocabulary.resolve(tokens.tokens[i], in: bytes, scratch: &scratch)
                lemmas.append(resolution.lemma)
                if case .fuzzy = resolution { typoToken.append(true) } else { typoToken.append(false) }
            }
        }
    }

    private mutating func findPhrases() {
        let automaton = rules.automaton
        var state: Int32 = 0
        for i in 0..<lemmas.count {
            state = automaton.next(state, lemmas[i])
            for o in automaton.outputRange(state) {
                let phrase = automaton.output(o)
                let start = Int32(i) - automaton.phraseLength[Int(phrase)] + 1
                var typos: Int32 = 0
                for t in Int(start)...i where typoToken[t] { typos = 1 }
                for t in rules.phraseTerms.range(Int(phrase)) {
                    record(term: rules.phraseTerms[t], start: start, end: Int32(i), typos: typos)
                }
            }
        }
    }

    private mutating func record(term: Int32, start: Int32, end: Int32, typos: Int32) {
        let index = Int32(occurrences.count)
        occurrences.append(Occurrence(start: start, end: end, typos: typos, next: -1))
        let tail = termTail[Int(term)]
        termTail[Int(term)] = index
        if tail >= 0 {
            occurrences[Int(tail)].next = index
            return
        }
        termHead[Int(term)] = index
        touchedTerms.append(term)
        for u in rules.termUses.range(Int(term)) {
            let pattern = rules.termUses[u]
            let seen = usesSeen[Int(pattern)] + 1
            usesSeen[Int(pattern)] = seen
            if seen == 1 { touchedPatterns.append(pattern) }
            if seen == rules.patterns[Int(pattern)].requiredUses { candidates.append(pattern) }
        }
    }

    /// Whether the pattern's elements can be placed, in order and within their gaps, on the
    /// occurrences found; records the match (the one using the fewest corrected words).
    private mutating func evaluate(_ patternID: Int32) {
        let pattern = rules.patterns[Int(patternID)]
        let tokenCount = Int32(lemmas.count)
        states.removeAll(keepingCapacity: true)
        states.append(State(end: Self.nothingYet, start: 0, slack: 0, typos: 0))
        for e in pattern.firstElement..<(pattern.firstElement + pattern.elementCount) {
            let element = rules.elements[Int(e)]
            nextStates.removeAll(keepingCapacity: true)
            switch element.kind {
            case .start:
                for s in states where s.end == Self.nothingYet {
                    nextStates.append(State(end: -1, start: 0, slack: 0, typos: s.typos))
                }
            case .end:
                for s in states where s.end == Self.nothingYet || tokenCount - s.end - 1 <= element.gap + s.slack {
                    nextStates.append(State(end: tokenCount, start: s.end == Self.nothingYet ? tokenCount : s.start, slack: 0, typos: s.typos))
                }
            case .anyOf, .optional:
                var o = termHead[Int(element.term)]
                while o >= 0 {
                    let occurrence = occurrences[Int(o)]
                    if let best = bestPredecessor(for: occurrence.start, gap: element.gap) {
                        nextStates.append(State(end: occurrence.end, start: best.end == Self.nothingYet ? occurrence.start : best.start,
                                                slack: 0, typos: best.typos + occurrence.typos))
                    }
                    o = occurrence.next
                }
                if element.kind == .optional {
                    for s in states {
                        nextStates.append(State(end: s.end, start: s.start, slack: satAdd(s.slack, element.gap), typos: s.typos))
                    }
                }
            case .allOf:
                for s in states {
                    var first = Int32.max, last: Int32 = -1, typos = s.typos
                    var complete = true
                    for m in element.members {
                        var o = termHead[Int(rules.groupTerms[Int(m)])]
                        while o >= 0 && occurrences[Int(o)].start <= s.end { o = occurrences[Int(o)].next }
                        guard o >= 0 else { complete = false; break }
                        let occurrence = occurrences[Int(o)]
                        first = min(first, occurrence.start)
                        last = max(last, occurrence.end)
                        typos += occurrence.typos
                    }
                    guard complete else { continue }
                    if s.end == Self.nothingYet || first - s.end - 1 <= element.gap + s.slack {
                        nextStates.append(State(end: last, start: s.end == Self.nothingYet ? first : s.start, slack: 0, typos: typos))
                    }
                }
            }
            swap(&states, &nextStates)
            if states.isEmpty { return }
        }
        var best = states[0]
        for s in states.dropFirst() where s.typos < best.typos { best = s }
        let intent = Int(pattern.intent)
        let usedTypo = best.typos > 0
        let contribution = pattern.isNegative ? 0 : pattern.weight * (usedTypo ? rules.settings.fuzzyFactor : 1)
        if miss[intent] == 1 && !suppressed[intent] { touchedIntents.append(pattern.intent) }
        if pattern.isNegative {
            suppressed[intent] = true
        } else {
            miss[intent] *= 1 - contribution
        }
        matchedTriggers.append(MatchedTrigger(intent: intent, trigger: Int(pattern.trigger),
                                              firstToken: Int(max(0, min(best.start, tokenCount - 1))),
                                              lastToken: Int(max(0, min(best.end, tokenCount - 1))),
                                              usedTypoCorrection: usedTypo, contribution: contribution,
                                              isNegative: pattern.isNegative))
    }

    /// Among the current states, the one an occurrence starting at `start` may follow (fewest typos).
    @inline(__always)
    private func bestPredecessor(for start: Int32, gap: Int32) -> State? {
        var best: State?
        for s in states {
            let fits = s.end == Self.nothingYet || (start > s.end && start - s.end - 1 <= gap + s.slack)
            if fits && (best == nil || s.typos < best!.typos) { best = s }
        }
        return best
    }

    // MARK: - Deciding

    private func rank(_ intent: Int, _ confidence: Double, _ suppressed: Bool) -> (Int, Int, Double, Int) {
        (suppressed ? 0 : 1, rules.intents[intent].priority, confidence, -intent)
    }

    private func decide() -> Classification {
        let threshold = rules.settings.threshold
        var winner: Int?
        var winnerConfidence = 0.0
        var best: Int?        // best of all, above the threshold or not
        var bestConfidence = 0.0
        var highest = 0.0
        for i in touchedIntents where !suppressed[Int(i)] {
            let intent = Int(i)
            let confidence = 1 - miss[intent]
            highest = max(highest, confidence)
            if confidence >= threshold, winner == nil || rank(intent, confidence, false) > rank(winner!, winnerConfidence, false) {
                winner = intent
                winnerConfidence = confidence
            }
            if best == nil || rank(intent, confidence, false) > rank(best!, bestConfidence, false) {
                best = intent
                bestConfidence = confidence
            }
        }
        guard let winner else {
            return Classification(category: .unknown, intent: nil, confidence: 1 - highest, runnerUp: best,
                                  runnerUpConfidence: bestConfidence, isAmbiguous: false)
        }
        var runnerUp: Int?
        var runnerUpConfidence = 0.0
        for i in touchedIntents where !suppressed[Int(i)] && Int(i) != winner {
            let confidence = 1 - miss[Int(i)]
            if runnerUp == nil || rank(Int(i), confidence, false) > rank(runnerUp!, runnerUpConfidence, false) {
                runnerUp = Int(i)
                runnerUpConfidence = confidence
            }
        }
        let ambiguous = runnerUp.map {
            runnerUpConfidence >= threshold && rules.intents[$0].priority == rules.intents[winner].priority
                && winnerConfidence - runnerUpConfidence < rules.settings.margin
        } ?? false
        return Classification(category: rules.intents[winner].category, intent: winner, confidence: winnerConfidence,
                              runnerUp: runnerUp, runnerUpConfidence: runnerUpConfidence, isAmbiguous: ambiguous)
    }
}

@inline(__always)
private func satAdd(_ a: Int32, _ b: Int32) -> Int32 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int32.max / 2 : min(sum, Int32.max / 2)
}
