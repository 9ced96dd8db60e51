import Foundation
import SupportCore
import SupportDefaults

/// Compiles rules written inline, with the two settings every rule set must state.
func compile(_ text: String, threshold: Double = 0.5, margin: Double = 0.1, file: String = "test.rules") throws -> RuleSet {
    try RuleSet.load([RuleFile(path: file, contents: "set threshold \(threshold)\nset margin \(margin)\n" + text)])
}

/// The diagnostics loading `text` produces (empty when it loads).
func diagnostics(_ text: String, file: String = "test.rules") -> [RuleDiagnostic] {
    do {
        _ = try RuleSet.load([RuleFile(path: file, contents: text)])
        return []
    } catch {
        return error.diagnostics
    }
}

/// The project's default rules, as built into the binary.
let defaultRules: RuleSet = {
    let files = DefaultIntents.files.map { RuleFile(path: $0.path, contents: $0.contents) }.filter(\.isMatcherInput)
    return try! RuleSet.load(files)
}()

/// The package's root folder, for tests that read files of the project itself.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

extension Matcher {
    func intentName(_ text: String) -> String? {
        classify(text).intent.map { rules.intents[$0].name }
    }
}
