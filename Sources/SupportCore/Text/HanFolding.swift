/// Folds Traditional Chinese characters (and compatibility ideographs) onto their Simplified forms,
/// so one rule written in either script matches messages written in both; written Cantonese
/// characters fold onto the Mandarin ones with the same meaning (`cantonesePairs`).
///
/// Folding is per character, as ICU's Hant-Hans transform is; both the rules and every message go
/// through the same table, so a character the table does not know still matches itself.
public enum HanFolding {
    /// The folded form of `value`, or `value` itself.
    @inline(__always)
    public static func fold(_ value: UInt32) -> UInt32 {
        if value >= denseBase && value < denseBase + UInt32(dense.count) {
            let folded = dense[Int(value - denseBase)]
            return folded == 0 ? value : folded
        }
        return sparse[value] ?? value
    }

    /// 们 (們, and Cantonese 哋, fold onto it), the plural suffix of persons (我们, 你们, 同事们): not
    /// read, so "帮我们转业务" meets a rule written "帮我转", as "we" and "I" ask for the same things.
    /// Rules go through the same folding, so a rule that writes it loses it too.
    static let pluralMarker: UInt32 = 0x4EEC

    /// The character `value` is read as: its folded form, or nil for the plural marker, which
    /// is not read. What every path of the normaliser appends for an ideograph.
    @inline(__always)
    static func readAs(_ value: UInt32) -> UInt32? {
        let folded = fold(value)
        return folded == pluralMarker ? nil : folded
    }

    /// Whether `value` is a CJK ideograph: each one is a token of its own, since Chinese is
    /// written without spaces and supportbot uses no word segmenter.
    @inline(__always)
    public static func isIdeograph(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x20000...0x3134F).contains(value)
    }

    /// Whether `value` is a character only Simplified Chinese uses ("发", not "發" or the shared
    /// "款"), which tells Simplified text apart from text in characters both scripts share.
    public static func isSimplifiedForm(_ value: UInt32) -> Bool {
        simplifiedOnlySet.contains(value)
    }

    private static let simplifiedOnlySet: Set<UInt32> = Set(simplifiedOnly.unicodeScalars.filter { $0 != "\n" }.map(\.value))

    /// Ideographs from U+3400 to U+FAFF, where almost all foldings fall: one array read per character.
    private static let denseBase: UInt32 = 0x3400
    private static let dense: [UInt32] = {
        var table = [UInt32](repeating: 0, count: Int(0xFB00 - denseBase))
        for (from, to) in parsedPairs where from >= denseBase && from < 0xFB00 {
            table[Int(from - denseBase)] = to
        }
        return table
    }()
    private static let sparse: [UInt32: UInt32] = {
        var table: [UInt32: UInt32] = [:]
        for (from, to) in parsedPairs where from < denseBase || from >= 0xFB00 { table[from] = to }
        return table
    }()

    private static var parsedPairs: [(UInt32, UInt32)] {
        var result: [(UInt32, UInt32)] = []
        var pending: UInt32?
        for scalar in (pairs + cantonesePairs).unicodeScalars where scalar != "\n" {
            if let from = pending {
                result.append((from, scalar.value))
                pending = nil
            } else {
                pending = scalar.value
            }
        }
        return result
    }
}
