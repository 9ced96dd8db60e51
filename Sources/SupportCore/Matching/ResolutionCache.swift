/// Remembers how recent words that are not exact forms were resolved, so a word seen again skips
/// the slow path: the known-words lookup, shortening repeated letters, and the typo search, which
/// costs about as much as classifying the rest of the message.
///
/// Customers repeat themselves: product and people names the rules do not know, and the same
/// slips ("pasword", "recieve"), come back message after message. The cache is direct-mapped by
/// the token's hash and compares the bytes and flags (a shortened run of letters is resolved
/// differently from the same letters typed), so a hit returns exactly what the slow path would.
/// Words longer than `maximumWordLength` bytes are not kept. Owned by one `Matcher`: not
/// thread-safe, and its memory is freed with `deallocate()`.
struct ResolutionCache {
    static let slotCount = 1024
    static let maximumWordLength = 24

    /// How a word was resolved: its lemma (-1 for none), or for two joined words the lemma of
    /// each and where the second starts.
    struct Resolved {
        var lemma: Int32
        var second: Int32 = -1
        /// The byte offset of the second word (a token has at most `Matcher.maximumTokenBytes`);
        /// 0 for a single word.
        var splitAt: UInt16 = 0
        var isTypo: Bool
    }

    private struct Entry {
        var hash: UInt64
        var resolved: Resolved
        /// Word length + 1; 0 for an empty slot.
        var lengthPlusOne: UInt8
        var flags: UInt8
    }

    private let entries: UnsafeMutablePointer<Entry>
    private let words: UnsafeMutablePointer<UInt8>

    init() {
        entries = .allocate(capacity: Self.slotCount)
        entries.initialize(repeating: Entry(hash: 0, resolved: Resolved(lemma: -1, isTypo: false), lengthPlusOne: 0, flags: 0),
                           count: Self.slotCount)
        words = .allocate(capacity: Self.slotCount * Self.maximumWordLength)
        words.initialize(repeating: 0, count: Self.slotCount * Self.maximumWordLength)
    }

    func deallocate() {
        entries.deallocate()
        words.deallocate()
    }

    @inline(__always)
    private func slot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 7) & (Self.slotCount - 1) }

    /// The remembered resolution of the token whose bytes are `word`, or nil.
    @inline(__always)
    func lookup(_ token: Token, _ word: UnsafeBufferPointer<UInt8>) -> Resolved? {
        let index = slot(token.hash)
        let entry = entries[index]
        guard entry.hash == token.hash, Int(entry.lengthPlusOne) == word.count + 1, entry.flags == token.flags.rawValue,
              memoryEqual(words + index * Self.maximumWordLength, word.baseAddress, word.count) else { return nil }
        return entry.resolved
    }

    /// Remembers a resolution, replacing whatever shared its slot.
    func insert(_ token: Token, _ word: UnsafeBufferPointer<UInt8>, _ resolved: Resolved) {
        guard word.count <= Self.maximumWordLength, let base = word.baseAddress else { return }
        let index = slot(token.hash)
        (words + index * Self.maximumWordLength).update(from: base, count: word.count)
        entries[index] = Entry(hash: token.hash, resolved: resolved, lengthPlusOne: UInt8(word.count + 1), flags: token.flags.rawValue)
    }
}
