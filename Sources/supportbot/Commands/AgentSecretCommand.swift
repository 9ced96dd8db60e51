import SupportCore

/// `supportbot agent-secret NAME`: a new random secret for an agent, and the roster line that
/// holds its hash rather than the secret. The line goes to standard output, to be appended to the
/// `--agents` file; the secret to standard error, for the operator to hand to the agent: it is
/// kept nowhere else.
enum AgentSecretCommand {
    static let spec = CommandSpec(
        name: "agent-secret",
        abstract: "Make a random secret for an agent and the line for the agents' roster that holds its hash.",
        usage: "<name>",
        discussion: """
            The roster line (name, then sha256: and the secret's hash) goes to standard output, so
            'supportbot agent-secret amy >> agents.txt' adds it; the secret itself (20 characters,
            100 random bits) goes to standard error, to be handed to the agent, who signs in with
            'AGENT amy SECRET'. The secret is kept nowhere: to replace a lost one, make a new line.
            After editing the roster, send the server SIGHUP.
            """,
        options: [],
        positionals: [PositionalSpec(name: "name", help: "The agent's name: 1 to 32 letters, digits, '.', '-' or '_'.")],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        let name = arguments.positionals[0]
        guard AgentCommand.isValidName(Substring(name)) else {
            throw UsageError(message: AgentCommandError.badName(name).description, command: spec.name)
        }
        var generator = SystemRandomNumberGenerator()
        let secret = AgentRoster.newSecret(using: &generator)
        var out = OutputStream.standardOutput
        out.write(AgentRoster.line(name: name, secret: secret) + "\n")
        out.flush()
        writeError("secret for \(name) (give it to them; it is not stored): \(secret)\n")
        return .success
    }
}
