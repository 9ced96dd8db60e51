import SupportCore
import Testing

@Suite struct DialogueWordsTests {
    private let file = RuleFile(path: "dialogue.txt", contents: """
        [services]
        Exchange Online: exchange, outlook, mailbox, 郵件
        Microsoft Teams: teams, meeting
        [severity A]
        production down, nobody can work
        [severity B]
        some users, 部分
        [severity C]
        one user, question
        [frustration]
        useless, 垃圾, 沒用
        [not frustration]
        垃圾郵件, 也沒用
        [yes]
        yes
        [no]
        no
        [first]
        first
        [second]
        second
        """)

    @Test func servicesComeInTheOrderOfTheFile_eachOnce() throws {
        let (words, diagnostics) = DialogueWords.parse(file)
        #expect(diagnostics.isEmpty)
        #expect(words.servicesNamed(in: Normalizer.words("Teams meeting links in Outlook and my mailbox")) == ["Exchange Online", "Microsoft Teams"])
        #expect(words.servicesNamed(in: Normalizer.words("郵件收不到")) == ["Exchange Online"])
        #expect(words.servicesNamed(in: Normalizer.words("Microsoft Teams")) == ["Microsoft Teams"])  // the name itself
        #expect(words.servicesNamed(in: Normalizer.words("my printer")).isEmpty)
    }

    @Test func severity_isTheGravestImpactNamed() {
        let (words, _) = DialogueWords.parse(file)
        #expect(words.severityNamed(in: Normalizer.words("just a question, but production down since 9")) == .a)
        #expect(words.severityNamed(in: Normalizer.words("one user and some users")) == .b)
        #expect(words.severityNamed(in: Normalizer.words("只有部分同事")) == .b)
        #expect(words.severityNamed(in: Normalizer.words("production is slow")) == nil)  // a phrase needs all its words in a row
    }

    @Test func frustrationWords_insideAnExcusingPhrase_doNotCount() {
        let (words, _) = DialogueWords.parse(file)
        func frustrated(_ message: String) -> Bool {
            words.frustration.occurs(in: Normalizer.words(message), outside: words.notFrustration)
        }
        #expect(frustrated("this bot is useless"))
        #expect(frustrated("你們是垃圾"))
        #expect(!frustrated("垃圾邮件太多了"))  // spam: the excuse covers the word, in either script
        #expect(!frustrated("重開機也沒用"))  // "restarting did not help"
        #expect(frustrated("垃圾邮件太多了，你们真是垃圾"))  // a second, unexcused occurrence counts
        #expect(frustrated("真沒用"))  // the word outside any excuse still counts
    }
}
