import Foundation
import SupportCore
import SupportDefaults

/// Compiles rules written inline, with the two settings every rule set must state.
func compile(_ text: String, threshold: Double = 0.5, margin: Double = 0.1, file: String = "test.rules") throws -> RuleSet {
    try RuleSet.load([RuleFile(path: file, contents: "set threshold \(threshold)\nset margin \(margin)\n" + text)])
}

/// The diagnostics loading `text` produces (empty when it loads).
func diagnostics(_ text: String, file: String = "test.rules") -> [RuleDiagnostic] {
    diagnostics(of: [RuleFile(path: file, contents: text)])
}

/// Every mistake loading these files reports (none if they load).
func diagnostics(of files: [RuleFile]) -> [RuleDiagnostic] {
    do {
        _ = try RuleSet.load(files)
        return []
    } catch {
        return error.diagnostics
    }
}

/// The project's rule files, as built into the binary.
let defaultRuleFiles = DefaultIntents.ruleFiles.filter(\.isMatcherInput)

/// The project's default rules.
let defaultRules: RuleSet = try! RuleSet.load(defaultRuleFiles)

/// The project's default bundle: rules, articles, replies and dialogue words.
let defaultBundle: SupportBundle = {
    try! SupportBundle.load(DefaultIntents.ruleFiles, root: "Intents")
}()

/// A session on the default bundle.
func makeSession(_ incidents: [Incident] = [], id: String = "S1") -> DialogueSession {
    DialogueSession(id: id, bundle: defaultBundle, matcher: Matcher(rules: defaultBundle.rules), health: StaticServiceHealth(incidents))
}

extension Array where Element == SessionEvent {
    var replies: [BotReply] { compactMap { if case .reply(let r) = $0 { return r } else { return nil } } }
    var handoff: HandoffEvent? { lazy.compactMap { if case .handoff(let h) = $0 { return h } else { return nil } }.first }
    var text: String { replies.map(\.text).joined(separator: "\n") }
}

/// The package's root folder, for tests that read files of the project itself.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

extension Matcher {
    func intentName(_ text: String) -> String? {
        classify(text).intent.map { rules.intents[$0].name }
    }
}
