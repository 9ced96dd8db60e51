/// The languages the bot answers in. Chinese replies follow the script the customer writes.
public enum Language: String, CaseIterable, Sendable, Codable {
    case english = "en"
    case traditionalChinese = "zh-Hant"
    case simplifiedChinese = "zh-Hans"

    public var isChinese: Bool { self != .english }

    public var displayName: String {
        switch self {
        case .english: return "English"
        case .traditionalChinese: return "繁體中文"
        case .simplifiedChinese: return "简体中文"
        }
    }

    /// Accepts the codes and a few spellings people type after `/lang`.
    public init?(code: String) {
        switch code.lowercased() {
        case "en", "en-us", "en-gb", "english": self = .english
        case "zh-hant", "zh-tw", "zh-hk", "hant", "traditional", "繁體", "繁体": self = .traditionalChinese
        case "zh-hans", "zh-cn", "zh", "hans", "simplified", "简体", "簡體": self = .simplifiedChinese
        default: return nil
        }
    }

    /// The language a message is written in, or nil when it does not say (a number, "ok", an
    /// address): then the conversation keeps its language. Chinese wins over Latin letters
    /// ("Outlook 一直無法連線" is Chinese); Traditional and Simplified are told apart by the
    /// characters only one script uses, and text using only shared characters counts as
    /// Simplified unless the conversation is already in Traditional.
    public static func detect(_ text: String, current: Language) -> Language? {
        var traditional = 0, simplified = 0, han = 0
        // Words are what spaces separate: "contoso.com" or "Outlook" alone is one, and keeps the language.
        var latinWords = 0
        var wordHasLetter = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x20 || value == 0x09 {
                if wordHasLetter { latinWords += 1 }
                wordHasLetter = false
            } else if value < 0x80 {
                if (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A { wordHasLetter = true }
            } else if HanFolding.isIdeograph(value) {
                han += 1
                if HanFolding.fold(value) != value { traditional += 1 } else if HanFolding.isSimplifiedForm(value) { simplified += 1 }
            }
        }
        if wordHasLetter { latinWords += 1 }
        if han > 0 {
            if traditional > simplified { return .traditionalChinese }
            if simplified > traditional { return .simplifiedChinese }
            return current.isChinese ? current : .simplifiedChinese
        }
        return latinWords >= 2 ? .english : nil
    }

    /// Converts text written in Traditional Chinese for this language: for zh-Hans folded to
    /// Simplified and worded the Mainland's way (`MainlandWording`), unchanged otherwise. Replies
    /// and articles are written once, in Traditional.
    public func render(_ traditional: String) -> String {
        guard self == .simplifiedChinese else { return traditional }
        var result = String.UnicodeScalarView()
        for scalar in traditional.unicodeScalars {
            result.append(Unicode.Scalar(HanFolding.fold(scalar.value)) ?? scalar)
        }
        return MainlandWording.convert(String(result))
    }
}

extension Language {
    /// The case's position in `allCases` (see `ReplyKey.ordinal`).
    var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
}
