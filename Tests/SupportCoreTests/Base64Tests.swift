@testable import SupportDefaults
import Testing

/// The decoder the default rules' image goes through at every start.
@Suite struct Base64Tests {
    func decode(_ text: String) -> [UInt8]? {
        Array(text.utf8).withUnsafeBufferPointer { Base64.decode($0) }
    }

    @Test func decodesTheStandardVectors() {
        // RFC 4648, section 10.
        for (text, plain) in [("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"),
                              ("Zm9vYmE=", "fooba"), ("Zm9vYmFy", "foobar")] {
            #expect(decode(text) == Array(plain.utf8), "\(text)")
        }
        #expect(decode("AP8A/w+/") == [0x00, 0xFF, 0x00, 0xFF, 0x0F, 0xBF])
    }

    @Test func refusesWhatIsNotBase64() {
        for text in ["Zm9", "Zm9v\n", "Zm 9", "Zm9-", "Z===", "Zg=a", "=Zm9", "Zm9vYmFy\u{00E9}A=="] {
            #expect(decode(text) == nil, "\(text)")
        }
    }
}
