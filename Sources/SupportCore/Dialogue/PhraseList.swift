/// Words and phrases the dialogue looks for in short replies ("yes", "the second one", "不是"),
/// normalised like rules and messages so case, width and script do not matter.
public struct PhraseList: Sendable {
    /// Each phrase as normalised tokens.
    public private(set) var phrases: [[String]] = []

    public init(_ texts: [String] = []) {
        for text in texts { add(text) }
    }

    public mutating func add(_ text: String) {
        let tokens = Normalizer.words(text)
        if !tokens.isEmpty { phrases.append(tokens) }
    }

    /// Whether any phrase occurs in `tokens` as consecutive tokens.
    public func occurs(in tokens: [String]) -> Bool {
        phrases.contains { phrase in Self.index(of: phrase, in: tokens) != nil }
    }

    /// Whether a phrase of at least two tokens occurs in `tokens`, or a one-token phrase starts
    /// them: in "连不上" the "不" is not a "no", in "不行" the whole phrase is.
    public func occursInReply(_ tokens: [String]) -> Bool {
        starts(tokens) || phrases.contains { $0.count >= 2 && Self.index(of: $0, in: tokens) != nil }
    }

    /// Whether the message starts with one of the phrases.
    public func starts(_ tokens: [String]) -> Bool {
        phrases.contains { tokens.count >= $0.count && Array(tokens.prefix($0.count)) == $0 }
    }

    /// Whether the message is exactly one of the phrases.
    public func isWhole(_ tokens: [String]) -> Bool {
        phrases.contains { $0 == tokens }
    }

    static func index(of phrase: [String], in tokens: [String]) -> Int? {
        guard !phrase.isEmpty, tokens.count >= phrase.count else { return nil }
        for start in 0...(tokens.count - phrase.count) where Array(tokens[start..<(start + phrase.count)]) == phrase {
            return start
        }
        return nil
    }
}
