import SupportCore
import SupportDefaults
import Testing

@Suite struct KnowledgeStoreTests {
    private let store = defaultBundle.knowledge

    @Test func exportQuestion_findsTheExportArticle_notAnyHowto() {
        let ranked = store.rank("how do I export all my users", category: .howto, intent: nil, language: .english)
        #expect(ranked.first?.id == "howto-export-users")
        #expect(ranked.allSatisfy { $0.category == .howto && $0.language == .english })
    }

    @Test func wordsRankArticlesWithoutAnIntent() {
        #expect(store.rank("recover an email I deleted", category: .howto, intent: nil, language: .english).first?.id == "howto-recover-deleted")
        #expect(store.rank("add the MX record", category: .configuration, intent: nil, language: .english).first?.id == "configuration-dns-records")
        #expect(store.rank("打印机驱动", category: .connectivity, intent: nil, language: .simplifiedChinese).first?.id == "connectivity-printer")
    }

    @Test func wordsAreFoundByTheirStems_amongWordsOfOtherScripts() {
        // Ranking stems on bytes: "printers" finds the term "printer"; words that mix a
        // three-byte letter with ASCII are no Chinese characters to pair.
        for message in ["printers", "my printers क1 한a € keep failing", "PRINTERS!!"] {
            #expect(store.rank(message, category: .connectivity, intent: nil, language: .english).first?.id == "connectivity-printer", "\(message)")
        }
        #expect(store.rank("打印機驅動", category: .connectivity, intent: nil, language: .traditionalChinese).first?.id == "connectivity-printer")
        // Without those words the printer article is not the first: the words above decided it.
        #expect(store.rank("क1 한a € keep failing", category: .connectivity, intent: nil, language: .english).first?.id != "connectivity-printer")
    }

    @Test func aWordAndItsForms_findTheSameTerm() {
        // "shared", "share" and "sharing" all stem to "shar", "licences" and "licence" to
        // "licenc": an article's keyword in one form is found by a message in another.
        func article(_ id: String, keywords: [String]) -> Article {
            Article(id: id, title: id, category: .howto, intents: [], keywords: keywords, language: .english, body: "",
                    location: SourceLocation(file: id, line: 1), intentsLocation: SourceLocation(file: id, line: 1))
        }
        let store = KnowledgeStore(articles: [article("a", keywords: ["mailbox"]), article("b", keywords: ["share a calendar"]),
                                              article("c", keywords: ["buy a licence"])])
        for message in ["a shared calendar", "sharing", "shares"] {
            #expect(store.rank(message, category: .howto, intent: nil, language: .english).first?.id == "b", "\(message)")
        }
        #expect(store.rank("two more licences", category: .howto, intent: nil, language: .english).first?.id == "c")
    }

    @Test func anArticleSharingAWordOnlyInItsBody_isNotOffered() {
        // A body mentions much in passing: "Sharing settings" says "screen" nowhere in its title or
        // keywords, so a screen-sharing crash does not get it; "Screens" has the word in its title,
        // "Displays" in its keywords. Words of failing ("won't", "keeps") are no topic.
        func article(_ id: String, title: String, intents: [String] = [], keywords: [String] = [], body: String) -> Article {
            Article(id: id, title: title, category: .howto, intents: intents, keywords: keywords, language: .english, body: body,
                    location: SourceLocation(file: id, line: 1), intentsLocation: SourceLocation(file: id, line: 1))
        }
        let store = KnowledgeStore(articles: [
            article("sharing", title: "Sharing settings", intents: ["howto.sharing"], body: "Share a screen, a file or a calendar; the screen shows who sees it."),
            article("screens", title: "Screens and monitors", body: "A second monitor."),
            article("displays", title: "Displays", keywords: ["screen flickers"], body: "Drivers."),
            article("vpn", title: "When the VPN won't connect", keywords: ["keeps dropping"], body: "Restart it."),
        ])
        let ranked = store.rank("the screen keeps flickering and won't wake", category: .howto, intent: nil, language: .english)
        #expect(Set(ranked.map(\.id)) == ["screens", "displays"], "\(ranked.map(\.id))")
        // Written for the intent, an article is offered whatever it shares.
        #expect(store.rank("the screen keeps flickering", category: .howto, intent: "howto.sharing", language: .english).first?.id == "sharing")
    }

    @Test func articlesForTheIntentComeFirst() {
        let ranked = store.rank("printer", category: .connectivity, intent: "connectivity.vpn", language: .english)
        #expect(ranked.first?.id == "connectivity-vpn")
        #expect(ranked.dropFirst().first?.id == "connectivity-printer")
    }

