/// Classifies messages against a `RuleSet`.
///
/// Per message: normalise into tokens; find each token's lemma (exact, then repeated letters
/// shortened, then one typo away); run the phrase automaton once over the lemmas; each phrase
/// found records an occurrence of the terms it belongs to, and the first occurrence of a term
/// makes the patterns anchored on it candidates; each candidate is checked against the
/// occurrences (order, gaps, optional parts). Matched triggers add their weight to their intent by
/// noisy-OR; a matched `not:` suppresses its intent.
///
/// A matcher owns fixed scratch buffers sized by its rules and reads the rules through frozen
/// views, so classifying allocates nothing and touches no reference count. It is not thread-safe:
/// give each thread its own (they share the immutable `RuleSet`). Messages longer than
/// `maximumTokens` tokens are classified on their first `maximumTokens`.
public final class Matcher {
    public let rules: RuleSet
    private let tables: MatchTables

    public static let maximumTokens = 2048
    static let maximumTokenBytes = 16 * 1024
    static let maximumOccurrences = 16 * 1024
    static let maximumStates = 1024

    private let tokenBytes: UnsafeMutablePointer<UInt8>
    private let tokenStore: UnsafeMutablePointer<Token>
    private let lemmas: UnsafeMutablePointer<Int32>
    private let typoToken: UnsafeMutablePointer<Bool>
    private let termHead: UnsafeMutablePointer<Int32>
    private let termTail: UnsafeMutablePointer<Int32>
    private let touchedTerms: UnsafeMutablePointer<Int32>
    private let occurrences: UnsafeMutablePointer<Occurrence>
    private let candidates: UnsafeMutablePointer<Int32>
    private let miss: UnsafeMutablePointer<Double>
    private let suppressed: UnsafeMutablePointer<Bool>
    private let touchedIntents: UnsafeMutablePointer<Int32>
    private let statesA: UnsafeMutablePointer<State>
    private let statesB: UnsafeMutablePointer<State>
    private let matched: UnsafeMutablePointer<MatchedTrigger>
    /// Variants tried for a token that is not an exact form (slow path only).
    private var scratch: [UInt8] = []
    /// Slow-path resolutions of recent words.
    private let resolved = ResolutionCache()
    /// What the last message left in the buffers, so the next one clears only that. Behind a
    /// pointer, as the scratch is, so reading it costs no exclusivity check.
    private let lastCounts: UnsafeMutablePointer<Counts>
    private var last: Counts {
        get { lastCounts.pointee }
        set { lastCounts.pointee = newValue }
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

    private struct Counts {
        var tokens = 0
        var touchedTerms = 0
        var occurrences = 0
        var candidates = 0
        var touchedIntents = 0
        var matched = 0
    }

    public init(rules: RuleSet) {
        self.rules = rules
        tables = rules.tables
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
            pointer.initialize(repeating: value, count: max(1, count))
            return pointer
        }
        let token = Token(start: 0, length: 0, hash: 0, flags: [])
        let occurrence = Occurrence(start: 0, end: 0, typos: 0, next: -1)
        let state = State(end: 0, start: 0, slack: 0, typos: 0)
        let match = MatchedTrigger(intent: 0, trigger: 0, firstToken: 0, lastToken: 0, usedTypoCorrection: false, contribution: 0, isNegative: false)
        tokenBytes = buffer(Self.maximumTokenBytes, 0)
        tokenStore = buffer(Self.maximumTokens, token)
        lemmas = buffer(Self.maximumTokens, -1)
        typoToken = buffer(Self.maximumTokens, false)
        termHead = buffer(tables.termCount, -1)
        termTail = buffer(tables.termCount, -1)
        touchedTerms = buffer(tables.termCount, 0)
        occurrences = buffer(Self.maximumOccurrences, occurrence)
        candidates = buffer(tables.patternCount, 0)
        miss = buffer(tables.intentCount, 1)
        suppressed = buffer(tables.intentCount, false)
        touchedIntents = buffer(tables.intentCount, 0)
        statesA = buffer(Self.maximumStates, state)
        statesB = buffer(Self.maximumStates, state)
        matched = buffer(tables.patternCount, match)
        lastCounts = buffer(1, Counts())
    }

    deinit {
        for pointer in [UnsafeMutableRawPointer(tokenBytes), UnsafeMutableRawPointer(tokenStore), UnsafeMutableRawPointer(lemmas),
                        UnsafeMutableRawPointer(typoToken), UnsafeMutableRawPointer(termHead), UnsafeMutableRawPointer(termTail),
                        UnsafeMutableRawPointer(touchedTerms), UnsafeMutableRawPointer(occurrences), UnsafeMutableRawPointer(candidates),
                        UnsafeMutableRawPointer(miss), UnsafeMutableRawPointer(suppressed), UnsafeMutableRawPointer(touchedIntents),
                        UnsafeMutableRawPointer(statesA), UnsafeMutableRawPointer(statesB), UnsafeMutableRawPointer(matched),
                        UnsafeMutableRawPointer(lastCounts)] {
            pointer.deallocate()  // every element type is trivial: nothing to deinitialize
        }
        resolved.deallocate()
    }

