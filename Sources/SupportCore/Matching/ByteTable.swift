/// An open-addressing hash table from byte strings to small integers, built once and then only read.
///
/// Lookups take the hash the normaliser already computed for the token, so finding a word costs
/// one or two probes and a byte comparison, with no `String` created on the per-message path.
struct ByteTable: Sendable {
    private var slots: [Int32]          // entry index + 1; 0 = empty
    private var hashes: [UInt64] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private(set) var values: [Int32] = []
    private var arena: [UInt8] = []
    private var mask: Int

    init(expectedCount: Int = 16) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    var count: Int { values.count }

    /// The value for `key`, inserting `value` if the key is new.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int32) -> Int32 {
        let hash = TokenHash.hash(key)
        if let existing = find(hash: hash, key) { return values[existing] }
        if (values.count + 1) * 2 > slots.count { grow() }
        let entry = values.count
        hashes.append(hash)
        starts.append(Int32(arena.count))
        lengths.append(Int32(key.count))
        values.append(value)
        arena += key
        place(entry: entry, hash: hash)
        return value
    }

    @discardableResult
    mutating func insert(_ key: String, value: Int32) -> Int32 {
        var key = key
        return key.withUTF8 { insert($0, value: value) }
    }

    /// The value stored for the bytes, or -1.
    @inline(__always)
    func lookup(hash: UInt64, _ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { return -1 }
            if hashes[entry] == hash && Int(lengths[entry]) == key.count && equal(entry: entry, key) {
                return values[entry]
            }
            slot = (slot + 1) & mask
        }
    }

    func lookup(_ key: String) -> Int32 {
        var key = key
        return key.withUTF8 { lookup(hash: TokenHash.hash($0), $0) }
    }

    /// Calls `body` with the bytes of an entry's key, without copying them.
    @inline(__always)
    func withKey<R>(at entry: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { arena in
            body(UnsafeBufferPointer(rebasing: arena[Int(starts[entry])..<Int(starts[entry] + lengths[entry])]))
        }
    }

    /// The key of an entry, for display.
    func key(at entry: Int) -> [UInt8] {
        Array(arena[Int(starts[entry])..<Int(starts[entry] + lengths[entry])])
    }

    @inline(__always)
    private func equal(entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            let start = Int(starts[entry])
            for i in 0..<key.count where arena[start + i] != key[i] { return false }
            return true
        }
    }

    private func find(hash: UInt64, _ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { return nil }
            if hashes[entry] == hash && Int(lengths[entry]) == buffer.count && equal(entry: entry, buffer) { return entry }
            slot = (slot + 1) & mask
        }
    }

    private mutating func place(entry: Int, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry + 1)
    }

    /// A read-only view of the table for the per-message path, its values passed through `value`
    /// (the vocabulary stores a word's lemma there rather than its surface id: one read less).
    func frozen(in store: inout FrozenStore, value: (Int32) -> Int32 = { $0 }) -> RawByteTable {
        var records = [RawByteTable.Record](repeating: RawByteTable.Record(prefix: 0, check: 0, value: -1), count: slots.count)
        var long = [RawByteTable.LongKey](repeating: RawByteTable.LongKey(start: 0, length: 0), count: slots.count)
        var longest = 0
        for slot in slots.indices where slots[slot] != 0 {
            let entry = Int(slots[slot]) - 1
            let start = Int(starts[entry]), length = Int(lengths[entry])
            var prefix: UInt64 = 0
            for i in 0..<min(length, 8) { prefix |= UInt64(arena[start + i]) << UInt64(i * 8) }
            records[slot] = RawByteTable.Record(prefix: prefix, check: RawByteTable.check(hash: hashes[entry], length: length),
                                                value: value(values[entry]))
            long[slot] = RawByteTable.LongKey(start: Int32(start + 8), length: Int32(length))
            longest = max(longest, length)
        }
        return RawByteTable(records: store.freeze(records), long: store.freeze(long),
                            arena: store.freeze(arena + [UInt8](repeating: 0, count: RawByteTable.padding)),
                            mask: mask, longest: longest)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for entry in 0..<values.count { place(entry: entry, hash: hashes[entry]) }
    }
}

