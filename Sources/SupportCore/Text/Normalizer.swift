/// Turns a message into tokens: lower case, diacritics and widths folded (NFKC), punctuation
/// dropped, apostrophes joined ("can't" → "cant"), runs of a repeated letter shortened, and every
/// Chinese character a token of its own, folded from Traditional to Simplified. An emoji is a token
/// of its own too (`isPictograph`): a chat's lone "👍" says thanks, so rules may list emoji. A
/// hyphen separates words, but the word after one is marked `.afterHyphen`: only the matcher
/// knows whether the run is a rule word ("e-mail") or words apart ("follow-up").
///
/// Rule text and customer messages go through this same function, so whatever the folding does,
/// a rule matches the messages written like it.
///
/// Most messages are plain ASCII and take a byte loop with one table read a byte; only messages
/// with other letters take the general path, which folds them with `LetterFolding`.
public enum Normalizer {
    /// Normalises `text` into `list`, replacing what it held.
    public static func tokenize(_ text: String, into list: inout TokenList) {
        var text = text
        text.withUTF8 { tokenize(utf8: $0, into: &list) }
    }

    /// Normalises UTF-8 bytes (invalid sequences count as separators) into `list`.
    public static func tokenize(utf8 bytes: UnsafeBufferPointer<UInt8>, into list: inout TokenList) {
        tokenize(utf8: bytes, sink: &list)
    }

    /// Normalises UTF-8 bytes into any sink, replacing what it held. A sink that fills up keeps
    /// the tokens that fitted.
    @inline(__always)
    static func tokenize<Sink: TokenSink>(utf8 bytes: UnsafeBufferPointer<UInt8>, sink list: inout Sink) {
        list.removeAll()
        if tokenizeDirect(bytes, into: &list) { return }
        list.removeAll()
        tokenizeUnicode(String(decoding: bytes, as: UTF8.self), into: &list)
    }

