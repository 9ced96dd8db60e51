#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SupportCore

/// The `supportbot` command: finds the subcommand, runs it and maps errors to exit statuses.
enum Tool {
    static let commands: [CommandSpec] = [
        ChatCommand.spec, ServeCommand.spec, ClassifyCommand.spec, ExplainCommand.spec, LintCommand.spec, EvalCommand.spec, ReplayCommand.spec,
        AgentSecretCommand.spec,
    ]

    static func main() -> Never {
        signal(SIGPIPE, SIG_IGN)
        exit(run(Array(CommandLine.arguments.dropFirst())).rawValue)
    }

    static func run(_ arguments: [String]) -> ExitCode {
        guard let first = arguments.first else {
            writeError(HelpFormatter.overview(commands))
            return .usage
        }
        switch first {
        case "-h", "--help":
            printOut(HelpFormatter.overview(commands))
            return .success
        case "--version":
            printOut("supportbot \(SupportBot.version)\n")
            return .success
        case "help":
            guard arguments.count > 1 else {
                printOut(HelpFormatter.overview(commands))
                return .success
            }
            guard let command = commands.first(where: { $0.name == arguments[1] }) else {
                return report(UsageError(message: "no subcommand '\(arguments[1])'\(closest(arguments[1]))", command: nil))
            }
            printOut(HelpFormatter.help(for: command))
            return .success
        default:
            break
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            let what = first.hasPrefix("-") ? "unknown option '\(first)'" : "no subcommand '\(first)'\(closest(first))"
            return report(UsageError(message: what, command: nil))
        }
        let rest = Array(arguments.dropFirst())
        let options = rest.prefix { $0 != "--" }
        if options.contains("-h") || options.contains("--help") {
            printOut(HelpFormatter.help(for: command))
            return .success
        }
        do {
            let parsed = try ArgumentParser.parse(rest, for: command)
            return try command.run(parsed)
        } catch let error as UsageError {
            return report(error)
        } catch let error as CommandError {
            writeError("error: \(error.message)")
            return error.code
        } catch let error as RuleLoadError {
            writeError(error.description)
            return .dataError
        } catch let error as RuleSourceError {
            writeError("error: \(error)")
            return .noInput
        } catch {
            writeError("internal error: \(error)")
            return .software
        }
    }

    private static func report(_ error: UsageError) -> ExitCode {
        writeError(HelpFormatter.usageError(error, commands))
        return .usage
    }

    private static func closest(_ name: String) -> String {
        let best = commands.map { ($0.name, EditDistance.levenshtein(name, $0.name)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
        return best.map { " (did you mean '\($0.0)'?)" } ?? ""
    }

    private static func printOut(_ text: String) {
        var out = OutputStream.standardOutput
        out.write(text)
        out.flush()
    }
}
