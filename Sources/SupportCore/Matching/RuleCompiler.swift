/// Turns parsed rules into a `RuleSet`: resolves concepts, assigns lemmas, deduplicates phrases
/// and element alternatives ("terms"), and lays patterns out flat for the matcher.
struct RuleCompiler {
    let syntax: RuleSetSyntax
    /// The files, to show the offending line under a diagnostic (split only when one is needed).
    private let files: [RuleFile]
    private let root: String
    private var diagnostics: [RuleDiagnostic] = []

    private var vocabulary: Vocabulary!
    /// Phrases (lemma sequences) and terms (sorted phrase lists) → their ids, keyed by their bytes:
    /// `ByteTable` hashes eight bytes at a time where a `Dictionary` of arrays (or of `String`s)
    /// runs SipHash over every element; loading spent ~5 ms of ~48 in those lookups.
    private var phraseIDs = ByteTable(expectedCount: 8192)
    private var termIDs = ByteTable(expectedCount: 8192)
    private var phrases: [[Int32]] = []
    private var terms: [[Int32]] = []
    /// The lemmas of the phrase being looked up, reused.
    private var lemmaScratch: [Int32] = []
    /// The `variants` lines as lemmas: each word and one of its variants.
    private var variantLemmas: [(word: [Int32], variant: [Int32])] = []
    /// Per lemma, whether a `variants` line's word begins with it: a phrase holding none is passed
    /// over without trying each line (most phrases; every line tried took a fifth of a reload once
    /// the English lines came).
    private var beginsAVariedWord: [Bool] = []
    private var conceptIndex: [String: Int] = [:]
    private var conceptPhrases: [String: [Int32]] = [:]
    private var conceptsInProgress: Set<String> = []

    init(syntax: RuleSetSyntax, files: [RuleFile], root: String) {
        self.syntax = syntax
        self.root = root
        self.files = files
    }

