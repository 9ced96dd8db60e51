/// Every word form the rules know, mapped to its lemma: the written word, its generated
/// inflections and its declared irregular forms all share one lemma ("charge", "charged", "charges").
///
/// Typo tolerance also lives here: a token of four or more letters that is neither a known form
/// nor a correctly spelt word is compared, by deletion neighbourhoods, with the known forms, and
/// accepted when exactly one edit away (`corrects` says which edits count for short words). Exact
/// forms are always tried first.
struct Vocabulary: Sendable {
    /// Surface form → surface id.
    private let surfaces: ByteTable
    /// Surface id → lemma id.
    let lemmaOfSurface: [Int32]
    /// Surface id → whether the form was generated (an inflection nobody wrote).
    let isGenerated: [Bool]
    /// Lemma id → the word shown for it (the shortest written form).
    let lemmaNames: [String]
    /// Forms long enough for typo tolerance, by their one-letter deletions. Empty (typo tolerance
    /// finds nothing) until `installTypoIndex`: the compiler builds it on another thread while it
    /// compiles the patterns, which need only the exact forms.
    private var deletions = DeletionIndex.empty
    /// Per lemma, how many of the rules' samples hold it: of two forms a slip reaches alike, the
    /// one customers write more is likelier ("csll" is "call", not "cell").
    private var samplesHolding: [Int] = []
    /// Correctly spelt words the rules do not use: never typo-corrected. The frozen view reads the
    /// same memory (no second copy); the rule set keeps this vocabulary, so it outlives the view.
    private let known: SealedKnownWords
    let fuzzyMinimumLength: Int
    /// Bytes in the longest form. Nothing longer by two is one edit from a form, nor two forms
    /// longer than twice it: the slow path skips such words, whose every deletion or cut it would
    /// otherwise hash (a 4,000-letter word cost ~50 ms).
    private let longestForm: Int

    var lemmaCount: Int { lemmaNames.count }
    var surfaceCount: Int { lemmaOfSurface.count }

    func surfaceText(_ surface: Int32) -> String {
        String(decoding: surfaces.key(at: Int(surface)), as: UTF8.self)
    }

    /// How a token was found.
    enum Resolution: Equatable {
        case exact(lemma: Int32)
        /// Found after shortening repeated letters further ("hii" → "hi").
        case collapsed(lemma: Int32, surface: Int32)
        /// Found one edit away from a known form.
        case fuzzy(lemma: Int32, surface: Int32)
        /// Two known forms typed without the space between them ("cancellationcharges"): the
        /// first `at` bytes are `first`, the rest `second` (surfaces).
        case joined(first: Int32, second: Int32, at: Int)
        /// A known word and a number written together ("kb5034441", "office365"): the first `at`
        /// bytes are the word (a surface), the rest the number (its surface, or -1 if no rule
        /// writes it). Not a typo: that is how such names are written.
        case withNumber(word: Int32, number: Int32, at: Int)
        case unknown

        /// The token's lemma; -1 for a token read as two (joined words, a word and its number),
        /// whose parts the matcher takes from the case itself.
        var lemma: Int32 {
            switch self {
            case .exact(let lemma), .collapsed(let lemma, _), .fuzzy(let lemma, _): return lemma
            case .joined, .withNumber, .unknown: return -1
            }
        }
    }

    /// Joined words are looked for in tokens this long or longer, each part at least
    /// `joinedMinimumPart` letters: "tosomebody" is "to" + "somebody".
    static let joinedMinimumLength = 6
    static let joinedMinimumPart = 2

