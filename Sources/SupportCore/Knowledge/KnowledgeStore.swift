/// The help articles, ranked for a message with BM25 over their titles, keywords and bodies.
///
/// Ranking stays within the message's category and the customer's language (English articles
/// stand in when a category has none in Chinese). Articles written for the classified intent
/// come first — the matcher has already weighed the wording — so the article for "export users"
/// wins for "how do I export all my users"; BM25 orders the articles within each group.
public struct KnowledgeStore: Sendable {
    public let articles: [Article]
    private let documents: [Document]
    /// Inverse document frequency per term, per language family.
    private let idf: [Bool: [String: Double]]
    private let averageLength: [Bool: Double]

    /// BM25 parameters (the usual ones) and field weights: a word in the title counts three times.
    static let k1 = 1.2, b = 0.75
    static let titleWeight = 3.0, keywordWeight = 2.0, bodyWeight = 1.0

    private struct Document: Sendable {
        var frequencies: [String: Double]
        var length: Double
        var isChinese: Bool
    }

    public init(articles: [Article]) {
        self.articles = articles
        var documents: [Document] = []
        var documentFrequency: [Bool: [String: Int]] = [:]
        var counts: [Bool: Int] = [:]
        var lengths: [Bool: Double] = [:]
        for article in articles {
            var frequencies: [String: Double] = [:]
            for term in Self.terms(article.title) { frequencies[term, default: 0] += Self.titleWeight }
            for keyword in article.keywords { for term in Self.terms(keyword) { frequencies[term, default: 0] += Self.keywordWeight } }
            for term in Self.terms(article.body) { frequencies[term, default: 0] += Self.bodyWeight }
            let chinese = article.language.isChinese
            let length = frequencies.values.reduce(0, +)
            documents.append(Document(frequencies: frequencies, length: length, isChinese: chinese))
            for term in frequencies.keys { documentFrequency[chinese, default: [:]][term, default: 0] += 1 }
            counts[chinese, default: 0] += 1
            lengths[chinese, default: 0] += length
        }
        self.documents = documents
        var idf: [Bool: [String: Double]] = [:]
        var averageLength: [Bool: Double] = [:]
        for (family, frequencies) in documentFrequency {
            let n = Double(counts[family] ?? 0)
            idf[family] = frequencies.mapValues { log(1 + (n - Double($0) + 0.5) / (Double($0) + 0.5)) }
            averageLength[family] = (lengths[family] ?? 0) / max(1, n)
        }
        self.idf = idf
        self.averageLength = averageLength
    }

    /// Articles of `category` for `message`, best first. `intent` (full name) earns the bonus.
    public func rank(_ message: String, category: Category, intent: String?, language: Language) -> [Article] {
        let query = Self.terms(message)
        var family = language.isChinese
        if !articles.contains(where: { $0.category == category && $0.language.isChinese == family }) { family = false }
        var scored: [(article: Article, forIntent: Int, score: Double, index: Int)] = []
        for (index, article) in articles.enumerated() where article.category == category && article.language.isChinese == family {
            let forIntent = intent.map { article.intents.contains($0) } == true ? 1 : 0
            scored.append((article, forIntent, bm25(query, documents[index], family: family), index))
        }
        return scored.sorted { ($0.forIntent, $0.score, -$0.index) > ($1.forIntent, $1.score, -$1.index) }.map(\.article)
    }

    /// The BM25 score of the best article of a category for a message (0 when nothing matches).
    public func bestScore(_ message: String, category: Category, language: Language) -> Double {
        let query = Self.terms(message)
        let family = language.isChinese
        return articles.indices.filter { articles[$0].category == category && articles[$0].language.isChinese == family }
            .map { bm25(query, documents[$0], family: family) }.max() ?? 0
    }

    public func article(id: String, language: Language) -> Article? {
        articles.first { $0.id == id && $0.language.isChinese == language.isChinese } ?? articles.first { $0.id == id }
    }

    private func bm25(_ query: [String], _ document: Document, family: Bool) -> Double {
        let average = max(1, averageLength[family] ?? 1)
        var score = 0.0
        for term in Set(query) {
            guard let tf = document.frequencies[term], let weight = idf[family]?[term] else { continue }
            score += weight * tf * (Self.k1 + 1) / (tf + Self.k1 * (1 - Self.b + Self.b * document.length / average))
        }
        return score
    }

    /// Index terms: English words without stop words, reduced to a crude stem; Chinese as
    /// overlapping pairs of characters (and single characters for one-character runs).
    static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        var run: [String] = []
        func flushRun() {
            if run.count == 1 { terms.append(run[0]) }
            for i in 0..<max(0, run.count - 1) { terms.append(run[i] + run[i + 1]) }
            run.removeAll()
        }
        var list = TokenList()
        Normalizer.tokenize(text, into: &list)
        for i in 0..<list.count {
            let token = list.text(of: i)
            if list.tokens[i].flags.contains(.han) {
                run.append(token)
                continue
            }
            flushRun()
            if stopWords.contains(token) { continue }
            terms.append(stem(token))
        }
        flushRun()
        return terms
    }

    private static func stem(_ word: String) -> String {
        guard word.count > 4 else { return word }
        for suffix in ["ing", "ed", "es", "s"] where word.hasSuffix(suffix) && word.count - suffix.count >= 3 {
            return String(word.dropLast(suffix.count))
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