    mutating func compile() throws(RuleLoadError) -> RuleSet {
        let settings = compileSettings()
        indexConcepts()
        checkIntentNames()
        checkFormsLines()

        var written: [String] = []
        var seen = ByteTable(expectedCount: 4096)  // not a `Set<String>`, as for `phraseIDs`
        func add(_ items: [PatternItem]) {
            for item in items {
                var tokens: [String] = []
                switch item.kind {
                case .text(let words): tokens = words
                case .sequence(let parts):
                    for case .words(let words) in parts { tokens += words }
                case .concept: break
                }
                for token in tokens where seen.insert(token, value: Int32(written.count)) == written.count {
                    written.append(token)
                }
            }
        }
        for concept in syntax.concepts { add(concept.items) }
        for intent in syntax.intents {
            for trigger in intent.triggers { for element in trigger.elements { add(element.items) } }
        }
        for line in syntax.variants {
            for token in line.word + line.variants.joined() where seen.insert(token, value: Int32(written.count)) == written.count {
                written.append(token)
            }
        }
        vocabulary = Vocabulary(written: written, forms: syntax.forms.map(\.words), known: syntax.knownWords, fuzzyMinimumLength: 5)
        for line in syntax.variants {
            let word = line.word.map { vocabulary.lemma(ofWritten: $0) }
            for variant in line.variants { variantLemmas.append((word, variant.map { vocabulary.lemma(ofWritten: $0) })) }
        }
        beginsAVariedWord = [Bool](repeating: false, count: vocabulary.lemmaNames.count)
        for (word, _) in variantLemmas { if let first = word.first, first >= 0 { beginsAVariedWord[Int(first)] = true } }
        let typoIndex = vocabulary.buildTypoIndex()  // meanwhile, on another thread

        var patterns: [CompiledPattern] = []
        var elements: [CompiledElement] = []
        var groupTerms: [Int32] = []
        var requiredTerms: [[Int32]] = []   // per pattern, the terms it cannot match without
        var intents: [IntentInfo] = []
        for (intentIndex, intent) in syntax.intents.enumerated() {
            var triggers: [TriggerInfo] = []
            for (triggerIndex, trigger) in intent.triggers.enumerated() {
                let weight = trigger.weight ?? intent.weight ?? settings.defaultWeight
                triggers.append(TriggerInfo(source: trigger.source, location: trigger.location, weight: weight, isNegative: trigger.isNegative))
                var required: [Int32] = []
                let first = Int32(elements.count)
                for element in trigger.elements {
                    let gap = Int32(min(element.gapBefore.maximum, Int(Int32.max / 4)))
                    var compiled = CompiledElement(kind: .start, gap: gap, term: -1, members: 0..<0)
                    switch element.kind {
                    case .start: compiled.kind = .start
                    case .end: compiled.kind = .end
                    case .anyOf(let items, let optional):
                        compiled.kind = optional ? .optional : .anyOf
                        compiled.term = term(for: items)
                        if !optional { required.append(compiled.term) }
                    case .allOf(let items, let within):
                        compiled.kind = within == nil ? .allOf : .allWithin
                        compiled.within = Int32(min(within ?? 0, Int(Int32.max / 4)))
                        let start = Int32(groupTerms.count)
                        for alternatives in items {
                            let member = term(for: alternatives)
                            groupTerms.append(member)
                            required.append(member)
                        }
                        compiled.members = start..<Int32(groupTerms.count)
                    }
                    elements.append(compiled)
                }
                requiredTerms.append(required)
                let single = elements.count - Int(first) == 1 && elements[Int(first)].kind == .anyOf
                patterns.append(CompiledPattern(intent: Int32(intentIndex), trigger: Int32(triggerIndex), weight: weight,
                                                isNegative: trigger.isNegative,
                                                firstElement: first, elementCount: Int32(elements.count) - first,
                                                singleTerm: single ? elements[Int(first)].term : -1))
            }
            intents.append(IntentInfo(name: intent.name, category: intent.category, location: intent.location,
                                      priority: intent.priority, triggers: triggers, samples: intent.samples))
        }
        func edgeTerm(_ name: String) -> Int32 {
            conceptIndex[name].map { index -> Int32 in
                let concept = syntax.concepts[index]
                return term(for: [PatternItem(kind: .concept(concept.name), written: "~" + concept.name, location: concept.location, length: concept.name.count + 1)])
            } ?? -1
        }
        let opening = edgeTerm(RuleSetSyntax.openingConcept), closing = edgeTerm(RuleSetSyntax.closingConcept)
        let signoff = edgeTerm(RuleSetSyntax.signoffConcept), signer = edgeTerm(RuleSetSyntax.signerConcept)
        guard diagnostics.isEmpty else { throw RuleLoadError(diagnostics) }
        // The phrases are all known now: their automaton is built on another thread while this
        // one groups the terms and anchors the patterns (BENCHMARKS.md, seventeenth session).
        let phrases = self.phrases, lemmaCount = vocabulary.lemmaCount
        let automaton = BackgroundWork { PhraseAutomaton(phrases: phrases, lemmaCount: lemmaCount) }

        var phraseTerms = [[Int32]](repeating: [], count: phrases.count)
        for (termID, members) in terms.enumerated() {
            for phrase in members { phraseTerms[Int(phrase)].append(Int32(termID)) }
        }
        let lemmasInSamples = samplesHolding()
        let (anchored, others) = anchors(requiredTerms, phraseTerms: phraseTerms, inSamples: termsInSamples(lemmasInSamples))
        // Terms are renumbered so that those sharing phrases sit side by side: the matcher marks
        // a phrase's terms a 64-bit block at a time. Each phrase still lists its terms in the order
        // they were written (the old numbers), which orders the candidates a message makes.
        let slot = clusteredTermOrder(phraseTerms)
        func renumber(_ term: Int32) -> Int32 { term < 0 ? term : slot[Int(term)] }
        for e in elements.indices { elements[e].term = renumber(elements[e].term) }
        for p in patterns.indices { patterns[p].singleTerm = renumber(patterns[p].singleTerm) }
        for g in groupTerms.indices { groupTerms[g] = renumber(groupTerms[g]) }
        // Patterns are renumbered in the terms' new order, those anchored on one term side by side
        // (in their old order): the candidates a state makes then read their requirements and
        // stamps from a few neighbouring cache lines rather than a line each. Candidates stay in
        // the order their anchors occur, so nothing a message gets changes.
        var termAt = [Int](repeating: 0, count: anchored.count)
        for term in anchored.indices { termAt[Int(slot[term])] = term }
        var number = [Int32](repeating: -1, count: patterns.count), order: [Int] = []
        order.reserveCapacity(patterns.count)
        for term in termAt {
            for pattern in anchored[term] {
                number[Int(pattern)] = Int32(order.count)
                order.append(Int(pattern))
            }
        }
        precondition(order.count == patterns.count, "every pattern has one anchor")
        patterns = order.map { patterns[$0] }
        let requiredByNumber = order.map { others[$0] }
        var anchoredBySlot = [[Int32]](repeating: [], count: anchored.count)
        for (term, list) in anchored.enumerated() { anchoredBySlot[Int(slot[term])] = list.map { number[Int($0)] } }
        vocabulary.installTypoIndex(typoIndex.wait(), samplesHolding: lemmasInSamples)
        return RuleSet(intents: intents, settings: settings, syntax: syntax, vocabulary: vocabulary,
                       automaton: automaton.wait(), phraseCount: phrases.count, phraseTerms: CompactLists(phraseTerms).mapValues(renumber), anchors: CompactLists(anchoredBySlot),
                       requiredTerms: CompactLists(requiredByNumber).mapValues(renumber),
                       termCount: terms.count, openingTerm: renumber(opening), closingTerm: renumber(closing), signoffTerm: renumber(signoff), signerTerm: renumber(signer), patterns: patterns, elements: elements, groupTerms: groupTerms)
    }

