/// The inverted index of one language family's articles, laid out so that ranking a message
/// costs one dictionary lookup a word and one addition an article that uses it.
///
/// A term is what `KnowledgeStore.terms` makes of the text: an English word without its plural or
/// verb ending, or a pair of Chinese characters. Since an article's BM25 contribution for a term
/// depends only on the term and the article, it is computed when the index is built. (Keying
/// every form of every term, to skip stemming a message's words, cost the server 1.2 MiB.)
struct TermIndex: Sendable {
    /// Term → id, looked up by the bytes of a message's word or character pair (no String made,
    /// no String hashed: ranking runs for every question).
    private let ids: ByteTable
    /// Term id → its slice of `postingArticle`, `postingScore` and `postingInHeading`.
    private let postingStart: [Int32]
    private let postingArticle: [Int32]
    private let postingScore: [Double]
    /// Whether the term is in the article's title or keywords, which say what it is about; a
    /// word met only in the body may be there in passing ("the card we charge" in the article on
    /// payment methods, no answer to "I was charged twice").
    private let postingInHeading: [Bool]

    /// `frequencies[i]` are the weighted term counts of the article `articles[i]` (an index into
    /// the store's articles), `headings[i]` the terms of its title and keywords.
    init(articles: [Int], frequencies: [[String: Double]], headings: [Set<String>], k1: Double, b: Double) {
        var termIDs: [String: Int32] = [:]
        var postings: [[(article: Int32, frequency: Double, inHeading: Bool)]] = []
        var lengths: [Double] = []
        for ((article, terms), heading) in zip(zip(articles, frequencies), headings) {
            for (term, frequency) in terms.sorted(by: { $0.key < $1.key }) {
                let id: Int32
                if let known = termIDs[term] {
                    id = known
                } else {
                    id = Int32(postings.count)
                    termIDs[term] = id
                    postings.append([])
                }
                postings[Int(id)].append((Int32(article), frequency, heading.contains(term)))
            }
            lengths.append(terms.values.reduce(0, +))
        }
        let lengthOf = Dictionary(uniqueKeysWithValues: zip(articles, lengths))
        let count = Double(articles.count)
        let average = max(1, lengths.reduce(0, +) / max(1, count))
        var starts: [Int32] = [0]
        var articleIDs: [Int32] = []
        var scores: [Double] = []
        var inHeading: [Bool] = []
        for list in postings {
            let df = Double(list.count)
            let idf = log(1 + (count - df + 0.5) / (df + 0.5))
            for (article, tf, heading) in list {
                let length = lengthOf[Int(article)] ?? average
                articleIDs.append(article)
                scores.append(idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average)))
                inHeading.append(heading)
            }
            starts.append(Int32(articleIDs.count))
        }
        var table = ByteTable(expectedCount: termIDs.count)
        for (term, id) in termIDs { table.insert(term, value: id) }
        ids = table
        postingStart = starts
        postingArticle = articleIDs
        postingScore = scores
        postingInHeading = inHeading
    }

    /// The id of the indexed term with these bytes, or -1.
    @inline(__always)
    func id(of term: UnsafeBufferPointer<UInt8>) -> Int32 {
        ids.lookup(hash: TokenHash.hash(term), term)
    }

    /// Adds each article's BM25 score for the term to `scores` (indexed like the store's articles),
    /// and marks in `headed` the articles whose title or keywords hold it.
    @inline(__always)
    func add(_ id: Int32, into scores: inout [Double], headed: inout [Bool]) {
        for p in Int(postingStart[Int(id)])..<Int(postingStart[Int(id) + 1]) {
            let article = Int(postingArticle[p])
            scores[article] += postingScore[p]
            if postingInHeading[p] { headed[article] = true }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
