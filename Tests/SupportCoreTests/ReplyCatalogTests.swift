@testable import SupportCore
import Testing

@Suite struct ReplyCatalogTests {
    private func catalog(_ english: String, _ traditional: String = "") -> ReplyCatalog {
        var files = [RuleFile(path: "replies/en.replies", contents: english)]
        if !traditional.isEmpty { files.append(RuleFile(path: "replies/zh-Hant.replies", contents: traditional)) }
        return ReplyCatalog.parse(files).0
    }

    @Test func placeholdersAreFilled_unknownOnesStayAsWritten() {
        let replies = catalog("greeting: Hi {name}, {unknown} and {name}{x} {half\n")
        #expect(replies.text(.greeting, .english, ["name": "Amy", "x": "!"]) == "Hi Amy, {unknown} and Amy! {half")
        #expect(replies.text(.greeting, .english) == "Hi {name}, {unknown} and {name}{x} {half")
        #expect(replies.text(.greeting, .english, ["name": "{x}"]) == "Hi {x}, {unknown} and {x}{x} {half")  // values are not filled again
    }

    @Test func simplifiedIsFoldedFromTraditional_englishStandsIn() {
        let replies = catalog("greeting: Hello {name}\nanswer.ask: Did that help?\n", "greeting: 您好 {name}，請稍候\n")
        #expect(replies.text(.greeting, .simplifiedChinese, ["name": "王"]) == "您好 王，请稍候")
        #expect(replies.text(.greeting, .traditionalChinese, ["name": "王"]) == "您好 王，請稍候")
        #expect(replies.text(.answerAsk, .simplifiedChinese) == "Did that help?")
    }

    @Test func intentReplies_continueAndFallBackLikeTheOthers_missingOnesAreListed() {
        let (replies, diagnostics) = ReplyCatalog.parse([
            RuleFile(path: "replies/en.replies", contents: "intent.unknown.about_bot: A bot.\n  Type /human.\nintent.unknown.banking: Ask your bank.\n"),
            RuleFile(path: "replies/zh-Hant.replies", contents: "intent.unknown.about_bot: 我是機器人。\n"),
        ])
        #expect(diagnostics.filter { !$0.message.hasSuffix("is missing") }.isEmpty)  // no fixed keys here: only those are missing
        #expect(replies.text(forIntent: "unknown.about_bot", .english) == "A bot.\nType /human.")
        #expect(replies.text(forIntent: "unknown.about_bot", .traditionalChinese) == "我是機器人。")
        #expect(replies.text(forIntent: "unknown.about_bot", .simplifiedChinese) == "我是机器人。")
        #expect(replies.text(forIntent: "unknown.banking", .traditionalChinese) == "Ask your bank.")
        #expect(replies.text(forIntent: "unknown.shopping", .english) == nil)
        #expect(replies.missingTranslations.contains { $0.0 == .traditionalChinese && $0.1 == "intent.unknown.banking" })
        #expect(!replies.missingTranslations.contains { $0.1 == "intent.unknown.about_bot" })
        #expect(replies.intentReplyLocations.map(\.intent) == ["unknown.about_bot", "unknown.banking"])
        #expect(replies.intentReplyLocations.map(\.location.description) == ["replies/en.replies:1:8", "replies/en.replies:3:8"])
    }

    @Test func anIntentReplyGivenTwice_orOnlyInChinese_isReported() {
        let (_, diagnostics) = ReplyCatalog.parse([RuleFile(path: "replies/en.replies", contents: "intent.unknown.x: a\nintent.unknown.x: b\n"),
                                                   RuleFile(path: "replies/zh-Hant.replies", contents: "intent.unknown.x: 甲\nintent.unknown.y: 乙\n")])
        #expect(diagnostics.contains { $0.description.hasPrefix("replies/en.replies:2:1: reply 'intent.unknown.x' is given twice") })
        #expect(diagnostics.contains { $0.description.hasPrefix("replies/zh-Hant.replies:2:8: reply 'intent.unknown.y' has no English text in en.replies") })
        #expect(!diagnostics.contains { $0.message.contains("'intent.unknown.x' has no English") })
    }

    @Test func trimmingBlanks_dropsSpacesAndTabsAtBothEnds_only() {
        #expect(" \t 你好 world\t ".trimmingBlanks() == "你好 world")
        #expect("as is".trimmingBlanks() == "as is")
        #expect(" \t ".trimmingBlanks() == "")
        #expect("\u{3000}全形\n".trimmingBlanks() == "\u{3000}全形\n")  // other white space stays
    }
}
