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
}