    @Test func onceTheWordsFoundAnArticle_theIntentAloneOffersNoMore() {
        // connectivity.network has articles on password prompts, Wi-Fi and proxies, and Outlook
        // offline: after the one the words name failed, the one on Outlook (named too) may help,
        // the one on Wi-Fi would be a guess. 一直 ("keeps"), in the Wi-Fi article's keyword 一直斷線,
        // names nothing.
        for (message, language) in [("outlook keeps asking for my password", Language.english), ("我的outlook一直要求输入密码", .simplifiedChinese)] {
            let ranked = store.rank(message, category: .connectivity, intent: "connectivity.network", language: language)
            #expect(ranked.map(\.id) == ["connectivity-password-prompts", "connectivity-outlook-offline"], "\(message): \(ranked.map(\.id))")
        }
        // With the session's limit of three, an article the words name still follows, however many
        // of the intent's own ranked above it before the cut.
        func article(_ id: String, intents: [String], keywords: [String]) -> Article {
            Article(id: id, title: id, category: .howto, intents: intents, keywords: keywords, language: .english, body: "",
                    location: SourceLocation(file: id, line: 1), intentsLocation: SourceLocation(file: id, line: 1))
        }
        let shelf = KnowledgeStore(articles: [
            article("a-password", intents: ["howto.x"], keywords: ["password prompts"]),
            article("b", intents: ["howto.x"], keywords: ["wifi"]), article("c", intents: ["howto.x"], keywords: ["proxy"]),
            article("d", intents: ["howto.x"], keywords: ["printer"]), article("e-password", intents: [], keywords: ["password expiry"]),
        ])
        #expect(shelf.rank("it keeps asking for my password", category: .howto, intent: "howto.x", language: .english, limit: 3)
            .map(\.id) == ["a-password", "e-password"])
        // Words that name none of them leave the intent's articles, in their files' order.
        let ranked = store.rank("it is broken", category: .connectivity, intent: "connectivity.network", language: .english)
        #expect(ranked.count == 3, "\(ranked.map(\.id))")
    }

    @Test func articlesNeitherForTheIntentNorSharingAWord_areNotOffered() {
        // Offered after the right article failed, such an article is a guess ("Cancelling a
        // subscription" after the one on double charges); the dialogue offers a person instead.
        let ranked = store.rank("wibble wobble", category: .billing, intent: "billing.unexpected_charge", language: .english)
        #expect(ranked.map(\.id) == ["billing-unexpected-charges"])
        #expect(store.rank("wibble wobble", category: .billing, intent: nil, language: .english).isEmpty)
        #expect(store.rank("呵呵", category: .billing, intent: nil, language: .simplifiedChinese).isEmpty)
    }

    @Test func chineseCustomersGetChineseArticles_foldedForSimplified() throws {
        let article = try #require(store.rank("发票", category: .billing, intent: "billing.invoice", language: .simplifiedChinese).first)
        #expect(article.language == .traditionalChinese)
        #expect(article.title(for: .simplifiedChinese) == "下载发票与收据")
        #expect(article.title(for: .traditionalChinese) == "下載發票與收據")
    }

    @Test func everySupportCategoryHasThreeArticlesInEachLanguage() {
        for category in Category.allCases where category.isSupport {
            for chinese in [false, true] {
                let count = store.articles.filter { $0.category == category && $0.language.isChinese == chinese }.count
                #expect(count >= 3, "\(category) \(chinese ? "Chinese" : "English")")
            }
        }
    }

    @Test func badArticleFiles_areReportedWithTheirLine() {
        func errors(_ text: String) -> [String] {
            var files = DefaultIntents.ruleFiles
            files.append(RuleFile(path: "Intents/articles/x.md", contents: text))
            do { _ = try SupportBundle.load(files); return [] } catch { return error.diagnostics.map(\.description) }
        }
        #expect(errors("no header")[0].hasPrefix("Intents/articles/x.md:1:1: an article starts with a header"))
        #expect(errors("---\nid: x\ntitle: X\ncategory: billing\nlanguage: en\nintents: billing.refnud\n---\ntext\n")[0]
            .hasPrefix("Intents/articles/x.md:6:10: unknown intent 'billing.refnud' (did you mean 'billing.refund'?)"))
        #expect(errors("---\nid: x\ntitle: X\ncategory: human\nlanguage: en\n---\ntext\n")[0].contains(":4:11: an article belongs to a support category"))
        #expect(errors("---\nid: x\ntitle: X\ncategory: billing\nlanguage: en\ncolour: red\n---\ntext\n")[0].contains(":6:1: unknown header field 'colour'"))
        #expect(errors("---\nid: x\ntitle: X\ncategory: billing\nlanguage: en\n---\n\n")[0].contains("no text after its header"))
        #expect(errors("---\nid: billing-refunds\ntitle: X\ncategory: billing\nlanguage: en\n---\ntext\n")[0].contains("is already defined in"))
    }

    @Test func badReplyAndWordFiles_areReportedWithTheirLine() {
        var files = DefaultIntents.ruleFiles.filter { !$0.path.hasSuffix("en.replies") }
        files.append(RuleFile(path: "Intents/replies/en.replies", contents: "greting: hi\nintent.unknown.bankng: Ask your bank.\nintent.billing.refund: Refunds take a week.\n"))
        do {
            _ = try SupportBundle.load(files)
            Issue.record("expected errors")
        } catch {
            let text = error.diagnostics.map(\.description)
            #expect(text.contains { $0.hasPrefix("Intents/replies/en.replies:1:1: unknown reply 'greting' (did you mean 'greeting'?)") })
            #expect(text.contains { $0.contains("reply 'help' is missing") })
            #expect(text.contains { $0.hasPrefix("Intents/replies/en.replies:2:8: a reply for unknown intent 'unknown.bankng' (did you mean 'unknown.banking'?)") })
            #expect(text.contains { $0.hasPrefix("Intents/replies/en.replies:3:8: 'billing.refund' is in category billing; only unknown and smalltalk intents have a reply") })
        }
        var words = DefaultIntents.ruleFiles.filter { !$0.path.hasSuffix("dialogue.txt") }
        words.append(RuleFile(path: "Intents/dialogue.txt", contents: "[services]\nExchange: exchange\n[colours]\nred\n"))
        do {
            _ = try SupportBundle.load(words)
            Issue.record("expected errors")
        } catch {
            let text = error.diagnostics.map(\.description)
            #expect(text.contains { $0.hasPrefix("Intents/dialogue.txt:3:1: unknown section '[colours]'") })
            #expect(text.contains { $0.contains("the section [yes] is missing") })
        }
    }
}
