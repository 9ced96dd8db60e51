/// The help articles, ranked for a message with BM25 over their titles, keywords and bodies.
///
/// Ranking stays within the message's category and the customer's language (English articles
/// stand in when a category has none in Chinese). Articles written for the classified intent
/// come first — the matcher has already weighed the wording — so the article for "export users"
/// wins for "how do I export all my users"; BM25 orders the articles within each group.
public final class KnowledgeStore: Sendable {
    public let articles: [Article]
    /// Term → id, one table per language family (the families' terms never meet: Chinese terms
    /// are character pairs); each id has a posting list of the articles using it.
    private let termIDs: [Bool: [String: Int32]]
    private let postings: [[(article: Int32, frequency: Double)]]
    private let lengths: [Double]
    /// Inverse document frequency of each term id, within its language family.
    private let idf: [Double]
    private let averageLength: [Bool: Double]
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
        var termIDs: [Bool: [String: Int32]] = [:]
        var postings: [[(article: Int32, frequency: Double)]] = []
        var lengths: [Double] = []
        var documentFrequency: [Int] = []
        var counts: [Bool: Int] = [:]
        var totalLength: [Bool: Double] = [:]
        var shelves: [Shelf: [Int]] = [:]
        for (index, article) in articles.enumerated() {
            var frequencies: [String: Double] = [:]
            for term in Self.terms(article.title) { frequencies[term, default: 0] += Self.titleWeight }
            for keyword in article.keywords { for term in Self.terms(keyword) { frequencies[term, default: 0] += Self.keywordWeight } }
            for term in Self.terms(article.body) { frequencies[term, default: 0] += Self.bodyWeight }
            let chinese = article.language.isChinese
            for (term, frequency) in frequencies.sorted(by: { $0.key < $1.key }) {
                let id: Int32
                if let known = termIDs[chinese]?[term] {
                    id = known
                } else {
                    id = Int32(postings.count)
                    termIDs[chinese, default: [:]][term] = id
                    postings.append([])
                    documentFrequency.append(0)
                }
                postings[Int(id)].append((Int32(index), frequency))
                documentFrequency[Int(id)] += 1
            }
            let length = frequencies.values.reduce(0, +)
            lengths.append(length)
            counts[chinese, default: 0] += 1
            totalLength[chinese, default: 0] += length
            shelves[Shelf(category: article.category, chinese: chinese), default: []].append(index)
        }
        var idf = [Double](repeating: 0, count: postings.count)
        for (family, ids) in termIDs {
            let n = Double(counts[family] ?? 0)
            for id in ids.values {
                let df = Double(documentFrequency[Int(id)])
                idf[Int(id)] = log(1 + (n - df + 0.5) / (df + 0.5))
            }
        }
        self.termIDs = termIDs
        self.postings = postings
        self.lengths = lengths
        self.idf = idf
        self.averageLength = totalLength.reduce(into: [:]) { $0[$1.key] = $1.value / Double(max(1, counts[$1.key] ?? 1)) }
        self.shelves = shelves
    }

    /// Articles of `category` for `message`, best first; articles listing `intent` (full name) first.
    public func rank(_ message: String, category: Category, intent: String?, language: Language, limit: Int = .max) -> [Article] {
        rank(words: Normalizer.words(message), category: category, intent: intent, language: language, limit: limit)
    }

    /// The same for a message already split into normalised words (a session has them at hand).
    public func rank(words: [String], category: Category, intent: String?, language: Language, limit: Int = .max) -> [Article] {
        var family = language.isChinese
        if shelves[Shelf(category: category, chinese: family)] == nil { family = false }
        guard let shelf = shelves[Shelf(category: category, chinese: family)] else { return [] }
        let scores = bm25(words, family: family)
        var scored: [(forIntent: Int, score: Double, index: Int)] = []
        scored.reserveCapacity(shelf.count)
        for index in shelf {
            let forIntent = intent.map { articles[index].intents.contains($0) } == true ? 1 : 0
            scored.append((forIntent, scores[index], index))
        }
        scored.sort { ($0.forIntent, $0.score, -$0.index) > ($1.forIntent, $1.score, -$1.index) }
        return scored.prefix(limit).map { articles[$0.index] }
    }

    /// The BM25 score of the best article of a category for a message (0 when nothing matches).
    public func bestScore(_ message: String, category: Category, language: Language) -> Double {
        let scores = bm25(Normalizer.words(message), family: language.isChinese)
        return (shelves[Shelf(category: category, chinese: language.isChinese)] ?? []).map { scores[$0] }.max() ?? 0
    }

    /// BM25 of every article sharing a term with the message, by walking the terms' posting lists.
    private func bm25(_ words: [String], family: Bool) -> [Double] {
        let average = max(1, averageLength[family] ?? 1)
        var scores = [Double](repeating: 0, count: articles.count)
        guard let ids = termIDs[family] else { return scores }
        var seen: [Int32] = []
        for term in Self.terms(words: words) {
            guard let id = ids[term], !seen.contains(id) else { continue }
            seen.append(id)
            let weight = idf[Int(id)]
            for (article, tf) in postings[Int(id)] {
                let length = lengths[Int(article)]
                scores[Int(article)] += weight * tf * (Self.k1 + 1) / (tf + Self.k1 * (1 - Self.b + Self.b * length / average))
            }
        }
        return scores
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
        var runStart = 0, runLength = 0
        func flushRun() {
            if runLength == 1 { terms.append(words[runStart]) }
            for i in runStart..<max(runStart, runStart + runLength - 1) { terms.append(words[i] + words[i + 1]) }
            runLength = 0
        }
        for (index, word) in words.enumerated() {
            if isHanCharacter(word) {
                if runLength == 0 { runStart = index }
                runLength += 1
                continue
            }
            flushRun()
            if stopWords.contains(word) { continue }
            terms.append(stem(word))
        }
        flushRun()
        return terms
    }

    private static func isHanCharacter(_ word: String) -> Bool {
        let scalars = word.unicodeScalars
        guard let first = scalars.first, first.value >= 0x2E80 else { return false }
        return scalars.count == 1 && HanFolding.isIdeograph(first.value)
    }

    /// Drops one plural or verb ending from a word of more than four letters, keeping three.
    /// Counted in UTF-8 bytes: the normaliser leaves English words in ASCII.
    private static func stem(_ word: String) -> String {
        let bytes = word.utf8
        guard bytes.count > 4 else { return word }
        for suffix in ["ing", "ed", "es", "s"] where bytes.count - suffix.utf8.count >= 3 && bytes.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) {
            return String(Substring(bytes.dropLast(suffix.utf8.count)))
        }
        return word
    }

    private static let stopWords: Set<String> = [
        "a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "is", "are", "was", "be", "to", "of", "in",
        "on", "for", "and", "or", "do", "does", "did", "how", "what", "can", "could", "would", "should", "please", "with",
        "this", "that", "there", "have", "has", "at", "from", "by", "im", "ive", "dont", "cant", "not", "no", "yes", "so",
        "all", "any", "get", "want", "need", "help", "hi", "hello", "thanks", "where", "when", "why", "which", "who",
    ]
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
