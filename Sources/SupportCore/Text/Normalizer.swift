import Foundation

/// Turns a message into tokens: lower case, diacritics and widths folded (NFKC), punctuation
/// dropped, apostrophes joined ("can't" → "cant"), runs of a repeated letter shortened, and every
/// Chinese character a token of its own, folded from Traditional to Simplified.
///
/// Rule text and customer messages go through this same function, so whatever the folding does,
/// a rule matches the messages written like it.
///
/// Most messages are plain ASCII and take a byte loop with one table read a byte; only messages
/// with other letters pay for Foundation's folding.
public enum Normalizer {
    /// Normalises `text` into `list`, replacing what it held.
    public static func tokenize(_ text: String, into list: inout TokenList) {
        var text = text
        text.withUTF8 { tokenize(utf8: $0, into: &list) }
    }

    /// Normalises UTF-8 bytes (invalid sequences count as separators) into `list`.
    public static func tokenize(utf8 bytes: UnsafeBufferPointer<UInt8>, into list: inout TokenList) {
        list.removeAll()
        var builder = TokenBuilder()
        for byte in bytes {
            let mapped = asciiMap[Int(byte)]
            if mapped >= 0x80 {  // a non-ASCII byte: start again on the Unicode path
                list.removeAll()
                tokenizeUnicode(String(decoding: bytes, as: UTF8.self), into: &list)
                return
            }
            builder.push(ascii: mapped, into: &list)
        }
        builder.finish(into: &list)
    }

    /// Convenience for callers that want the token texts.
    public static func words(_ text: String) -> [String] {
        var list = TokenList()
        tokenize(text, into: &list)
        return list.words
    }

    // MARK: - Unicode path

    private static func tokenizeUnicode(_ text: String, into list: inout TokenList) {
        let text = needsFoundationFolding(text)
            ? text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                .precomposedStringWithCompatibilityMapping
            : text
        var builder = TokenBuilder()
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }  // full-width ASCII
            if value < 0x80 {
                builder.push(ascii: asciiMap[Int(value)], into: &list)
            } else if HanFolding.isIdeograph(value) {
                builder.pushIdeograph(HanFolding.fold(value), into: &list)
            } else if apostrophes.contains(value) {
                builder.push(ascii: apostropheCode, into: &list)
            } else if isWordCharacter(scalar) {
                builder.push(other: Unicode.Scalar(value) ?? scalar, into: &list)
            } else if isMark(scalar) {
                continue  // a combining mark left after folding: part of the word, no text
            } else {
                builder.push(ascii: separatorCode, into: &list)
            }
        }
        builder.finish(into: &list)
    }

    /// Whether the text holds letters that only Foundation folds well (accents, other scripts);
    /// ASCII, full-width ASCII, ideographs and punctuation are folded here without it.
    private static func needsFoundationFolding(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 || (value >= 0xFF01 && value <= 0xFF5E) || HanFolding.isIdeograph(value)
                || apostrophes.contains(value) { continue }
            if isWordCharacter(scalar) || isMark(scalar) || (value >= 0xFF61 && value <= 0xFFEF) { return true }
        }
        return false
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// ’ ‘ ʼ ＇ count as the ASCII apostrophe.
    private static let apostrophes: Set<UInt32> = [0x2019, 0x2018, 0x02BC, 0xFF07]

    // MARK: - ASCII table

    static let separatorCode: UInt8 = 0
    static let apostropheCode: UInt8 = 0x27

    /// Each byte mapped to what it becomes: a lower-case letter or digit, the apostrophe,
    /// 0 for a separator, 0x80 for a byte that starts or continues a non-ASCII character.
    static let asciiMap: [UInt8] = (0..<256).map { byte -> UInt8 in
        switch byte {
        case 0x41...0x5A: return UInt8(byte + 0x20)
        case 0x61...0x7A, 0x30...0x39: return UInt8(byte)
        case 0x27: return apostropheCode
        case 0x80...: return 0x80
        default: return separatorCode
        }
    }
}

/// Accumulates the bytes of the token being read and appends finished tokens to a list.
struct TokenBuilder {
    private var start = 0
    private var hash = TokenHash.seed
    private var flags: Token.Flags = []
    private var last: UInt8 = 0
    private var beforeLast: UInt8 = 0
    private var inToken = false

    @inline(__always)
    mutating func push(ascii mapped: UInt8, into list: inout TokenList) {
        if mapped == Normalizer.separatorCode {
            finish(into: &list)
            return
        }
        if mapped == Normalizer.apostropheCode {
            return  // the apostrophe joins ("can't" → "cant"); between words it adds nothing
        }
        let isLetter = mapped >= 0x61
        if !inToken { begin(in: list) }
        if isLetter && mapped == last && mapped == beforeLast {
            flags.insert(.collapsedRun)
            return
        }
        if !isLetter { flags.remove(.asciiLetters) }
        append(mapped, into: &list)
    }

    mutating func push(other scalar: Unicode.Scalar, into list: inout TokenList) {
        if !inToken { begin(in: list) }
        flags.remove(.asciiLetters)
        appendUTF8(scalar.value, into: &list)
    }

    mutating func pushIdeograph(_ value: UInt32, into list: inout TokenList) {
        finish(into: &list)
        begin(in: list)
        flags = [.han]
        appendUTF8(value, into: &list)
        finish(into: &list)
    }

    mutating func finish(into list: inout TokenList) {
        guard inToken else { return }
        inToken = false
        list.tokens.append(Token(start: Int32(start), length: Int32(list.bytes.count - start), hash: hash, flags: flags))
    }

    @inline(__always)
    private mutating func begin(in list: TokenList) {
        inToken = true
        start = list.bytes.count
        hash = TokenHash.seed
        flags = .asciiLetters
        last = 0
        beforeLast = 0
    }

    private mutating func appendUTF8(_ value: UInt32, into list: inout TokenList) {
        if value < 0x800 {
            append(UInt8(0xC0 | (value >> 6)), into: &list)
        } else if value < 0x10000 {
            append(UInt8(0xE0 | (value >> 12)), into: &list)
            append(UInt8(0x80 | ((value >> 6) & 0x3F)), into: &list)
        } else {
            append(UInt8(0xF0 | (value >> 18)), into: &list)
            append(UInt8(0x80 | ((value >> 12) & 0x3F)), into: &list)
            append(UInt8(0x80 | ((value >> 6) & 0x3F)), into: &list)
        }
        append(UInt8(0x80 | (value & 0x3F)), into: &list)
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8, into list: inout TokenList) {
        list.bytes.append(byte)
        hash = TokenHash.mix(hash, byte)
        beforeLast = last
        last = byte
    }
}

