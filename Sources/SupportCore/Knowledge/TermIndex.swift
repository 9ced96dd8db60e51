/// The inverted index of one language family's articles, laid out so that ranking a message
/// costs one dictionary lookup a word and one addition an article that uses it.
///
/// A term is what `KnowledgeStore.terms` makes of the text: an English word without its plural or
/// verb ending, or a pair of Chinese characters. Every English form that reduces to an indexed
/// term is a key of its own ("invoice", "invoices", "invoiced" → one id), so a message's words
/// are looked up as they come, with no stemming and no stop-word set on the per-message path.
/// And since an article's BM25 contribution for a term depends only on the term and the
/// article, it is computed when the index is built.
struct TermIndex: Sendable {
    /// Query key → term id.
    private let ids: [String: Int32]
    /// Term id → its slice of `postingArticle` and `postingScore`.
    private let postingStart: [Int32]
    private let postingArticle: [Int32]
    private let postingScore: [Double]

    /// `frequencies[i]` are the weighted term counts of the article `articles[i]` (an index into
    /// the store's articles).
    init(articles: [Int], frequencies: [[String: Double]], k1: Double, b: Double) {
        var termIDs: [String: Int32] = [:]
        var postings: [[(article: Int32, frequency: Double)]] = []
        var lengths: [Double] = []
        for (article, terms) in zip(articles, frequencies) {
            for (term, frequency) in terms.sorted(by: { $0.key < $1.key }) {
                let id: Int32
                if let known = termIDs[term] {
                    id = known
                } else {
                    id = Int32(postings.count)
                    termIDs[term] = id
                    postings.append([])
                }
                postings[Int(id)].append((Int32(article), frequency))
            }
            lengths.append(terms.values.reduce(0, +))
        }
        let lengthOf = Dictionary(uniqueKeysWithValues: zip(articles, lengths))
        let count = Double(articles.count)
        let average = max(1, lengths.reduce(0, +) / max(1, count))
        var starts: [Int32] = [0]
        var articleIDs: [Int32] = []
        var scores: [Double] = []
        for list in postings {
            let df = Double(list.count)
            let idf = log(1 + (count - df + 0.5) / (df + 0.5))
            for (article, tf) in list {
                let length = lengthOf[Int(article)] ?? average
                articleIDs.append(article)
                scores.append(idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average)))
            }
            starts.append(Int32(articleIDs.count))
        }
        var keys: [String: Int32] = [:]
        for (term, id) in termIDs {
            for form in KnowledgeStore.forms(reducingTo: term) { keys[form] = id }
        }
        ids = keys
        postingStart = starts
        postingArticle = articleIDs
        postingScore = scores
    }

    /// Adds each article's BM25 score for the message's keys to `scores` (indexed like the
    /// store's articles). A term met twice counts once.
    func score(keys: [String], into scores: inout [Double]) {
        var seen: [Int32] = []
        for key in keys {
            guard let id = ids[key], !seen.contains(id) else { continue }
            seen.append(id)
            for p in Int(postingStart[Int(id)])..<Int(postingStart[Int(id) + 1]) {
                scores[Int(postingArticle[p])] += postingScore[p]
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