/// The lookup half of a `ByteTable`, over frozen buffers: one 16-byte record a slot holding
/// the key's first eight bytes, so finding a word of up to eight bytes reads one cache line,
/// where reading the table's arrays side by side took five to seven (BENCHMARKS.md, fifth
/// session: first-level misses down by a quarter, random-order classifying ~5% faster).
struct RawByteTable: @unchecked Sendable {
    struct Record {
        /// The key's first eight bytes, little-endian, zero past its end.
        var prefix: UInt64
        /// The key's length and 20 bits of its hash (`check(hash:length:)`); 0 for an empty slot.
        var check: UInt32
        var value: Int32
    }

    /// Where a key's bytes after the eighth are in `arena`, and its whole length.
    struct LongKey {
        var start: Int32
        var length: Int32
    }

    let records: UnsafeBufferPointer<Record>
    /// Per slot, read for keys longer than eight bytes only.
    let long: UnsafeBufferPointer<LongKey>
    let arena: UnsafeBufferPointer<UInt8>
    let mask: Int
    /// The longest key: longer words are not looked for.
    let longest: Int

    /// Bytes readable past the end of every key, the table's and the caller's.
    static let padding = 8

    /// Never 0: the length is stored plus one, in 12 bits (lengths from 4,095 on share a value;
    /// those keys are told apart by `LongKey.length`).
    @inline(__always)
    static func check(hash: UInt64, length: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: min(length, 4094) &+ 1) << 20 | UInt32(truncatingIfNeeded: hash >> 44)
    }

    /// The value stored for the bytes, or -1. `key` must be followed by `padding` readable bytes:
    /// keys are compared eight bytes at a time, so a word of up to eight letters takes one
    /// comparison whatever its length, rather than a loop whose end depends on it.
    @inline(__always)
    func lookup(hash: UInt64, _ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let length = key.count
        guard length <= longest, let base = key.baseAddress else { return -1 }
        let want = Self.check(hash: hash, length: length)
        let prefix = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) & (length >= 8 ? ~0 : (1 &<< UInt64(length &* 8)) &- 1)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let record = records[slot]
            if record.check == want && record.prefix == prefix
                && (length <= 8 || Int(long[slot].length) == length
                    && paddedEqual(arena.baseAddress! + Int(long[slot].start), base + 8, length &- 8)) {
                return record.value
            }
            if record.check == 0 { return -1 }
            slot = (slot &+ 1) & mask
        }
    }
}

@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
    guard let b else { return count == 0 }
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}

/// Whether `count` bytes are equal, reading whole eight-byte words: both sides must be followed
/// by `RawByteTable.padding` readable bytes, which are masked out (little-endian: the first byte
/// of a word is its lowest).
@inline(__always)
func paddedEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
    guard let b else { return count == 0 }
    let left = UnsafeRawPointer(a), right = UnsafeRawPointer(b)
    @inline(__always) func differing(at offset: Int) -> UInt64 {
        left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }
    var difference: UInt64 = 0
    var i = 0
    while i &+ 8 < count {
        difference |= differing(at: i)
        i &+= 8
    }
    let rest = count &- i  // 0...8 bytes of the word in the last eight read
    let mask: UInt64 = rest == 8 ? ~0 : (1 &<< UInt64(rest &* 8)) &- 1
    difference |= differing(at: i) & mask
    return difference == 0
}

// MARK: - Rule images

extension ByteTable {
    func write(to image: inout ImageWriter) {
        image.scalars(slots)
        image.scalars(hashes)
        image.scalars(starts)
        image.scalars(lengths)
        image.scalars(values)
        image.scalars(arena)
    }

    init(from image: inout ImageReader) throws(RuleImageError) {
        slots = try image.scalars()
        hashes = try image.scalars()
        starts = try image.scalars()
        lengths = try image.scalars()
        values = try image.scalars()
        arena = try image.scalars()
        mask = slots.count - 1
        guard slots.count.nonzeroBitCount == 1, hashes.count == values.count, starts.count == values.count, lengths.count == values.count else {
            throw RuleImageError(message: "a word table's parts disagree")
        }
    }
}
