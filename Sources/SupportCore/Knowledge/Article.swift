/// A help article under `Intents/articles/`: a small header, then the text shown to customers.
///
///     ---
///     id: billing-refunds
///     title: Refunds for unused licences
///     category: billing
///     intents: billing.refund
///     keywords: refund, money back, reimbursement
///     language: en
///     ---
///     Body text (plain text or light Markdown), shown as it is.
///
/// Translations share an `id`. Chinese articles are written in Traditional (`zh-Hant`) and shown
/// folded to Simplified to customers who write Simplified.
///
/// A class: ranking hands articles around on every answer, and a copy of a struct with eight
/// strings and lists costs eight reference counts where a class costs one.
public final class Article: Sendable, Equatable {
    public let id: String
    public let title: String
    public let category: Category
    public let intents: [String]
    public let keywords: [String]
    public let language: Language
    public let body: String
    public let location: SourceLocation
    /// Where the `intents:` line is, to point at an intent the rules do not define.
    public let intentsLocation: SourceLocation
    /// A Traditional article folded to Simplified once, not at every answer.
    private let simplified: [String]

    public init(id: String, title: String, category: Category, intents: [String], keywords: [String], language: Language,
                body: String, location: SourceLocation, intentsLocation: SourceLocation) {
        self.id = id
        self.title = title
        self.category = category
        self.intents = intents
        self.keywords = keywords
        self.language = language
        self.body = body
        self.location = location
        self.intentsLocation = intentsLocation
        simplified = language == .traditionalChinese ? [Language.simplifiedChinese.render(title), Language.simplifiedChinese.render(body)] : []
    }

    /// The article's text for a customer writing `language`.
    public func title(for language: Language) -> String { isFolded(for: language) ? simplified[0] : title }
    public func body(for language: Language) -> String { isFolded(for: language) ? simplified[1] : body }

    public static func == (left: Article, right: Article) -> Bool {
        left === right || (left.id == right.id && left.language == right.language && left.title == right.title && left.body == right.body
            && left.category == right.category && left.intents == right.intents && left.keywords == right.keywords)
    }

    /// Only Traditional text changes for a Simplified reader; English and Simplified stay as written.
    private func isFolded(for reader: Language) -> Bool { reader == .simplifiedChinese && !simplified.isEmpty }
}

/// Reads article files; every mistake is a diagnostic with its line.
enum ArticleParser {
    static let keys = ["id", "title", "category", "intents", "keywords", "language"]

    static func parse(_ file: RuleFile) -> (Article?, [RuleDiagnostic]) {
        var diagnostics: [RuleDiagnostic] = []
        let lines = file.contents.fileLines
        func fail(_ message: String, line: Int, column: Int = 1, length: Int = 1) {
            let text = lines.indices.contains(line - 1) ? String(lines[line - 1]) : nil
            diagnostics.append(RuleDiagnostic(message, at: SourceLocation(file: file.path, line: line, column: column), sourceLine: text, length: length))
        }
        guard lines.first == "---" else {
            fail("an article starts with a header between '---' lines (id, title, category, intents, keywords, language)", line: 1)
            return (nil, diagnostics)
        }
        guard let close = lines.dropFirst().firstIndex(of: "---") else {
            fail("the header is never closed with a '---' line", line: 1, length: 3)
            return (nil, diagnostics)
        }
        var fields: [String: (String, Int)] = [:]
        for number in 1..<close {
            let line = lines[number]
            if line.allSatisfy({ $0 == " " }) { continue }
            guard let colon = line.firstIndex(of: ":") else {
                fail("expected 'key: value'", line: number + 1, length: line.count)
                continue
            }
            let key = String(line[..<colon]).trimmingBlanks()
            guard keys.contains(key) else {
                fail("unknown header field '\(key)'\(suggestion(key, keys)); the fields are: \(keys.joined(separator: ", "))", line: number + 1, length: max(1, key.count))
                continue
            }
            if fields[key] != nil { fail("'\(key)' is given twice", line: number + 1, length: key.count) }
            fields[key] = (String(line[line.index(after: colon)...]).trimmingBlanks(), number + 1)
        }
        for key in ["id", "title", "category", "language"] where (fields[key]?.0 ?? "").isEmpty {
            fail("the header needs '\(key):'", line: fields[key]?.1 ?? 1)
        }
        let id = fields["id"]?.0 ?? ""
        if !id.isEmpty && !id.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isLowercase || ("0"..."9").contains($0) || $0 == "-") }) {
            fail("article ids use lower-case letters, digits and '-'; '\(id)' does not", line: fields["id"]!.1, column: 5, length: id.count)
        }
        var category: Category?
        if let (text, line) = fields["category"], !text.isEmpty {
            category = Category(rawValue: text)
            if category == nil || !category!.isSupport {
                fail("an article belongs to a support category (\(Category.allCases.filter(\.isSupport).map(\.rawValue).joined(separator: " "))), not '\(text)'", line: line, column: 11, length: text.count)
                category = nil
            }
        }
        var language: Language?
        if let (text, line) = fields["language"], !text.isEmpty {
            language = Language(rawValue: text)
            if language == nil || language == .simplifiedChinese {
                fail("an article's language is en or zh-Hant (Simplified is folded from Traditional), not '\(text)'", line: line, column: 11, length: text.count)
                language = nil
            }
        }
        let body = lines[(close + 1)...].joined(separator: "\n").trimmingCharactersOfNewlines()
        if body.isEmpty { fail("the article has no text after its header", line: close + 1) }
        guard diagnostics.isEmpty, let category, let language else { return (nil, diagnostics) }
        let list = { (key: String) in
            (fields[key]?.0 ?? "").split(separator: ",").map { String($0).trimmingBlanks() }.filter { !$0.isEmpty }
        }
        let intents = (fields["intents"]?.0 ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        return (Article(id: id, title: fields["title"]!.0, category: category, intents: intents, keywords: list("keywords"),
                        language: language, body: body, location: SourceLocation(file: file.path, line: 1),
                        intentsLocation: SourceLocation(file: file.path, line: fields["intents"]?.1 ?? 1, column: 10)), [])
    }
}

extension String {
    fileprivate func trimmingCharactersOfNewlines() -> String {
        var text = Substring(self)
        while let first = text.first, first == "\n" || first == " " { text = text.dropFirst() }
        while let last = text.last, last == "\n" || last == " " { text = text.dropLast() }
        return String(text)
    }
}
