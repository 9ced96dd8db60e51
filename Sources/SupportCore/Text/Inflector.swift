/// Generates the regular English inflections of a word, so a rule that says "charge" also matches
/// "charges", "charged" and "charging".
///
/// Forms are generated when rules are compiled, not stripped from messages at match time: matching
/// stays a table lookup, and `explain` can name the form that matched. The generator errs towards
/// producing too many forms ("stoped" beside "stopped"); a form nobody writes costs nothing.
/// Irregular forms ("pay" → "paid") are declared in the rules with `forms`.
public enum Inflector {
    /// Words shorter than this are not inflected: "us", "it" and "pc" have no useful forms.
    public static let minimumLength = 3

    /// The inflected forms of `word` (not including `word`), or none for words that are not
    /// plain lower-case ASCII letters of at least `minimumLength`.
    public static func forms(of word: String) -> [String] {
        let letters = Array(word.utf8)
        guard letters.count >= minimumLength, letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return [] }
        var forms: [String] = []
        func add(_ bytes: [UInt8]) {
            let form = String(decoding: bytes, as: UTF8.self)
            if form != word && !forms.contains(form) { forms.append(form) }
        }
        let last = letters[letters.count - 1]
        let stem = Array(letters.dropLast())
        let endsInConsonantY = last == y && !isVowel(letters[letters.count - 2])

        // -s / -es / -ies
        if endsInConsonantY {
            add(stem + Array("ies".utf8))
        } else if [s, x, z].contains(last) || word.hasSuffix("ch") || word.hasSuffix("sh") {
            add(letters + Array("es".utf8))
        } else {
            add(letters + [s])
            if last == o { add(letters + Array("es".utf8)) }
        }

        // -ed / -d / -ied, -ing
        if last == e {
            add(letters + [d])
            if word.hasSuffix("ie") {
                add(Array(letters.dropLast(2)) + Array("ying".utf8))
            } else if word.hasSuffix("ee") || word.hasSuffix("ye") || word.hasSuffix("oe") {
                add(letters + Array("ing".utf8))
            } else if stem.contains(where: { isVowel($0) || $0 == y }) {
                // "make" → "making", but "the" and "she" are no verbs: "thing" is a word of its own.
                add(stem + Array("ing".utf8))
            }
        } else if endsInConsonantY {
            add(stem + Array("ied".utf8))
            add(letters + Array("ing".utf8))
        } else {
            add(letters + Array("ed".utf8))
            add(letters + Array("ing".utf8))
            if endsInShortSyllable(letters) {
                add(letters + [last] + Array("ed".utf8))
                add(letters + [last] + Array("ing".utf8))
            }
        }
        return forms
    }

    /// Consonant-vowel-consonant at the end ("stop", "plan", "cancel"): the final consonant may double.
    private static func endsInShortSyllable(_ letters: [UInt8]) -> Bool {
        let n = letters.count
        guard n >= 3 else { return false }
        let c1 = letters[n - 3], v = letters[n - 2], c2 = letters[n - 1]
        return !isVowel(c1) && isVowel(v) && !isVowel(c2) && ![w, x, y].contains(c2)
    }

    private static func isVowel(_ byte: UInt8) -> Bool { [a, e, i, o, u].contains(byte) }

    private static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"),
        o = UInt8(ascii: "o"), u = UInt8(ascii: "u"), y = UInt8(ascii: "y"), w = UInt8(ascii: "w"),
        x = UInt8(ascii: "x"), s = UInt8(ascii: "s"), z = UInt8(ascii: "z"), d = UInt8(ascii: "d")
}
