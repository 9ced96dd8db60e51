/// Correctly spelt words the rules do not use, which typo tolerance must leave alone: a set of
/// their 64-bit token hashes (`TokenHash`), never their bytes.
///
/// The default list holds ~37,000 words. Kept as a `ByteTable` and again as its frozen view for
/// the per-message path, it took ~4.5 MiB of the server's memory; eight bytes a slot, at most
/// three quarters full, take 0.5 MiB (BENCHMARKS.md, server memory). A typed word whose hash
/// equals a known word's would only be left uncorrected, as if it were spelt right; with 64-bit
/// hashes and 37,000 words, the chance for a given word is about 2 in 10¹⁵.
struct KnownWords: Sendable {
    /// Open addressing; 0 marks an empty slot, so a hash of 0 is stored as 1.
    private(set) var slots: [UInt64]
    private(set) var mask: Int
    private(set) var count = 0

    init() {
        slots = [UInt64](repeating: 0, count: 16)
        mask = 15
    }

    mutating func insert(_ word: UnsafeBufferPointer<UInt8>) {
        insert(hash: TokenHash.hash(word))
    }

    mutating func insert(_ word: String) {
        var word = word
        word.withUTF8 { insert($0) }
    }

    mutating func insert(hash: UInt64) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        if Self.place(Self.key(hash), in: &slots, mask: mask) { count += 1 }
    }

    @inline(__always)
    fileprivate static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    /// Puts `key` in its slot; false if it was there already.
    private static func place(_ key: UInt64, in slots: inout [UInt64], mask: Int) -> Bool {
        var slot = Int(truncatingIfNeeded: key) & mask
        while slots[slot] != 0 {
            if slots[slot] == key { return false }
            slot = (slot + 1) & mask
        }
        slots[slot] = key
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for key in old where key != 0 { _ = Self.place(key, in: &slots, mask: mask) }
    }
}

/// The finished set in memory of its own, which the per-message path reads through a plain pointer
/// and typo tolerance's slow path through this object: one copy for both.
final class SealedKnownWords: Sendable {
    private let storage: FrozenBuffer<UInt64>
    let view: RawKnownWords

    init(_ words: KnownWords) {
        storage = FrozenBuffer(words.slots)
        view = RawKnownWords(slots: storage.view, mask: words.mask)
    }
}

/// The lookup half of `KnownWords`, over a frozen buffer.
struct RawKnownWords: @unchecked Sendable {
    let slots: UnsafeBufferPointer<UInt64>
    let mask: Int

    @inline(__always)
    func contains(hash: UInt64) -> Bool {
        let key = KnownWords.key(hash)
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = slots[slot]
            if found == key { return true }
            if found == 0 { return false }
            slot = (slot + 1) & mask
        }
    }
}

// MARK: - Rule images

extension SealedKnownWords {
    func write(to image: inout ImageWriter) {
        image.scalars(view.slots)
    }

    convenience init(from image: inout ImageReader) throws(RuleImageError) {
        self.init(try KnownWords(slots: image.scalars()))
    }
}

extension KnownWords {
    fileprivate init(slots: [UInt64]) throws(RuleImageError) {
        guard slots.count.nonzeroBitCount == 1 else { throw RuleImageError(message: "the known words' table has \(slots.count) slots") }
        self.slots = slots
        mask = slots.count - 1
        count = slots.lazy.filter { $0 != 0 }.count
    }
}