    // MARK: - Classifying

    public func classify(_ text: String) -> Classification {
        var text = text
        return text.withUTF8 { classify(utf8: $0) }
    }

    public func classify(utf8 text: UnsafeBufferPointer<UInt8>) -> Classification {
        var sink = FixedTokens(bytes: tokenBytes, byteCapacity: Self.maximumTokenBytes, tokens: tokenStore, tokenCapacity: Self.maximumTokens)
        Normalizer.tokenize(utf8: text, sink: &sink)
        clearLastMessage()
        var counts = Counts()
        counts.tokens = sink.tokenCount
        resolveLemmas(&counts)
        findPhrases(&counts)
        for i in 0..<counts.candidates { evaluate(candidates[i], &counts) }
        last = counts
        return decide(counts)
    }

    // MARK: - What the last message left, for `explain`

    /// The tokens of the last message.
    public var tokens: TokenList {
        var list = TokenList()
        for i in 0..<last.tokens {
            let token = tokenStore[i]
            list.append(token: Token(start: Int32(list.bytes.count), length: token.length, hash: token.hash, flags: token.flags))
            for b in 0..<Int(token.length) { list.append(byte: tokenBytes[Int(token.start) + b]) }
        }
        return list
    }

    /// How much work the last message took: for benchmarks and tuning.
    public var lastMessageWork: (tokens: Int, occurrences: Int, terms: Int, candidates: Int, matched: Int) {
        (last.tokens, last.occurrences, last.touchedTerms, last.candidates, last.matched)
    }

    /// The triggers that matched the last message, in evaluation order.
    public var matchedTriggers: [MatchedTrigger] {
        Array(UnsafeBufferPointer(start: matched, count: last.matched))
    }