    /// Finds the lemma of one token. `scratch` is reused for the variants tried.
    func resolve(_ token: Token, in bytes: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) -> Resolution {
        let lemma = exactLemma(of: token, in: bytes)
        if lemma >= 0 { return .exact(lemma: lemma) }
        let word = UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.start + token.length)])
        return resolveUnknown(token, word: word, scratch: &scratch)
    }

    /// The slow half of `resolve`, for a token that is not a known form: repeated letters, typos.
    func resolveUnknown(_ token: Token, word: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) -> Resolution {
        guard token.flags.contains(.asciiLetters) else { return splitNumber(word) ?? .unknown }
        if known.view.contains(hash: token.hash) || isRegularFormOfKnownWord(word) { return .unknown }
        if token.flags.contains(.collapsedRun) {
            scratch.removeAll(keepingCapacity: true)
            for byte in word where byte != scratch.last { scratch.append(byte) }
            let shortened = scratch.withUnsafeBufferPointer { surfaces.lookup(hash: TokenHash.hash($0), $0) }
            if shortened >= 0 { return .collapsed(lemma: lemmaOfSurface[Int(shortened)], surface: shortened) }
        }
        if word.count >= Self.shortestCorrected, word.count <= longestForm + 1, let (surface, isWord) = nearest(to: word, scratch: &scratch) {
            // Only an inflection no list spells is one edit away: two words without the space
            // are the likelier reading ("thisis" is "this is", not "thises").
            if !isWord, let joined = split(word) { return joined }
            return .fuzzy(lemma: lemmaOfSurface[Int(surface)], surface: surface)
        }
        return split(word) ?? .unknown
    }

    /// Whether `word` is a known word's regular form that the word list does not spell out: it
    /// holds "template" but not "templates", which typo tolerance then cut into "temp" and "lates"
    /// (a form of "late"). The forms are the inflector's, the ones rule words get, so "chargeed"
    /// and "disconnectd" stay typos. Only endings of one or two letters (-s, -es, -d, -ed) are
    /// tried: as -ing, "moroning" would pass for "moron".
    private func isRegularFormOfKnownWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = word.last, last == UInt8(ascii: "s") || last == UInt8(ascii: "d") else { return false }
        let typed = String(decoding: word, as: UTF8.self)
        for cut in 1...2 where word.count - cut >= Inflector.minimumLength {
            let stem = UnsafeBufferPointer(rebasing: word[..<(word.count - cut)])
            if known.view.contains(hash: TokenHash.hash(stem)),
               Inflector.forms(of: String(decoding: stem, as: UTF8.self)).contains(typed) { return true }
        }
        return false
    }

    /// The two known forms a word is made of, if a space was left out: a last resort, after
    /// typo tolerance, for a word that is not a correctly spelt English word. Of several ways to
    /// cut it, the most even one (then the leftmost) wins: deterministic, and shown by `explain`.
    private func split(_ word: UnsafeBufferPointer<UInt8>) -> Resolution? {
        let part = Self.joinedMinimumPart
        guard word.count >= Self.joinedMinimumLength, word.count <= 2 * longestForm else { return nil }
        var best: Resolution?, bestShorter = 0
        for at in part...(word.count - part) where min(at, word.count - at) > bestShorter {
            let head = UnsafeBufferPointer(rebasing: word[..<at]), tail = UnsafeBufferPointer(rebasing: word[at...])
            let first = surfaces.lookup(hash: TokenHash.hash(head), head)
            guard first >= 0 else { continue }
            let second = surfaces.lookup(hash: TokenHash.hash(tail), tail)
            guard second >= 0 else { continue }
            best = .joined(first: first, second: second, at: at)
            bestShorter = min(at, word.count - at)
        }
        return best
    }

    /// A known word of two or more letters followed by a number, as product names, patches and
    /// error codes are written ("win11", "kb5034441", "error404"): the word and the number
    /// become two tokens, so a rule that says "kb" or "office 365" reads them. A hexadecimal
    /// number written the C way ("0x80070005", as Windows and Office show their error codes) is
    /// read as the word "0x" and the number, so the rules can say what "0x" stands for.
    private func splitNumber(_ word: UnsafeBufferPointer<UInt8>) -> Resolution? {
        guard let letters = Self.lettersBeforeNumber(word) ?? Self.hexPrefix(word) else { return nil }
        let head = UnsafeBufferPointer(rebasing: word[..<letters]), tail = UnsafeBufferPointer(rebasing: word[letters...])
        let first = surfaces.lookup(hash: TokenHash.hash(head), head)
        guard first >= 0 else { return nil }
        return .withNumber(word: first, number: surfaces.lookup(hash: TokenHash.hash(tail), tail), at: letters)
    }

    /// How many lower-case letters `word` starts with, if at least two and the rest are digits.
    @inline(__always)
    static func lettersBeforeNumber(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        var letters = 0
        while letters < word.count, word[letters] >= 0x61 && word[letters] <= 0x7A { letters += 1 }
        guard letters >= 2, letters < word.count, word[letters...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return letters
    }

    /// 2 (the length of "0x") if `word` is "0x" and hexadecimal digits.
    @inline(__always)
    static func hexPrefix(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        guard word.count >= 3, word[0] == 0x30, word[1] == 0x78,
              word[2...].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        return 2
    }

    /// The shortest word typo tolerance reads, typed or known.
    static let shortestCorrected = 4

    /// Whether a slip of this kind is corrected between a known form and a typed word of these
    /// lengths. One edit of any kind when both have `fuzzyMinimumLength` letters or more; below
    /// that, only the slips that keep a short word recognisable, since any edit would reach too
    /// far ("cat" is one letter from "chat", "jason" from "json"): two neighbours swapped ("poen"
    /// for "open") or a neighbouring key ("cakl" for "call"), a letter doubled ("biill" for
    /// "bill"), a letter dropped from a longer word ("emal" for "email"). Correctly spelt words
    /// and names are never corrected (known-words.words, names.words).
    func corrects(_ kind: TypoKind, formLength form: Int, typedLength typed: Int) -> Bool {
        if form >= fuzzyMinimumLength && typed >= fuzzyMinimumLength { return true }
        guard min(form, typed) >= Self.shortestCorrected else { return false }
        if form == typed { return kind == .swappedNeighbours || kind == .neighbouringKey }
        return typed < form || kind == .doubledLetter
    }

    /// The known form one edit from `word`, and whether it is a word (not an inflection no list
    /// spells). Among several forms, in this order:
    /// - a word of English or of the rules over an inflection that is neither (the inflector's
    ///   "certing" from "cert", "sshes" from "ssh" took "creting" from "creating" and "ssues" from
    ///   "issues");
    /// - the likelier slip (see `TypoKind`; of a letter missing and one too many, missing);
    /// - a form a rule wrote over one the inflector generated ("custome" is "customer", not
    ///   "customed");
    /// - the word more of the intents' samples hold ("csll" is "call", not "cell");
    /// - the lower lemma id.
    /// Deterministic, and shown by `explain`.
    private func nearest(to word: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) -> (surface: Int32, isWord: Bool)? {
        var best: (surface: Int32, rank: (Int, Int, Int, Int, Int), isWord: Bool)?
        func consider(_ surface: Int32) {
            let generated = isGenerated[Int(surface)]
            guard let (kind, isWord, formLength) = surfaces.withKey(at: Int(surface), { key -> (TypoKind, Bool, Int)? in
                guard let kind = TypoKind.of(word: key, typed: word), corrects(kind, formLength: key.count, typedLength: word.count) else { return nil }
                return (kind, !generated || known.view.contains(hash: TokenHash.hash(key)), key.count)
            }) else { return }
            // A short word's neighbouring key comes last: "aent" is "agent" before "sent". Of a
            // letter missing or one too many, missing comes first: "customr" is "customer", not "custom".
            let kindRank = kind == .neighbouringKey && word.count < fuzzyMinimumLength ? TypoKind.otherLetter.rawValue + 1 : kind.rawValue
            let slip = kindRank * 2 + (kind == .extraOrMissingLetter && word.count > formLength ? 1 : 0)
            let lemma = Int(lemmaOfSurface[Int(surface)])
            let inSamples = lemma < samplesHolding.count ? samplesHolding[lemma] : 0
            let rank = (isWord ? 0 : 1, slip, generated ? 1 : 0, -inSamples, lemma)  // lowest wins
            if best == nil || rank < best!.rank { best = (surface, rank, isWord) }
        }
        // The word is a known form with one letter missing.
        deletions.forEachForm(withVariantHash: TokenHash.hash(word), consider)
        for skip in 0..<word.count {
            scratch.removeAll(keepingCapacity: true)
            for i in 0..<word.count where i != skip { scratch.append(word[i]) }
            scratch.withUnsafeBufferPointer { deleted in
                let hash = TokenHash.hash(deleted)
                // The word is a known form with one letter added...
                let surface = surfaces.lookup(hash: hash, deleted)
                if surface >= 0 { consider(surface) }
                // ...or with one letter changed, or two neighbours swapped.
                deletions.forEachForm(withVariantHash: hash, consider)
            }
        }
        return best.map { ($0.surface, $0.isWord) }
    }

    // MARK: - Building

    /// Assigns lemmas. `written` are the words the rules use, in order of appearance; `forms` the
    /// declared irregular groups; `known` correctly spelt words typo tolerance must leave alone.
    init(written: [String], forms: [[String]], known: KnownWords, fuzzyMinimumLength: Int) {
        self.fuzzyMinimumLength = fuzzyMinimumLength
        self.known = SealedKnownWords(known)
        // Byte tables, not `Dictionary`s of `String`s: they hash eight bytes at a time where a
        // `String` key runs SipHash (loading spent ~4 ms more in those lookups). Sized up front.
        var index = ByteTable(expectedCount: written.count + forms.reduce(0) { $0 + $1.count })
        var words: [String] = []
        func id(_ word: String) -> Int {
            let id = Int(index.insert(word, value: Int32(words.count)))
            if id == words.count { words.append(word) }
            return id
        }
        for word in written { _ = id(word) }
        for group in forms { for word in group { _ = id(word) } }

        var parent = Array(0..<words.count)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        func union(_ a: Int, _ b: Int) {
            let ra = root(a), rb = root(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var declared = ByteTable(expectedCount: forms.reduce(0) { $0 + $1.count })
        for group in forms {
            for word in group { declared.insert(word, value: 0) }
            for word in group.dropFirst() { union(id(group[0]), id(word)) }
        }
        // A generated form that is itself a written word joins the two ("update" and "updated").
        // A generated form nobody wrote belongs to the longest word that generates it
        // ("cared" to "care", not to "car").
        // A word on a `forms` line belongs to exactly the group that line declares: that is how a
        // rule set keeps "setting" apart from "set".
        // Generated forms are numbered in the order they are first made, which is deterministic
        // (a `Dictionary`'s order is not, and had to be sorted).
        let writtenCount = words.count
        var generatedSlots = ByteTable(expectedCount: writtenCount * 4)  // three to four forms a word
        var generated: [String] = [], generatedBase: [Int] = []
        for w in 0..<writtenCount {
            for form in Inflector.forms(of: words[w]) {
                let other = index.lookup(form)
                if other >= 0 {
                    if declared.lookup(form) < 0 { union(w, Int(other)) }
                    continue
                }
                let slot = Int(generatedSlots.insert(form, value: Int32(generated.count)))
                if slot == generated.count {
                    generated.append(form)
                    generatedBase.append(w)
                } else {
                    let a = words[generatedBase[slot]], b = words[w]
                    if b.utf8.count > a.utf8.count || (b.utf8.count == a.utf8.count && b < a) { generatedBase[slot] = w }
                }
            }
        }

        var lemmaOfRoot: [Int: Int32] = [:]
        var names: [String] = []
        var lemmaOfWord = [Int32](repeating: 0, count: writtenCount)
        for w in 0..<writtenCount {
            let r = root(w)
            if let lemma = lemmaOfRoot[r] {
                lemmaOfWord[w] = lemma
                let name = names[Int(lemma)]
                let word = words[w]
                if word.count < name.count || (word.count == name.count && word < name) { names[Int(lemma)] = word }
            } else {
                lemmaOfRoot[r] = Int32(names.count)
                lemmaOfWord[w] = Int32(names.count)
                names.append(words[w])
            }
        }
        // A group a `forms` line declares is named by the line's first word ("account", not its
        // shorthand "acct"); others by their shortest word.
        for group in forms where !group.isEmpty {
            let head = index.lookup(group[0])
            if head >= 0 { names[Int(lemmaOfWord[Int(head)])] = group[0] }
        }

        var table = ByteTable(expectedCount: writtenCount + generated.count)
        var lemmas: [Int32] = []
        var isGenerated: [Bool] = []
        for w in 0..<writtenCount {
            table.insert(words[w], value: Int32(lemmas.count))
            lemmas.append(lemmaOfWord[w])
            isGenerated.append(false)
        }
        for (form, base) in zip(generated, generatedBase) {
            table.insert(form, value: Int32(lemmas.count))
            lemmas.append(lemmaOfWord[base])
            isGenerated.append(true)
        }
        surfaces = table
        longestForm = max(words.lazy.map(\.utf8.count).max() ?? 0, generated.lazy.map(\.utf8.count).max() ?? 0)
        lemmaOfSurface = lemmas
        self.isGenerated = isGenerated
        lemmaNames = names

    }

    /// Starts building the typo index (`deletions`) on another thread.
    func buildTypoIndex() -> BackgroundWork<DeletionIndex> {
        let forms = surfaces, minimumLength = Self.shortestCorrected
        return BackgroundWork { DeletionIndex(forms: forms, minimumLength: minimumLength) }
    }

    /// Installs what typo tolerance reads besides the forms: their deletion index and, per lemma,
    /// how many samples hold it (`nearest`'s tie-break). Both are known only once the compiler is done.
    mutating func installTypoIndex(_ index: DeletionIndex, samplesHolding: [Int]) {
        deletions = index
        self.samplesHolding = samplesHolding
    }

    /// Views for the per-message path.
    func frozen(in store: inout FrozenStore) -> RawVocabulary {
        RawVocabulary(lemmas: surfaces.frozen(in: &store) { lemmaOfSurface[Int($0)] }, known: known.view)
    }

    /// The lemma of a word the rules wrote (every written word has one).
    func lemma(ofWritten word: String) -> Int32 {
        let surface = surfaces.lookup(word)
        return surface >= 0 ? lemmaOfSurface[Int(surface)] : -1
    }

    /// The lemma of a token written as a form the rules know, or -1 (no typos, no splitting).
    func exactLemma(of token: Token, in bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let word = UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.start + token.length)])
        let surface = surfaces.lookup(hash: token.hash, word)
        return surface >= 0 ? lemmaOfSurface[Int(surface)] : -1
    }

    /// All forms (written and generated) of a lemma, for `explain` and `lint`.
    func forms(of lemma: Int32) -> [String] {
        (0..<lemmaOfSurface.count).filter { lemmaOfSurface[$0] == lemma }.map { surfaceText(Int32($0)) }
    }
}

