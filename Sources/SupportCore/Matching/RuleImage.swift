/// A compiled rule set written out as bytes, so the default rules can be compiled when the binary
/// is built and loaded at start-up without parsing or compiling (BENCHMARKS.md, twenty-fourth
/// session): the tables the matcher reads are copied back as they were, not rebuilt.
///
/// The format is private to one build of supportbot: the build writes it with the same code that
/// reads it, so it has no compatibility to keep. The header still names the format's version and
/// the machine's byte order and word size, so an image from elsewhere is refused, not misread.
///
/// Layout: the header, then values one after another. Integers are little-endian eight bytes;
/// arrays of integers are their count and their elements' bytes in the machine's own order (the
/// header's byte-order mark tells), starting at a multiple of eight.
enum RuleImage {
    static let magic: [UInt8] = Array("supportbot rules".utf8)
    /// Bump whenever anything written changes.
    static let version = 6
}

/// Integers an image stores as raw memory: no padding, every bit pattern valid.
protocol ImageScalar: BitwiseCopyable {}
extension UInt8: ImageScalar {}
extension UInt32: ImageScalar {}
extension UInt64: ImageScalar {}
extension Int32: ImageScalar {}
extension Int: ImageScalar {}

/// Why an image could not be read. Only a build that mixed two versions of supportbot, or a file
/// damaged on disk, gets one; whoever loads an image then compiles the rules from their text.
public struct RuleImageError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { "compiled rules: \(message)" }
}

struct ImageWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes += RuleImage.magic
        int(RuleImage.version)
        int(MemoryLayout<Int>.size)
        scalars([Self.byteOrderMark])
    }

    /// Written as raw memory, like the arrays: it reads back as itself only where the bytes of an
    /// integer are in the same order (integers written with `int` are little-endian everywhere).
    static let byteOrderMark: UInt64 = 0x0102_0304_0506_0708

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }

    mutating func bool(_ value: Bool) {
        int(value ? 1 : 0)
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { scalars($0) }
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    mutating func scalars<T: ImageScalar>(_ values: [T]) {
        values.withUnsafeBufferPointer { scalars($0) }
    }

    mutating func scalars<T: ImageScalar>(_ values: UnsafeBufferPointer<T>) {
        int(values.count)
        while bytes.count % 8 != 0 { bytes.append(0) }
        bytes += UnsafeRawBufferPointer(values)
    }

    mutating func bools(_ values: UnsafeBufferPointer<Bool>) {
        scalars(values.map { $0 ? 1 as UInt8 : 0 })
    }
}

struct ImageReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    /// Checks the header; the reader then stands at the first value.
    init(_ bytes: UnsafeRawBufferPointer) throws(RuleImageError) {
        self.bytes = bytes
        guard bytes.count >= RuleImage.magic.count, bytes.prefix(RuleImage.magic.count).elementsEqual(RuleImage.magic) else {
            throw RuleImageError(message: "not an image of compiled rules")
        }
        offset = RuleImage.magic.count
        let version = try int()
        guard version == RuleImage.version else {
            throw RuleImageError(message: "format version \(version), this supportbot reads version \(RuleImage.version)")
        }
        guard try int() == MemoryLayout<Int>.size else { throw RuleImageError(message: "written on a machine of another word size") }
        guard try scalars(UInt64.self) == [ImageWriter.byteOrderMark] else { throw RuleImageError(message: "written on a machine of another byte order") }
    }

    var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ count: Int) throws(RuleImageError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else { throw RuleImageError(message: "cut short at byte \(offset)") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    mutating func int() throws(RuleImageError) -> Int {
        Int(Int64(littleEndian: try take(8).loadUnaligned(as: Int64.self)))
    }

    /// A count or an index: not negative, and at most `limit`.
    mutating func count(atMost limit: Int = Int(Int32.max)) throws(RuleImageError) -> Int {
        let value = try int()
        guard value >= 0, value <= limit else { throw RuleImageError(message: "a count of \(value) at byte \(offset - 8)") }
        return value
    }

    mutating func double() throws(RuleImageError) -> Double {
        Double(bitPattern: UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self)))
    }

    mutating func bool() throws(RuleImageError) -> Bool {
        try int() != 0
    }

    mutating func string() throws(RuleImageError) -> String {
        let count = try count()
        offset = (offset + 7) & ~7
        return String(decoding: try take(count), as: UTF8.self)
    }

    mutating func strings() throws(RuleImageError) -> [String] {
        let count = try count()
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try string()) }
        return values
    }

    /// The raw bytes of `count` values of `T`, after the padding to a multiple of eight.
    private mutating func scalarBytes<T: ImageScalar>(_: T.Type) throws(RuleImageError) -> (count: Int, bytes: UnsafeRawBufferPointer) {
        let count = try count()
        offset = (offset + 7) & ~7
        guard offset <= bytes.count else { throw RuleImageError(message: "cut short at byte \(offset)") }
        let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard !overflow else { throw RuleImageError(message: "a count of \(count) at byte \(offset)") }
        return (count, try take(size))
    }

    mutating func scalars<T: ImageScalar>(_ type: T.Type = T.self) throws(RuleImageError) -> [T] {
        let (count, raw) = try scalarBytes(T.self)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            initialized = count
        }
    }

    /// The values copied straight into a frozen buffer.
    mutating func frozen<T: ImageScalar>(_ type: T.Type = T.self, in store: inout FrozenStore) throws(RuleImageError) -> UnsafeBufferPointer<T> {
        let (count, raw) = try scalarBytes(T.self)
        return store.freeze(count: count) { UnsafeMutableRawBufferPointer($0).copyMemory(from: raw) }
    }

    mutating func bools(in store: inout FrozenStore) throws(RuleImageError) -> UnsafeBufferPointer<Bool> {
        let (count, raw) = try scalarBytes(UInt8.self)
        return store.freeze(count: count) { buffer in
            for i in 0..<count { buffer[i] = raw[i] != 0 }
        }
    }
}
