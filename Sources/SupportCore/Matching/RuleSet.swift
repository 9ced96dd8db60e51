/// A compiled rule set: immutable, shared by every matcher and session, swapped whole on reload.
public final class RuleSet: Sendable {
    public let intents: [IntentInfo]
    public let settings: MatchSettings
    /// The files the rules came from, in load order.
    public let files: [String]

    let vocabulary: Vocabulary
    /// Sizes for `statistics`. The automaton, patterns, elements and phrases are laid out into
    /// `tables` and not kept: holding them too cost ~1 MB (the automaton's hash table of edges
    /// alone ~0.4 MB) that nothing read.
    let automatonStates: Int
    let phraseCount: Int
    /// Views the matcher reads, and the buffers behind them.
    let tables: MatchTables
    private let frozenOwners: [any AnyObject & Sendable]

    /// `phraseTerms`: phrase → the terms (element alternatives) it belongs to. `anchors`: term →
    /// the patterns anchored on it: each pattern is indexed under one required term, its rarest,
    /// and evaluated only when that term occurs, so a common word ("my", "email") costs nothing for
    /// patterns that also need a rarer one. `requiredTerms`: pattern → its other required terms.
    /// `automaton` reads the `phraseCount` phrases. These and the patterns are laid out into
    /// `tables` here and not kept.
    init(intents: [IntentInfo], settings: MatchSettings, syntax: RuleSetSyntax, vocabulary: Vocabulary,
         automaton: PhraseAutomaton, phraseCount: Int, phraseTerms: CompactLists, anchors: CompactLists, requiredTerms: CompactLists, termCount: Int,
         openingTerm: Int32, closingTerm: Int32, signoffTerm: Int32, signerTerm: Int32, patterns: [CompiledPattern], elements: [CompiledElement], groupTerms: [Int32]) {
        self.intents = intents
        self.settings = settings
        self.files = syntax.files
        self.vocabulary = vocabulary
        automatonStates = automaton.stateCount
        self.phraseCount = phraseCount
        var store = FrozenStore()
        tables = Self.layOut(intents: intents, settings: settings, vocabulary: vocabulary,
                             automaton: automaton.frozen(in: &store, phraseTerms: phraseTerms, anchors: anchors), requiredTerms: requiredTerms,
                             patterns: store.freeze(patterns), elements: store.freeze(elements), groupTerms: store.freeze(groupTerms),
                             openingTerm: openingTerm, closingTerm: closingTerm, signoffTerm: signoffTerm, signerTerm: signerTerm, blockCount: (termCount + 63) / 64, in: &store)
        frozenOwners = store.owners
    }

    /// The tables the matcher reads, from the parts a compile makes or an image holds: what both
    /// derive from those parts is derived here, once.
    static func layOut(intents: [IntentInfo], settings: MatchSettings, vocabulary: Vocabulary, automaton: RawAutomaton,
                       requiredTerms: CompactLists, patterns: UnsafeBufferPointer<CompiledPattern>,
                       elements: UnsafeBufferPointer<CompiledElement>, groupTerms: UnsafeBufferPointer<Int32>,
                       openingTerm: Int32, closingTerm: Int32, signoffTerm: Int32, signerTerm: Int32, blockCount: Int, in store: inout FrozenStore) -> MatchTables {
        MatchTables(
            vocabulary: vocabulary.frozen(in: &store), automaton: automaton, requiredTerms: requiredTerms.frozen(in: &store),
            requirements: store.freeze(Requirement.table(requiredTerms, none: MatchTables.alwaysPresent(blockCount: blockCount))),
            patterns: patterns, elements: elements, groupTerms: groupTerms,
            intentPriority: store.freeze(intents.map { Int32($0.priority) }), intentCategory: store.freeze(intents.map(\.category)),
            threshold: settings.threshold, margin: settings.margin, fuzzyFactor: settings.fuzzyFactor,
            openingTerm: openingTerm, closingTerm: closingTerm, signoffTerm: signoffTerm, signerTerm: signerTerm, blockCount: blockCount, patternCount: patterns.count, intentCount: intents.count)
    }

    /// A rule set read back from an image (see `RuleSet+Image.swift`): `tables` are views over
    /// buffers `store` owns.
    init(intents: [IntentInfo], settings: MatchSettings, files: [String], vocabulary: Vocabulary,
         automatonStates: Int, phraseCount: Int, tables: MatchTables, store: FrozenStore) {
        self.intents = intents
        self.settings = settings
        self.files = files
        self.vocabulary = vocabulary
        self.automatonStates = automatonStates
        self.phraseCount = phraseCount
        self.tables = tables
        frozenOwners = store.owners
    }

