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
        let names = rules.intents.map { Array($0.name.utf8) }
        let labels = Category.allCases.map { Array($0.rawValue.utf8) }
        var line: [UInt8] = []
        LineReader(descriptor: 0).forEachLine(beforeWaiting: { out.flush() }) { message in
            let result = matcher.classify(utf8: message)
            line.removeAll(keepingCapacity: true)
            line += labels[result.category.index]
            line.append(0x09)
            if let intent = result.intent { line += names[intent] } else { line.append(UInt8(ascii: "-")) }
            line.append(0x09)
            appendConfidence(result.confidence, to: &line)
            line.append(0x0A)
            line.withUnsafeBufferPointer { out.write(bytes: $0) }
            return true
        }
        out.flush()
        return .success
    }

    /// "0.87": two decimals without going through `String(format:)`.
    private static func appendConfidence(_ value: Double, to line: inout [UInt8]) {
        let hundredths = Int((value * 100).rounded())
        line.append(UInt8(ascii: "0") + UInt8(hundredths / 100))
        line.append(UInt8(ascii: "."))
        line.append(UInt8(ascii: "0") + UInt8(hundredths / 10 % 10))
        line.append(UInt8(ascii: "0") + UInt8(hundredths % 10))
    }
}

extension Category {
    var index: Int { Category.allCases.firstIndex(of: self)! }
}
