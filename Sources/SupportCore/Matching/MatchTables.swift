/// Everything the per-message path reads, as plain views over frozen buffers.
///
/// A `RuleSet` builds this once; matchers copy the struct (a handful of pointers) and never touch
/// a reference-counted object while classifying.
struct MatchTables: @unchecked Sendable {
    let vocabulary: RawVocabulary
    /// Reports, per state, the terms of the phrases ending there.
    let automaton: RawAutomaton
    /// Term → the patterns anchored on it (evaluated when the term occurs).
    let anchors: RawLists
    /// Pattern → its required terms other than the anchor: all must have occurred.
    let requiredTerms: RawLists
    let patterns: UnsafeBufferPointer<CompiledPattern>
    let elements: UnsafeBufferPointer<CompiledElement>
    let groupTerms: UnsafeBufferPointer<Int32>
    let intentPriority: UnsafeBufferPointer<Int32>
    let intentCategory: UnsafeBufferPointer<Category>
    let threshold: Double
    let margin: Double
    let fuzzyFactor: Double
    let termCount: Int
    let patternCount: Int
    let intentCount: Int
}
