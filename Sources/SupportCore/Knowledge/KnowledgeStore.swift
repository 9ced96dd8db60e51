/// The help articles, ranked for a message with BM25 over their titles, keywords and bodies.
///
/// Ranking stays within the message's category and the customer's language (English articles
/// stand in when a category has none in Chinese). Articles written for the classified intent
/// come first — the matcher has already weighed the wording — so the article for "export users"
/// wins for "how do I export all my users"; BM25 orders the articles within each group.
public final class KnowledgeStore: Sendable {
    public let articles: [Article]
    /// One index per language family: their terms never meet (Chinese terms are character pairs).
    private let english: TermIndex
    private let chinese: TermIndex
    /// Article indexes by category and language family.
    private let shelves: [Shelf: [Int]]

    /// BM25 parameters (the usual ones) and field weights: a word in the title counts three times.
    static let k1 = 1.2, b = 0.75
    static let titleWeight = 3.0, keywordWeight = 2.0, bodyWeight = 1.0

    private struct Shelf: Hashable {
        var category: Category
        var chinese: Bool
    }

    public init(articles: [Article]) {
        self.articles = articles
        var families: [Bool: (articles: [Int], frequencies: [[String: Double]], headings: [Set<String>])] = [false: ([], [], []), true: ([], [], [])]
        var shelves: [Shelf: [Int]] = [:]
        for (index, article) in articles.enumerated() {
            var frequencies: [String: Double] = [:]
            var heading = Set<String>()
            for term in Self.terms(article.title) {
                frequencies[term, default: 0] += Self.titleWeight
                heading.insert(term)
            }
            for keyword in article.keywords {
                for term in Self.terms(keyword) {
                    frequencies[term, default: 0] += Self.keywordWeight
                    heading.insert(term)
                }
            }
            for term in Self.terms(article.body) { frequencies[term, default: 0] += Self.bodyWeight }
            let chinese = article.language.isChinese
            families[chinese]!.articles.append(index)
            families[chinese]!.frequencies.append(frequencies)
            families[chinese]!.headings.append(heading)
            shelves[Shelf(category: article.category, chinese: chinese), default: []].append(index)
        }
        english = TermIndex(articles: families[false]!.articles, frequencies: families[false]!.frequencies,
                            headings: families[false]!.headings, k1: Self.k1, b: Self.b)
        chinese = TermIndex(articles: families[true]!.articles, frequencies: families[true]!.frequencies,
                            headings: families[true]!.headings, k1: Self.k1, b: Self.b)
        self.shelves = shelves
    }

    /// Articles of `category` for `message`, best first; articles listing `intent` (full name)
    /// first, then those whose title or keywords share a word with the message (no others). When
    /// the best shares a word, so must the rest.
    public func rank(_ message: String, category: Category, intent: String?, language: Language, limit: Int = .max) -> [Article] {
        rank(words: Normalizer.words(message), category: category, intent: intent, language: language, limit: limit)
    }

    /// The same for a message already split into normalised words (a session has them at hand).
    public func rank(words: [String], category: Category, intent: String?, language: Language, limit: Int = .max) -> [Article] {
        var family = language.isChinese
        if shelves[Shelf(category: category, chinese: family)] == nil { family = false }
        guard let shelf = shelves[Shelf(category: category, chinese: family)], limit > 0 else { return [] }
        let (scores, headed) = bm25(words, family: family)
        // The whole shelf ranked, then cut to `limit`: shelves hold a dozen articles, and which may
        // follow the best is known only once the best is.
        typealias Scored = (forIntent: Bool, score: Double, index: Int)
        func isBetter(_ a: Scored, _ b: Scored) -> Bool {
            a.forIntent != b.forIntent ? a.forIntent : a.score != b.score ? a.score > b.score : a.index < b.index
        }
        var ranked: [Scored] = []
        ranked.reserveCapacity(shelf.count)
        for index in shelf {
            let candidate = (forIntent: intent.map { articles[index].intents.contains($0) } == true, score: scores[index], index: index)
            // An article neither written for the intent nor sharing a word of its title or
            // keywords with the message is a guess: offered after the right one failed,
            // "Cancelling a subscription" followed the article on double charges for sharing no
            // word, and "Payment methods and updating your card" for a body that says "the card we
            // charge". Without it the customer is offered a person instead.
            guard candidate.forIntent || headed[index] else { continue }
            ranked.append(candidate)
        }
        ranked.sort(by: isBetter)
        // Once the message's words found an article, one they do not name is a guess too: after
        // "Outlook or Teams keeps asking for the password" failed, the intent's article on Wi-Fi and
        // proxies was offered next for sharing the intent alone. Without it the customer is
        // offered a person (or the next article the words name, however far down it ranked).
        if let best = ranked.first, headed[best.index] { ranked.removeAll { !headed[$0.index] } }
        return ranked.prefix(limit).map { articles[$0.index] }
    }

