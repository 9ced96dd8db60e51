import SupportCore
import SupportDefaults

/// Where commands get their rules: `--intents DIR`, or the copy of `Intents/` built into the binary.
enum RuleLoading {
    static let option = OptionSpec(name: "intents", valueName: "dir",
                                   help: "Read rules from this folder instead of the Intents/ built into supportbot.")

    static func rules(_ arguments: ParsedArguments) throws -> RuleSet {
        if let directory = arguments.value("intents") {
            return try RuleSet.load(directory: directory)
        }
        return try DefaultIntents.rules()
    }

    /// Rules, articles, replies and dialogue words, from `--intents DIR` or the embedded copy.
    static func bundle(_ arguments: ParsedArguments) throws -> SupportBundle {
        if arguments.value("intents") == nil { return try DefaultIntents.bundle() }
        let (files, root) = try bundleFiles(arguments)
        return try SupportBundle.load(files, root: root)
    }

    /// The files `bundle` reads, and the folder diagnostics name when no file is to blame.
    static func bundleFiles(_ arguments: ParsedArguments) throws -> (files: [RuleFile], root: String) {
        if let directory = arguments.value("intents") {
            return (try RuleFile.files(in: directory), directory)
        }
        return (DefaultIntents.ruleFiles, "Intents")
    }

    static let dataOption = OptionSpec(name: "data", valueName: "dir",
                                       help: "Read runtime data (service-health.txt: the provider's active incidents) from this folder.")

    /// Active incidents from `--data DIR/service-health.txt` (none without `--data` or the file).
    static func incidents(_ arguments: ParsedArguments) throws -> [Incident] {
        guard let directory = arguments.value("data") else { return [] }
        guard LocalFiles.kind(of: directory) == .folder else {
            throw CommandError(message: "\(directory): no such folder (--data wants a folder)", code: .noInput)
        }
        let path = (directory.hasSuffix("/") ? directory : directory + "/") + "service-health.txt"
        guard let data = LocalFiles.contents(of: path) else { return [] }
        let (incidents, diagnostics) = ServiceHealthFile.parse(String(decoding: data, as: UTF8.self), path: path)
        guard diagnostics.isEmpty else { throw RuleLoadError(diagnostics) }
        return incidents
    }
}
