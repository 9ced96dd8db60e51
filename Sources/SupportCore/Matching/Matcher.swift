/// Classifies messages against a `RuleSet`.
///
/// Per message: normalise into tokens; find each token's lemma (exact, then repeated letters
/// shortened, then one typo away); run the phrase automaton once over the lemmas, keeping the
/// state after each token; each state's terms (those of the phrases ending there) are marked
/// present, 64 terms to a block, and the patterns anchored on them become candidates; each
/// candidate whose other required terms are present is checked against the occurrences (order,
/// gaps, optional parts). Matched triggers add their weight to their intent by noisy-OR; a
/// matched `not:` suppresses its intent.
///
/// Why blocks: a message's phrases belong to ~95 terms (a product's name is in a hundred
/// alternatives), which marking one by one made the biggest cost of a message; numbered so that
/// terms sharing phrases are neighbours, they fill ~25 blocks. Each block marked is also linked,
/// with its token, into a chain a block, so the few terms a candidate's evaluation places are
/// found at their tokens without a list of occurrences a term. The flag that makes a pattern a
/// candidate carries the number (stamp) of the message that set it, so it needs no clearing; the
/// blocks a message marked are cleared by the next.
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
    static let maximumStates = 1024

    private let tokenBytes: UnsafeMutablePointer<UInt8>
    private let tokenStore: UnsafeMutablePointer<Token>
    private let lemmas: UnsafeMutablePointer<Int32>
    /// Typo-corrected tokens before each token: a phrase used a correction if the count grows across it.
    private let typosBefore: UnsafeMutablePointer<Int32>
    /// The automaton's state after each token: the phrases that end there.
    private let stateAt: UnsafeMutablePointer<Int32>
    /// Per block of 64 terms, those present in the message (word `blockCount`, one more, has bit 0
    /// set for good: `MatchTables.alwaysPresent`).
    private let present: UnsafeMutablePointer<UInt64>
    /// The blocks the message marked, to clear for the next.
    private let touchedBlocks: UnsafeMutablePointer<Int32>
    /// Per block, the first and last of its marks (indexes into `links`) in the message; read only
    /// where `present` says the block was marked.
    private let chainHead: UnsafeMutablePointer<Int32>
    private let chainTail: UnsafeMutablePointer<Int32>
    /// The blocks marked, in token order, each linked to its block's next mark.
    private let links: UnsafeMutablePointer<BlockLink>
    /// Numbers the messages, so candidates left by an earlier one read as absent and need no
    /// clearing. Behind a pointer, as the scratch is, so reading it costs no exclusivity check.
    private let stampPointer: UnsafeMutablePointer<UInt32>
    private var stamp: UInt32 { stampPointer.pointee }
    /// The last message's stamp; tests set it to see the stamps wrap around.
    var messageStamp: UInt32 {
        get { stampPointer.pointee }
        set { stampPointer.pointee = newValue }
    }
    /// Per pattern, the stamp of the last message that made it a candidate.
    private let patternStamps: UnsafeMutablePointer<UInt32>
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
    /// Places bounded unordered groups (`<a b *3>`).
    private let window = UnorderedWindow()
    /// The last message `classifyAgain` classified, and its result.
    private var remembered: (text: String, result: Classification)?
    /// What the last message left in the buffers, so the next one clears only that. Behind a
    /// pointer, as the scratch is, so reading it costs no exclusivity check.
    private let lastCounts: UnsafeMutablePointer<Counts>
    private var last: Counts {
        get { lastCounts.pointee }
        set { lastCounts.pointee = newValue }
    }

    /// A block of terms marked at a token: the state's `TermBlock`'s terms and entry (copied, so
    /// walking a chain reads nothing else), the token, and the block's next mark in this message
    /// (-1: none yet).
    private struct BlockLink {
        var terms: UInt64
        var firstEntry: Int32
        var next: Int32
        var token: Int32
    }

    /// Whether one of `term`'s phrases occurs in the current message.
    @inline(__always)
    private func isPresent(_ term: Int32) -> Bool {
        present[Int(term >> 6)] & (1 << UInt64(term & 63)) != 0
    }

    /// Where a term occurs: the phrase's first and last token, and whether it used a typo correction.
    private struct Occurrence {
        var start: Int32
        var end: Int32
        var typos: Int32
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
        /// The tokens the rules read: the message's, less its sign-off.
        var tokens = 0
        /// The sign-off after them (a signature, a mail app's line: see `dropSignoff`), which no rule reads.
        var signoffTokens = 0
        var links = 0
        var touchedBlocks = 0
        var candidates = 0
        var touchedIntents = 0
        var matched = 0
        /// The last token of the message's opening greeting (-1 for none), and the typo
        /// corrections it used.
        var openingEnd: Int32 = -1
        var openingTypos: Int32 = 0
        /// The first token of the message's closing courtesy (-1 for none), and its corrections.
        var closingStart: Int32 = -1
        var closingTypos: Int32 = 0
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
        let state = State(end: 0, start: 0, slack: 0, typos: 0)
        let match = MatchedTrigger(intent: 0, trigger: 0, firstToken: 0, lastToken: 0, usedTypoCorrection: false, contribution: 0, isNegative: false)
        tokenBytes = buffer(Self.maximumTokenBytes + RawByteTable.padding, 0)  // padded for `RawByteTable.lookup`
        tokenStore = buffer(Self.maximumTokens, token)
        lemmas = buffer(Self.maximumTokens, -1)
        typosBefore = buffer(Self.maximumTokens + 1, 0)
        stateAt = buffer(Self.maximumTokens, 0)
        present = buffer(tables.blockCount + 1, 0)
        present[tables.blockCount] = 1  // `MatchTables.alwaysPresent`
        touchedBlocks = buffer(tables.blockCount, 0)
        chainHead = buffer(tables.blockCount, 0)
        chainTail = buffer(tables.blockCount, 0)
        // Written before read, and most never: left unfilled, so untouched pages cost no memory.
        links = .allocate(capacity: max(1, Self.maximumTokens * tables.automaton.mostBlocks))
        stampPointer = buffer(1, 0)
        patternStamps = buffer(tables.patternCount, 0)
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
        // Every element type is trivial: nothing to deinitialize.
        let pointers: [UnsafeMutableRawPointer] = [
            .init(tokenBytes), .init(tokenStore), .init(lemmas), .init(typosBefore), .init(stateAt),
            .init(present), .init(touchedBlocks), .init(chainHead), .init(chainTail), .init(links),
            .init(stampPointer), .init(patternStamps), .init(candidates), .init(miss), .init(suppressed),
            .init(touchedIntents), .init(statesA), .init(statesB), .init(matched), .init(lastCounts)]
        for pointer in pointers { pointer.deallocate() }
        window.deallocate()
        resolved.deallocate()
    }

    // MARK: - Classifying

    public func classify(_ text: String) -> Classification {
        var text = text
        return text.withUTF8 { classify(utf8: $0) }
    }

    /// `classify(_:)`, or its last result when `text` is the message it classified last: the
    /// dialogue reads a reply first as an answer to its question ("never mind, ...", a detail
    /// after an article) and then, when it is none, as a new question.
    public func classifyAgain(_ text: String) -> Classification {
        if let remembered, remembered.text == text { return remembered.result }
        let result = classify(text)
        remembered = (text, result)
        return result
    }

    public func classify(utf8 text: UnsafeBufferPointer<UInt8>) -> Classification {
        var sink = FixedTokens(bytes: tokenBytes, byteCapacity: Self.maximumTokenBytes, tokens: tokenStore, tokenCapacity: Self.maximumTokens)
        Normalizer.tokenize(utf8: text, sink: &sink)
        clearLastMessage()
        var counts = Counts()
        counts.tokens = sink.tokenCount
        if sink.hasWordAfterHyphen { joinHyphenatedWords(&counts) }
        resolveLemmas(&counts)
        findPhrases(&counts)
        if mayEndInSignoff(counts) { dropSignoff(&counts) }
        checkCandidates(&counts)
        last = counts
        return decide(counts)
    }

    // MARK: - What the last message left, for `explain`

    /// The tokens of the last message, its sign-off included (the last `signoffTokenCount`).
    public var tokens: TokenList {
        var list = TokenList()
        for i in 0..<(last.tokens + last.signoffTokens) {
            let token = tokenStore[i]
            list.append(token: Token(start: Int32(list.bytes.count), length: token.length, hash: token.hash, flags: token.flags))
            for b in 0..<Int(token.length) { list.append(byte: tokenBytes[Int(token.start) + b]) }
        }
        return list
    }

    /// How many of the last message's tokens are its sign-off, which no rule read.
    public var signoffTokenCount: Int { last.signoffTokens }

    /// How much work the last message took: for benchmarks and tuning. `termHits` counts each
    /// phrase found once for each term it belongs to; `blocks` the marks those took.
    public var lastMessageWork: (tokens: Int, termHits: Int, terms: Int, blocks: Int, candidates: Int, matched: Int) {
        let automaton = tables.automaton
        var hits = 0
        for l in 0..<last.links {
            let link = links[l]
            guard link.firstEntry != TermBlock.oneWordEach else { hits += link.terms.nonzeroBitCount; continue }
            for rank in 0..<link.terms.nonzeroBitCount {  // each term's phrase lengths ending here
                let entry = automaton.phraseLengths[Int(link.firstEntry) + rank]
                guard entry <= 0 else { hits += 1; continue }  // one length, or a list of them
                var several = Int(-entry)
                while automaton.severalLengths[several] > 0 { hits += 1; several += 1 }
            }
        }
        let terms = (0..<last.touchedBlocks).reduce(0) { $0 + present[Int(touchedBlocks[$1])].nonzeroBitCount }
        return (last.tokens, hits, terms, last.links, last.candidates, last.matched)
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
                    let flags = list.tokens[i].flags
                    let how = flags.contains(.joinedPart) ? "part of a word typed without a space"
                        : flags.contains(.hyphenated) ? "written with a hyphen" : "exact"
                    return (text, vocabulary.lemmaNames[Int(lemma)], how)
                case .collapsed(let lemma, let surface):
                    return (text, vocabulary.lemmaNames[Int(lemma)], "repeated letters → \(vocabulary.surfaceText(surface))")
                case .fuzzy(let lemma, let surface):
                    return (text, vocabulary.lemmaNames[Int(lemma)], "one edit from \(vocabulary.surfaceText(surface))")
                case .joined:  // left whole only when the message already had `maximumTokens` tokens
                    return (text, nil, "two words without a space")
                case .withNumber:  // likewise
                    return (text, nil, "a word and a number without a space")
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

    /// Starts a new message: the blocks the last one marked are cleared, a new stamp makes every
    /// pattern read as no candidate, and the intents the last message reached are reset.
    private func clearLastMessage() {
        for i in 0..<last.touchedBlocks { present[Int(touchedBlocks[i])] = 0 }
        stampPointer.pointee &+= 1
        if stamp == 0 {
            // Once every 2³² messages: stamps start again, so old ones must not match the new.
            for pattern in 0..<tables.patternCount { patternStamps[pattern] = 0 }
            stampPointer.pointee = 1
        }
        for i in 0..<last.touchedIntents {
            let intent = Int(touchedIntents[i])
            miss[intent] = 1
            suppressed[intent] = false
        }
    }

    /// Finds each token's lemma. Two words typed without a space become two tokens here (both
    /// count as corrected, as a typo does), and so do a word and a number written together
    /// (not corrected), so the tokens after them move one place on.
    private func resolveLemmas(_ counts: inout Counts) {
        let vocabulary = tables.vocabulary
        var typos: Int32 = 0
        var i = 0
        while i < counts.tokens {
            let token = tokenStore[i]
            let word = UnsafeBufferPointer(start: tokenBytes + Int(token.start), count: Int(token.length))
            var lemma = vocabulary.exactLemma(hash: token.hash, word)
            var typo = false
            if lemma < 0 && vocabulary.mayResolveFurther(token, word) {
                let found = resolved.lookup(token, word) ?? resolveUnknown(token, word)
                if found.splitAt > 0 && counts.tokens < Self.maximumTokens {
                    splitToken(i, at: Int32(found.splitAt), &counts)
                    lemmas[i] = found.lemma
                    lemmas[i &+ 1] = found.second
                    // Joined words count as two corrections; a word and its number as none.
                    let corrected: Int32 = found.isTypo ? 1 : 0
                    typosBefore[i] = typos
                    typosBefore[i &+ 1] = typos &+ corrected
                    typos &+= 2 &* corrected
                    i &+= 2
                    continue
                }
                lemma = found.splitAt > 0 ? -1 : found.lemma
                typo = found.isTypo && found.splitAt == 0
            }
            lemmas[i] = lemma
            typosBefore[i] = typos
            if typo { typos &+= 1 }
            i &+= 1
        }
        typosBefore[counts.tokens] = typos
    }

    /// Reads each run of words joined by hyphens ("e-mail", "re-set", "out-of-office") as the one
    /// word it makes when the rules know that word ("email", "reset"); a rule's words written apart
    /// also stand for it ("log in" for "login"), so nothing a rule matched is lost. Other runs stay
    /// apart ("follow-up" is "follow up"). A run's bytes lie back to back, so its word is already
    /// written out. Only for messages with a hyphen between words.
    private func joinHyphenatedWords(_ counts: inout Counts) {
        var kept = 0, i = 0
        while i < counts.tokens {
            var last = i
            while last &+ 1 < counts.tokens && tokenStore[last &+ 1].flags.contains(.afterHyphen) { last &+= 1 }
            let first = tokenStore[i], end = tokenStore[last]
            let length = end.start &+ end.length &- first.start
            let word = UnsafeBufferPointer(start: tokenBytes + Int(first.start), count: Int(length))
            let hash = last > i ? TokenHash.hash(word) : 0
            if last > i && tables.vocabulary.exactLemma(hash: hash, word) >= 0 {
                let letters = (i...last).allSatisfy { tokenStore[$0].flags.contains(.asciiLetters) }
                tokenStore[kept] = Token(start: first.start, length: length, hash: hash, flags: letters ? [.asciiLetters, .hyphenated] : .hyphenated)
                kept &+= 1
            } else {
                for t in i...last {
                    tokenStore[kept] = tokenStore[t]
                    kept &+= 1
                }
            }
            i = last &+ 1
        }
        counts.tokens = kept
    }

    /// The slow path for one word, remembered for the next time it comes.
    private func resolveUnknown(_ token: Token, _ word: UnsafeBufferPointer<UInt8>) -> ResolutionCache.Resolved {
        let vocabulary = rules.vocabulary
        let found: ResolutionCache.Resolved
        switch vocabulary.resolveUnknown(token, word: word, scratch: &scratch) {
        case .fuzzy(let lemma, _): found = .init(lemma: lemma, isTypo: true)
        case .joined(let first, let second, let at):
            found = .init(lemma: vocabulary.lemmaOfSurface[Int(first)], second: vocabulary.lemmaOfSurface[Int(second)],
                          splitAt: UInt16(at), isTypo: true)
        case .withNumber(let word, let number, let at):
            found = .init(lemma: vocabulary.lemmaOfSurface[Int(word)], second: number < 0 ? -1 : vocabulary.lemmaOfSurface[Int(number)],
                          splitAt: UInt16(at), isTypo: false)
        case let resolution: found = .init(lemma: resolution.lemma, isTypo: false)
        }
        resolved.insert(token, word, found)
        return found
    }

    /// Replaces token `i` by its first `at` bytes and the rest, moving the later tokens on.
    private func splitToken(_ i: Int, at: Int32, _ counts: inout Counts) {
        let token = tokenStore[i]
        let later = counts.tokens - i - 1
        (tokenStore + (i + 2)).update(from: tokenStore + (i + 1), count: later)  // regions overlap: copied as memmove does
        func part(_ start: Int32, _ length: Int32) -> Token {
            let bytes = UnsafeBufferPointer(start: tokenBytes + Int(start), count: Int(length))
            // The number of "win11" is no letters: `explain` must not look for typos in it.
            let letters = bytes.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
            return Token(start: start, length: length, hash: TokenHash.hash(bytes), flags: letters ? [.asciiLetters, .joinedPart] : [.joinedPart])
        }
        tokenStore[i] = part(token.start, at)
        tokenStore[i &+ 1] = part(token.start &+ at, token.length &- at)
        counts.tokens &+= 1
    }

    /// Runs the automaton over the lemmas, keeping its states, marks the terms of the phrases
    /// found, a block at a time, and gathers the candidates. The counters are locals here: in
    /// memory they could alias the scratch buffers, and the compiler would reload them after every
    /// store.
    private func findPhrases(_ counts: inout Counts) {
        // Two passes, each with few enough live values to stay in registers.
        let automaton = tables.automaton
        var state: Int32 = 0
        for i in 0..<counts.tokens {
            state = automaton.next(state, lemmas[i])
            stateAt[i] = state
        }
        let blocks = automaton.blocks, blockStart = automaton.blockStart
        let present = self.present, links = self.links, chainHead = self.chainHead, chainTail = self.chainTail
        let touchedBlocks = self.touchedBlocks, patternStamps = self.patternStamps, candidates = self.candidates
        let stamp = self.stamp
        var linkCount: Int32 = 0, touchedCount = 0, candidateCount = 0
        for i in 0..<counts.tokens {
            let state = Int(stateAt[i])
            for b in Int(blockStart[state])..<Int(blockStart[state &+ 1]) {
                // A block's first mark in this message starts its chain; later ones extend it.
                let block = blocks[b]
                let word = Int(block.block)
                let old = present[word]
                if old == 0 {
                    touchedBlocks[touchedCount] = block.block
                    touchedCount &+= 1
                    chainHead[word] = linkCount
                } else {
                    links[Int(chainTail[word])].next = linkCount
                }
                present[word] = old | block.terms
                chainTail[word] = linkCount
                links[Int(linkCount)] = BlockLink(terms: block.terms, firstEntry: block.firstEntry, next: -1, token: Int32(truncatingIfNeeded: i))
                linkCount &+= 1
            }
            // The patterns anchored on these terms, each once a message, in the order their
            // anchors first occur.
            for a in Int(automaton.anchorStart[state])..<Int(automaton.anchorStart[state &+ 1]) {
                let pattern = Int(automaton.anchors[a])
                if patternStamps[pattern] == stamp { continue }
                patternStamps[pattern] = stamp
                candidates[candidateCount] = Int32(truncatingIfNeeded: pattern)
                candidateCount &+= 1
            }
        }
        counts.links = Int(linkCount)
        counts.touchedBlocks = touchedCount
        counts.candidates = candidateCount
    }

    /// Evaluates the candidates whose other required terms occurred too; most lack one.
    private func checkCandidates(_ counts: inout Counts) {
        // First keep the candidates that have every required term: the list is compacted in
        // place, in order, by how many passed so far rather than by a branch around each
        // evaluation (whether a candidate passes varies from message to message).
        let requirements = tables.requirements, required = tables.requiredTerms
        var passing = 0
        for c in 0..<counts.candidates {
            let pattern = candidates[c]
            let need = requirements[Int(pattern)]
            var passes = (present[Int(need.firstWord)] & need.firstBit != 0 ? 1 : 0) & (present[Int(need.secondWord)] & need.secondBit != 0 ? 1 : 0)
            if !need.rest.isEmpty {
                for r in Int(need.rest.lowerBound)..<Int(need.rest.upperBound) where !isPresent(required.values[r]) { passes = 0 }
            }
            candidates[passing] = pattern
            passing &+= passes
        }
        // A greeting that opens the message and a courtesy that closes it are looked for here:
        // the same test in `classify` measured 2-3% slower. Then the candidates are evaluated in
        // one of three loops, each with its own copy of `evaluate` (`EvaluationMode`): the usual
        // message has neither corrections to weigh nor a greeting to hide (BENCHMARKS.md,
        // fourteenth and nineteenth sessions). The closing needs no copy: it hides nothing, it
        // only lets `$` match earlier (routed to the greeting's copy, 2.9% more instructions a
        // message on the bench corpus; 1.3% thus, thirty-fifth session).
        if tables.openingTerm >= 0 && isPresent(tables.openingTerm) { findOpening(&counts) }
        if tables.closingTerm >= 0 && isPresent(tables.closingTerm) { findClosing(&counts) }
        if counts.openingEnd >= 0 {
            for c in 0..<passing { evaluate(candidates[c], &counts, HidingOpening.self) }
        } else if typosBefore[counts.tokens] != 0 {
            for c in 0..<passing { evaluate(candidates[c], &counts, WeighingTypos.self) }
        } else {
            // A single-term pattern matches at its term's first occurrence: taken here, without a
            // call (half the candidates evaluated).
            for c in 0..<passing {
                let pattern = tables.patterns[Int(candidates[c])]
                if pattern.singleTerm >= 0 {
                    forEachOccurrence(of: pattern.singleTerm, countingTypos: false) { occurrence in
                        accept(pattern, State(end: occurrence.end, start: occurrence.start, slack: 0, typos: 0), Int32(counts.tokens), &counts)
                        return false
                    }
                } else {
                    evaluate(candidates[c], &counts, Exact.self)
                }
            }
        }
    }

    /// Calls `body` with each occurrence of `term` in the last message, in the order of the
    /// tokens they end at (at one token, the longest first), until it returns false. Read from the
    /// chain of the term's block: the marks whose block holds the term, and there the lengths of
    /// its phrases. Without `countingTypos` (a message without corrections) each says 0.
    @inline(__always)
    private func forEachOccurrence(of term: Int32, countingTypos: Bool = true, _ body: (Occurrence) -> Bool) {
        guard isPresent(term) else { return }
        let automaton = tables.automaton
        let bit: UInt64 = 1 << UInt64(term & 63)
        var l = Int(chainHead[Int(term >> 6)])
        while l >= 0 {
            let link = links[l]
            if link.terms & bit != 0 {
                let end = link.token
                let entry = link.firstEntry == TermBlock.oneWordEach ? 1
                    : automaton.phraseLengths[Int(link.firstEntry) &+ (link.terms & (bit &- 1)).nonzeroBitCount]
                // One length (most terms), or a list of them.
                var several = entry > 0 ? -1 : Int(-entry)
                var length = entry > 0 ? entry : automaton.severalLengths[several]
                while length > 0 {
                    let start = end &- length &+ 1
                    let typos: Int32 = countingTypos && typosBefore[Int(end) &+ 1] > typosBefore[Int(start)] ? 1 : 0
                    if !body(Occurrence(start: start, end: end, typos: typos)) { return }
                    if several < 0 { break }
                    several &+= 1
                    length = automaton.severalLengths[several]
                }
            }
            l = Int(link.next)
        }
    }

    /// Whether the pattern's elements can be placed, in order and within their gaps, on the
    /// occurrences found; records the match (the one using the fewest corrected words). With
    /// `Mode.hidesOpening`, a pattern not anchored at the start skips occurrences in the
    /// greeting; without `Mode.weighsTypos` (no corrections in the message), every placement
    /// has none, so the first that fits is the best.
    private func evaluate<Mode: EvaluationMode>(_ patternID: Int32, _ counts: inout Counts, _: Mode.Type) {
        let hidingOpening = Mode.hidesOpening
        let pattern = tables.patterns[Int(patternID)]
        let tokenCount = Int32(counts.tokens)
        let firstElement = Int(pattern.firstElement)
        if pattern.singleTerm >= 0 {
            // One word, phrase or concept: any occurrence matches; prefer one without typos. (In a
            // message without corrections or a greeting, `checkCandidates` takes the first without
            // calling here.)
            let hidden = hidingOpening ? counts.openingEnd : -1  // the greeting's tokens (see `findOpening`)
            var best: Occurrence?
            forEachOccurrence(of: pattern.singleTerm, countingTypos: Mode.weighsTypos) { occurrence in
                if hidingOpening && occurrence.start <= hidden { return true }
                if best == nil || occurrence.typos == 0 { best = occurrence }
                return best!.typos > 0
            }
            guard let best else { return }
            accept(pattern, State(end: best.end, start: best.start, slack: 0, typos: best.typos), tokenCount, &counts)
            return
        }
        // Only a pattern anchored at the start sees the opening greeting's tokens.
        let hidden = hidingOpening && tables.elements[firstElement].kind != .start ? counts.openingEnd : -1
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
                let opening = counts.openingEnd
                for i in 0..<stateCount where states[i].end == Self.nothingYet {
                    push(State(end: -1, start: 0, slack: 0, typos: states[i].typos))
                    if opening >= 0 {
                        push(State(end: opening, start: opening &+ 1, slack: 0, typos: states[i].typos &+ counts.openingTypos))
                    }
                }
            case .end:
                // With a closing courtesy ("..., thanks in advance"), the end is also just before it
                // (in every mode: the closing hides nothing, so it needs no copy of its own).
                let closing = counts.closingStart
                for i in 0..<stateCount {
                    let s = states[i]
                    if s.end == Self.nothingYet || tokenCount - s.end - 1 <= element.gap + s.slack {
                        push(State(end: tokenCount, start: s.end == Self.nothingYet ? tokenCount : s.start, slack: 0, typos: s.typos))
                    } else if closing >= 0 && s.end < closing && closing - s.end - 1 <= element.gap + s.slack {
                        push(State(end: tokenCount, start: s.start, slack: 0, typos: s.typos &+ counts.closingTypos))
                    }
                }
            case .anyOf, .optional:
                forEachOccurrence(of: element.term, countingTypos: Mode.weighsTypos) { occurrence in
                    if hidingOpening && occurrence.start <= hidden { return true }
                    // Among the current states, the one this occurrence may follow with the fewest typos.
                    var best = -1
                    for i in 0..<stateCount {
                        let s = states[i]
                        let fits = s.end == Self.nothingYet
                            || (occurrence.start > s.end && occurrence.start - s.end - 1 <= element.gap + s.slack)
                        if fits && (best < 0 || s.typos < states[best].typos) {
                            best = i
                            if !Mode.weighsTypos { break }
                        }
                    }
                    if best >= 0 {
                        let s = states[best]
                        push(State(end: occurrence.end, start: s.end == Self.nothingYet ? occurrence.start : s.start,
                                   slack: 0, typos: s.typos + occurrence.typos))
                    }
                    return true
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
                        var found: Occurrence?
                        forEachOccurrence(of: tables.groupTerms[m], countingTypos: Mode.weighsTypos) { occurrence in
                            if occurrence.start > s.end && (!hidingOpening || occurrence.start > hidden) { found = occurrence }
                            return found == nil
                        }
                        guard let occurrence = found else { complete = false; break }
                        first = min(first, occurrence.start)
                        lastEnd = max(lastEnd, occurrence.end)
                        typos += occurrence.typos
                    }
                    if complete && (s.end == Self.nothingYet || first - s.end - 1 <= element.gap + s.slack) {
                        push(State(end: lastEnd, start: s.end == Self.nothingYet ? first : s.start, slack: 0, typos: typos))
                    }
                }
            case .allWithin:
                for i in 0..<stateCount {
                    let s = states[i]
                    let after = s.end == Self.nothingYet ? nil : s.end
                    for p in 0..<placeGroup(element, after: after, gap: saturatingAdd(element.gap, s.slack), hidden: hidden, Mode.self) {
                        let found = window.placement(p)
                        push(State(end: found.end, start: after == nil ? found.start : s.start, slack: 0, typos: s.typos &+ found.typos))
                    }
                }
            }
            swap(&states, &next)
            stateCount = nextCount
            if stateCount == 0 { return }
        }
        var best = states[0]
        if Mode.weighsTypos {
            for i in 1..<max(1, stateCount) where states[i].typos < best.typos { best = states[i] }
        }
        accept(pattern, best, tokenCount, &counts)
    }

    /// Places a bounded unordered group after token `after` (see `UnorderedWindow`); the
    /// placements are the window's. Kept out of `evaluate`: there its closure made the compiler
    /// stop inlining the others, whose captured states then cost an exclusivity check each.
    @inline(never)
    private func placeGroup<Mode: EvaluationMode>(_ element: CompiledElement, after: Int32?, gap: Int32, hidden: Int32, _: Mode.Type) -> Int {
        let window = self.window, from = after ?? Self.nothingYet
        window.reset()
        for m in Int(element.members.lowerBound)..<Int(element.members.upperBound) {
            forEachOccurrence(of: tables.groupTerms[m], countingTypos: Mode.weighsTypos) { occurrence in
                guard occurrence.start > from && (!Mode.hidesOpening || occurrence.start > hidden) else { return true }
                return window.add(start: occurrence.start, end: occurrence.end, typos: occurrence.typos)
            }
            window.endMember()
        }
        return window.place(after: after, gap: gap, within: element.within)
    }

    /// Whether the message may end in a sign-off: a mail app's phrase is in it, or a courtesy
    /// ("thanks", "regards") and a signer's phrase or, last, a word no rule knows. One or two
    /// presence tests for most messages.
    @inline(__always)
    private func mayEndInSignoff(_ counts: Counts) -> Bool {
        if tables.signoffTerm >= 0 && isPresent(tables.signoffTerm) { return true }
        guard tables.closingTerm >= 0 && counts.tokens > 1 && isPresent(tables.closingTerm) else { return false }
        return lemmas[counts.tokens &- 1] < 0 || (tables.signerTerm >= 0 && isPresent(tables.signerTerm))
    }

    /// Finds the sign-off at the end of the message and reads the message as if it ended before
    /// it, so its words suppress nothing and `$` matches right before it. Two kinds, the second
    /// before the first when both are there: the line a mail app appends ("Sent from my iPhone",
    /// "Get Outlook for Android", 发自我的iPhone: phrases of the rules' `~signoff`, one right before
    /// another up to the end), and the signature after the last courtesy ("Thanks, Ben, account
    /// manager": see `signatureStart`), whose "account manager" asks for no one. The phrases are
    /// already marked by then: the marks are cleared and the message before it marked again,
    /// which only messages with a sign-off pay for. A message that is nothing but a sign-off is
    /// read whole.
    private func dropSignoff(_ counts: inout Counts) {
        var start = Int32(counts.tokens)
        if tables.signoffTerm >= 0 && isPresent(tables.signoffTerm) {
            start = run(of: tables.signoffTerm, fromEnd: true, tokens: start).edge
        }
        start = signatureStart(before: start)
        guard start > 0 && start < Int32(counts.tokens) else { return }
        last = counts  // what `clearLastMessage` clears: this message's marks
        clearLastMessage()
        counts.signoffTokens = counts.tokens - Int(start)
        counts.tokens = Int(start)
        findPhrases(&counts)
    }

    /// The first token of the signature that ends right before token `end`, or `end` for none: up
    /// to `longestSignature` tokens, each a word no rule knows (most names: "Ben", "Priya") or in a
    /// phrase of the rules' `~signer` (roles, teams, firms: "account manager", "the admin team",
    /// "Ltd"), right after a phrase of `~closing` ("thanks", "kind regards"). Without the courtesy
    /// before them, such words are the message's own ("please call the account manager"). A word
    /// read as a typo of a rule word belongs to the signature only before another of its words
    /// ("Acme" read as "came" in "Acme Ltd"); alone after a courtesy it is the message's ("please
    /// resett"), and a name the rules mistake for one belongs in `names.words`.
    private func signatureStart(before end: Int32) -> Int32 {
        guard tables.closingTerm >= 0 else { return end }
        var edge = end, named = false
        while edge > 1 && end &- edge < Self.longestSignature {
            let i = Int(edge) &- 1
            if lemmas[i] < 0 || (named && typosBefore[i &+ 1] > typosBefore[i]) { edge &-= 1; named = true; continue }
            guard tables.signerTerm >= 0, let start = longestOccurrence(of: tables.signerTerm, endingAt: edge &- 1) else { break }
            edge = start
            named = true
        }
        // A phrase of `~signer` may carry the walk a few tokens past the bound: the bound holds for the whole.
        guard edge < end && edge > 0 && end &- edge <= Self.longestSignature,
              longestOccurrence(of: tables.closingTerm, endingAt: edge &- 1) != nil else { return end }
        return edge
    }

    /// A signature is a name and a role or two, not a story: "Thanks, Ben, account manager, Smith
    /// & Co Ltd" is eight tokens.
    static let longestSignature: Int32 = 8

    /// The first token of the longest occurrence of `term` that ends at token `end`, if any.
    private func longestOccurrence(of term: Int32, endingAt end: Int32) -> Int32? {
        var start: Int32?
        forEachOccurrence(of: term) { occurrence in
            if occurrence.end == end && occurrence.start < (start ?? .max) { start = occurrence.start }
            return occurrence.end <= end
        }
        return start
    }

    /// Finds the greeting the message opens with ("hi", "hello team", "dear support": phrases of
    /// the rules' `~opening`, one right after another from the first token). It belongs to the
    /// greeting: a rule anchored at the start (`^`) also matches right after it, so "hi, I need an
    /// agent" is `^ *2 agent`, and other rules do not see it, so the "team" of "Hi team, update my
    /// address" is nobody's team and the "support" of "Hello support, billing" asks for no one.
    private func findOpening(_ counts: inout Counts) {
        (counts.openingEnd, counts.openingTypos) = run(of: tables.openingTerm, fromEnd: false, tokens: Int32(counts.tokens))
    }

    /// Finds the courtesy the message closes with ("please", "thanks in advance": phrases of the
    /// rules' `~closing`, one right before another up to the last token). A rule anchored at the
    /// end (`$`) also matches right before it, so "Support number, please" is `^ support number $`.
    /// Unlike the opening, it stays visible to every rule ("ok, thanks" is thanks). A message that
    /// is nothing but courtesies, after its greeting, has no closing: nothing would be left.
    private func findClosing(_ counts: inout Counts) {
        let (start, typos) = run(of: tables.closingTerm, fromEnd: true, tokens: Int32(counts.tokens))
        guard start < Int32(counts.tokens), start > counts.openingEnd &+ 1 else { return }
        counts.closingStart = start
        counts.closingTypos = typos
    }

    /// The occurrences of `term` laid end to end from the first token (or back from the last),
    /// the longest at each step: the token at the run's inner edge (its last, or its first; -1 or
    /// `tokens` for no run) and the corrections it used.
    private func run(of term: Int32, fromEnd: Bool, tokens: Int32) -> (edge: Int32, typos: Int32) {
        var edge: Int32 = fromEnd ? tokens : -1, typos: Int32 = 0
        while true {
            var step: Occurrence?
            forEachOccurrence(of: term) { occurrence in
                let joins = fromEnd ? occurrence.end == edge &- 1 : occurrence.start == edge &+ 1
                let longer = step.map { fromEnd ? occurrence.start < $0.start : occurrence.end > $0.end } ?? true
                if joins && longer { step = occurrence }
                return true
            }
            guard let step else { return (edge, typos) }
            edge = fromEnd ? step.start : step.end
            typos &+= step.typos
        }
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

/// What `Matcher.evaluate` must heed in a message, as a type so that each mode gets its own copy
/// with the other tests compiled away (`evaluate` is not inlined: a `Bool` argument would be
/// tested at run time, in the loops over occurrences and states).
private protocol EvaluationMode {
    /// The message holds corrected words, so placements differ in typos and the fewest win.
    static var weighsTypos: Bool { get }
    /// The message opens with a greeting, which patterns not anchored at the start skip.
    static var hidesOpening: Bool { get }
}

/// No corrections, no greeting: the usual message.
private enum Exact: EvaluationMode {
    static var weighsTypos: Bool { false }
    static var hidesOpening: Bool { false }
}

private enum WeighingTypos: EvaluationMode {
    static var weighsTypos: Bool { true }
    static var hidesOpening: Bool { false }
}

private enum HidingOpening: EvaluationMode {
    static var weighsTypos: Bool { true }
    static var hidesOpening: Bool { true }
}
