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
        // Bytes throughout, one String a form: loading inflects every rule word, and building
        // each candidate from Strings and array literals cost ~5,400 instructions a word
        // (BENCHMARKS.md, seventeenth session).
        var word = word
        return word.withUTF8 { forms(ofLetters: $0) }
    }

    private static func forms(ofLetters letters: UnsafeBufferPointer<UInt8>) -> [String] {
        let n = letters.count
        guard n >= minimumLength, letters.allSatisfy({ $0 >= a && $0 <= z }) else { return [] }
        var forms = FormList(word: letters)
        func endsWith(_ b1: UInt8, _ b2: UInt8) -> Bool { letters[n - 2] == b1 && letters[n - 1] == b2 }
        let last = letters[n - 1]
        let endsInConsonantY = last == y && !isVowel(letters[n - 2])

        // -s / -es / -ies
        if endsInConsonantY {
            forms.add(keeping: n - 1, "ies")
        } else if last == s || last == x || last == z || endsWith(c, h) || endsWith(s, h) {
            forms.add(keeping: n, "es")
        } else {
            forms.add(keeping: n, "s")
            if last == o { forms.add(keeping: n, "es") }
        }

        // -ed / -d / -ied, -ing
        if last == e {
            forms.add(keeping: n, "d")
            if endsWith(i, e) {
                forms.add(keeping: n - 2, "ying")
            } else if endsWith(e, e) || endsWith(y, e) || endsWith(o, e) {
                forms.add(keeping: n, "ing")
            } else if letters[0..<(n - 1)].contains(where: { isVowel($0) || $0 == y }) {
                // "make" → "making", but "the" and "she" are no verbs: "thing" is a word of its own.
                forms.add(keeping: n - 1, "ing")
            }
        } else if endsInConsonantY {
            forms.add(keeping: n - 1, "ied")
            forms.add(keeping: n, "ing")
        } else {
            forms.add(keeping: n, "ed")
            forms.add(keeping: n, "ing")
            if endsInShortSyllable(letters) {
                forms.add(keeping: n, doubling: true, "ed")
                forms.add(keeping: n, doubling: true, "ing")
            }
        }
        return forms.strings
    }

    /// The forms made so far, side by side in one buffer: a form is the word's first letters,
    /// perhaps its last letter again, and a suffix; one that is the word or repeats an earlier
    /// form is not kept.
    private struct FormList {
        let word: UnsafeBufferPointer<UInt8>
        var bytes: [UInt8] = []
        var ends: [Int] = []

        init(word: UnsafeBufferPointer<UInt8>) {
            self.word = word
            bytes.reserveCapacity(4 * (word.count + 4))
        }

        mutating func add(keeping keep: Int, doubling: Bool = false, _ suffix: StaticString) {
            let start = bytes.count
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: word[0..<keep]))
            if doubling { bytes.append(word[word.count - 1]) }
            suffix.withUTF8Buffer { bytes.append(contentsOf: $0) }
            let form = bytes[start...]
            var formStart = 0
            let repeated = form.elementsEqual(word) || ends.contains { end in
                defer { formStart = end }
                return bytes[formStart..<end].elementsEqual(form)
            }
            if repeated { bytes.removeSubrange(start...) } else { ends.append(bytes.count) }
        }

        var strings: [String] {
            var start = 0
            return ends.map { end in
                defer { start = end }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
        }
    }

    /// Consonant-vowel-consonant at the end ("stop", "plan", "cancel"): the final consonant may double.
    private static func endsInShortSyllable(_ letters: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = letters.count
        guard n >= 3 else { return false }
        let c1 = letters[n - 3], v = letters[n - 2], c2 = letters[n - 1]
        return !isVowel(c1) && isVowel(v) && !isVowel(c2) && c2 != w && c2 != x && c2 != y
    }

    private static func isVowel(_ byte: UInt8) -> Bool { byte == a || byte == e || byte == i || byte == o || byte == u }

    private static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"),
        o = UInt8(ascii: "o"), u = UInt8(ascii: "u"), y = UInt8(ascii: "y"), w = UInt8(ascii: "w"),
        x = UInt8(ascii: "x"), s = UInt8(ascii: "s"), z = UInt8(ascii: "z"), c = UInt8(ascii: "c"),
        h = UInt8(ascii: "h")
}
