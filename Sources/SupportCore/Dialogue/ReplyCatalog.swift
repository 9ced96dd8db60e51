/// The bot's wording in every language, read from `Intents/replies/*.replies`:
///
///     # comment
///     greeting: Hi! I'm the support assistant.
///       An indented line continues the reply on a new line.
///
/// Chinese is written once, in Traditional (`zh-Hant.replies`); Simplified replies are folded
/// from it unless a `zh-Hans.replies` file exists.
///
/// A class: every reply of every turn looks a text up here, through the shared bundle.
public final class ReplyCatalog: Sendable {
    /// The text of every key in every language, fallbacks resolved at load: a reply costs two
    /// array reads, not two dictionary lookups hashing the key's name. Row = language, column =
    /// key, both in `allCases` order.
    private let table: [String]
    /// Keys a non-English file lacks (they fall back to English); `lint` lists them.
    public let missingTranslations: [(Language, ReplyKey, String)]

    /// No replies at all: every text is its key's name.
    public convenience init() { self.init(texts: [:], folded: [:], missingTranslations: []) }

    /// `folded`: Simplified replies made from the Traditional ones, for keys with no own text.
    private init(texts: [Language: [ReplyKey: String]], folded: [ReplyKey: String], missingTranslations: [(Language, ReplyKey, String)]) {
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
        self.missingTranslations = missingTranslations
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

    /// Parses the reply files; every mistake becomes a diagnostic.
    public static func parse(_ files: [RuleFile]) -> (ReplyCatalog, [RuleDiagnostic]) {
        var texts: [Language: [ReplyKey: String]] = [:]
        var folded: [ReplyKey: String] = [:]
        var missing: [(Language, ReplyKey, String)] = []
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
            var current: ReplyKey?
            var number = 0
            for line in file.contents.fileLines {
                number += 1
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
                if line.first == " " || line.first == "\t" {
                    guard let key = current else {
                        diagnostics.append(RuleDiagnostic("an indented line continues a reply, but no reply comes before it",
                                                          at: SourceLocation(file: file.path, line: number), sourceLine: String(line)))
                        continue
                    }
                    entries[key, default: ""] += "\n" + line.drop { $0 == " " || $0 == "\t" }
                    continue
                }
                guard let colon = line.firstIndex(of: ":") else {
                    diagnostics.append(RuleDiagnostic("expected 'key: text'", at: SourceLocation(file: file.path, line: number), sourceLine: String(line), length: line.count))
                    current = nil
                    continue
                }
                let name = String(line[..<colon]).trimmingBlanks()
                guard let key = ReplyKey(rawValue: name) else {
                    let known = ReplyKey.allCases.map(\.rawValue)
                    diagnostics.append(RuleDiagnostic("unknown reply '\(name)'\(suggestion(name, known))", at: SourceLocation(file: file.path, line: number),
                                                      sourceLine: String(line), length: max(1, name.count)))
                    current = nil
                    continue
                }
                if entries[key] != nil {
                    diagnostics.append(RuleDiagnostic("reply '\(name)' is given twice", at: SourceLocation(file: file.path, line: number), sourceLine: String(line), length: name.count))
                }
                entries[key] = String(line[line.index(after: colon)...]).trimmingBlanks()
                current = key
            }
            texts[language] = entries
        }
        guard let english = texts[.english] else {
            diagnostics.append(RuleDiagnostic("no English replies: every rule set needs replies/en.replies", at: SourceLocation(file: "replies", line: 0)))
            return (ReplyCatalog(texts: texts, folded: folded, missingTranslations: missing), diagnostics)
        }
        for key in ReplyKey.allCases where english[key] == nil {
            diagnostics.append(RuleDiagnostic("reply '\(key.rawValue)' is missing", at: locations[.english]!))
        }
        for language in [Language.traditionalChinese, .simplifiedChinese] {
            guard let entries = texts[language] else { continue }
            for key in ReplyKey.allCases where entries[key] == nil {
                missing.append((language, key, locations[language]!.file))
            }
        }
        if texts[.traditionalChinese] == nil {
            for key in ReplyKey.allCases { missing.append((.traditionalChinese, key, "replies")) }
        }
        for (key, traditional) in texts[.traditionalChinese] ?? [:] where texts[.simplifiedChinese]?[key] == nil {
            folded[key] = Language.simplifiedChinese.render(traditional)
        }
        return (ReplyCatalog(texts: texts, folded: folded, missingTranslations: missing), diagnostics)
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
