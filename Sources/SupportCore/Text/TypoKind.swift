/// How a misspelling differs from a known word, ranked by how often people make that slip.
///
/// When a typo is one edit from several rule words ("conttact": "contact" or "contract"), the most
/// likely slip wins: swapping two neighbours, doubling or dropping a doubled letter, stopping one
/// letter short ("custome": "customer" rather than "customs"), or hitting a key next to the right
/// one come before other insertions, deletions and substitutions.
public enum TypoKind: Int, Comparable, Sendable {
    case swappedNeighbours = 0
    case doubledLetter = 1
    case droppedLastLetter = 2
    case neighbouringKey = 3
    case extraOrMissingLetter = 4
    case otherLetter = 5

    public static func < (lhs: TypoKind, rhs: TypoKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The kind of the single edit that turns `word` (the known form) into `typed`; nil when the
    /// two are not exactly one edit apart.
    public static func of(word a: UnsafeBufferPointer<UInt8>, typed b: UnsafeBufferPointer<UInt8>) -> TypoKind? {
        guard EditDistance.withinOne(a, b), !(a.count == b.count && memoryEqual(a.baseAddress!, b.baseAddress, a.count)) else { return nil }
        var i = 0
        while i < min(a.count, b.count), a[i] == b[i] { i += 1 }
        if a.count == b.count {
            if i + 1 < a.count, a[i] == b[i + 1], a[i + 1] == b[i] { return .swappedNeighbours }
            return Keyboard.areNeighbours(a[i], b[i]) ? .neighbouringKey : .otherLetter
        }
        // One letter more or less at position i of the longer string.
        let longer = a.count > b.count ? a : b
        let letter = longer[i]
        let doubled = (i > 0 && longer[i - 1] == letter) || (i + 1 < longer.count && longer[i + 1] == letter)
        if doubled { return .doubledLetter }
        return a.count > b.count && i == b.count ? .droppedLastLetter : .extraOrMissingLetter
    }

    /// The same, for strings (tests and tools).
    public static func of(word: String, typed: String) -> TypoKind? {
        var word = word, typed = typed
        return word.withUTF8 { a in typed.withUTF8 { b in of(word: a, typed: b) } }
    }
}

/// Neighbouring keys on a QWERTY keyboard.
enum Keyboard {
    private static let rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"].map { Array($0.utf8) }

    static func areNeighbours(_ x: UInt8, _ y: UInt8) -> Bool {
        guard let (r1, c1) = position(x), let (r2, c2) = position(y) else { return false }
        return areNeighbours(r1, c1, r2, c2)
    }

    private static func areNeighbours(_ r1: Int, _ c1: Int, _ r2: Int, _ c2: Int) -> Bool {
        // Rows are staggered: a key touches the two keys below it at columns c-1 and c.
        switch r2 - r1 {
        case 0: return abs(c1 - c2) == 1
        case 1: return c2 == c1 || c2 == c1 - 1
        case -1: return c1 == c2 || c1 == c2 - 1
        default: return false
        }
    }

    private static func position(_ key: UInt8) -> (Int, Int)? {
        for (r, row) in rows.enumerated() {
            if let c = row.firstIndex(of: key) { return (r, c) }
        }
        return nil
    }
}
