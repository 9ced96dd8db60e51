/// What a rule file says, after parsing and before compiling: names are not yet resolved,
/// words are already normalised into tokens.

/// A word, a phrase or a concept as written inside a pattern, a group or a concept definition.
public struct PatternItem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Normalised tokens: one for a word, several for a phrase (matched as adjacent words).
        /// A run of Chinese characters is a phrase of one-character tokens.
        case text([String])
        /// A reference to a concept (`~name`), resolved when the rule set is compiled.
        case concept(String)
        /// A phrase that names a concept among its words (`"~keeps_zh 闪"`): each member of the
        /// concept in its place. Chinese joins a word such as "keeps on" to the verb after it
        /// (一直闪, 老是闪, 经常闪), and a concept cannot be written inside a word.
        case sequence([PhrasePart])
    }

    /// A piece of a `sequence`: words, or a concept whose members stand in that place.
    public enum PhrasePart: Sendable, Hashable {
        case words([String])
        case concept(String)
    }

    public var kind: Kind
    /// The item as the rule file spells it, for `explain` and diagnostics.
    public var written: String
    public var location: SourceLocation
    public var length: Int
}

/// How far apart two neighbouring pattern elements may be.
public enum Gap: Sendable, Hashable {
    /// Next to each other (the default between elements).
    case adjacent
    /// `*N`: up to N tokens between them.
    case upTo(Int)
    /// `*`: anywhere after.
    case unbounded

    /// The most tokens allowed between the two elements.
    public var maximum: Int {
        switch self {
        case .adjacent: return 0
        case .upTo(let n): return n
        case .unbounded: return Int.max / 4
        }
    }
}

/// One position of a pattern.
public struct PatternElement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// One of the items (a single item is a group of one). Optional when written `{...}`.
        case anyOf([PatternItem], optional: Bool)
        /// `<...>`: every member, in any order; the element spans from the first to the last of
        /// them. A member is an item or a `[ ]` list of alternatives. `within` (`<a b *3>`) bounds
        /// the words between one member and the next, whichever order they come in, and keeps the
        /// members from overlapping; nil lets them lie anywhere.
        case allOf([[PatternItem]], within: Int?)
        /// `^`: the start of the message.
        case start
        /// `$`: the end of the message.
        case end
    }

    public var kind: Kind
    public var gapBefore: Gap
    public var location: SourceLocation

    public var isRequired: Bool {
        switch kind {
        case .anyOf(_, let optional): return !optional
        case .allOf: return true
        case .start, .end: return false
        }
    }
}

/// A `match:` or `not:` line.
public struct Trigger: Sendable {
    public var elements: [PatternElement]
    /// `match 0.6:` — nil when the line gives none (the intent's or the rule set's default applies).
    public var weight: Double?
    public var isNegative: Bool
    /// The pattern text as written, for `explain` and `lint`.
    public var source: String
    public var location: SourceLocation
}

public struct Sample: Sendable {
    public var text: String
    public var location: SourceLocation
}

public struct IntentSyntax: Sendable {
    /// `category.name`, for example `billing.refund`.
    public var name: String
    public var category: Category
    public var location: SourceLocation
    public var priority: Int = 0
    public var weight: Double?
    public var triggers: [Trigger] = []
    public var samples: [Sample] = []
}

public struct ConceptSyntax: Sendable {
    public var name: String
    public var items: [PatternItem]
    public var location: SourceLocation
}

/// A `forms` line: irregular forms that count as one word ("pay paid").
public struct FormsSyntax: Sendable {
    public var words: [String]
    public var location: SourceLocation
    /// Where each of `words` is written (one each), for a word that another `forms` line already
    /// took. No default: a group built without them would skip that check without a word.
    public var wordLocations: [SourceLocation]
}

/// A `variants` line: what customers also write for a word ("variants 登录: 登陆"), standing for it in
/// every phrase of the rules that holds it (登录失败 also matches 登陆失败). Words and variants are
/// normalised tokens, so a Chinese one is its characters.
public struct VariantsSyntax: Sendable {
    public var word: [String]
    public var variants: [[String]]
}

public struct SettingSyntax: Sendable {
    public var name: String
    public var value: Double
    public var location: SourceLocation
}

/// Everything the rule files of one rule set say.
public struct RuleSetSyntax: Sendable {
    /// The concept whose phrases may open a message before what a `^` rule looks for ("hi",
    /// "dear support"): the start anchor also matches right after them. Optional.
    public static let openingConcept = "opening"
    /// The concept whose phrases may close a message after what a `$` rule looks for ("please",
    /// "thanks in advance"): the end anchor also matches right before them. Optional.
    public static let closingConcept = "closing"
    /// The concept whose phrases a mail app appends to a message ("Sent from my iPhone"): no rule
    /// reads them, and the end anchor matches right before them. Optional.
    public static let signoffConcept = "signoff"
    /// The concept whose phrases sign a message after its last courtesy ("Thanks, Ben, account
    /// manager": the roles, teams and firms a signature names; words no rule knows, such as most
    /// names, count too): no rule reads them, and the end anchor matches right before them. Optional.
    public static let signerConcept = "signer"

    public var intents: [IntentSyntax] = []
    public var concepts: [ConceptSyntax] = []
    public var forms: [FormsSyntax] = []
    public var variants: [VariantsSyntax] = []
    /// Correctly spelt words that typo tolerance must leave alone (from `.words` files), hashed
    /// as they are read: the default list holds tens of thousands.
    var knownWords = KnownWords()
    public var knownWordCount: Int { knownWords.count }
    public var settings: [SettingSyntax] = []
    /// The files read, in order.
    public var files: [String] = []

    /// Adds what later files held. Word lists are all parsed on one side (`RuleParser.parse`), so
    /// at most one of the two holds known words.
    mutating func append(_ later: RuleSetSyntax) {
        intents += later.intents
        concepts += later.concepts
        forms += later.forms
        variants += later.variants
        settings += later.settings
        files += later.files
        if later.knownWords.count > 0 {
            precondition(knownWords.count == 0, "known words from both sides of a split parse")
            knownWords = later.knownWords
        }
    }
}
