/// The bot's wording in every language, read from `Intents/replies/*.replies`:
///
///     # comment
///     greeting: Hi! I'm the support assistant.
///       An indented line continues the reply on a new line.
///
/// Chinese is written once, in Traditional (`zh-Hant.replies`); Simplified replies are folded
/// from it unless a `zh-Hans.replies` file exists.
///
/// Besides the fixed keys, `intent.NAME: text` gives a message classified as that intent a reply
/// of its own ("are you a bot?", a bank card's chore): written by the support lead as data, so an
/// out-of-scope intent can say why the bot cannot help instead of listing what it can.
///
/// A class: every reply of every turn looks a text up here, through the shared bundle.
public final class ReplyCatalog: Sendable {
    /// The text of every key in every language, fallbacks resolved at load: a reply costs two
    /// array reads, not two dictionary lookups hashing the key's name. Row = language, column =
    /// key, both in `allCases` order.
    private let table: [String]
    /// Per language (row as in `table`), the replies of intents, fallbacks resolved at load.
    private let intentTable: [[String: String]]
    /// Where each intent's reply is written (its English line, or the first file that has it), for
    /// the bundle to check that the intent exists.
    public let intentReplyLocations: [(intent: String, location: SourceLocation)]
    /// Replies (by key, or `intent.NAME`) a non-English file lacks (they fall back to English);
    /// `lint` lists them.
    public let missingTranslations: [(Language, String, String)]

    /// No replies at all: every text is its key's name.
    public convenience init() { self.init(texts: [:], folded: [:], intents: [:], foldedIntents: [:], intentLocations: [], missingTranslations: []) }

    /// `folded`: Simplified replies made from the Traditional ones, for keys with no own text.
    private init(texts: [Language: [ReplyKey: String]], folded: [ReplyKey: String], intents: [Language: [String: String]],
                 foldedIntents: [String: String], intentLocations: [(intent: String, location: SourceLocation)],
                 missingTranslations: [(Language, String, String)]) {
        precondition(ReplyKey.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal }
                     && Language.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
        var table: [String] = []
        for language in Language.allCases {
            for key in ReplyKey.allCases {
                if let own = texts[language]?[key] {
                    table.append(own)
                } else if language == .simplifiedChinese, let simplified = folded[key] {
                    table.append(simplified)
                } else {
                    table.append(texts[.english]?[key] ?? key.rawValue)
                }
            }
        }
        self.table = table
        intentTable = Language.allCases.map { language in
            var replies = intents[.english] ?? [:]
            if language == .simplifiedChinese { replies.merge(foldedIntents) { $1 } }
            replies.merge(intents[language] ?? [:]) { $1 }
            return replies
        }
        intentReplyLocations = intentLocations
        self.missingTranslations = missingTranslations
    }

    /// The reply written for messages classified as `intent` (its full name), if any.
    public func text(forIntent intent: String, _ language: Language) -> String? {
        intentTable[language.ordinal][intent]
    }

    /// The reply for `key` in `language`, with `{name}` placeholders filled from `values`.
    public func text(_ key: ReplyKey, _ language: Language, _ values: KeyValuePairs<String, String> = [:]) -> String {
        let text = table[language.ordinal * ReplyKey.allCases.count + key.ordinal]
        return values.isEmpty ? text : Self.fill(text, values)
    }

