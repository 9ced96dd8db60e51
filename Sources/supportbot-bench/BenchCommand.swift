import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportCore
import SupportDefaults

/// `supportbot-bench [classify|scale|load|work|dialogue|server|all] [--messages N] [--runs N] [--seconds N] [--input FILE]`
/// (`server` runs `supportbot serve` from the same build folder: `swift build -c release` first;
/// it also takes `--threads N` for the server and `--session-turns N`, turns before a client
/// reconnects, 20 by default)
/// `supportbot-bench corpus [--messages N]` prints the generated messages, one a line, for
/// end-to-end runs of `supportbot classify`.
/// `supportbot-bench classify --input FILE` adds a row for your own messages (one a line, or the
/// first column of a TSV), repeated in order up to `--messages`.
///
/// Release build only: `swift run -c release supportbot-bench all`. Prints Markdown tables
/// ready for BENCHMARKS.md. Every figure is the median of several timed runs after a warm-up.
enum BenchCommand {
    static let benchmarks = ["classify", "scale", "load", "work", "dialogue", "server", "corpus", "all"]

    static func usageError(_ problem: String) -> Never {
        let usage = "usage: supportbot-bench [\(benchmarks.joined(separator: "|"))] [--messages N] [--runs N] [--seconds N] [--input FILE]"
        FileHandle.standardError.write(Data("error: \(problem)\n\(usage)\n".utf8))
        exit(64)
    }

    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var messages = 200_000
        var runs = 7
        /// The value after `flag`, taken out of the arguments; a flag without one is a usage error.
        func value(_ flag: String) -> String? {
            guard let i = arguments.firstIndex(of: flag) else { return nil }
            guard i + 1 < arguments.count else { usageError("\(flag) needs a value") }
            defer { arguments.removeSubrange(i...(i + 1)) }
            return arguments[i + 1]
        }
        func intValue(_ flag: String) -> Int? {
            guard let text = value(flag) else { return nil }
            guard let n = Int(text) else { usageError("\(flag) takes a whole number, not '\(text)'") }
            return n
        }
        messages = intValue("--messages") ?? messages
        runs = intValue("--runs") ?? runs
        let seconds = intValue("--seconds") ?? 5
        let threads = intValue("--threads")
        let sessionTurns = intValue("--session-turns") ?? 20
        let input = value("--input")
        let which = arguments.first ?? "all"
        #if DEBUG
        print("warning: this is a debug build; run `swift run -c release supportbot-bench` for real figures\n")
        #endif
        guard benchmarks.contains(which) else { usageError("unknown benchmark '\(which)'") }
        if which == "corpus" {
            var generator = CorpusGenerator()
            var text = ""
            for message in generator.messages(messages) { text += message + "\n" }
            print(text, terminator: "")
            return
        }
        do {
            if which == "load" || which == "all" { try RuleBenchmarks.load(runs: runs) }
            if which == "classify" || which == "all" { try RuleBenchmarks.classify(messages: messages, runs: runs, input: input) }
            if which == "scale" || which == "all" { try RuleBenchmarks.scale(messages: messages, runs: runs) }
            if which == "work" || which == "all" { try RuleBenchmarks.work(messages: messages) }
            if which == "dialogue" || which == "all" { try RuleBenchmarks.dialogue(messages: min(messages, 100_000), runs: runs) }
            if which == "server" || which == "all" { try ServerBenchmarks.run(seconds: Double(seconds), threads: threads, sessionTurns: sessionTurns) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(error is InputError ? 66 : 70)  // a file given with --input that cannot be read: missing input
        }
    }
}
