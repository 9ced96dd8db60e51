/// The text of one file of a rule set, named the way diagnostics should name it.
public struct RuleFile: Sendable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }

    /// The extension of rule files under `Intents/`.
    public static let ruleExtension = "rules"
    /// The extension of known-word lists under `Intents/`.
    public static let wordListExtension = "words"

    /// Whether the matcher reads this file (rules and word lists; articles are read elsewhere).
    public var isMatcherInput: Bool {
        path.hasSuffix("." + Self.ruleExtension) || path.hasSuffix("." + Self.wordListExtension)
    }

    /// What a file under `Intents/` holds, by its name.
    public enum Kind: Sendable {
        case rules, knownWords, article, replies, dialogueWords, other
    }

    public var kind: Kind {
        if path.hasSuffix("." + Self.ruleExtension) { return .rules }
        if path.hasSuffix("." + Self.wordListExtension) { return .knownWords }
        if path.hasSuffix(".replies") { return .replies }
        if path.hasSuffix("/dialogue.txt") || path == "dialogue.txt" { return .dialogueWords }
        if path.hasSuffix(".md") && path.contains("articles/") { return .article }
        return .other
    }

    /// Every file under `directory` (recursively), sorted by path, with paths as given plus the
    /// relative part. Missing or unreadable folders and non-UTF-8 files are reported as `RuleSourceError`.
    public static func files(in directory: String, withExtensions wanted: Set<String>? = nil) throws(RuleSourceError) -> [RuleFile] {
        switch LocalFiles.kind(of: directory) {
        case nil: throw .missing(directory)
        case .folder: break
        default: throw .notADirectory(directory)
        }
        guard let relativePaths = LocalFiles.files(under: directory) else {
            throw .unreadable(directory, "cannot list the folder")
        }
        var files: [RuleFile] = []
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        for relative in relativePaths {
            if let wanted, !wanted.contains(Self.pathExtension(relative.split(separator: "/").last ?? "")) { continue }
            let path = base + "/" + relative
            guard let bytes = LocalFiles.contents(of: path) else {
                throw .unreadable(path, "cannot read the file")
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .unreadable(path, "the file is not UTF-8 text")
            }
            files.append(RuleFile(path: path, contents: text))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// "billing.rules" → "rules"; "README" → "".
    private static func pathExtension(_ name: Substring) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }
}

/// A rule folder that cannot be read at all (as opposed to rules with mistakes in them).
public enum RuleSourceError: Error, Sendable, CustomStringConvertible, Equatable {
    case missing(String)
    case notADirectory(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .missing(let path): return "\(path): no such folder"
        case .notADirectory(let path): return "\(path): not a folder (--intents wants the folder that holds the .rules files)"
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        }
    }
}
