import SupportCore

/// `supportbot explain "message"`: why a message gets its label.
enum ExplainCommand {
    static let spec = CommandSpec(
        name: "explain",
        abstract: "Show how a message is classified: its normalised text, every rule that fired and why the winner won.",
        usage: "[--intents <dir>] <message> ...",
        discussion: "Words given as several arguments are joined with spaces, so quoting is optional.",
        options: [RuleLoading.option],
        positionals: [PositionalSpec(name: "message", help: "The customer message to explain.", repeats: true)],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        let rules = try RuleLoading.rules(arguments)
        let matcher = Matcher(rules: rules)
        var out = OutputStream.standardOutput
        out.write(matcher.explain(arguments.positionals.joined(separator: " ")).description)
        out.flush()
        return .success
    }
}