    /// BM25 of every article of the family for a message's words (a term met twice counts once),
    /// and whether one of the words is in the article's title or keywords.
    /// The terms are found as `terms(words:)` finds them, but on the words' bytes: a stem is a
    /// word with its last bytes left out, a pair two characters' bytes side by side.
    private func bm25(_ words: [String], family: Bool) -> (scores: [Double], headed: [Bool]) {
        var scores = [Double](repeating: 0, count: articles.count)
        var headed = [Bool](repeating: false, count: articles.count)
        let index = family ? chinese : english
        var seen: [Int32] = []
        func add(_ id: Int32) {
            guard id >= 0, !seen.contains(id) else { return }
            seen.append(id)
            index.add(id, into: &scores, headed: &headed)
        }
        var previousHan: (UInt32, Int)?  // the last character of a run of Chinese, and its run length
        var pair: (UInt64, UInt64) = (0, 0)
        func flushRun() {
            if let (value, length) = previousHan, length == 1 { add(Self.withUTF8(of: value) { index.id(of: $0) }) }
            previousHan = nil
        }
        for word in words {
            var word = word
            let han = word.withUTF8 { Self.hanCharacter($0) }
            if let value = han {
                if let (previous, length) = previousHan {
                    // The pair of the previous character and this one.
                    let id = withUnsafeMutableBytes(of: &pair) { raw -> Int32 in
                        let bytes = raw.bindMemory(to: UInt8.self)
                        let first = Self.encode(previous, into: bytes.baseAddress!)
                        let count = first + Self.encode(value, into: bytes.baseAddress! + first)
                        return index.id(of: UnsafeBufferPointer(rebasing: bytes[0..<count]))
                    }
                    add(id)
                    previousHan = (value, length + 1)
                } else {
                    previousHan = (value, 1)
                }
                continue
            }
            flushRun()
            let id = word.withUTF8 { bytes in index.id(of: UnsafeBufferPointer(rebasing: bytes[0..<(bytes.count - Self.stemDrop(bytes))])) }
            // Stop words are never indexed, but a stem can be ("thanks" → "thank"): checked only
            // for a term the index has.
            if id >= 0 && !Self.stopWords.contains(word) { add(id) }
        }
        flushRun()
        return (scores, headed)
    }

