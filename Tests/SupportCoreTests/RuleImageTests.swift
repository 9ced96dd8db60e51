import Foundation
import SupportCore
import SupportDefaults
import Testing

/// The default rules start from the image the build compiled them into; these tests hold that
/// image to the rules compiled from their text, and the format to refusing what it cannot read.
@Suite struct RuleImageTests {
    static let compiledAtBuild: RuleSet = try! DefaultIntents.compiledRules()

    /// Messages that reach every part of the tables: exact words, phrases, typos, joined words, a
    /// word and its number, repeated letters, Chinese in both scripts, mixed, and nothing at all.
    static let probes = [
        "I was charged twice for my subscription", "refnud please", "cancellationcharges", "office365 keeps crashing",
        "pleeease help, outlook wont open", "Outlook 一直無法連線", "我想退款", "我想退款吧", "电脑很慢", "hi", "", "asdfgh qwerty",
        "how do i reset my password", "can I talk to a human", "the vpn disconnects every hour", "KB5034441 failed to install",
        "is teams included Sent from my iPhone", "Sent from my iPhone",
    ]

    @Test func theBuildsImageIsTheRulesCompiledFromTheEmbeddedFiles() throws {
        let image = Self.compiledAtBuild
        #expect(image.statistics.description == defaultRules.statistics.description)
        #expect(image.files == defaultRules.files)
        #expect(image.settings == defaultRules.settings)
        #expect(image.intents.count == defaultRules.intents.count)
        for (a, b) in zip(image.intents, defaultRules.intents) {
            #expect(a.name == b.name && a.category == b.category && a.location == b.location && a.priority == b.priority)
            #expect(a.triggers.map { "\($0.source) \($0.location) \($0.weight) \($0.isNegative)" }
                    == b.triggers.map { "\($0.source) \($0.location) \($0.weight) \($0.isNegative)" })
            #expect(a.samples.map { "\($0.text) \($0.location)" } == b.samples.map { "\($0.text) \($0.location)" })
        }
        // Every byte: written again, the image read back is the image of the compiled rules.
        #expect(firstDifference(image.image(), defaultRules.image()) == nil)
    }

    @Test func theBuildsImageClassifiesEveryFixtureAsTheCompiledRulesDo() {
        let fromImage = Matcher(rules: Self.compiledAtBuild), compiled = Matcher(rules: defaultRules)
        let messages = (ClassifierQualityTests.fixture.entries + ClassifierQualityTests.chinese.entries).map(\.text)
        var differing: [String] = []
        for message in messages + Self.probes where fromImage.classify(message) != compiled.classify(message) {
            differing.append(message)
        }
        #expect(differing.isEmpty, "\(differing.count) messages classified differently, first: \(differing.prefix(5))")
        for message in Self.probes {
            #expect(fromImage.explain(message).description == compiled.explain(message).description)
        }
    }

    @Test func aRuleSetReadBackFromItsImageIsTheSameRuleSet() throws {
        let rules = try compile("""
            forms pay: paid
            concept ~opening: hi hello
            concept ~signoff: "sent from my iphone"
            concept ~closing: thanks
            concept ~signer: manager
            concept ~money: refund "money back" 退款
            concept ~slow: slow 很慢
            category billing
            intent refund
              match: ~money
              match: charged *4 twice
              match 0.6: [invoice receipt] copy
              not: no refund
              sample: I want my money back
            category connectivity
            intent vpn
              priority 2
              weight 0.9
              match: vpn {keeps} [drops disconnects]
              match: <vpn 無法 連線>
              match: <vpn ~slow *2>
              match: ^ *1 vpn $
              sample: the vpn disconnects
            """)
        let image = rules.image()
        let read = try image.withUnsafeBytes { try RuleSet(image: $0) }
        #expect(firstDifference(read.image(), image) == nil)
        #expect(read.statistics.description == rules.statistics.description)
        let a = Matcher(rules: rules), b = Matcher(rules: read)
        for message in ["I paid and want a refnud", "I was charged for it twice", "invoice copy", "no refund, just asking",
                        "vpn drops", "VPN 一直无法连线", "slow, the vpn", "vpn 很慢", "vpn is not slow", "moneyback please", "nothing to see",
                        "vpn sent from my iphone", "vpn thanks, Ben, manager"] {
            #expect(a.classify(message) == b.classify(message), "\(message)")
            #expect(a.explain(message).description == b.explain(message).description)
        }
    }

    @Test func aDamagedImageIsRefusedNotMisread() throws {
        let image = try compile("category billing\nintent refund\n  match: refund\n").image()
        func read(_ bytes: [UInt8]) -> RuleImageError? {
            let result = bytes.withUnsafeBytes { raw in Result { () throws(RuleImageError) in try RuleSet(image: raw) } }
            if case .failure(let error) = result { return error }
            return nil
        }
        #expect(read(image) == nil)
        // Cut anywhere, it is short of something.
        for length in stride(from: 0, to: image.count, by: 7) {
            #expect(read(Array(image.prefix(length))) != nil, "cut at \(length) of \(image.count) bytes")
        }
        #expect(read(image + [0])?.message == "bytes left over after the rule set")
        #expect(read(Array("not an image at all, not at all".utf8))?.message == "not an image of compiled rules")
        let header = Array("supportbot rules".utf8).count
        var otherVersion = image
        otherVersion[header] &+= 1
        #expect(read(otherVersion)?.message.hasPrefix("format version") == true)
        // The byte-order mark (after the version, the word size and its own count) byte-swapped,
        // as an image written on a machine of the other byte order would hold it.
        var otherOrder = image
        let mark = header + 24
        otherOrder[mark..<mark + 8].reverse()
        #expect(read(otherOrder)?.message == "written on a machine of another byte order")
    }
}

/// Where two images first differ (the shorter one's length if one is the other's start), or nil:
/// a failure names an offset rather than printing megabytes.
func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
    if let offset = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset { return offset }
    return a.count == b.count ? nil : min(a.count, b.count)
}
