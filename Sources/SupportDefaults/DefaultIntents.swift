import SupportCore

/// One file of the project's `Intents/` folder as it was when the binary was built.
public struct EmbeddedFile: Sendable {
    /// Path relative to the package root, for example `Intents/billing.rules`.
    public let path: String
    public let contents: String
}

/// The default rules, answers and articles, compiled into the binary so that
/// `swift run supportbot` needs no files on disk. `--intents DIR` replaces them.
public enum DefaultIntents {
    public static var files: [EmbeddedFile] { embedded }

    /// The embedded files as the loaders take them.
    public static var ruleFiles: [RuleFile] {
        files.map { RuleFile(path: $0.path, contents: $0.contents) }
    }

    /// The default rules. Read from the image the build compiled them into (milliseconds); compiled
    /// from the embedded files only if there is none, which is when they have a mistake (the
    /// error then names it) or the image is damaged.
    public static func rules() throws(RuleLoadError) -> RuleSet {
        if let compiled = try? compiledRules() { return compiled }
        return try RuleSet.load(ruleFiles.filter(\.isMatcherInput), root: "Intents")
    }

    /// Rules, articles, replies and dialogue words, the rules from the build's image.
    public static func bundle() throws(RuleLoadError) -> SupportBundle {
        try SupportBundle.load(ruleFiles, root: "Intents", rules: try? compiledRules())
    }

    /// The rules from the image the build wrote; an error if it wrote none or it cannot be read.
    public static func compiledRules() throws(RuleImageError) -> RuleSet {
        let text = compiledRulesBase64
        guard text.utf8CodeUnitCount > 0 else {
            throw RuleImageError(message: "the build compiled no rules: Intents/ has mistakes")
        }
        let decoded = Base64.decode(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        LiteralPages.release(text)
        guard let bytes = decoded else { throw RuleImageError(message: "the embedded image is not base64") }
        let rules: Result<RuleSet, RuleImageError> = bytes.withUnsafeBytes { raw in Result { () throws(RuleImageError) in try RuleSet(image: raw) } }
        return try rules.get()
    }
}