    /// The ideograph a word is, if it is one (the normaliser makes each a word of its own).
    @inline(__always)
    private static func hanCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard !bytes.isEmpty, let (value, length) = Normalizer.decodeUTF8(bytes, at: 0), length == bytes.count else { return nil }
        return HanFolding.isIdeograph(value) ? value : nil
    }

    /// Writes a scalar's UTF-8 (3 or 4 bytes for an ideograph); returns the count.
    @inline(__always)
    private static func encode(_ value: UInt32, into bytes: UnsafeMutablePointer<UInt8>) -> Int {
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        var count = 0
        for byte in scalar.utf8 {
            bytes[count] = byte
            count += 1
        }
        return count
    }

    private static func withUTF8<R>(of value: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var storage: UInt32 = 0
        return withUnsafeMutableBytes(of: &storage) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = encode(value, into: bytes.baseAddress!)
            return body(UnsafeBufferPointer(rebasing: bytes[0..<count]))
        }
    }

    public func article(id: String, language: Language) -> Article? {
        articles.first { $0.id == id && $0.language.isChinese == language.isChinese } ?? articles.first { $0.id == id }
    }

    /// Index terms: English words without stop words, reduced to a crude stem; Chinese as
    /// overlapping pairs of characters (and single characters for one-character runs).
    static func terms(_ text: String) -> [String] {
        terms(words: Normalizer.words(text))
    }

    /// The normaliser makes each Chinese character a word of its own; runs of them become pairs.
    static func terms(words: [String]) -> [String] {
        var terms: [String] = []
        forEachTerm(words) { term, word in
            if let word, stopWords.contains(word) { return }
            if word == nil && chineseStopPairs.contains(term) { return }
            terms.append(term)
        }
        return terms
    }

    /// Calls `body` with each term of the words, in order: Chinese runs as overlapping character
    /// pairs (a one-character run as itself), with no word; every other word stemmed, with the
    /// word.
    private static func forEachTerm(_ words: [String], _ body: (String, String?) -> Void) {
        var runStart = 0, runLength = 0
        func flushRun() {
            if runLength == 1 { body(words[runStart], nil) }
            for i in runStart..<max(runStart, runStart + runLength - 1) { body(words[i] + words[i + 1], nil) }
            runLength = 0
        }
        for (index, word) in words.enumerated() {
            var copy = word
            if copy.withUTF8({ hanCharacter($0) }) != nil {
                if runLength == 0 { runStart = index }
                runLength += 1
                continue
            }
            flushRun()
            body(stem(word), word)
        }
        flushRun()
    }


    /// Drops one plural or verb ending from a word of more than four letters, keeping three, and a
    /// final "e" the ending replaced: "share", "shared", "shares" and "sharing" all index "shar".
    /// Counted in UTF-8 bytes: the normaliser leaves English words in ASCII.
    /// (The endings are tested byte by byte: this runs for every word of every question.)
    private static func stem(_ word: String) -> String {
        var copy = word
        let drop = copy.withUTF8 { stemDrop($0) }
        return drop == 0 ? word : String(Substring(word.utf8.dropLast(drop)))
    }

    /// How many bytes `stem` drops from a word's end.
    @inline(__always)
    private static func stemDrop(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = b.count
        guard n > 4 else { return 0 }
        if n >= 6 && b[n - 3] == UInt8(ascii: "i") && b[n - 2] == UInt8(ascii: "n") && b[n - 1] == UInt8(ascii: "g") { return 3 }
        if b[n - 2] == UInt8(ascii: "e") && (b[n - 1] == UInt8(ascii: "d") || b[n - 1] == UInt8(ascii: "s")) { return 2 }
        return b[n - 1] == UInt8(ascii: "s") || b[n - 1] == UInt8(ascii: "e") ? 1 : 0
    }

    private static let stopWords: Set<String> = [
        "a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "is", "are", "was", "be", "to", "of", "in",
        "on", "for", "and", "or", "do", "does", "did", "how", "what", "can", "could", "would", "should", "please", "with",
        "this", "that", "there", "have", "has", "at", "from", "by", "im", "ive", "dont", "cant", "not", "no", "yes", "so",
        "all", "any", "get", "want", "need", "help", "hi", "hello", "thanks", "where", "when", "why", "which", "who",
        // Words that say how a thing fails or how the customer feels, not what it is: in a
        // title ("When the VPN won't connect") or keywords ("keep mail for 7 years") they made
        // "my computer won't turn on" and "outlook keeps crashing" offer those articles.
        "wont", "isnt", "doesnt", "didnt", "arent", "work", "works", "working", "worked", "keep", "keeps", "kept",
        "keeping", "one", "every", "after", "out", "will", "next", "first", "about", "just", "some", "also", "now",
        "still", "again", "as", "us", "if", "but", "only", "very", "really", "more", "never", "per", "see",
    ]

    /// The same for Chinese, as the (Simplified) character pairs they make: how often, whether one
    /// can, who and when. The keyword 一直斷線 ("keeps dropping") made every message with 一直
    /// offer the article on Wi-Fi; its 斷線 still does.
    private static let chineseStopPairs: Set<String> = [
        "一直", "老是", "总是", "经常", "常常", "不停", "还是", "无法", "不能", "没法", "不了", "没有", "可以", "怎么",
        "如何", "为什", "什么", "问题", "请问", "我的", "我们", "已经", "突然", "一下", "今天", "现在",
    ]
}