    // MARK: - Settings, names

    private mutating func compileSettings() -> MatchSettings {
        var values = MatchSettings.optionalDefaults
        var given: [String: SourceLocation] = [:]
        for setting in syntax.settings {
            if let earlier = given[setting.name] {
                fail("'\(setting.name)' is already set at \(earlier.fileAndLine)", at: setting.location, length: setting.name.count)
                continue
            }
            given[setting.name] = setting.location
            values[setting.name] = setting.value
        }
        for name in MatchSettings.required where values[name] == nil {
            diagnostics.append(RuleDiagnostic("the rules never set '\(name)'; every rule set states its thresholds, for example in \(root)/settings.rules: set \(name) \(name == "threshold" ? "0.5" : "0.1")",
                                              at: SourceLocation(file: root, line: 0)))
        }
        return MatchSettings(threshold: values["threshold"] ?? 0.5, margin: values["margin"] ?? 0.1,
                             defaultWeight: values["default-weight"]!, fuzzyFactor: values["fuzzy-factor"]!)
    }

    private mutating func indexConcepts() {
        for (index, concept) in syntax.concepts.enumerated() {
            if let earlier = conceptIndex[concept.name] {
                fail("concept ~\(concept.name) is already defined at \(syntax.concepts[earlier].location.fileAndLine)", at: concept.location, length: concept.name.count + 1)
            } else {
                conceptIndex[concept.name] = index
            }
        }
    }

    private mutating func checkIntentNames() {
        var seen: [String: SourceLocation] = [:]
        for intent in syntax.intents {
            if let earlier = seen[intent.name] {
                fail("intent \(intent.name) is already defined at \(earlier.fileAndLine)", at: intent.location, length: intent.name.count)
            } else {
                seen[intent.name] = intent.location
            }
        }
    }

    /// A word belongs to one `forms` line: on two, it would silently join whichever group the
    /// vocabulary read last, and every rule written with the other group's words would change.
    private mutating func checkFormsLines() {
        var taken: [String: SourceLocation] = [:]  // word → the forms line that holds it
        for group in syntax.forms {
            for (word, location) in zip(group.words, group.wordLocations) {
                if let earlier = taken[word], earlier != group.location {
                    fail("'\(word)' is already on the forms line at \(earlier.fileAndLine); a word belongs to one forms line",
                         at: location, length: word.count)
                } else {
                    taken[word] = group.location
                }
            }
        }
    }

    // MARK: - Phrases, concepts, terms

    private mutating func phrase(_ tokens: [String]) -> Int32 {
        lemmaScratch.removeAll(keepingCapacity: true)
        for token in tokens { lemmaScratch.append(vocabulary.lemma(ofWritten: token)) }
        return phrase(lemmas: lemmaScratch)
    }

