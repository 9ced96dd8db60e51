/// An Aho-Corasick automaton over lemma ids: one pass over a message's tokens reports every
/// word and phrase ("money back", "无法连线") of every rule that occurs in it, at a cost that
/// depends on the message's length, not on how many phrases the rules hold.
struct PhraseAutomaton: Sendable {
    /// Transitions out of the root, indexed by lemma (most phrases are one word long).
    private let rootNext: [Int32]
    /// Transitions out of other states, keyed by state and lemma.
    private let edges: IntTable
    private let hasEdges: [Bool]
    private let fail: [Int32]
    /// Per state, the phrases that end there (its own and those reached by failure links).
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// Phrase id → its length in tokens.
    let phraseLength: [Int32]

    var stateCount: Int { fail.count }

    init(phrases: [[Int32]], lemmaCount: Int) {
        // The trie: the root's transitions in an array by lemma, the others in one `IntTable`
        // keyed by (state, lemma), and each transition listed once for the breadth-first pass.
        // (A `Dictionary` a state ran Swift's SipHash on every lemma: 4% of loading.)
        var rootChildren = [Int32](repeating: 0, count: lemmaCount)
        var trie = IntTable(expectedCount: max(16, phrases.reduce(0) { $0 + $1.count }))
        var transitions: [(parent: Int32, lemma: Int32, child: Int32)] = []
        var ending: [[Int32]] = [[]]
        for (id, phrase) in phrases.enumerated() {
            var state: Int32 = 0
            for lemma in phrase {
                let known = Self.child(of: state, lemma, root: rootChildren, trie: trie)
                if known != 0 {
                    state = known
                } else {
                    let next = Int32(ending.count)
                    if state == 0 { rootChildren[Int(lemma)] = next } else { trie.insert(Self.key(state, lemma), next) }
                    transitions.append((state, lemma, next))
                    ending.append([])
                    state = next
                }
            }
            ending[Int(state)].append(Int32(id))
        }
        let stateCount = ending.count
        // Each state's transitions side by side, by lemma (a counting sort by parent, then a
        // sort of each short run), so the pass below visits children in the order it always did.
        var childStart = [Int](repeating: 0, count: stateCount + 1)
        for t in transitions { childStart[Int(t.parent) + 1] += 1 }
        for s in 0..<stateCount { childStart[s + 1] += childStart[s] }
        var byParent = [(lemma: Int32, child: Int32)](repeating: (0, 0), count: transitions.count)
        var fill = childStart
        for t in transitions {
            byParent[fill[Int(t.parent)]] = (t.lemma, t.child)
            fill[Int(t.parent)] += 1
        }
        for s in 0..<stateCount where childStart[s + 1] - childStart[s] > 1 {
            byParent[childStart[s]..<childStart[s + 1]].sort { $0.lemma < $1.lemma }
        }
        // Breadth-first, so a state's failure target is complete before its children need it.
        var fail = [Int32](repeating: 0, count: stateCount)
        var queue: [Int32] = byParent[childStart[0]..<childStart[1]].map(\.child)
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (lemma, child) in byParent[childStart[Int(state)]..<childStart[Int(state) + 1]] {
                var f = fail[Int(state)]
                while f != 0 && Self.child(of: f, lemma, root: rootChildren, trie: trie) == 0 { f = fail[Int(f)] }
                let target = Self.child(of: f, lemma, root: rootChildren, trie: trie)
                if target != 0, target != child { fail[Int(child)] = target }
                ending[Int(child)] += ending[Int(fail[Int(child)])]
                queue.append(child)
            }
        }
        // The trie's table was sized for a state a token, before the states were counted; the one
        // the matcher keeps is sized for the states, which phrases sharing a prefix make fewer.
        var edges = IntTable(expectedCount: max(16, stateCount))
        for t in transitions where t.parent != 0 { edges.insert(Self.key(t.parent, t.lemma), t.child) }
        var starts: [Int32] = [0]
        var flat: [Int32] = []
        for list in ending {
            flat += list
            starts.append(Int32(flat.count))
        }
        self.rootNext = rootChildren
        self.edges = edges
        self.hasEdges = (0..<stateCount).map { childStart[$0 + 1] > childStart[$0] }
        self.fail = fail
        self.outputStart = starts
        self.outputs = flat
        self.phraseLength = phrases.map { Int32($0.count) }
    }

    /// A read-only view for the per-message path, where each state lists the terms of the phrases
    /// ending there rather than the phrases (`phraseTerms`: phrase → the terms it belongs to, in
    /// the order that orders the candidates), and the patterns anchored on those terms (`anchors`:
    /// term → patterns). The terms are given as `TermBlock`s: the matcher marks a block of 64 terms
    /// with one `or`, where it marked each term (~95 a message, ~25 blocks). Each term there has
    /// an entry in `phraseLengths`, in the order of the blocks and their bits: the length of its
    /// phrase ending there, or where the lengths of its several such phrases are listed.
    func frozen(in store: inout FrozenStore, phraseTerms: CompactLists, anchors: CompactLists) -> RawAutomaton {
        var blockStart: [Int32] = [0]
        var blocks: [TermBlock] = []
        var phraseLengths: [Int32] = []
        var severalLengths: [Int32] = [0]  // 0 ends each list (and fills index 0, which no list starts at)
        // Each output lists a phrase's terms: their number bounds the entries.
        let hitCount = outputs.reduce(0) { $0 + phraseTerms.range(Int($1)).count }
        blockStart.reserveCapacity(stateCount + 1)
        phraseLengths.reserveCapacity(hitCount)
        var anchorStart: [Int32] = [0]
        var stateAnchors: [Int32] = []
        // Which state last listed a term or a pattern (state + 1): a lookup instead of a search of
        // the lists, which a state ending a phrase of many terms made quadratic.
        var termListedBy = [Int](repeating: 0, count: anchors.count)  // `anchors` has a list a term
        var patternListedBy = [Int](repeating: 0, count: anchors.values.max().map { Int($0) + 1 } ?? 0)
        var stateHits: [(term: Int32, length: Int32)] = []
        var terms: [Int32] = []
        var firstHit = [Int32](repeating: -1, count: anchors.count)
        var lastHit = [Int32](repeating: -1, count: anchors.count)
        var nextHit: [Int32] = []
        var mostBlocks = 0
        for state in 0..<stateCount {
            stateHits.removeAll(keepingCapacity: true)
            for o in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                let phrase = Int(outputs[o])
                for p in phraseTerms.range(phrase) { stateHits.append((phraseTerms[p], phraseLength[phrase])) }
            }
            // The terms in the order they first appear, each with its hits threaded through
            // `nextHit` (their lengths in the order the outputs list them: longest first, a state's
            // own phrase, then its failure chain's).
            if nextHit.count < stateHits.count { nextHit += [Int32](repeating: -1, count: stateHits.count - nextHit.count) }
            terms.removeAll(keepingCapacity: true)
            for (k, hit) in stateHits.enumerated() {
                let term = Int(hit.term)
                nextHit[k] = -1
                if termListedBy[term] != state + 1 {
                    termListedBy[term] = state + 1
                    firstHit[term] = Int32(k)
                    terms.append(hit.term)
                } else {
                    nextHit[Int(lastHit[term])] = Int32(k)
                }
                lastHit[term] = Int32(k)
            }
            for term in terms {
                for pattern in anchors.list(Int(term)) where patternListedBy[Int(pattern)] != state + 1 {
                    patternListedBy[Int(pattern)] = state + 1
                    stateAnchors.append(pattern)
                }
            }
            anchorStart.append(Int32(stateAnchors.count))
            // The blocks, in the order of their terms' numbers.
            terms.sort()
            let firstBlock = blocks.count
            let oneWordEach = stateHits.allSatisfy { $0.length == 1 }
            var current = TermBlock(terms: 0, block: -1, firstEntry: 0)
            for term in terms {
                if term >> 6 != current.block {
                    if current.block >= 0 { blocks.append(current) }
                    current = TermBlock(terms: 0, block: term >> 6, firstEntry: oneWordEach ? TermBlock.oneWordEach : Int32(phraseLengths.count))
                }
                current.terms |= 1 << UInt64(term & 63)
                if oneWordEach { continue }
                var k = Int(firstHit[Int(term)])
                if nextHit[k] < 0 {
                    phraseLengths.append(stateHits[k].length)
                } else {
                    phraseLengths.append(-Int32(severalLengths.count))
                    while k >= 0 {
                        severalLengths.append(stateHits[k].length)
                        k = Int(nextHit[k])
                    }
                    severalLengths.append(0)
                }
            }
            if current.block >= 0 { blocks.append(current) }
            mostBlocks = max(mostBlocks, blocks.count - firstBlock)
            blockStart.append(Int32(blocks.count))
        }
        return RawAutomaton(rootNext: store.freeze(rootNext), edges: edges.frozen(in: &store),
                            hasEdges: store.freeze(hasEdges), fail: store.freeze(fail),
                            blockStart: store.freeze(blockStart), blocks: store.freeze(blocks), mostBlocks: mostBlocks,
                            phraseLengths: store.freeze(phraseLengths), severalLengths: store.freeze(severalLengths),
                            anchorStart: store.freeze(anchorStart), anchors: store.freeze(stateAnchors))
    }

    /// The state `lemma` leads to from `state` in the trie being built, or 0 (the root: none).
    private static func child(of state: Int32, _ lemma: Int32, root: [Int32], trie: IntTable) -> Int32 {
        state == 0 ? root[Int(lemma)] : max(0, trie.lookup(key(state, lemma)))
    }

    @inline(__always)
    static func key(_ state: Int32, _ lemma: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: lemma))
    }
}