    /// Replaces `{name}` placeholders in one pass over the UTF-8; an unknown name stays as written.
    /// A reply has a handful of placeholders, so the values are a short list, not a hashed dictionary.
    static func fill(_ template: String, _ values: KeyValuePairs<String, String>) -> String {
        var template = template
        return template.withUTF8 { bytes -> String in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 128)
            var copied = 0, open = -1
            for index in bytes.indices {
                if bytes[index] == UInt8(ascii: "{") {
                    open = index
                } else if bytes[index] == UInt8(ascii: "}"), open >= 0 {
                    let name = bytes[(open + 1)..<index]
                    if let value = values.first(where: { $0.key.utf8.elementsEqual(name) })?.value {
                        result.append(contentsOf: bytes[copied..<open])
                        result.append(contentsOf: value.utf8)
                        copied = index + 1
                    }
                    open = -1
                }
            }
            result.append(contentsOf: bytes[copied...])
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// What a reply file's line starts with to give an intent its reply.
    static let intentPrefix = "intent."

    /// The reply a continuation line adds to.
    private enum Entry {
        case key(ReplyKey)
        case intent(String)
    }

    /// Parses the reply files; every mistake becomes a diagnostic.
    public static func parse(_ files: [RuleFile]) -> (ReplyCatalog, [RuleDiagnostic]) {
        var texts: [Language: [ReplyKey: String]] = [:]
        var folded: [ReplyKey: String] = [:]
        var intents: [Language: [String: String]] = [:]
        var intentLocations: [String: SourceLocation] = [:]
        var missing: [(Language, String, String)] = []
        var diagnostics: [RuleDiagnostic] = []
        var locations: [Language: SourceLocation] = [:]
        for file in files {
            let name = file.path.split(separator: "/").last.map { String($0.dropLast(".replies".count)) } ?? ""
            guard let language = Language(code: name), Language(rawValue: name) != nil else {
                diagnostics.append(RuleDiagnostic("reply files are named after their language: en.replies, zh-Hant.replies or zh-Hans.replies, not '\(name).replies'",
                                                  at: SourceLocation(file: file.path, line: 1)))
                continue
            }
            locations[language] = SourceLocation(file: file.path, line: 0)
            var entries: [ReplyKey: String] = [:]
            var intentEntries: [String: String] = [:]
            var current: Entry?
            var number = 0
            for line in file.contents.fileLines {
                number += 1
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
                if line.first == " " || line.first == "\t" {
                    let more = "\n" + line.drop { $0 == " " || $0 == "\t" }
                    switch current {
                    case .key(let key): entries[key, default: ""] += more
                    case .intent(let intent): intentEntries[intent, default: ""] += more
                    case nil:
                        diagnostics.append(RuleDiagnostic("an indented line continues a reply, but no reply comes before it",
                                                          at: SourceLocation(file: file.path, line: number), sourceLine: String(line)))
                    }
                    continue
                }
                guard let colon = line.firstIndex(of: ":") else {
                    diagnostics.append(RuleDiagnostic("expected 'key: text'", at: SourceLocation(file: file.path, line: number), sourceLine: String(line), length: line.count))
                    current = nil
                    continue
                }
                let name = String(line[..<colon]).trimmingBlanks()
                let text = String(line[line.index(after: colon)...]).trimmingBlanks()
                if name.hasPrefix(Self.intentPrefix) {
                    let intent = String(name.dropFirst(Self.intentPrefix.count))
                    if intentEntries[intent] != nil {
                        diagnostics.append(RuleDiagnostic("reply '\(name)' is given twice", at: SourceLocation(file: file.path, line: number), sourceLine: String(line), length: name.count))
                    }
                    intentEntries[intent] = text
                    if language == .english || intentLocations[intent] == nil {
                        intentLocations[intent] = SourceLocation(file: file.path, line: number, column: Self.intentPrefix.count + 1)
                    }
                    current = .intent(intent)
                    continue
                }
                guard let key = ReplyKey(rawValue: name) else {
                    let known = ReplyKey.allCases.map(\.rawValue)
                    diagnostics.append(RuleDiagnostic("unknown reply '\(name)'\(suggestion(name, known)) (a reply of an intent is written 'intent.CATEGORY.NAME')", at: SourceLocation(file: file.path, line: number),
                                                      sourceLine: String(line), length: max(1, name.count)))
                    current = nil
                    continue
                }
                if entries[key] != nil {
                    diagnostics.append(RuleDiagnostic("reply '\(name)' is given twice", at: SourceLocation(file: file.path, line: number), sourceLine: String(line), length: name.count))
                }
                entries[key] = text
                current = .key(key)
            }
            texts[language] = entries
            intents[language] = intentEntries
        }
        let intentLocationList = intentLocations.sorted { ($0.value.file, $0.value.line) < ($1.value.file, $1.value.line) }
            .map { (intent: $0.key, location: $0.value) }
        guard let english = texts[.english] else {
            diagnostics.append(RuleDiagnostic("no English replies: every rule set needs replies/en.replies", at: SourceLocation(file: "replies", line: 0)))
            return (ReplyCatalog(texts: texts, folded: folded, intents: intents, foldedIntents: [:], intentLocations: intentLocationList,
                                 missingTranslations: missing), diagnostics)
        }
        for key in ReplyKey.allCases where english[key] == nil {
            diagnostics.append(RuleDiagnostic("reply '\(key.rawValue)' is missing", at: locations[.english]!))
        }
        // English is what every language falls back to: an intent's reply written only in Chinese
        // would leave English customers without it.
        for (intent, location) in intentLocationList where intents[.english]?[intent] == nil {
            diagnostics.append(RuleDiagnostic("reply '\(Self.intentPrefix + intent)' has no English text in en.replies", at: location))
        }
        for language in [Language.traditionalChinese, .simplifiedChinese] {
            guard let entries = texts[language] else { continue }
            for key in ReplyKey.allCases where entries[key] == nil {
                missing.append((language, key.rawValue, locations[language]!.file))
            }
            for intent in (intents[.english] ?? [:]).keys.sorted() where intents[language]?[intent] == nil {
                missing.append((language, Self.intentPrefix + intent, locations[language]!.file))
            }
        }
        if texts[.traditionalChinese] == nil {
            for key in ReplyKey.allCases { missing.append((.traditionalChinese, key.rawValue, "replies")) }
        }
        for (key, traditional) in texts[.traditionalChinese] ?? [:] where texts[.simplifiedChinese]?[key] == nil {
            folded[key] = Language.simplifiedChinese.render(traditional)
        }
        var foldedIntents: [String: String] = [:]
        for (intent, traditional) in intents[.traditionalChinese] ?? [:] where intents[.simplifiedChinese]?[intent] == nil {
            foldedIntents[intent] = Language.simplifiedChinese.render(traditional)
        }
        return (ReplyCatalog(texts: texts, folded: folded, intents: intents, foldedIntents: foldedIntents, intentLocations: intentLocationList,
                             missingTranslations: missing), diagnostics)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; found in the UTF-8, so a line with none to
    /// trim (most of them) is returned as it is.
    func trimmingBlanks() -> String {
        let utf8 = self.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start {
            let last = utf8[utf8.index(before: end)]
            guard last == 0x20 || last == 0x09 else { break }
            end = utf8.index(before: end)
        }
        if start == utf8.startIndex && end == utf8.endIndex { return self }
        return String(self[start..<end])
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
