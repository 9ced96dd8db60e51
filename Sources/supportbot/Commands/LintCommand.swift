import SupportCore

/// `supportbot lint`: parse errors, misrouted samples, shadowed rules, unused concepts.
enum LintCommand {
    static let spec = CommandSpec(
        name: "lint",
        abstract: "Check the rules: every sample reaches its intent, no rule is shadowed, no concept is unused.",
        usage: "[--intents <dir>]",
        discussion: """
        Prints one finding per line as file:line:column: kind: message, then a summary.
        Exits 0 when there are no findings, 1 when there are, 65 when the rules do not parse.
        """,
        options: [RuleLoading.option],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        let rules = try RuleLoading.rules(arguments)
        let findings = Linter.lint(rules)
        var out = OutputStream.standardOutput
        for finding in findings { out.writeLine(finding.description) }
        let samples = rules.intents.reduce(0) { $0 + $1.samples.count }
        let summary = "\(rules.files.count) files, \(rules.intents.count) intents, \(samples) samples: "
            + (findings.isEmpty ? "no findings" : "\(findings.count) finding\(findings.count == 1 ? "" : "s")")
        out.writeLine(summary)
        out.flush()
        return findings.isEmpty ? .success : .failure
    }
}