    private mutating func phrase(lemmas: [Int32]) -> Int32 {
        let id = lemmas.withUnsafeBytes { $0.withMemoryRebound(to: UInt8.self) { phraseIDs.insert($0, value: Int32(phrases.count)) } }
        if id == phrases.count { phrases.append(lemmas) }
        return id
    }

    /// The most phrases one `"~concept word"` item may stand for: two concepts of a hundred
    /// members each in one phrase would be ten thousand, which is a mistake, not a rule.
    static let mostSequencePhrases = 2_000

    /// Appends the phrases an item stands for: itself, or every phrase of a concept (recursively).
    /// Appending, not returning a list: most items are one phrase, and a list each cost an allocation.
    private mutating func appendPhrases(of item: PatternItem, to result: inout [Int32]) {
        switch item.kind {
        case .text(let tokens):
            result.append(phrase(tokens))
            if !variantLemmas.isEmpty { appendVariants(of: lemmaScratch, to: &result) }
            if tokens.count > 1 { appendClosedUp(tokens, to: &result) }
        case .concept(let name):
            result += phrases(ofConcept: name, at: item)
        case .sequence(let parts):
            appendSequence(parts, of: item, to: &result)
        }
    }

    /// Appends every phrase a `"~concept word"` item stands for: each member of each concept
    /// (as the concept's own phrases, closed-up forms included) joined to the words around it.
    private mutating func appendSequence(_ parts: [PatternItem.PhrasePart], of item: PatternItem, to result: inout [Int32]) {
        var expansions: [[Int32]] = [[]]
        for part in parts {
            switch part {
            case .words(let tokens):
                let lemmas = tokens.map { vocabulary.lemma(ofWritten: $0) }
                for k in expansions.indices { expansions[k] += lemmas }
            case .concept(let name):
                let members = phrases(ofConcept: name, at: item).map { phrases[Int($0)] }
                expansions = expansions.flatMap { prefix in members.map { prefix + $0 } }
                guard expansions.count <= Self.mostSequencePhrases else {
                    fail("\(item.written) stands for more than \(Self.mostSequencePhrases) phrases; name a smaller concept", at: item.location, length: item.length)
                    return
                }
            }
        }
        for lemmas in expansions where !lemmas.isEmpty {
            result.append(phrase(lemmas: lemmas))
            appendVariants(of: lemmas, to: &result)
        }
    }

    /// Appends the phrases `lemmas` makes with the `variants` lines' words in place of the word they
    /// vary, wherever it stands (登录 in 无法登录 and 登录页面; every occurrence at once), and with
    /// two lines' variants together (什么时候能登录 also as 啥时候能登陆).
    /// Most phrases hold no varied word: nothing is allocated for them.
    private mutating func appendVariants(of lemmas: [Int32], to result: inout [Int32]) {
        guard lemmas.contains(where: { $0 >= 0 && Int($0) < beginsAVariedWord.count && beginsAVariedWord[Int($0)] }) else { return }
        var made: [[Int32]] = []
        for (word, variant) in variantLemmas {
            for k in -1..<made.count {
                guard let replaced = Self.replacing(word, with: variant, in: k < 0 ? lemmas : made[k]) else { continue }
                made.append(replaced)
                result.append(phrase(lemmas: replaced))
            }
        }
    }

    /// `phrase` with every occurrence of `word` replaced by `variant`, or nil when it holds none.
    private static func replacing(_ word: [Int32], with variant: [Int32], in phrase: [Int32]) -> [Int32]? {
        func occurs(at i: Int) -> Bool { i + word.count <= phrase.count && phrase[i..<(i + word.count)].elementsEqual(word) }
        guard !word.isEmpty, var i = phrase.indices.first(where: occurs) else { return nil }
        var result = Array(phrase[..<i])
        while i < phrase.count {
            if occurs(at: i) {
                result += variant
                i += word.count
            } else {
                result.append(phrase[i])
                i += 1
            }
        }
        return result
    }

