import SupportCore

/// `supportbot classify`: one label line per input line, streamed.
enum ClassifyCommand {
    static let spec = CommandSpec(
        name: "classify",
        abstract: "Label each message read from standard input with one of the ten categories.",
        usage: "[--intents <dir>]",
        discussion: """
        Reads one message per line and writes one line per message:
          label<TAB>intent<TAB>confidence
        The label is one of: \(Category.allCases.map(\.rawValue).joined(separator: " ")). The intent is "-"
        when no intent reached the threshold; empty lines are unknown. Output is flushed whenever
        the command is about to wait for input, so it answers a person at once and a large file
        at full speed.
        """,
        options: [RuleLoading.option],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        let rules = try RuleLoading.rules(arguments)
        let matcher = Matcher(rules: rules)
        var out = OutputStream.standardOutput
        // Every start a line can have ("label<TAB>intent<TAB>"), laid out once: per message only the
        // confidence is formatted, and no array is copied or reference-counted.
        var starts: [UInt8] = []
        func layOut(_ text: String) -> Range<Int> {
            let first = starts.count
            starts += Array(text.utf8)
            return first..<starts.count
        }
        let intentStart = rules.intents.map { layOut("\($0.category.rawValue)\t\($0.name)\t") }
        let noIntent = layOut("\(Category.unknown.rawValue)\t-\t")  // no intent reached the threshold
        starts.withUnsafeBufferPointer { starts in
            intentStart.withUnsafeBufferPointer { intentStart in
                LineReader(descriptor: 0).forEachLine(beforeWaiting: { out.flush() }) { message in
                    let result = matcher.classify(utf8: message)
                    out.write(bytes: UnsafeBufferPointer(rebasing: starts[result.intent.map { intentStart[$0] } ?? noIntent]))
                    var end = confidenceAndNewline(result.confidence)
                    withUnsafeBytes(of: &end) { out.write(bytes: $0.assumingMemoryBound(to: UInt8.self)) }
                    return true
                }
            }
        }
        out.flush()
        return .success
    }

    /// "0.87\n": two decimals and the end of the line, without going through `String(format:)`.
    private static func confidenceAndNewline(_ value: Double) -> (UInt8, UInt8, UInt8, UInt8, UInt8) {
        let hundredths = Int((value * 100).rounded())
        return (UInt8(ascii: "0") + UInt8(hundredths / 100), UInt8(ascii: "."), UInt8(ascii: "0") + UInt8(hundredths / 10 % 10),
                UInt8(ascii: "0") + UInt8(hundredths % 10), 0x0A)
    }
}
