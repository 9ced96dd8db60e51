/// One subcommand, described once: the parser, `--help` and `supportbot help NAME` all read it.
struct CommandSpec: Sendable {
    var name: String
    var abstract: String
    /// Arguments after the subcommand name in the usage line, for example "[--intents <dir>] <file>".
    var usage: String
    var discussion: String = ""
    var options: [OptionSpec] = []
    var positionals: [PositionalSpec] = []
    var run: @Sendable (ParsedArguments) throws -> ExitCode
}

struct OptionSpec: Sendable {
    /// Without the dashes: "intents".
    var name: String
    /// nil for a flag that takes no value.
    var valueName: String?
    var help: String
    /// Accepted more than once (values are kept in order).
    var repeats = false
}

struct PositionalSpec: Sendable {
    var name: String
    var help: String
    var required = true
    var repeats = false
}

/// The arguments of one command line, after checking them against the command's spec.
struct ParsedArguments: Sendable {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ name: String) -> String? { values[name]?.last }
    func has(_ flag: String) -> Bool { flags.contains(flag) }
}

/// Exit statuses, as in BSD's sysexits.h.
enum ExitCode: Int32, Sendable {
    case success = 0
    /// Something the command checks failed (lint findings, replay failures).
    case failure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case software = 70
    case cannotCreate = 73
}

/// The command line was wrong: say what, and how to get help.
struct UsageError: Error, Sendable {
    var message: String
    var command: String?
}

/// The command ran into bad input it can describe: printed as "error: MESSAGE".
struct CommandError: Error, Sendable {
    var message: String
    var code: ExitCode
}
