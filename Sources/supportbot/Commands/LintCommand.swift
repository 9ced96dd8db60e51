import SupportCore

/// `supportbot lint`: parse errors, misrouted samples, shadowed rules, unused concepts.
enum LintCommand {
    static let spec = CommandSpec(
        name: "lint",
        abstract: "Check the rules, articles and replies: samples reach their intents, no rule is shadowed, nothing is missing.",
        usage: "[--intents <dir>]",
        discussion: """
        Prints one finding per line as file:line:column: kind: message, then a summary.
        Exits 0 when there are no findings, 1 when there are, 65 when the rules do not parse.
        """,
        options: [RuleLoading.option],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        let (files, root) = try RuleLoading.bundleFiles(arguments)
        let bundle = try SupportBundle.load(files, root: root)
        let rules = bundle.rules
        // The bundle loaded, so its rule files parse: this is what they said, for the checks.
        let syntax = RuleParser.parse(files.filter(\.isMatcherInput)).0
        let findings = Linter.lint(bundle, syntax: syntax)
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
