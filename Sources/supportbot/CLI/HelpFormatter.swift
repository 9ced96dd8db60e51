/// Help text generated from the command specs, laid out like swift-argument-parser's.
enum HelpFormatter {
    static let tool = "supportbot"

    static func overview(_ commands: [CommandSpec]) -> String {
        var text = """
        OVERVIEW: A first-line technical-support bot for a cloud reseller: it classifies customer
        messages, answers from a knowledge store and hands off to people.

        USAGE: \(tool) <subcommand>

        OPTIONS:

        """
        text += row("--version", "Show the version.")
        text += row("-h, --help", "Show help information.")
        text += "\nSUBCOMMANDS:\n"
        for command in commands { text += row(command.name, command.abstract) }
        text += "\n  See '\(tool) help <subcommand>' for detailed help.\n"
        return text
    }

    static func help(for command: CommandSpec) -> String {
        var text = "OVERVIEW: \(command.abstract)\n"
        if !command.discussion.isEmpty { text += "\n" + command.discussion + "\n" }
        text += "\nUSAGE: \(tool) \(command.name)\(command.usage.isEmpty ? "" : " " + command.usage)\n"
        if !command.positionals.isEmpty {
            text += "\nARGUMENTS:\n"
            for positional in command.positionals { text += row("<\(positional.name)>\(positional.repeats ? " ..." : "")", positional.help) }
        }
        text += "\nOPTIONS:\n"
        for option in command.options {
            text += row("--\(option.name)" + (option.valueName.map { " <\($0)>" } ?? ""), option.help)
        }
        text += row("-h, --help", "Show help information.")
        return text
    }

    static func usageError(_ error: UsageError, _ commands: [CommandSpec]) -> String {
        var text = "error: \(error.message)\n"
        if let name = error.command, let command = commands.first(where: { $0.name == name }) {
            text += "Usage: \(tool) \(command.name) \(command.usage)\n"
            text += "  See '\(tool) help \(command.name)' for more information.\n"
        } else {
            text += "Usage: \(tool) <subcommand>\n  See '\(tool) --help' for the list of subcommands.\n"
        }
        return text
    }

    /// A two-column row: the name padded to 24 columns, the help wrapped beside it.
    private static func row(_ name: String, _ help: String) -> String {
        let indent = String(repeating: " ", count: 26)
        var lines: [String] = []
        var current = ""
        for word in help.split(separator: " ") {
            if !current.isEmpty && current.count + word.count + 1 > 54 {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        let head = "  " + name
        var text = head.count < 26 ? head + String(repeating: " ", count: 26 - head.count) + (lines.first ?? "") + "\n"
                                   : head + "\n" + indent + (lines.first ?? "") + "\n"
        for line in lines.dropFirst() { text += indent + line + "\n" }
        return text
    }
}
