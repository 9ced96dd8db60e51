@testable import SupportCore
import Testing

@Suite struct JSONValueTests {
    @Test func readsObjectsArraysAndScalars() {
        let value = JSONValue.parse(#" { "a" : [1, -2.5e3, true, false, null, "x"], "b": {}, "c": [] } "#)
        #expect(value == .object([
            "a": .array([.number(1), .number(-2500), .bool(true), .bool(false), .null, .string("x")]),
            "b": .object([:]), "c": .array([]),
        ]))
    }

    @Test func decodesEveryEscape_andCharactersOutsideTheBasicPlane() {
        #expect(JSONValue.parse(#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \u4F60 \ud83d\ude00""#) == .string("q\" b\\ s/ \u{08}\u{0C}\n\r\t é 你 😀"))
        #expect(JSONValue.parse("\"登入不了\"") == .string("登入不了"))  // UTF-8 as it is
    }

    @Test func refusesWhatIsNotExactlyOneValue() {
        for text in ["", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "\"open", "\"tab\there\"", "01", "1.", "-", ".5",
                     "\"\\x\"", "\"\\ud83d\"", "\"\\ud83d\\u0041\"", "nul", "{} {}", "[1] x", "{a:1}"] {
            #expect(JSONValue.parse(text) == nil, "\(text)")
        }
    }

    @Test func refusesNestingBeyondTheLimit() {
        let deep = String(repeating: "[", count: JSONValue.maximumDepth + 1) + String(repeating: "]", count: JSONValue.maximumDepth + 1)
        #expect(JSONValue.parse(deep) == nil)
        let limit = String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect(JSONValue.parse(limit) != nil)
    }
}