    /// Appends a phrase's forms with neighbouring words closed up into one the rules know: "log
    /// in" also stands for "login", "sign up page" for "signup page". A customer writes either, and
    /// the matcher reads "log-in" as "login" when the rules know that word, so a rule that wrote
    /// the words apart must still match it.
    private mutating func appendClosedUp(_ tokens: [String], to result: inout [Int32]) {
        // The words the normaliser may mark after a hyphen: ASCII letters and digits (no Chinese).
        func joinable(_ token: String) -> Bool { token.utf8.allSatisfy { Normalizer.isWordCode(Normalizer.asciiTable[Int($0)]) } }
        for first in 0..<(tokens.count - 1) where joinable(tokens[first]) {
            var joined = tokens[first]
            for last in (first + 1)..<tokens.count {
                guard joinable(tokens[last]) else { break }
                joined += tokens[last]
                if vocabulary.lemma(ofWritten: joined) >= 0 {
                    result.append(phrase(Array(tokens[..<first]) + [joined] + Array(tokens[(last + 1)...])))
                }
            }
        }
    }

    private mutating func phrases(ofConcept name: String, at item: PatternItem) -> [Int32] {
        if let done = conceptPhrases[name] { return done }
        guard let index = conceptIndex[name] else {
            let known = Array(conceptIndex.keys)
            fail("unknown concept ~\(name)\(suggestion(name, known, prefix: "~", suffix: ""))", at: item.location, length: item.length)
            conceptPhrases[name] = []
            return []
        }
        guard conceptsInProgress.insert(name).inserted else {
            fail("concept ~\(name) includes itself (through \(conceptsInProgress.sorted().map { "~" + $0 }.joined(separator: ", ")))", at: item.location, length: item.length)
            return []
        }
        var result: [Int32] = []
        for member in syntax.concepts[index].items { appendPhrases(of: member, to: &result) }
        conceptsInProgress.remove(name)
        result = sortedUnique(result)
        conceptPhrases[name] = result
        return result
    }

    private mutating func term(for items: [PatternItem]) -> Int32 {
        var members: [Int32] = []
        for item in items { appendPhrases(of: item, to: &members) }
        members = sortedUnique(members)
        let id = members.withUnsafeBytes { $0.withMemoryRebound(to: UInt8.self) { termIDs.insert($0, value: Int32(terms.count)) } }
        if id == terms.count { terms.append(members) }
        return id
    }