    /// How each token of the last message was found in the vocabulary.
    public func tokenResolutions() -> [(token: String, lemma: String?, how: String)] {
        let list = tokens
        var scratch: [UInt8] = []
        let vocabulary = rules.vocabulary
        return list.bytes.withUnsafeBufferPointer { bytes in
            list.tokens.indices.map { i in
                let text = list.text(of: i)
                switch vocabulary.resolve(list.tokens[i], in: bytes, scratch: &scratch) {
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

    /// Every intent the last message reached, best first.
    public func ranking() -> [(intent: Int, confidence: Double, suppressed: Bool)] {
        (0..<last.touchedIntents).map { i -> (intent: Int, confidence: Double, suppressed: Bool) in
            let intent = Int(touchedIntents[i])
            return (intent, 1 - miss[intent], suppressed[intent])
        }.sorted { rank($0.intent, $0.confidence, $0.suppressed) > rank($1.intent, $1.confidence, $1.suppressed) }
    }

    // MARK: - Steps

    private func clearLastMessage() {
        for i in 0..<last.touchedTerms {
            let term = Int(touchedTerms[i])
            termHead[term] = -1
            termTail[term] = -1
        }
        for i in 0..<last.touchedIntents {
            let intent = Int(touchedIntents[i])
            miss[intent] = 1
            suppressed[intent] = false
        }
    }

    private func resolveLemmas(_ counts: inout Counts) {
        let vocabulary = tables.vocabulary
        for i in 0..<counts.tokens {
            let token = tokenStore[i]
            let word = UnsafeBufferPointer(start: tokenBytes + Int(token.start), count: Int(token.length))
            var lemma = vocabulary.exactLemma(hash: token.hash, word)
            var typo = false
            if lemma < 0 && vocabulary.mayResolveFurther(token, word) {
                if let remembered = resolved.lookup(token, word) {
                    (lemma, typo) = remembered
                } else {
                    let resolution = rules.vocabulary.resolveUnknown(token, word: word, scratch: &scratch)
                    lemma = resolution.lemma
                    if case .fuzzy = resolution { typo = true }
                    resolved.insert(token, word, lemma: lemma, isTypo: typo)
                }
            }
            lemmas[i] = lemma
            typoToken[i] = typo
        }
    }

    /// Runs the automaton over the lemmas and records an occurrence of every term of every phrase
    /// found. The counters are locals here: in memory they could alias the scratch buffers, and the
    /// compiler would reload them after every store.
    private func findPhrases(_ counts: inout Counts) {
        let automaton = tables.automaton
        let hits = automaton.hits
        let anchors = tables.anchors
        let occurrences = self.occurrences, termHead = self.termHead, termTail = self.termTail
        let touchedTerms = self.touchedTerms, candidates = self.candidates
        var occurrenceCount = 0, touchedCount = 0, candidateCount = 0
        var state: Int32 = 0
        var lastTypo = -1
        for i in 0..<counts.tokens {
            if typoToken[i] { lastTypo = i }
            state = automaton.next(state, lemmas[i])
            let first = Int(automaton.hitStart[Int(state)])
            let end = min(Int(automaton.hitStart[Int(state) + 1]), first + Self.maximumOccurrences - occurrenceCount)
            for h in first..<end {
                let hit = hits[h]
                let term = Int(hit.term)
                let start = Int32(i) - hit.phraseLength + 1
                let index = Int32(occurrenceCount)
                occurrences[occurrenceCount] = Occurrence(start: start, end: Int32(i), typos: lastTypo >= start ? 1 : 0, next: -1)
                occurrenceCount &+= 1
                let tail = termTail[term]
                termTail[term] = index
                if tail >= 0 {
                    occurrences[Int(tail)].next = index
                    continue
                }
                termHead[term] = index
                touchedTerms[touchedCount] = Int32(term)
                touchedCount &+= 1
                for a in anchors.range(term) {
                    candidates[candidateCount] = anchors.values[a]
                    candidateCount &+= 1
                }
            }
        }
        counts.occurrences = occurrenceCount
        counts.touchedTerms = touchedCount
        counts.candidates = candidateCount
    }

    /// Whether the pattern's elements can be placed, in order and within their gaps, on the
    /// occurrences found; records the match (the one using the fewest corrected words).
    private func evaluate(_ patternID: Int32, _ counts: inout Counts) {
        let pattern = tables.patterns[Int(patternID)]
        let tokenCount = Int32(counts.tokens)
        let firstElement = Int(pattern.firstElement)
        // Most candidates lack some other term they need: check that before placing anything.
        for r in tables.requiredTerms.range(Int(patternID)) where termHead[Int(tables.requiredTerms.values[r])] < 0 { return }
        if pattern.elementCount == 1 && tables.elements[firstElement].kind == .anyOf {
            // One word, phrase or concept: any occurrence matches; prefer one without typos.
            var o = termHead[Int(tables.elements[firstElement].term)]
            var best = occurrences[Int(o)]
            while o >= 0 && best.typos > 0 {
                if occurrences[Int(o)].typos == 0 { best = occurrences[Int(o)] }
                o = occurrences[Int(o)].next
            }
            accept(pattern, State(end: best.end, start: best.start, slack: 0, typos: best.typos), tokenCount, &counts)
            return
        }
        var states = statesA, next = statesB
        var stateCount = 1
        states[0] = State(end: Self.nothingYet, start: 0, slack: 0, typos: 0)
        for e in firstElement..<(firstElement + Int(pattern.elementCount)) {
            let element = tables.elements[e]
            var nextCount = 0
            @inline(__always) func push(_ state: State) {
                guard nextCount < Self.maximumStates else { return }
                next[nextCount] = state
                nextCount += 1
            }
            switch element.kind {
            case .start:
                for i in 0..<stateCount where states[i].end == Self.nothingYet {
                    push(State(end: -1, start: 0, slack: 0, typos: states[i].typos))
                }
            case .end:
                for i in 0..<stateCount {
                    let s = states[i]
                    if s.end == Self.nothingYet || tokenCount - s.end - 1 <= element.gap + s.slack {
                        push(State(end: tokenCount, start: s.end == Self.nothingYet ? tokenCount : s.start, slack: 0, typos: s.typos))
                    }
                }
            case .anyOf, .optional:
                var o = termHead[Int(element.term)]
                while o >= 0 {
                    let occurrence = occurrences[Int(o)]
                    // Among the current states, the one this occurrence may follow with the fewest typos.
                    var best = -1
                    for i in 0..<stateCount {
                        let s = states[i]
                        let fits = s.end == Self.nothingYet
                            || (occurrence.start > s.end && occurrence.start - s.end - 1 <= element.gap + s.slack)
                        if fits && (best < 0 || s.typos < states[best].typos) { best = i }
                    }
                    if best >= 0 {
                        let s = states[best]
                        push(State(end: occurrence.end, start: s.end == Self.nothingYet ? occurrence.start : s.start,
                                   slack: 0, typos: s.typos + occurrence.typos))
                    }
                    o = occurrence.next
                }
                if element.kind == .optional {
                    for i in 0..<stateCount {
                        var s = states[i]
                        s.slack = saturatingAdd(s.slack, element.gap)
                        push(s)
                    }
                }
            case .allOf:
                for i in 0..<stateCount {
                    let s = states[i]
                    var first = Int32.max, lastEnd: Int32 = -1, typos = s.typos
                    var complete = true
                    for m in Int(element.members.lowerBound)..<Int(element.members.upperBound) {
                        var o = termHead[Int(tables.groupTerms[m])]
                        while o >= 0 && occurrences[Int(o)].start <= s.end { o = occurrences[Int(o)].next }
                        guard o >= 0 else { complete = false; break }
                        let occurrence = occurrences[Int(o)]
                        first = min(first, occurrence.start)
                        lastEnd = max(lastEnd, occurrence.end)
                        typos += occurrence.typos
                    }
                    if complete && (s.end == Self.nothingYet || first - s.end - 1 <= element.gap + s.slack) {
                        push(State(end: lastEnd, start: s.end == Self.nothingYet ? first : s.start, slack: 0, typos: typos))
                    }
                }
            }
            swap(&states, &next)
            stateCount = nextCount
            if stateCount == 0 { return }
        }
        var best = states[0]
        for i in 1..<max(1, stateCount) where states[i].typos < best.typos { best = states[i] }
        accept(pattern, best, tokenCount, &counts)
    }

    /// Adds a matched pattern's weight to its intent (or suppresses the intent) and records it.
    @inline(__always)
    private func accept(_ pattern: CompiledPattern, _ best: State, _ tokenCount: Int32, _ counts: inout Counts) {
        let intent = Int(pattern.intent)
        let usedTypo = best.typos > 0
        let contribution = pattern.isNegative ? 0 : pattern.weight * (usedTypo ? tables.fuzzyFactor : 1)
        if miss[intent] == 1 && !suppressed[intent] {
            touchedIntents[counts.touchedIntents] = pattern.intent
            counts.touchedIntents += 1
        }
        if pattern.isNegative {
            suppressed[intent] = true
        } else {
            miss[intent] *= 1 - contribution
        }
        matched[counts.matched] = MatchedTrigger(
            intent: intent, trigger: Int(pattern.trigger),
            firstToken: Int(max(0, min(best.start, tokenCount - 1))), lastToken: Int(max(0, min(best.end, tokenCount - 1))),
            usedTypoCorrection: usedTypo, contribution: contribution, isNegative: pattern.isNegative)
        counts.matched += 1
    }

    // MARK: - Deciding

    /// Priority first, then confidence, then the intent defined first; suppressed intents last.
    @inline(__always)
    private func rank(_ intent: Int, _ confidence: Double, _ isSuppressed: Bool) -> (Int32, Int32, Double, Int) {
        (isSuppressed ? 0 : 1, tables.intentPriority[intent], confidence, -intent)
    }

    private func decide(_ counts: Counts) -> Classification {
        let threshold = tables.threshold
        var winner = -1, winnerConfidence = 0.0
        var best = -1, bestConfidence = 0.0   // best of all, above the threshold or not
        for i in 0..<counts.touchedIntents {
            let intent = Int(touchedIntents[i])
            if suppressed[intent] { continue }
            let confidence = 1 - miss[intent]
            if confidence >= threshold && (winner < 0 || rank(intent, confidence, false) > rank(winner, winnerConfidence, false)) {
                winner = intent
                winnerConfidence = confidence
            }
            if best < 0 || rank(intent, confidence, false) > rank(best, bestConfidence, false) {
                best = intent
                bestConfidence = confidence
            }
        }
        guard winner >= 0 else {
            var highest = 0.0
            for i in 0..<counts.touchedIntents where !suppressed[Int(touchedIntents[i])] {
                highest = max(highest, 1 - miss[Int(touchedIntents[i])])
            }
            return Classification(category: .unknown, intent: nil, confidence: 1 - highest, runnerUp: best < 0 ? nil : best,
                                  runnerUpConfidence: bestConfidence, isAmbiguous: false)
        }
        var runnerUp = -1, runnerUpConfidence = 0.0
        for i in 0..<counts.touchedIntents {
            let intent = Int(touchedIntents[i])
            if suppressed[intent] || intent == winner { continue }
            let confidence = 1 - miss[intent]
            if runnerUp < 0 || rank(intent, confidence, false) > rank(runnerUp, runnerUpConfidence, false) {
                runnerUp = intent
                runnerUpConfidence = confidence
            }
        }
        let ambiguous = runnerUp >= 0 && runnerUpConfidence >= threshold
            && tables.intentPriority[runnerUp] == tables.intentPriority[winner]
            && winnerConfidence - runnerUpConfidence < tables.margin
        return Classification(category: tables.intentCategory[winner], intent: winner, confidence: winnerConfidence,
                              runnerUp: runnerUp < 0 ? nil : runnerUp, runnerUpConfidence: runnerUpConfidence, isAmbiguous: ambiguous)
    }
}

@inline(__always)
private func saturatingAdd(_ a: Int32, _ b: Int32) -> Int32 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int32.max / 2 : min(sum, Int32.max / 2)
}
