/// Decodes the base64 the build writes the compiled rules in (`intents-embedder`): the binary
/// links no Foundation, and this is the only base64 it reads.
enum Base64 {
    /// 0...63 for the alphabet's letters, 0xFF for anything else.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, letter) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(letter)] = UInt8(value)
        }
        return table
    }()

    /// The bytes, or nil if `text` is not padded base64 without line breaks.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if text.isEmpty { return [] }
        guard text.count % 4 == 0, let input = text.baseAddress else { return nil }
        let padding = text[text.count - 1] != UInt8(ascii: "=") ? 0 : text[text.count - 2] != UInt8(ascii: "=") ? 1 : 2
        let groups = text.count / 4, count = groups * 3 - padding
        var invalid: UInt32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: groups * 3) { output, initialized in
            values.withUnsafeBufferPointer { values in
                // Each group of four letters is 24 bits; a letter outside the alphabet sets bit 6
                // or 7 of its value, collected in `invalid` and checked once at the end.
                @inline(__always) func value(_ letter: UInt8) -> UInt32 {
                    let v = UInt32(values[Int(letter)])
                    invalid |= v
                    return v
                }
                @inline(__always) func group(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> UInt32 {
                    value(a) &<< 18 | value(b) &<< 12 | value(c) &<< 6 | value(d)
                }
                let out = output.baseAddress!
                @inline(__always) func put(_ bits: UInt32, at g: Int) {
                    out[g &* 3] = UInt8(truncatingIfNeeded: bits &>> 16)
                    out[g &* 3 &+ 1] = UInt8(truncatingIfNeeded: bits &>> 8)
                    out[g &* 3 &+ 2] = UInt8(truncatingIfNeeded: bits)
                }
                var g = 0
                while g < groups &- 1 {
                    let i = g &* 4
                    put(group(input[i], input[i &+ 1], input[i &+ 2], input[i &+ 3]), at: g)
                    g &+= 1
                }
                // The last group's padding letters count as zeros ("A").
                let i = g * 4, zero = UInt8(ascii: "A")
                put(group(input[i], input[i + 1], padding == 2 ? zero : input[i + 2], padding >= 1 ? zero : input[i + 3]), at: g)
            }
            initialized = count
        }
        return invalid & 0xC0 == 0 ? bytes : nil
    }
}
