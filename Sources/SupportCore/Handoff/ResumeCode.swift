/// The secret that lets a customer come back to their handed-off conversation from a new
/// connection (`/resume c7-1 7KQ2M-X9D4P`). Ticket ids are easy to guess; the code is not: ten
/// characters of Crockford's base-32 (50 random bits), shown in two groups of five.
///
/// Customers copy it by hand, so reading forgives what people do: any case, dashes and spaces
/// anywhere, and the letters easily taken for digits (O for 0, I and L for 1).
public struct ResumeCode: Sendable, Equatable, CustomStringConvertible {
    /// The ten characters, upper case, without the dash.
    public let characters: String

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    static let length = 10

    /// A new code from `generator` (the server's is the system's secure one): five bits a
    /// character of one 64-bit draw (one system call, not ten).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> ResumeCode {
        var bits: UInt64 = generator.next()
        var bytes: [UInt8] = []
        for _ in 0..<length {
            bytes.append(alphabet[Int(bits & 31)])
            bits >>= 5
        }
        return ResumeCode(checked: String(decoding: bytes, as: UTF8.self))
    }

    /// A new code from the system's secure random source.
    public static func random() -> ResumeCode {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    private init(checked characters: String) {
        self.characters = characters
    }

    /// Reads a code as a customer typed it or the queue file keeps it; nil when it cannot be one.
    public init?(_ text: some StringProtocol) {
        var bytes: [UInt8] = []
        for byte in text.utf8 where byte != UInt8(ascii: "-") && byte != UInt8(ascii: " ") {
            var upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            switch upper {
            case UInt8(ascii: "O"): upper = UInt8(ascii: "0")
            case UInt8(ascii: "I"), UInt8(ascii: "L"): upper = UInt8(ascii: "1")
            default: break
            }
            guard Self.alphabet.contains(upper), bytes.count < Self.length else { return nil }
            bytes.append(upper)
        }
        guard bytes.count == Self.length else { return nil }
        characters = String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `other` is this code (`sameSecret`: a code is a password).
    public func matches(_ other: ResumeCode) -> Bool {
        sameSecret(characters.utf8, other.characters.utf8)
    }

    /// As shown to the customer: `7KQ2M-X9D4P`.
    public var description: String {
        String(characters.prefix(Self.length / 2)) + "-" + String(characters.suffix(Self.length / 2))
    }
}
