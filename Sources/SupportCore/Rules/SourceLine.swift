/// One line of a rule file, held as Unicode scalars so columns can be counted, with the UTF-8
/// offset of each scalar so slices become strings without re-encoding.
struct SourceLine {
    let file: String
    let number: Int
    let text: String
    let scalars: [Unicode.Scalar]
    /// UTF-8 offset of scalar i in `utf8`; one extra entry for the end. Empty for an ASCII line,
    /// whose scalar i is byte i.
    private let offsets: [Int]
    private let utf8: [UInt8]

    init(file: String, number: Int, text: Substring) {
        self.file = file
        self.number = number
        // The last byte, not `hasSuffix`, which compares characters (2.5M of the loading thread's
        // 381M instructions, BENCHMARKS.md, twenty-second session).
        self.text = String(text.utf8.last == 0x0D ? text.dropLast() : text)
        // From the native string, whose bytes copy in one go; a substring's copied one at a time
        // (3% of loading's instructions, BENCHMARKS.md, sixteenth session).
        self.utf8 = Array(self.text.utf8)
        if utf8.allSatisfy({ $0 < 0x80 }) {
            // Most rule lines are ASCII: one scalar a byte.
            scalars = utf8.map { Unicode.Scalar($0) }
            offsets = []
            return
        }
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(utf8.count)
        offsets.reserveCapacity(utf8.count + 1)
        var offset = 0
        // The native string's scalars, not the substring's, which are found one index at a time,
        // each checked: 8.7M of the 23M instructions making the default rules' lines took.
        for scalar in self.text.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        self.scalars = scalars
        self.offsets = offsets
    }

    func location(_ index: Int) -> SourceLocation {
        SourceLocation(file: file, line: number, column: index + 1)
    }

    func diagnostic(_ message: String, at index: Int, length: Int = 1) -> RuleDiagnostic {
        RuleDiagnostic(message, at: location(index), sourceLine: text, length: length)
    }

    func string(_ range: Range<Int>) -> String {
        let bytes = offsets.isEmpty ? range : offsets[range.lowerBound]..<offsets[range.upperBound]
        return String(decoding: utf8[bytes], as: UTF8.self)
    }

    /// Index of the first non-blank scalar at or after `index`, or `scalars.count`.
    func skipBlanks(from index: Int) -> Int {
        var i = index
        while i < scalars.count, scalars[i].isBlank { i += 1 }
        return i
    }

    /// Where the content ends: before a `#` comment that starts the line or follows a blank,
    /// outside quotes, and before trailing blanks.
    var contentEnd: Int {
        var inQuotes = false
        var end = scalars.count
        for (i, s) in scalars.enumerated() {
            if s == "\"" { inQuotes.toggle() }
            if s == "#" && !inQuotes && (i == 0 || scalars[i - 1].isBlank) { end = i; break }
        }
        while end > 0, scalars[end - 1].isBlank { end -= 1 }
        return end
    }
}

extension Unicode.Scalar {
    var isBlank: Bool { self == " " || self == "\t" || self == "\u{3000}" }
}