/// The exact-lookup half of a `Vocabulary`, over frozen buffers.
struct RawVocabulary: @unchecked Sendable {
    /// Surface form → its lemma.
    let lemmas: RawByteTable
    let known: RawKnownWords

    /// Whether a token the rules do not know can still be found by shortening repeated letters or
    /// by typo tolerance; most cannot, and the matcher skips the slow path for them.
    @inline(__always)
    func mayResolveFurther(_ token: Token, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard token.flags.contains(.asciiLetters) else {
            // A word and a number written together ("win11"): a letter first, a digit last; or a
            // hexadecimal number ("0x80070005").
            return word.count >= 3 && word[0] >= 0x61 && word[0] <= 0x7A && word[word.count - 1] <= 0x39 && word[word.count - 1] >= 0x30
                || word.count >= 3 && word[0] == 0x30 && word[1] == 0x78
        }
        if token.flags.contains(.collapsedRun) { return true }
        return word.count >= Vocabulary.shortestCorrected && !known.contains(hash: token.hash)
    }

    /// The lemma of an exactly known form, or -1.
    @inline(__always)
    func exactLemma(hash: UInt64, _ word: UnsafeBufferPointer<UInt8>) -> Int32 {
        lemmas.lookup(hash: hash, word)
    }
}

// MARK: - Rule images

extension Vocabulary {
    func write(to image: inout ImageWriter) {
        surfaces.write(to: &image)
        image.scalars(lemmaOfSurface)
        image.scalars(isGenerated.map { $0 ? 1 as UInt8 : 0 })
        image.strings(lemmaNames)
        deletions.write(to: &image)
        image.scalars(samplesHolding)
        known.write(to: &image)
        image.int(fuzzyMinimumLength)
        image.int(longestForm)
    }

    init(from image: inout ImageReader) throws(RuleImageError) {
        surfaces = try ByteTable(from: &image)
        lemmaOfSurface = try image.scalars()
        isGenerated = try image.scalars(UInt8.self).map { $0 != 0 }
        lemmaNames = try image.strings()
        deletions = try DeletionIndex(from: &image)
        samplesHolding = try image.scalars()
        known = try SealedKnownWords(from: &image)
        fuzzyMinimumLength = try image.int()
        longestForm = try image.int()
        guard lemmaOfSurface.count == surfaces.count, isGenerated.count == surfaces.count,
              lemmaOfSurface.allSatisfy({ $0 >= 0 && Int($0) < lemmaNames.count }) else {
            throw RuleImageError(message: "the vocabulary's parts disagree")
        }
    }
}
