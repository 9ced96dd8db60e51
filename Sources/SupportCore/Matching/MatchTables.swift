/// Everything the per-message path reads, as plain views over frozen buffers.
///
/// A `RuleSet` builds this once; matchers copy the struct (a handful of pointers) and never touch
/// a reference-counted object while classifying.
struct MatchTables: @unchecked Sendable {
    let vocabulary: RawVocabulary
    /// Reports, per state, the terms of the phrases ending there and the patterns anchored on them.
    let automaton: RawAutomaton
    /// Pattern → its required terms other than the anchor: all must have occurred.
    let requiredTerms: RawLists
    /// Pattern → the same, its first two in one record (see `Requirement`).
    let requirements: UnsafeBufferPointer<Requirement>
    let patterns: UnsafeBufferPointer<CompiledPattern>
    let elements: UnsafeBufferPointer<CompiledElement>
    let groupTerms: UnsafeBufferPointer<Int32>
    let intentPriority: UnsafeBufferPointer<Int32>
    let intentCategory: UnsafeBufferPointer<Category>
    let threshold: Double
    let margin: Double
    let fuzzyFactor: Double
    /// The term of the rules' `~opening` concept (see `RuleSetSyntax.openingConcept`), or -1.
    let openingTerm: Int32
    /// The term of the rules' `~closing` concept (see `RuleSetSyntax.closingConcept`), or -1.
    let closingTerm: Int32
    /// The term of the rules' `~signoff` concept (see `RuleSetSyntax.signoffConcept`), or -1.
    let signoffTerm: Int32
    /// The term of the rules' `~signer` concept (see `RuleSetSyntax.signerConcept`), or -1.
    let signerTerm: Int32
    /// The terms in blocks of 64 (see `TermBlock`), and the term that stands for "nothing more":
    /// bit 0 of the word after the last block, which the matcher sets for good.
    let blockCount: Int
    static func alwaysPresent(blockCount: Int) -> Int32 { Int32(blockCount) << 6 }
    let patternCount: Int
    let intentCount: Int
}

/// What a candidate pattern needs besides its anchor, laid out so the matcher checks it with one
/// memory access and no loop: its first two other required terms (`MatchTables.alwaysPresent`
/// standing for none), each as the word of the matcher's presence bits and the bit in it, and the
/// slice of `requiredTerms` values holding any further ones (most patterns have none).
struct Requirement: Sendable {
    var firstBit: UInt64
    var secondBit: UInt64
    var firstWord: Int32
    var secondWord: Int32
    var rest: Range<Int32>

    static func table(_ required: CompactLists, none: Int32) -> [Requirement] {
        (0..<required.count).map { pattern in
            let range = required.range(pattern)
            let terms = required.list(pattern)
            let first = terms.first ?? none, second = terms.dropFirst().first ?? none
            return Requirement(firstBit: 1 << UInt64(first & 63), secondBit: 1 << UInt64(second & 63),
                               firstWord: first >> 6, secondWord: second >> 6,
                               rest: Int32(min(range.lowerBound + 2, range.upperBound))..<Int32(range.upperBound))
        }
    }
}
