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

    @Test func trimmingBlanks_dropsSpacesAndTabsAtBothEnds_only() {
        #expect(" \t 你好 world\t ".trimmingBlanks() == "你好 world")
        #expect("as is".trimmingBlanks() == "as is")
        #expect(" \t ".trimmingBlanks() == "")
        #expect("\u{3000}全形\n".trimmingBlanks() == "\u{3000}全形\n")  // other white space stays
    }
}
