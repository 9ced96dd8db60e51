/// Words and phrases the dialogue looks for in short replies ("yes", "the second one", "不是"),
/// normalised like rules and messages so case, width and script do not matter.
///
/// Phrases are indexed by their first token: a message meets only the phrases that start with
/// one of its words, not every phrase at every position. A phrase can carry a tag (which service
/// it names, which severity it means), so one list answers "which of these groups occur" with one
/// lookup a token instead of one a token and group.
public struct PhraseList: Sendable {
    /// Each phrase as normalised tokens.
    public private(set) var phrases: [[String]] = []
    private var tags: [Int] = []
    /// The most tokens a phrase has: how far before a span a phrase covering it can start.
    private var longest = 0
    /// Keyed by the FNV hash of the first token's bytes, cheaper to make and to hash than the
    /// String itself; a collision only costs a comparison, as every candidate is compared whole.
    private var byFirstToken: [UInt64: [Int]] = [:]
    /// A bit for each (first byte, length) of the first tokens: most words of a message start no
    /// phrase, and this answers that without hashing the word.
    private var firstTokenFilter = [UInt64](repeating: 0, count: 16)

    public init(_ texts: [String] = []) {
        for text in texts { add(text) }
    }

    public mutating func add(_ text: String, tag: Int = 0) {
        let tokens = Normalizer.words(text)
        guard !tokens.isEmpty else { return }
        byFirstToken[Self.key(tokens[0]), default: []].append(phrases.count)
        let bit = Self.filterBit(tokens[0])
        firstTokenFilter[bit >> 6] |= 1 << UInt64(bit & 63)
        phrases.append(tokens)
        longest = max(longest, tokens.count)
        tags.append(tag)
    }

    /// The tags of the phrases that occur in `tokens`, smallest first, each once.
    public func tags(in tokens: [String]) -> [Int] {
        var found: [Int] = []
        for start in tokens.indices {
            for phrase in candidates(at: start, in: tokens) where !found.contains(tags[phrase]) && Self.matches(phrases[phrase], tokens, at: start) {
                found.append(tags[phrase])
            }
        }
        return found.sorted()
    }

    /// Whether a phrase occurs in `tokens` other than inside an occurrence of one of `excused`'s:
    /// "垃圾" is an insult, but not inside "垃圾邮件" (spam); "没用" is "useless", but not inside
    /// "重启了也没用" (restarting did not help).
    public func occurs(in tokens: [String], outside excused: PhraseList) -> Bool {
        tokens.indices.contains { start in
            candidates(at: start, in: tokens).contains { phrase in
                let length = phrases[phrase].count
                return Self.matches(phrases[phrase], tokens, at: start) && !excused.covers(start..<(start + length), in: tokens)
            }
        }
    }

    /// Whether one of the phrases occurs in `tokens` over the whole of `span`.
    private func covers(_ span: Range<Int>, in tokens: [String]) -> Bool {
        let earliest = max(0, span.upperBound - longest)
        guard earliest <= span.lowerBound else { return false }
        for start in earliest...span.lowerBound {
            for phrase in candidates(at: start, in: tokens)
            where start + phrases[phrase].count >= span.upperBound && Self.matches(phrases[phrase], tokens, at: start) {
                return true
            }
        }
        return false
    }

    /// Whether a phrase of at least two tokens occurs in `tokens`, or a one-token phrase starts
    /// them: in "连不上" the "不" is not a "no", in "不行" the whole phrase is.
    public func occursInReply(_ tokens: [String]) -> Bool {
        starts(tokens) || occurs(in: tokens, minimumLength: 2)
    }

    /// Whether a phrase of at least `minimumLength` tokens occurs in `tokens`.
    public func occurs(in tokens: [String], minimumLength: Int) -> Bool {
        tokens.indices.contains { start in
            candidates(at: start, in: tokens).contains { phrases[$0].count >= minimumLength && Self.matches(phrases[$0], tokens, at: start) }
        }
    }

    /// Whether the message starts with one of the phrases.
    public func starts(_ tokens: [String]) -> Bool {
        !tokens.isEmpty && candidates(at: 0, in: tokens).contains { Self.matches(phrases[$0], tokens, at: 0) }
    }

    /// Whether the message is exactly one of the phrases.
    public func isWhole(_ tokens: [String]) -> Bool {
        !tokens.isEmpty && candidates(at: 0, in: tokens).contains { phrases[$0].count == tokens.count && Self.matches(phrases[$0], tokens, at: 0) }
    }

    @inline(__always)
    private func candidates(at start: Int, in tokens: [String]) -> [Int] {
        let bit = Self.filterBit(tokens[start])
        guard firstTokenFilter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return [] }
        return byFirstToken[Self.key(tokens[start])] ?? []
    }

    @inline(__always)
    private static func key(_ token: String) -> UInt64 {
        TokenHash.hash(token.utf8)
    }

    @inline(__always)
    private static func filterBit(_ token: String) -> Int {
        let utf8 = token.utf8
        return (Int(utf8.first ?? 0) &+ utf8.count &* 97) & 1023
    }

    static func index(of phrase: [String], in tokens: [String]) -> Int? {
        guard !phrase.isEmpty, tokens.count >= phrase.count else { return nil }
        for start in 0...(tokens.count - phrase.count) where matches(phrase, tokens, at: start) {
            return start
        }
        return nil
    }

    @inline(__always)
    static func matches(_ phrase: [String], _ tokens: [String], at start: Int) -> Bool {
        guard start + phrase.count <= tokens.count else { return false }
        for (offset, word) in phrase.enumerated() where tokens[start + offset] != word { return false }
        return true
    }
}