    /// Parses and compiles rule files; every mistake is reported in the error.
    public static func load(_ files: [RuleFile], root: String = "Intents") throws(RuleLoadError) -> RuleSet {
        let (syntax, diagnostics) = RuleParser.parse(files)
        guard diagnostics.isEmpty else { throw RuleLoadError(diagnostics) }
        var compiler = RuleCompiler(syntax: consume syntax, files: files, root: root)
        let rules = try compiler.compile()
        DeferredRelease.release(consume compiler)  // the parse and the compiler's tables, freed meanwhile
        return rules
    }

    /// Loads every `.rules` and `.words` file under `directory`.
    public static func load(directory: String) throws -> RuleSet {
        try load(RuleFile.files(in: directory, withExtensions: [RuleFile.ruleExtension, RuleFile.wordListExtension]), root: directory)
    }

    public func intent(named name: String) -> IntentInfo? {
        intents.first { $0.name == name }
    }

    /// Sizes, for `explain`, benchmarks and the server's start-up line.
    public var statistics: Statistics {
        Statistics(intents: intents.count, triggers: tables.patternCount, lemmas: vocabulary.lemmaCount,
                   forms: vocabulary.surfaceCount, phrases: phraseCount, states: automatonStates)
    }

    public struct Statistics: Sendable, CustomStringConvertible {
        public let intents, triggers, lemmas, forms, phrases, states: Int
        public var description: String {
            "\(intents) intents, \(triggers) triggers, \(lemmas) words (\(forms) forms), \(phrases) phrases, \(states) automaton states"
        }
    }
}

/// What `explain`, `lint` and the dialogue need to know about an intent.
public struct IntentInfo: Sendable {
    public let name: String
    public let category: Category
    public let location: SourceLocation
    public let priority: Int
    public let triggers: [TriggerInfo]
    public let samples: [Sample]
}

public struct TriggerInfo: Sendable {
    public let source: String
    public let location: SourceLocation
    /// The weight that applies (the line's, the intent's or the rule set's default).
    public let weight: Double
    public let isNegative: Bool
}

/// A pattern after compiling: its elements are a slice of `MatchTables.elements`.
struct CompiledPattern: Sendable {
    var intent: Int32
    var trigger: Int32
    var weight: Double
    var isNegative: Bool
    var firstElement: Int32
    var elementCount: Int32
    /// The term of a pattern that is one word, phrase or concept (no order, gaps or anchors to
    /// check: any occurrence matches), or -1. The most common shape: the matcher skips the
    /// element-by-element evaluation for it.
    var singleTerm: Int32
}

struct CompiledElement: Sendable {
    /// `allWithin` is a bounded `allOf` (`<a b *3>`).
    enum Kind: UInt8, Sendable { case anyOf, optional, allOf, start, end, allWithin }
    var kind: Kind
    /// Most tokens allowed between the previous element and this one.
    var gap: Int32
    /// The term of an `anyOf`/`optional` element.
    var term: Int32
    /// The slice of `MatchTables.groupTerms` of an `allOf` or `allWithin` element.
    var members: Range<Int32>
    /// Most tokens allowed between one member of an `allWithin` element and the next.
    var within: Int32 = 0
}

/// Lists of integers stored back to back: list `i` is `values[starts[i]..<starts[i+1]]`.
struct CompactLists: Sendable {
    private(set) var starts: [Int32] = [0]
    private(set) var values: [Int32] = []

    init(starts: [Int32], values: [Int32]) {
        self.starts = starts
        self.values = values
    }

    init(_ lists: [[Int32]]) {
        for list in lists {
            values += list
            starts.append(Int32(values.count))
        }
    }

    var count: Int { starts.count - 1 }

    @inline(__always)
    func range(_ list: Int) -> Range<Int> { Int(starts[list])..<Int(starts[list + 1]) }

    @inline(__always)
    subscript(index: Int) -> Int32 { values[index] }

    func list(_ i: Int) -> ArraySlice<Int32> { values[range(i)] }

    /// The same lists with each value transformed.
    func mapValues(_ transform: (Int32) -> Int32) -> CompactLists {
        var copy = self
        copy.values = values.map(transform)
        return copy
    }

    func frozen(in store: inout FrozenStore) -> RawLists {
        RawLists(starts: store.freeze(starts), values: store.freeze(values))
    }
}

/// `CompactLists` over frozen buffers.
struct RawLists: @unchecked Sendable {
    let starts: UnsafeBufferPointer<Int32>
    let values: UnsafeBufferPointer<Int32>

    @inline(__always)
    func range(_ list: Int) -> Range<Int> { Int(starts[list])..<Int(starts[list + 1]) }
}
