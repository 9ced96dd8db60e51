import Foundation  // the reference: the table was generated from Foundation's folding
@testable import SupportCore
import Testing

/// The normaliser folds letters with a committed table instead of Foundation; these tests hold
/// the table to Foundation's folding on this system, character by character and on whole texts.
@Suite struct LetterFoldingTests {
    static func foundationFolding(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .precomposedStringWithCompatibilityMapping
    }

    /// Every letter, digit and mark the general path folds (those the fast path does not read
    /// itself). A failure names the characters: regenerate the table with
    /// Scripts/generate-letter-folding.swift if the system's Unicode data changed.
    @Test func theTableFoldsEachCharacterAsFoundationDoes() {
        var checked = 0
        var differing: [String] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), Self.isFoldedByTheTable(scalar) else { continue }
            checked += 1
            var ours: [UInt32] = []
            LetterFolding.forEachFolded(value) { ours.append($0) }
            let reference = Self.foundationFolding(String(Character(scalar))).unicodeScalars.map(\.value)
            if ours != reference && differing.count < 10 {
                differing.append("U+\(String(value, radix: 16, uppercase: true)): \(ours) vs Foundation \(reference)")
            }
        }
        #expect(checked > 50_000)
        #expect(differing.isEmpty, "\(differing)")
    }

    /// Folding one character at a time gives the words Foundation's folding of the whole text
    /// gives (texts whose folding is stable: "ǅ" folds to "dž", which a second folding changes).
    @Test func wholeTextsTokenizeAsTheyDidWhenFoundationFoldedThem() {
        let texts = [
            "Café CRÈME naïve Ångström façade", "Straße größe ÆSIR œuvre", "İstanbul ıspanak Ğ ş",
            "ΟΔΥΣΣΕΥΣ λόγος", "Москва ЁЖИК", "ﬁle ﬂow ﬀ", "ｶﾞｲﾄﾞ ﾊﾟｽﾜｰﾄﾞ ｱｶｳﾝﾄ", "ﾝﾞ",
            "e\u{301}cole n\u{303}o a\u{30A}", "Tiếng Việt không dấu", "مرحبا ﷺ", "שלום", "नमस्ते",
            "ＯＵＴＬＯＯＫ café 一直無法連線", "ǈ ǋ ﬆ", "𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐", "한국어 ﾡﾢ",
        ]
        for text in texts {
            let words = Normalizer.words(text)
            #expect(!words.isEmpty)
            #expect(words == Normalizer.words(Self.foundationFolding(text)), "\(text)")
        }
    }

    /// What the generator keeps: letters, digits, marks and half-width forms that the normaliser
    /// does not read without folding (ASCII, full-width ASCII, ideographs, apostrophes, and the
    /// punctuation and symbols both paths read as separators).
    static func isFoldedByTheTable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 || (0xFF01...0xFF5E).contains(value) || HanFolding.isIdeograph(value)
            || Normalizer.isPunctuationOrSymbol(value) || value == 0x2018 || value == 0x2019 { return false }
        return Normalizer.isWordCharacter(scalar) || Normalizer.isMark(scalar) || (0xFF61...0xFFEF).contains(value)
    }
}
