/// Everything under `Intents/`, loaded and checked together: the rules, the help articles, the
/// bot's wording and the dialogue's word lists. Immutable and shared by every session; a reload
/// builds a new one and swaps it in only if it loads without a mistake.
public final class SupportBundle: Sendable {
    public let rules: RuleSet
    public let knowledge: KnowledgeStore
    public let replies: ReplyCatalog
    public let words: DialogueWords
    /// Each support category's name in every language as normalised words, for a customer who
    /// answers "which kind of problem?" by naming one.
    let categoryNameWords: [(category: Category, names: [[String]])]

    init(rules: RuleSet, knowledge: KnowledgeStore, replies: ReplyCatalog, words: DialogueWords) {
        self.rules = rules
        self.knowledge = knowledge
        self.replies = replies
        self.words = words
        categoryNameWords = Category.allCases.filter(\.isSupport).map { category in
            let names = Language.allCases.map { language in
                Normalizer.words(ReplyKey.category(category).map { replies.text($0, language) } ?? category.rawValue)
            }
            return (category, names)
        }
    }

    /// Loads a folder's files (any order); every mistake of every file is reported at once.
    /// `compiled`, when given, is the files' rules compiled already (the build's image of the
    /// default rules): the rule files are then not read again.
    public static func load(_ files: [RuleFile], root: String = "Intents", rules compiled: RuleSet? = nil) throws(RuleLoadError) -> SupportBundle {
        var diagnostics: [RuleDiagnostic] = []
        var rules = compiled
        if rules == nil {
            do {
                rules = try RuleSet.load(files.filter(\.isMatcherInput), root: root)
            } catch {
                diagnostics += error.diagnostics
            }
        }

        var articles: [Article] = []
        var seen: [String: SourceLocation] = [:]
        for file in files where file.kind == .article {
            let (article, found) = ArticleParser.parse(file)
            diagnostics += found
            guard let article else { continue }
            let key = article.id + "/" + (article.language.isChinese ? "zh" : "en")
            if let earlier = seen[key] {
                diagnostics.append(RuleDiagnostic("article '\(article.id)' in \(article.language.rawValue) is already defined in \(earlier.file)", at: SourceLocation(file: file.path, line: 2)))
                continue
            }
            seen[key] = article.location
            if let rules {
                for intent in article.intents where rules.intent(named: intent) == nil {
                    let known = rules.intents.filter { $0.category == article.category }.map(\.name)
                    diagnostics.append(RuleDiagnostic("unknown intent '\(intent)'\(suggestion(intent, known)) in the article's intents", at: article.intentsLocation))
                }
                for intent in article.intents {
                    if let info = rules.intent(named: intent), info.category != article.category {
                        diagnostics.append(RuleDiagnostic("intent '\(intent)' is in category \(info.category.rawValue), but the article is in \(article.category.rawValue)", at: article.intentsLocation))
                    }
                }
            }
            articles.append(article)
        }

        let (replies, replyDiagnostics) = ReplyCatalog.parse(files.filter { $0.kind == .replies })
        diagnostics += replyDiagnostics
        if let rules {
            let known = rules.intents.map(\.name)
            for (intent, location) in replies.intentReplyLocations {
                guard let info = rules.intent(named: intent) else {
                    diagnostics.append(RuleDiagnostic("a reply for unknown intent '\(intent)'\(suggestion(intent, known))", at: location))
                    continue
                }
                // A support intent answers with its articles and `human` hands off: their reply would never be said.
                if info.category != .unknown && info.category != .smalltalk {
                    diagnostics.append(RuleDiagnostic("'\(intent)' is in category \(info.category.rawValue); only unknown and smalltalk intents have a reply of their own (a support intent answers with its articles)", at: location))
                }
            }
        }

        var words = DialogueWords()
        if let file = files.first(where: { $0.kind == .dialogueWords }) {
            let (parsed, found) = DialogueWords.parse(file)
            words = parsed
            diagnostics += found
        } else {
            diagnostics.append(RuleDiagnostic("no dialogue.txt: the dialogue needs its word lists (services, yes, no, ...)", at: SourceLocation(file: root, line: 0)))
        }

        guard diagnostics.isEmpty, let rules else { throw RuleLoadError(diagnostics) }
        return SupportBundle(rules: rules, knowledge: KnowledgeStore(articles: articles), replies: replies, words: words)
    }

    /// The category's name in a language, as the dialogue says it.
    public func name(of category: Category, in language: Language) -> String {
        ReplyKey.category(category).map { replies.text($0, language) } ?? category.rawValue
    }
}
