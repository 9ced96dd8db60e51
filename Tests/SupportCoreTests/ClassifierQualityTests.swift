import Foundation
import SupportCore
import Testing

/// The bar of the rules-engine issue, held on the project's own labeled messages (written for
/// this project, English and Chinese, at least 40 a category): macro-F1 at least 0.85 and at most
/// 5% of out-of-scope messages accepted.
@Suite struct ClassifierQualityTests {
    static let fixture = load("labeled-messages")
    /// Chinese only, in the styles of the public sets (requests translated from banking, retail and
    /// helpdesk wording as well as colloquial ones), both scripts.
    static let chinese = load("chinese-messages")

    static func load(_ name: String) -> LabeledMessages {
        let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Fixtures")!
        return try! LabeledMessages(parsing: String(contentsOf: url, encoding: .utf8), path: url.path)
    }

    @Test func fixture_hasFortyMessagesPerCategory_inEnglishAndChinese() {
        for category in Category.allCases {
            let messages = Self.fixture.entries.filter { $0.label == category }
            let chinese = messages.filter { $0.text.unicodeScalars.contains { HanFolding.isIdeograph($0.value) } }
            #expect(messages.count >= 40, "\(category)")
            #expect(chinese.count >= 5, "\(category)")
        }
    }

    @Test(arguments: ["labeled-messages", "chinese-messages"])
    func defaultRules_reachTheQualityBarOnTheFixture(_ name: String) {
        let matcher = Matcher(rules: defaultRules)
        let rows = Self.load(name).entries.map { entry in
            let result = matcher.classify(entry.text)
            return Evaluation.Row(text: entry.text, expected: entry.label, predicted: result.category, intent: nil, confidence: result.confidence)
        }
        let evaluation = Evaluation(rows)
        let misses = evaluation.wrong.map { "expected \($0.expected), got \($0.predicted): \($0.text)" }.joined(separator: "\n")
        #expect(evaluation.macroF1 >= 0.85, "\(evaluation.summaryLine)\n\(misses)")
        #expect(evaluation.outOfScopeFalseAccept <= 0.05, "\(evaluation.summaryLine)")
    }

    /// A slip of the keyboard should not lose a message. Every English fixture message, with the
    /// second and third letters of its first word of four to seven letters swapped ("cahrge",
    /// "lgoin", "poen"), keeps its label nearly always: 0.929 when only words of five letters or
    /// more were corrected, 0.989 since four-letter words take swaps too.
    @Test func defaultRules_readTheFixturesThroughSwappedLetters() {
        let matcher = Matcher(rules: defaultRules)
        var rows: [Evaluation.Row] = []
        for entry in Self.fixture.entries {
            var words = entry.text.split(separator: " ", omittingEmptySubsequences: false).map { Array($0) }
            guard let i = words.firstIndex(where: { word in
                (4...7).contains(word.count) && word.allSatisfy { $0.isASCII && $0.isLetter } && word[1] != word[2]
            }) else { continue }
            words[i].swapAt(1, 2)
            let text = words.map { String($0) }.joined(separator: " ")
            let result = matcher.classify(text)
            rows.append(Evaluation.Row(text: text, expected: entry.label, predicted: result.category, intent: nil, confidence: result.confidence))
        }
        let evaluation = Evaluation(rows)
        #expect(rows.count > 6_000)
        #expect(evaluation.accuracy >= 0.97, "\(evaluation.summaryLine)")
    }

    /// A greeting before a request or a courtesy after it says nothing about the request. Every
    /// fixture message of a support category or `human` (out-of-scope ones with "thanks" after
    /// them are thanks, by the public sets' labels), with one of these around it in turn, keeps
    /// its label nearly always: 0.9951 before `~closing` and the openings of asking leave
    /// (麻烦问一下) and of the desk (客服你好), 0.9998 since, over all of them on every message.
    @Test func defaultRules_readTheFixturesThroughCourtesies() {
        let english = ["hi, %@", "Hey there! %@", "btw %@", "%@, thanks", "%@ please", "%@. Thanks in advance!", "%@ asap"]
        let chinese = ["你好，%@", "在吗？%@", "麻烦问一下，%@", "客服你好，%@", "%@，谢谢", "%@，麻烦了"]
        let matcher = Matcher(rules: defaultRules)
        var rows: [Evaluation.Row] = []
        for (index, entry) in (Self.fixture.entries + Self.chinese.entries).enumerated() where entry.label.isSupport || entry.label == .human {
            let isChinese = entry.text.unicodeScalars.contains { HanFolding.isIdeograph($0.value) }
            let forms = isChinese ? chinese : english
            let form = forms[index % forms.count]
            var bare = Substring(entry.text)
            while let last = bare.last, ".!?。！？".contains(last) { bare = bare.dropLast() }
            let text = form.replacingOccurrences(of: "%@", with: form.hasPrefix("%@") ? String(bare) : entry.text)
            let result = matcher.classify(text)
            rows.append(Evaluation.Row(text: text, expected: entry.label, predicted: result.category, intent: nil, confidence: result.confidence))
        }
        let evaluation = Evaluation(rows)
        let misses = evaluation.wrong.prefix(20).map { "expected \($0.expected), got \($0.predicted): \($0.text)" }.joined(separator: "\n")
        #expect(rows.count > 20_000)
        #expect(evaluation.accuracy >= 0.998, "\(evaluation.summaryLine)\n\(misses)")
    }