/// An open-addressing hash table from 64-bit keys to non-negative 32-bit values.
/// It is only built here; matching reads it through `RawIntTable`.
struct IntTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private static let empty = UInt64.max

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: capacity)
        values = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        var slot = Self.slot(key) & mask
        while keys[slot] != Self.empty && keys[slot] != key { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = value
    }

    /// The value for `key`, or -1.
    func lookup(_ key: UInt64) -> Int32 {
        var slot = Self.slot(key) & mask
        while keys[slot] != Self.empty {
            if keys[slot] == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        return -1
    }

    @inline(__always)
    static func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    func frozen(in store: inout FrozenStore) -> RawIntTable {
        RawIntTable(keys: store.freeze(keys), values: store.freeze(values), mask: mask)
    }
}

/// The lookup half of an `IntTable`, over frozen buffers.
struct RawIntTable: @unchecked Sendable {
    let keys: UnsafeBufferPointer<UInt64>
    let values: UnsafeBufferPointer<Int32>
    let mask: Int

    /// The value for `key`, or -1.
    @inline(__always)
    func lookup(_ key: UInt64) -> Int32 {
        var slot = IntTable.slot(key) & mask
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == UInt64.max { return -1 }
            slot = (slot + 1) & mask
        }
    }
}

/// The matching half of a `PhraseAutomaton`, over frozen buffers.
struct RawAutomaton: @unchecked Sendable {
    let rootNext: UnsafeBufferPointer<Int32>
    let edges: RawIntTable
    let hasEdges: UnsafeBufferPointer<Bool>
    let fail: UnsafeBufferPointer<Int32>
    /// State → its slice of `blocks`: the terms of the phrases ending there, 64 to a block.
    let blockStart: UnsafeBufferPointer<Int32>
    let blocks: UnsafeBufferPointer<TermBlock>
    /// The most blocks a state has: a message marks at most this many a token.
    let mostBlocks: Int
    /// Per term at a state (see `TermBlock.firstEntry`), the length in tokens of its phrase ending
    /// there (> 0); for a term with several, minus where `severalLengths` lists them, longest first,
    /// up to a 0. One entry, not a range of a second array: nearly every term has one phrase a state.
    let phraseLengths: UnsafeBufferPointer<Int32>
    let severalLengths: UnsafeBufferPointer<Int32>
    /// State → its slice of `anchors`: the patterns anchored on its terms, in the order of the terms.
    let anchorStart: UnsafeBufferPointer<Int32>
    let anchors: UnsafeBufferPointer<Int32>

    /// The state after reading `lemma` (-1 for a token the rules do not know) in `state`.
    @inline(__always)
    func next(_ state: Int32, _ lemma: Int32) -> Int32 {
        if lemma < 0 { return 0 }
        var s = state
        while s != 0 {
            if hasEdges[Int(s)] {
                let target = edges.lookup(PhraseAutomaton.key(s, lemma))
                if target >= 0 { return target }
            }
            s = fail[Int(s)]
        }
        return rootNext[Int(lemma)]
    }
}

/// Up to 64 terms of one state, the terms numbered `block * 64 ..< block * 64 + 64`: bit `i` of
/// `terms` for term `block * 64 + i`. Each term's entry in `RawAutomaton.phraseLengths` is
/// `firstEntry` plus the number of the block's terms below it; at a state whose phrases are all
/// one word long (most of those a message visits), `firstEntry` is `oneWordEach` and the terms
/// have no entries: the matcher then spares the count of bits, which the baseline x86-64 has no
/// instruction for.
struct TermBlock: Sendable {
    var terms: UInt64
    var block: Int32
    var firstEntry: Int32

    static let oneWordEach: Int32 = -1
}
