/// What Foundation's folding (case, diacritics, width, then NFKC) does to each letter, digit and
/// mark outside ASCII and the ideographs: "É" → "e", "ß" → "ss", "ﬁ" → "fi", half-width
/// katakana → full width, a combining accent → nothing.
///
/// A committed table (`Scripts/generate-letter-folding.swift`) rather than Foundation itself:
/// linking libFoundation and ICU cost every supportbot process ~6.5 MiB of memory (BENCHMARKS.md,
/// server memory), and ICU's data differs between systems. Folding one character at a time is
/// what the table can say; Foundation folded a whole text, which differs only where NFKC would
/// compose two characters into one (decomposed Hangul jamo), a form no keyboard types.
enum LetterFolding {
    /// Calls `body` with each scalar value that `value` folds to: `value` itself when folding
    /// leaves it, none when folding removes it.
    @inline(__always)
    static func forEachFolded(_ value: UInt32, _ body: (UInt32) -> Void) {
        let table = Table.shared
        var low = 0, high = table.keys.count
        while low < high {
            let middle = (low + high) / 2
            if table.keys[middle] < value { low = middle + 1 } else { high = middle }
        }
        guard low < table.keys.count, table.keys[low] == value else { return body(value) }
        for i in Int(table.starts[low])..<Int(table.starts[low + 1]) { body(table.targets[i]) }
    }

    /// `foldings` parsed once, on the first text that needs it: sorted keys, and for key i the
    /// targets `targets[starts[i]..<starts[i + 1]]`.
    private struct Table: Sendable {
        var keys: [UInt32] = []
        var starts: [Int32] = [0]
        var targets: [UInt32] = []

        static let shared: Table = {
            var table = Table()
            for line in foldings.utf8.split(separator: UInt8(ascii: "\n")) {
                let fields = line.split(separator: UInt8(ascii: " ")).map { field in
                    field.reduce(UInt32(0)) { value, digit in
                        value << 4 | UInt32(digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : digit - UInt8(ascii: "A") + 10)
                    }
                }
                table.keys.append(fields[0])
                table.targets.append(contentsOf: fields.dropFirst())
                table.starts.append(Int32(table.targets.count))
            }
            return table
        }()
    }
}