    /// A mail app's line appended to a message says nothing about it. Every fixture message, with one
    /// of these after it in turn, gets what it gets without: 173 of 2,800 messages so perturbed changed
    /// their label before `~signoff` (BENCHMARKS.md, fifty-first session). A message that itself ends
    /// with such words would lose them too; no fixture does.
    @Test func defaultRules_readTheFixturesThroughAMailAppsSignoff() {
        let english = [" Sent from my iPhone", " Get Outlook for Android", " Sent from my Samsung Galaxy smartphone", " Sent from Mail for Windows"]
        let chinese = [" 发自我的iPhone", " 從我的 iPhone 傳送", " 发自我的华为手机"]
        let matcher = Matcher(rules: defaultRules)
        var changed: [String] = [], count = 0
        for (index, entry) in (Self.fixture.entries + Self.chinese.entries).enumerated() {
            let isChinese = entry.text.unicodeScalars.contains { HanFolding.isIdeograph($0.value) }
            let lines = isChinese ? chinese : english
            let text = entry.text + lines[index % lines.count]
            let bare = matcher.classify(entry.text)
            if matcher.classify(text) != bare { changed.append(text) }
            count += 1
        }
        #expect(count > 35_000)
        #expect(changed.isEmpty, "\(changed.count) changed, first: \(changed.prefix(5))")
    }

    /// A name, a role and a firm after the message's last courtesy say nothing about it. Every fixture
    /// message that ends in thanks or regards, with one of these signatures after it in turn, gets
    /// what it gets without: 29 to 53 of the 222 changed before `~signer` (BENCHMARKS.md,
    /// fifty-second session), most of them read as thanks or as a manager asked for.
    @Test func defaultRules_readTheFixturesThroughASignature() {
        let signatures = [", Ben, account manager", " - Priya, Office Manager, Smith & Co Ltd", ", the admin team", " Mr Patel, Director", " Dave (Operations)"]
        let courtesies = ["thanks", "thank you", "regards", "cheers", "谢谢", "謝謝"]
        func endsInCourtesy(_ text: String) -> Bool {
            let bare = text.lowercased().reversed().drop { ".!。！".contains($0) }
            return courtesies.contains { bare.starts(with: $0.reversed()) }
        }
        let matcher = Matcher(rules: defaultRules)
        var changed: [String] = [], count = 0
        for entry in Self.fixture.entries + Self.chinese.entries where endsInCourtesy(entry.text) {
            let bare = matcher.classify(entry.text)
            for signature in signatures where matcher.classify(entry.text + signature) != bare {
                changed.append(entry.text + signature)
            }
            count += 1
        }
        #expect(count > 200)
        #expect(changed.isEmpty, "\(changed.count) changed, first: \(changed.prefix(5))")
    }

    /// Fixture messages the default rules are known to get wrong, with the category they give.
    /// Kept short and explicit: a rule change that breaks another message, or mends one of these,
    /// shows up here by name rather than as a small drop in an average.
    /// An entry reads `"message": .category, // why it is left wrong`.
    static let knownMisses: [String: Category] = [
        // A refund from a shop is no reseller's business, but dev.tsv's banking rows label a seller's
        // refund as billing ("give me back my money, I'm not paying the sellers"): a `not:` for shops
        // would unlearn them. (Held-out session33-c.)
        "how do I get my money back from a shop": .billing,
    ]

    @Test(arguments: ["labeled-messages", "chinese-messages"])
    func everyFixtureMessage_keepsItsLabel_exceptTheKnownMisses(_ name: String) {
        let matcher = Matcher(rules: defaultRules)
        var changed: [String] = []
        for entry in Self.load(name).entries {
            let got = matcher.classify(entry.text).category
            let expected = Self.knownMisses[entry.text] ?? entry.label
            if got != expected {
                let note = Self.knownMisses[entry.text] == nil ? "labeled \(entry.label), got \(got)"
                                                               : "a known miss, now \(got): take it out of knownMisses if right"
                changed.append("\(note): \(entry.text)")
            }
        }
        #expect(changed.isEmpty, "\(changed.count) messages changed:\n\(changed.joined(separator: "\n"))")
    }
}
