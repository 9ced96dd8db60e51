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
        return try RuleSet.load(embeddedRuleFiles, root: "Intents")
    }

    static var embeddedRuleFiles: [RuleFile] {
        DefaultIntents.files.map { RuleFile(path: $0.path, contents: $0.contents) }.filter(\.isMatcherInput)
    }
}
