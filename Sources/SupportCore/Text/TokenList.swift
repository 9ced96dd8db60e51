/// One normalised token of a message: a word, a number, or a single Chinese character.
public struct Token: Sendable, Equatable {
    /// Byte offset of the token's text in `TokenList.bytes`.
    public var start: Int32
    public var length: Int32
    /// FNV-1a hash of the token's bytes, computed while normalising so lookups need not rehash.
    public var hash: UInt64
    public var flags: Flags

    public struct Flags: OptionSet, Sendable, Equatable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// A run of three or more equal letters was shortened to two ("pleeease" → "pleease").
        public static let collapsedRun = Flags(rawValue: 2)
        /// Only ASCII letters a-z: the tokens typo tolerance may apply to.
        public static let asciiLetters = Flags(rawValue: 4)
        /// Half of a word the matcher split in two ("cancellationcharges"), set by the matcher.
        public static let joinedPart = Flags(rawValue: 8)
        /// Follows an ASCII letter or digit and a hyphen, nothing between ("mail" in "e-mail"), set
        /// by the normaliser: the matcher reads such a run as one word when the rules know it.
        public static let afterHyphen = Flags(rawValue: 16)
        /// Words written with hyphens and read as the one word the rules know ("e-mail" → "email"),
        /// set by the matcher.
        public static let hyphenated = Flags(rawValue: 32)
    }
}

/// The tokens of one message. Kept and reused by a matcher so normalising allocates nothing
/// once the buffers have grown to the size of the longest message seen.
public struct TokenList: Sendable {
    /// The normalised bytes of every token, back to back, UTF-8.
    public internal(set) var bytes: [UInt8] = []
    public internal(set) var tokens: [Token] = []

    public init() {
        bytes.reserveCapacity(256)
        tokens.reserveCapacity(32)
    }

    public var count: Int { tokens.count }

    public func text(of index: Int) -> String {
        let token = tokens[index]
        return String(decoding: bytes[Int(token.start)..<Int(token.start + token.length)], as: UTF8.self)
    }

    /// The normalised message: its tokens joined by single spaces.
    public var normalizedText: String {
        (0..<count).map(text(of:)).joined(separator: " ")
    }

    public var words: [String] { (0..<count).map(text(of:)) }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
    }
}

/// Where the normaliser puts tokens: a growable `TokenList`, or a matcher's fixed buffers.
protocol TokenSink {
    var byteCount: Int { get }
    mutating func append(byte: UInt8)
    /// Appends the first `count` (0...8) bytes of `chunk` (little-endian: its lowest byte first).
    /// Only after `hasRoom(forBytes:)` said yes for them.
    mutating func append(chunk: UInt64, count: Int)
    /// Whether `count` more bytes fit, appended as chunks (each chunk may write eight).
    func hasRoom(forBytes count: Int) -> Bool
    /// Drops the bytes appended since `byteCount` was `count` (none of them part of a token yet).
    mutating func rewind(toByteCount count: Int)
    mutating func append(token: Token)
    /// Called before appending a token marked `.afterHyphen` (rare, so a sink may note it cheaply).
    mutating func noteWordAfterHyphen()
    mutating func removeAll()
}

extension TokenList: TokenSink {
    var byteCount: Int { bytes.count }
    mutating func append(byte: UInt8) { bytes.append(byte) }
    mutating func append(chunk: UInt64, count: Int) {
        for i in 0..<count { bytes.append(UInt8(truncatingIfNeeded: chunk >> UInt64(i * 8))) }
    }
    func hasRoom(forBytes count: Int) -> Bool { true }
    mutating func rewind(toByteCount count: Int) { bytes.removeSubrange(count...) }
    mutating func append(token: Token) { tokens.append(token) }
    mutating func noteWordAfterHyphen() {}
}

/// Token storage of fixed capacity. Once a byte or a token does not fit, it takes nothing more,
/// so it holds the complete tokens from the start of the message.
struct FixedTokens: TokenSink {
    let bytes: UnsafeMutablePointer<UInt8>
    let byteCapacity: Int
    let tokens: UnsafeMutablePointer<Token>
    let tokenCapacity: Int
    private(set) var byteCount = 0
    private(set) var tokenCount = 0
    /// Whether a token is marked `.afterHyphen`, so the matcher skips joining in one test.
    private(set) var hasWordAfterHyphen = false
    private var full = false
    /// Whether something did not fit: the tokens held are only the message's first ones.
    var isFull: Bool { full }