    /// The ids in ascending order, each once. Sorting in place and dropping repeats costs less than
    /// building a `Set` first, and a list that is already so (one concept's phrases) passes through.
    private func sortedUnique(_ ids: [Int32]) -> [Int32] {
        var ids = ids
        if !zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) {
            ids.sort()
            var kept = 0
            for i in ids.indices where kept == 0 || ids[i] != ids[kept - 1] {
                ids[kept] = ids[i]
                kept += 1
            }
            ids.removeLast(ids.count - kept)
        }
        return ids
    }

    /// A new number for each term, so that terms sharing phrases get neighbouring numbers: the
    /// phrases taken from the one most terms share to the least, each numbering its terms not yet
    /// numbered. The terms of the most shared phrases ("outlook" is in ~110 alternatives, through
    /// the concepts that name it) then fill a few runs, and a message marks a phrase's terms in a
    /// few 64-bit blocks rather than one by one (BENCHMARKS.md, eighteenth session). Sorting the
    /// terms by their phrases so ranked made as few blocks but cost 30M instructions of loading.
    private func clusteredTermOrder(_ phraseTerms: [[Int32]]) -> [Int32] {
        // The phrases by fan-out, most first, then by number: a counting sort.
        let most = phraseTerms.reduce(0) { max($0, $1.count) }
        var next = [Int](repeating: 0, count: most + 2)  // bucket `most - fan-out` fills from next[bucket]
        for list in phraseTerms { next[most - list.count + 1] += 1 }
        for b in 1..<next.count { next[b] += next[b - 1] }
        var byFanOut = [Int](repeating: 0, count: phraseTerms.count)
        for (phrase, list) in phraseTerms.enumerated() {
            byFanOut[next[most - list.count]] = phrase
            next[most - list.count] += 1
        }
        var slot = [Int32](repeating: -1, count: terms.count)
        var numbered: Int32 = 0
        for phrase in byFanOut {
            for term in phraseTerms[phrase] where slot[Int(term)] < 0 {
                slot[Int(term)] = numbered
                numbered += 1
            }
        }
        for term in slot.indices where slot[term] < 0 {  // terms without phrases (an empty concept)
            slot[term] = numbered
            numbered += 1
        }
        return slot
    }

    /// Indexes each pattern under its rarest required term: the one least found in the intents'
    /// samples (`termsInSamples`); among those, the one the rules use least widely (the sum, over
    /// its phrases, of the number of terms each belongs to: a word that many alternatives name,
    /// "error" or "account", is a common word in messages too); then the one fewest patterns
    /// need; then the first. Also returns, per pattern, its other required terms, which the
    /// matcher checks before placing anything. A pattern becomes a candidate wherever its anchor
    /// occurs, and most candidates then lack another term: anchored on "my" or "to", a pattern
    /// was a candidate in a message of four and matched in none (BENCHMARKS.md, nineteenth session).
    private func anchors(_ requiredTerms: [[Int32]], phraseTerms: [[Int32]], inSamples: [Int]) -> (anchored: [[Int32]], others: [[Int32]]) {
        // A pattern's required terms are a handful: sorted lists, not `Set`s (which hashed each).
        let distinct = requiredTerms.map(sortedUnique)
        var demand = [Int](repeating: 0, count: terms.count)
        for required in distinct { for term in required { demand[Int(term)] += 1 } }
        let commonness = terms.map { members in members.reduce(0) { $0 + phraseTerms[Int($1)].count } }
        var anchored = [[Int32]](repeating: [], count: terms.count)
        var others: [[Int32]] = []
        others.reserveCapacity(requiredTerms.count)
        for (pattern, required) in requiredTerms.enumerated() {
            let anchor = required.min { a, b in
                (inSamples[Int(a)], commonness[Int(a)], demand[Int(a)]) < (inSamples[Int(b)], commonness[Int(b)], demand[Int(b)])
            }!
            anchored[Int(anchor)].append(Int32(pattern))
            others.append(distinct[pattern].filter { $0 != anchor })
        }
        return (anchored, others)
    }

    /// Per term, how many of the intents' samples hold one of its phrases, estimated from the
    /// words: a phrase counts as often as its least frequent word. The samples are written as
    /// customers write, so "my", "the" and "to" are in most of them, though the rules seldom
    /// name such a word as a term of its own.
    private func termsInSamples(_ samplesWith: [Int]) -> [Int] {
        let inPhrase = phrases.map { lemmas in lemmas.lazy.map { samplesWith[Int($0)] }.min() ?? 0 }
        return terms.map { members in members.reduce(0) { $0 + inPhrase[Int($1)] } }
    }

    /// Per lemma, how many of the intents' samples hold one of its forms.
    private func samplesHolding() -> [Int] {
        var samplesWith = [Int](repeating: 0, count: vocabulary.lemmaCount)
        var lastSample = [Int](repeating: -1, count: vocabulary.lemmaCount)
        var list = TokenList()
        var sampleIndex = 0
        for intent in syntax.intents {
            for sample in intent.samples {
                Normalizer.tokenize(sample.text, into: &list)
                list.bytes.withUnsafeBufferPointer { bytes in
                    for token in list.tokens {
                        let lemma = Int(vocabulary.exactLemma(of: token, in: bytes))
                        if lemma >= 0 && lastSample[lemma] != sampleIndex {
                            lastSample[lemma] = sampleIndex
                            samplesWith[lemma] += 1
                        }
                    }
                }
                sampleIndex += 1
            }
        }
        return samplesWith
    }

    private mutating func fail(_ message: String, at location: SourceLocation, length: Int) {
        let lines = files.first { $0.path == location.file }?.contents.fileLines
        let line = lines.flatMap { $0.indices.contains(location.line - 1) ? String($0[location.line - 1]) : nil }
        diagnostics.append(RuleDiagnostic(message, at: location, sourceLine: line, length: length))
    }
}

extension PatternElement {
    /// The items this element mentions (none for anchors).
    var items: [PatternItem] {
        switch kind {
        case .anyOf(let items, _): return items
        case .allOf(let members, _): return members.flatMap { $0 }
        case .start, .end: return []
        }
    }
}
