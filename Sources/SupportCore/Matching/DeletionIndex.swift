/// Typo tolerance's deletion neighbourhoods: for each known form long enough to be corrected to,
/// the form itself and each of its one-letter deletions name a bucket listing the forms that lead
/// there ("contact" → "contct", "cntact", ...). A typed word one edit from a form shares a bucket
/// with it: the word itself, or one of its own deletions, is a variant of the form.
///
/// Buckets are keyed by 32 bits of the variant's hash alone; the variants' bytes are never stored.
/// Two variants whose keys collide share a bucket (among its ~114,000 variants, a pair or two), which
/// only adds candidates: every candidate is checked against the typed word (`TypoKind.of`) before
/// it counts. Four bytes a key rather than eight: a server holds 0.6 MiB less (BENCHMARKS.md,
/// server memory). Storing and comparing the bytes of the ~70,000 variants (of 8,793 forms) in a
/// `ByteTable` cost ~7.5 of the rules' ~43 ms load (BENCHMARKS.md, sixth session).
struct DeletionIndex: Sendable {
    /// Open addressing: bucket id + 1 per slot, 0 empty; `keys[bucket]` is the bucket's key. At
    /// most three quarters full: only typo tolerance's slow path probes it, and the server keeps it
    /// for as long as it runs (half full cost 0.5 MiB more; BENCHMARKS.md, server memory).
    private let slots: [Int32]
    private let keys: [UInt32]
    private let mask: Int
    /// Bucket b lists `surfaces[starts[b]..<starts[b + 1]]`, in the order the forms were added.
    private let starts: [Int32]
    private let surfaces: [Int32]

    /// No forms: finds nothing.
    static let empty = DeletionIndex(forms: ByteTable(), minimumLength: 1)

    /// Indexes the forms in `table` (surface id = entry) of `minimumLength` or more letters a-z.
    init(forms table: ByteTable, minimumLength: Int) {
        // The open table and the (bucket, surface) pairs live in one value the key closure
        // mutates: one exclusivity check a form, where separate captured variables cost one a
        // variant (about 8 a form; BENCHMARKS.md, seventeenth session).
        var building = Building(formCount: table.count)
        for surface in 0..<table.count {
            table.withKey(at: surface) { key in
                guard key.count >= minimumLength, key.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return }
                building.addVariants(of: key, surface: Int32(surface))
            }
        }
        // Laid out by bucket, in the order found (a counting sort).
        let keys = building.keys, pairs = building.pairs
        var starts = [Int32](repeating: 0, count: keys.count + 1)
        for pair in pairs { starts[Int(pair.bucket) + 1] += 1 }
        for b in 0..<keys.count { starts[b + 1] += starts[b] }
        var flat = [Int32](repeating: 0, count: pairs.count)
        var next = starts
        for pair in pairs {
            flat[Int(next[Int(pair.bucket)])] = pair.surface
            next[Int(pair.bucket)] += 1
        }
        self.slots = building.slots
        self.keys = keys.withUnsafeBufferPointer { Array($0) }  // without the room appending left
        self.mask = building.mask
        self.starts = starts
        self.surfaces = flat
    }

    /// The index while it is built: the open table of variant keys and each form's buckets.
    private struct Building {
        var slots: [Int32]
        var keys: [UInt32] = []
        var mask: Int
        var pairs: [(bucket: Int32, surface: Int32)] = []

        init(formCount: Int) {
            var capacity = 16
            while capacity * 3 < formCount * 8 * 4 { capacity <<= 1 }  // ~8 variants a form, at most 3/4 full
            slots = [Int32](repeating: 0, count: capacity)
            mask = capacity - 1
        }

        /// Files `surface` under the form itself and each of its one-letter deletions.
        mutating func addVariants(of key: UnsafeBufferPointer<UInt8>, surface: Int32) {
            for skip in -1..<key.count {  // -1: the form itself
                var builder = TokenHash.Builder()
                for i in 0..<key.count where i != skip { builder.add(key[i]) }
                let bucket = self.bucket(for: DeletionIndex.key(builder.value))
                // Deleting any letter of a run gives the same variant ("boot": "bot" twice),
                // one after the other: the form is listed once.
                if let last = pairs.last, last.bucket == bucket && last.surface == surface { continue }
                pairs.append((bucket, surface))
            }
        }

        /// The bucket of `variant`, made if new.
        private mutating func bucket(for variant: UInt32) -> Int32 {
            var slot = Int(variant) & mask
            while slots[slot] != 0 {
                if keys[Int(slots[slot]) - 1] == variant { return slots[slot] - 1 }
                slot = (slot + 1) & mask
            }
            if (keys.count + 1) * 4 > slots.count * 3 {
                grow()
                slot = Int(variant) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
            }
            keys.append(variant)
            slots[slot] = Int32(keys.count)
            return Int32(keys.count - 1)
        }

        private mutating func grow() {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for (bucket, key) in keys.enumerated() {
                var slot = Int(key) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(bucket + 1)
            }
        }
    }

    /// Calls `body` with each form in the bucket of the variant with this hash.
    @inline(__always)
    func forEachForm(withVariantHash hash: UInt64, _ body: (Int32) -> Void) {
        let variant = Self.key(hash)
        var slot = Int(variant) & mask
        while slots[slot] != 0 {
            let bucket = Int(slots[slot]) - 1
            if keys[bucket] == variant {
                for i in Int(starts[bucket])..<Int(starts[bucket + 1]) { body(surfaces[i]) }
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// A variant's key: its hash folded to 32 bits (both halves, so neither alone decides).
    @inline(__always)
    private static func key(_ hash: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}

// MARK: - Rule images

extension DeletionIndex {
    func write(to image: inout ImageWriter) {
        image.scalars(slots)
        image.scalars(keys)
        image.scalars(starts)
        image.scalars(surfaces)
    }

    init(from image: inout ImageReader) throws(RuleImageError) {
        slots = try image.scalars()
        keys = try image.scalars()
        starts = try image.scalars()
        surfaces = try image.scalars()
        mask = slots.count - 1
        guard slots.count.nonzeroBitCount == 1, starts.count == keys.count + 1 else {
            throw RuleImageError(message: "the typo index's parts disagree")
        }
    }
}