    init(bytes: UnsafeMutablePointer<UInt8>, byteCapacity: Int, tokens: UnsafeMutablePointer<Token>, tokenCapacity: Int) {
        self.bytes = bytes
        self.byteCapacity = byteCapacity
        self.tokens = tokens
        self.tokenCapacity = tokenCapacity
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        guard byteCount < byteCapacity else { full = true; return }
        bytes[byteCount] = byte
        byteCount &+= 1
    }

    /// One unaligned eight-byte store, whatever `count`: the bytes past it are overwritten by the
    /// next ones or ignored.
    @inline(__always)
    mutating func append(chunk: UInt64, count: Int) {
        UnsafeMutableRawPointer(bytes + byteCount).storeBytes(of: chunk.littleEndian, as: UInt64.self)
        byteCount &+= count
    }

    @inline(__always)
    func hasRoom(forBytes count: Int) -> Bool {
        !full && byteCount &+ count &+ 8 <= byteCapacity
    }

    @inline(__always)
    mutating func rewind(toByteCount count: Int) {
        byteCount = count
    }

    @inline(__always)
    mutating func append(token: Token) {
        guard !full, tokenCount < tokenCapacity else { full = true; return }
        tokens[tokenCount] = token
        tokenCount &+= 1
    }

    @inline(__always)
    mutating func noteWordAfterHyphen() {
        hasWordAfterHyphen = true
    }

    mutating func removeAll() {
        byteCount = 0
        tokenCount = 0
        hasWordAfterHyphen = false
        full = false
    }
}

/// The hash of a token's bytes, taken eight bytes at a time (the last chunk zero-filled) and
/// finished with the length and a 64-bit mixer, so the low bits (the table slot) depend on every
/// byte. Eight at a time because the normaliser reads ASCII words in eight-byte chunks and has
/// each chunk in a register: a word of up to eight letters costs one multiply-xor and the
/// finisher, instead of FNV-1a's multiply a byte.
@usableFromInline
enum TokenHash {
    @usableFromInline static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always) @usableFromInline
    static func mix(_ hash: UInt64, chunk: UInt64) -> UInt64 {
        (hash ^ chunk) &* 0xFF51_AFD7_ED55_8CCD
    }

    @inline(__always) @usableFromInline
    static func finish(_ hash: UInt64, length: Int) -> UInt64 {
        var h = hash ^ UInt64(truncatingIfNeeded: length)
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// The same hash for bytes that arrive one at a time.
    struct Builder {
        private var hash = TokenHash.seed
        private var pending: UInt64 = 0
        private var count = 0

        @inline(__always)
        mutating func add(_ byte: UInt8) {
            pending |= UInt64(byte) << UInt64((count & 7) &* 8)
            count &+= 1
            if count & 7 == 0 {
                hash = TokenHash.mix(hash, chunk: pending)
                pending = 0
            }
        }

        @inline(__always)
        var value: UInt64 {
            TokenHash.finish(count & 7 == 0 ? hash : TokenHash.mix(hash, chunk: pending), length: count)
        }
    }

    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var builder = Builder()
        for byte in bytes { builder.add(byte) }
        return builder.value
    }

    /// The same hash, eight bytes a step: chunks are read as little-endian words, as `Builder`
    /// packs them. Loading hashes every word of the rules and the known-word lists this way (it
    /// took 6% of the loading thread byte by byte; BENCHMARKS.md, sixteenth session).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = bytes.baseAddress else { return finish(seed, length: 0) }
        let count = bytes.count, whole = count & ~7
        var hash = seed, i = 0
        while i < whole {
            hash = mix(hash, chunk: UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)))
            i &+= 8
        }
        if i < count {
            var pending: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                pending |= UInt64(base[i]) << shift
                shift &+= 8
                i &+= 1
            }
            hash = mix(hash, chunk: pending)
        }
        return finish(hash, length: count)
    }
}
