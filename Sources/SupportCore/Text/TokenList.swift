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
        /// A single CJK ideograph, already folded to Simplified.
        public static let han = Flags(rawValue: 1)
        /// A run of three or more equal letters was shortened to two ("pleeease" → "pleease").
        public static let collapsedRun = Flags(rawValue: 2)
        /// Only ASCII letters a-z: the tokens typo tolerance may apply to.
        public static let asciiLetters = Flags(rawValue: 4)
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
    mutating func append(token: Token)
    mutating func removeAll()
}

extension TokenList: TokenSink {
    var byteCount: Int { bytes.count }
    mutating func append(byte: UInt8) { bytes.append(byte) }
    mutating func append(token: Token) { tokens.append(token) }
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

    @inline(__always)
    mutating func append(token: Token) {
        guard !full, tokenCount < tokenCapacity else { full = true; return }
        tokens[tokenCount] = token
        tokenCount &+= 1
    }

    mutating func removeAll() {
        byteCount = 0
        tokenCount = 0
        full = false
    }
}

/// FNV-1a, 64-bit: one multiply a byte, cheap enough to run while tokens are built.
@usableFromInline
enum TokenHash {
    @usableFromInline static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) @usableFromInline
    static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        bytes.reduce(seed, mix)
    }
}