    /// The fast path: ASCII, full-width ASCII, ideographs and common punctuation, straight from the
    /// bytes. Returns false, having written a partial result, when the text holds anything else
    /// (accented letters, other scripts, invalid UTF-8): the general path starts again then.
    @inline(__always)
    private static func tokenizeDirect<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, into list: inout Sink) -> Bool {
        let map = asciiTable
        let n = bytes.count
        var i = 0
        while i < n {
            let byte = bytes[i]
            var mapped = map[Int(byte)]
            if mapped < 0x80 {
                if mapped == separatorCode || mapped == apostropheCode { i &+= 1; continue }
                var joined: Token.Flags = []
                if i >= 2 && bytes[i &- 1] == hyphen && isWordCode(map[Int(bytes[i &- 2])]) {
                    joined = .afterHyphen
                    list.noteWordAfterHyphen()
                }
                // A word of ASCII letters and digits: eight bytes at a time when it has no
                // apostrophe and no run of three letters, else byte by byte.
                if list.hasRoom(forBytes: n &- i), let end = readWordInChunks(bytes, from: i, flags: joined, into: &list) {
                    i = end
                    continue
                }
                let start = list.byteCount
                var hash = TokenHash.Builder()
                var flags: Token.Flags = joined.union(.asciiLetters)
                var last: UInt8 = 0, beforeLast: UInt8 = 0
                while true {
                    if mapped != apostropheCode {
                        if mapped >= 0x61 && mapped == last && mapped == beforeLast {
                            flags.insert(.collapsedRun)
                        } else {
                            if mapped < 0x61 { flags.remove(.asciiLetters) }
                            list.append(byte: mapped)
                            hash.add(mapped)
                            beforeLast = last
                            last = mapped
                        }
                    }
                    i &+= 1
                    if i == n { break }
                    mapped = map[Int(bytes[i])]
                    if mapped == separatorCode || mapped >= 0x80 { break }
                }
                list.append(token: Token(start: Int32(start), length: Int32(list.byteCount - start), hash: hash.value, flags: flags))
                continue
            }
            // A multi-byte character. Words never continue across one on this path: anything
            // that could join a word (an accented letter) sends the message to the general path.
            guard let (value, length) = decodeUTF8(bytes, at: i) else { return false }
            i &+= length
            if value >= 0xFF01 && value <= 0xFF5E {
                let ascii = map[Int(value - 0xFEE0)]
                if ascii == separatorCode || ascii == apostropheCode { continue }
                return false  // a full-width letter or digit: let the general path join it to its word
            }
            if HanFolding.isIdeograph(value) {
                if let read = HanFolding.readAs(value) { appendCharacterWord(read, into: &list) }
            } else if isPictograph(value) {
                appendCharacterWord(value, into: &list)
            } else if !isPunctuationOrSymbol(value) {
                return false
            }
        }
        return true
    }

    /// Reads the ASCII word starting at `start` eight bytes at a time and appends it: per chunk,
    /// which bytes are letters, digits or the apostrophe is found for all eight at once (each
    /// range test one add and one mask a byte lane, valid as the lanes are 7-bit), so the loop
    /// turns once per eight bytes instead of branching on every byte. Returns the index after
    /// the word, or nil, having appended nothing, when the word holds an apostrophe or a run of
    /// three equal letters: the byte loop, which joins and shortens those, reads it then.
    @inline(__always)
    private static func readWordInChunks<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, flags joined: Token.Flags,
                                                          into list: inout Sink) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        /// 0x80 in each lane whose byte is at least `low` (lanes below 0x80).
        @inline(__always) func atLeast(_ x: UInt64, _ low: UInt64) -> UInt64 { (x &+ ones &* (0x80 &- low)) & highs }
        @inline(__always) func within(_ x: UInt64, _ low: UInt64, _ high: UInt64) -> UInt64 { atLeast(x, low) & ~atLeast(x, high &+ 1) }
        /// 0x80 in each lane that is zero.
        @inline(__always) func zeroLanes(_ v: UInt64) -> UInt64 { ~(((v & ~highs) &+ ~highs) | v | ~highs) }
        let wordStart = list.byteCount
        var i = start
        var hash = TokenHash.seed
        var flags: Token.Flags = joined.union(.asciiLetters)
        var previous: UInt64 = 0  // the word's previous chunk, for runs that cross chunks
        while true {
            let x = chunk(of: bytes, at: i)
            let ascii = x & ~highs
            // Setting bit 5 makes upper-case letters lower-case (and moves no other byte into a-z).
            let letters = within(ascii | ones &* 0x20, 0x61, 0x7A)
            let digits = within(ascii, 0x30, 0x39), apostrophes = within(ascii, 0x27, 0x27)
            let stops = ~(letters | digits | apostrophes) | (x & highs)
            let firstStop = stops & highs & (0 &- (stops & highs))
            let keep: UInt64 = firstStop == 0 ? ~0 : (firstStop >> 7) &- 1
            let count = firstStop == 0 ? 8 : firstStop.trailingZeroBitCount >> 3
            let word = (ascii | (letters >> 2)) & keep  // 0x80 >> 2 is bit 5: letters in lower case
            let runs = zeroLanes(word ^ (word << 8 | previous >> 56)) & zeroLanes(word ^ (word << 16 | previous >> 48)) & letters & keep
            if (apostrophes & keep) | runs != 0 {
                list.rewind(toByteCount: wordStart)
                return nil
            }
            if digits & keep != 0 { flags.remove(.asciiLetters) }
            list.append(chunk: word, count: count)
            if count > 0 { hash = TokenHash.mix(hash, chunk: word) }
            i &+= count
            if count < 8 { break }
            previous = word
        }
        let length = list.byteCount &- wordStart
        list.append(token: Token(start: Int32(wordStart), length: Int32(length), hash: TokenHash.finish(hash, length: length), flags: flags))
        return i
    }

    /// The eight bytes from `i`, zero past the end of the message (zero is a separator). Near the
    /// end, the last eight bytes of the message shifted down, rather than a copy of variable length.
    @inline(__always)
    private static func chunk(of bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt64 {
        let n = bytes.count, base = UnsafeRawPointer(bytes.baseAddress!)
        if i &+ 8 <= n { return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) }
        if n >= 8 {
            return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)) >> UInt64((i &+ 8 &- n) &* 8)
        }
        var x: UInt64 = 0
        for k in i..<n { x |= UInt64(bytes[k]) << UInt64((k &- i) &* 8) }
        return x
    }

    /// Appends one character as a word of its own: a Chinese character or an emoji.
    @inline(__always)
    private static func appendCharacterWord<Sink: TokenSink>(_ value: UInt32, into list: inout Sink) {
        let start = list.byteCount
        var hash = TokenHash.Builder()
        var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let count: Int
        if value < 0x10000 {
            encoded = (UInt8(0xE0 | (value >> 12)), UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F)), 0)
            count = 3
        } else {
            encoded = (UInt8(0xF0 | (value >> 18)), UInt8(0x80 | ((value >> 12) & 0x3F)), UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F)))
            count = 4
        }
        withUnsafeBytes(of: &encoded) { raw in
            for k in 0..<count {
                list.append(byte: raw[k])
                hash.add(raw[k])
            }
        }
        list.append(token: Token(start: Int32(start), length: Int32(list.byteCount - start), hash: hash.value, flags: []))
    }

    /// Decodes one UTF-8 sequence; nil for an invalid one.
    @inline(__always)
    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let b0 = UInt32(bytes[i])
        func continuation(_ k: Int) -> UInt32? {
            guard i + k < bytes.count, bytes[i + k] & 0xC0 == 0x80 else { return nil }
            return UInt32(bytes[i + k] & 0x3F)
        }
        if b0 & 0xE0 == 0xC0 {
            guard let c1 = continuation(1) else { return nil }
            let value = (b0 & 0x1F) << 6 | c1
            return value >= 0x80 ? (value, 2) : nil
        }
        if b0 & 0xF0 == 0xE0 {
            guard let c1 = continuation(1), let c2 = continuation(2) else { return nil }
            let value = (b0 & 0x0F) << 12 | c1 << 6 | c2
            return value >= 0x800 && !(0xD800...0xDFFF).contains(value) ? (value, 3) : nil
        }
        if b0 & 0xF8 == 0xF0 {
            guard let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) else { return nil }
            let value = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            return value >= 0x10000 && value <= 0x10FFFF ? (value, 4) : nil
        }
        return nil
    }

    /// Whether `value` is an emoji read as a word: the pictograph blocks (U+1F300–U+1FAFF) and the
    /// few older symbols chats use as emoji (☺ ☹ ✅ ✔ ❌ ❤ ⭐). Skin-tone modifiers are left out: they
    /// colour the emoji before them and, as symbols, separate like punctuation ("👍🏽" is "👍").
    /// Arrows and other dingbats stay separators, so "Settings ➜ Mail" keeps its gaps.
    @inline(__always)
    static func isPictograph(_ value: UInt32) -> Bool {
        switch value {
        case 0x1F300...0x1F3FA, 0x1F400...0x1FAFF, 0x2639, 0x263A, 0x2705, 0x2714, 0x274C, 0x2764, 0x2B50:
            return true
        default:
            return false
        }
    }

    /// Punctuation, symbols and spaces that separate words in any script, on both paths. Its
    /// ranges hold the emoji too; both paths ask `isPictograph` first, so those are words.
    @inline(__always)
    static func isPunctuationOrSymbol(_ value: UInt32) -> Bool {
        switch value {
        case 0xA0...0xBF, 0xD7, 0xF7, 0x2000...0x2BFF, 0x3000...0x303F, 0xFE00...0xFE0F, 0xFE30...0xFE4F,
             0xFE50...0xFE6F, 0xFF5F...0xFF65, 0xFFE0...0xFFEE, 0x1F000...0x1FAFF:
            return value != 0x2018 && value != 0x2019  // ‘ ’ join words: the general path handles them
        default:
            return false
        }
    }

    /// The token texts. The dialogue splits every customer line with this, so the tokens go into
    /// scratch memory sized from the line (on the stack for a chat line) rather than a growable
    /// `TokenList`; a line whose folding outgrows it (rare NFKC expansions) takes the general way.
    public static func words(_ text: String) -> [String] {
        if isOneNormalWord(text) { return [text] }
        var text = text
        let fitted: [String]? = text.withUTF8 { utf8 in
            let byteCapacity = utf8.count * 2 + 16, tokenCapacity = utf8.count + 1
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: byteCapacity) { bytes in
                withUnsafeTemporaryAllocation(of: Token.self, capacity: tokenCapacity) { tokens in
                    var sink = FixedTokens(bytes: bytes.baseAddress!, byteCapacity: byteCapacity,
                                           tokens: tokens.baseAddress!, tokenCapacity: tokenCapacity)
                    tokenize(utf8: utf8, sink: &sink)
                    guard !sink.isFull else { return nil }
                    var words: [String] = []
                    words.reserveCapacity(sink.tokenCount)
                    for i in 0..<sink.tokenCount {
                        let token = tokens[i]
                        words.append(String(decoding: UnsafeBufferPointer(start: bytes.baseAddress! + Int(token.start), count: Int(token.length)), as: UTF8.self))
                    }
                    return words
                }
            }
        }
        if let fitted { return fitted }
        var list = TokenList()
        tokenize(text, into: &list)
        return list.words
    }

    /// Whether `text` is already one token as the normaliser writes it: lower-case ASCII letters
    /// and digits, no letter three times in a row. A third of a rule file's items are (the rest are
    /// phrases and Chinese), and return as they are, without the tokeniser's buffers and a second
    /// string (BENCHMARKS.md, twenty-second session).
    static func isOneNormalWord(_ text: String) -> Bool {
        var last: UInt8 = 0, beforeLast: UInt8 = 0
        for byte in text.utf8 {
            let isLetter = byte >= 0x61 && byte <= 0x7A
            guard isLetter || (byte >= 0x30 && byte <= 0x39) else { return false }
            if isLetter && byte == last && byte == beforeLast { return false }
            beforeLast = last
            last = byte
        }
        return last != 0
    }

    // MARK: - Unicode path

    /// The general path, one Unicode scalar at a time. Internal so tests can hold the fast path to
    /// it: on text both can read, they must give the same tokens, hashes and flags.
    static func tokenizeUnicode<Sink: TokenSink>(_ text: String, into list: inout Sink) {
        var builder = TokenBuilder()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == UInt32(hyphen) {
                builder.pushHyphen(into: &list)
            } else if value < 0x80 {
                builder.push(ascii: asciiTable[Int(value)], into: &list)
            } else if value >= 0xFF01 && value <= 0xFF5E {
                // Full-width ASCII; a full-width hyphen is a plain separator, as on the fast path.
                builder.push(ascii: asciiTable[Int(value - 0xFEE0)], into: &list)
            } else if HanFolding.isIdeograph(value) {
                if let read = HanFolding.readAs(value) { builder.pushCharacterWord(read, into: &list) }
            } else if isPictograph(value) {
                builder.pushCharacterWord(value, into: &list)
            } else if apostrophes.contains(value) {
                builder.push(ascii: apostropheCode, into: &list)
            } else if isPunctuationOrSymbol(value) {
                builder.push(ascii: separatorCode, into: &list)  // as on the fast path
            } else {
                LetterFolding.forEachFolded(value) { folded in push(folded: folded, into: &builder, &list) }
            }
        }
        builder.finish(into: &list)
    }

    /// One scalar of a letter's folding ("ﬁ" → "f", "i"): a letter or digit joins the word, a mark
    /// left after folding is part of it and adds no text, anything else separates words.
    private static func push<Sink: TokenSink>(folded value: UInt32, into builder: inout TokenBuilder, _ list: inout Sink) {
        guard let scalar = Unicode.Scalar(value) else { return }
        if value < 0x80 {
            builder.push(ascii: asciiTable[Int(value)], into: &list)
        } else if HanFolding.isIdeograph(value) {
            if let read = HanFolding.readAs(value) { builder.pushCharacterWord(read, into: &list) }
        } else if isWordCharacter(scalar) {
            builder.push(other: scalar, into: &list)
        } else if !isMark(scalar) {
            builder.push(ascii: separatorCode, into: &list)
        }
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
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
    static let hyphen: UInt8 = 0x2D

    /// Whether a byte's code (see `asciiMap`) is an ASCII letter or digit.
    @inline(__always)
    static func isWordCode(_ code: UInt8) -> Bool {
        code != separatorCode && code != apostropheCode && code < 0x80
    }

    /// `asciiMap` in memory that is never freed, read through a pointer: a global array would be
    /// re-checked for initialisation on every byte.
    nonisolated(unsafe) static let asciiTable: UnsafeBufferPointer<UInt8> = {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        _ = buffer.initialize(from: asciiMap)
        return UnsafeBufferPointer(buffer)
    }()

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
    private var hash = TokenHash.Builder()
    private var flags: Token.Flags = []
    private var last: UInt8 = 0
    private var beforeLast: UInt8 = 0
    private var inToken = false
    /// Whether the last character was an ASCII letter or digit, and whether a hyphen followed
    /// one: the next word then starts `.afterHyphen`, as the fast path sees it from the bytes.
    private var lastWasWordASCII = false
    private var hyphenAfterWord = false

    @inline(__always)
    mutating func push<Sink: TokenSink>(ascii mapped: UInt8, into list: inout Sink) {
        if mapped == Normalizer.separatorCode {
            finish(into: &list)
            lastWasWordASCII = false
            hyphenAfterWord = false
            return
        }
        if mapped == Normalizer.apostropheCode {
            // The apostrophe joins ("can't" → "cant"); between words it adds nothing.
            lastWasWordASCII = false
            if !inToken { hyphenAfterWord = false }
            return
        }
        lastWasWordASCII = true
        let isLetter = mapped >= 0x61
        if !inToken { begin(in: &list) }
        if isLetter && mapped == last && mapped == beforeLast {
            flags.insert(.collapsedRun)
            return
        }
        if !isLetter { flags.remove(.asciiLetters) }
        append(mapped, into: &list)
    }

    mutating func pushHyphen<Sink: TokenSink>(into list: inout Sink) {
        finish(into: &list)
        hyphenAfterWord = lastWasWordASCII
        lastWasWordASCII = false
    }

    mutating func push<Sink: TokenSink>(other scalar: Unicode.Scalar, into list: inout Sink) {
        if !inToken { begin(in: &list) }
        lastWasWordASCII = false
        flags.remove(.asciiLetters)
        appendUTF8(scalar.value, into: &list)
    }

    /// One character that is a word by itself (a Chinese character, an emoji).
    mutating func pushCharacterWord<Sink: TokenSink>(_ value: UInt32, into list: inout Sink) {
        finish(into: &list)
        lastWasWordASCII = false
        hyphenAfterWord = false
        begin(in: &list)
        flags = []
        appendUTF8(value, into: &list)
        finish(into: &list)
    }

    @inline(__always)
    mutating func finish<Sink: TokenSink>(into list: inout Sink) {
        guard inToken else { return }
        inToken = false
        list.append(token: Token(start: Int32(start), length: Int32(list.byteCount - start), hash: hash.value, flags: flags))
    }

    @inline(__always)
    private mutating func begin<Sink: TokenSink>(in list: inout Sink) {
        inToken = true
        start = list.byteCount
        hash = TokenHash.Builder()
        flags = .asciiLetters
        if hyphenAfterWord {
            flags.insert(.afterHyphen)
            list.noteWordAfterHyphen()
            hyphenAfterWord = false
        }
        last = 0
        beforeLast = 0
    }

    private mutating func appendUTF8<Sink: TokenSink>(_ value: UInt32, into list: inout Sink) {
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
    private mutating func append<Sink: TokenSink>(_ byte: UInt8, into list: inout Sink) {
        list.append(byte: byte)
        hash.add(byte)
        beforeLast = last
        last = byte
    }
}

