import SupportCore

/// `supportbot eval FILE.tsv`: how well the rules label a set of messages.
enum EvalCommand {
    static let spec = CommandSpec(
        name: "eval",
        abstract: "Score the rules on labeled messages: per-label precision, recall and F1, a confusion matrix, and the misses.",
        usage: "[--intents <dir>] [--max-wrong <n>] <file.tsv>",
        discussion: """
        The file holds text<TAB>label rows (more columns are ignored; a header row is allowed).
        Prints the messages it got wrong, a table per label, the confusion matrix, the
        out-of-scope false-accept rate (unknown messages put into a support category or human)
        and, last, one line: macro_f1=... accuracy=... oos_false_accept=... inscope_recall=... n=...
        """,
        options: [RuleLoading.option,
                  OptionSpec(name: "max-wrong", valueName: "n", help: "List at most this many wrong messages (default: all).")],
        positionals: [PositionalSpec(name: "file.tsv", help: "Labeled messages, text<TAB>label per line.")],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        var maxWrong = Int.max
        if let text = arguments.value("max-wrong") {
            guard let n = Int(text), n >= 0 else { throw UsageError(message: "--max-wrong wants a whole number, not '\(text)'", command: spec.name) }
            maxWrong = n
        }
        let path = arguments.positionals[0]
        guard let data = LocalFiles.contents(of: path) else {
            throw CommandError(message: "\(path): no such file, or it cannot be read", code: .noInput)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CommandError(message: "\(path): not UTF-8 text", code: .dataError)
        }
        let set: LabeledMessages
        do {
            set = try LabeledMessages(parsing: text, path: path)
        } catch {
            throw CommandError(message: error.description, code: .dataError)
        }
        let rules = try RuleLoading.rules(arguments)
        let matcher = Matcher(rules: rules)
        let rows = set.entries.map { entry -> Evaluation.Row in
            let result = matcher.classify(entry.text)
            return Evaluation.Row(text: entry.text, expected: entry.label, predicted: result.category,
                                  intent: result.intent.map { rules.intents[$0].name }, confidence: result.confidence)
        }
        let evaluation = Evaluation(rows)
        var out = OutputStream.standardOutput
        out.write(EvaluationReport.render(evaluation, maxWrong: maxWrong))
        out.flush()
        return .success
    }
}

/// The text `eval` prints.
enum EvaluationReport {
    static func render(_ evaluation: Evaluation, maxWrong: Int) -> String {
        var text = ""
        let wrong = evaluation.wrong
        text += "wrong: \(wrong.count) of \(evaluation.rows.count)\n"
        for row in wrong.prefix(maxWrong) {
            text += "  expected \(row.expected.rawValue), got \(row.predicted.rawValue) (\(row.intent ?? "-") \(format(row.confidence))): \(row.text)\n"
        }
        if wrong.count > maxWrong { text += "  ... \(wrong.count - maxWrong) more (--max-wrong)\n" }

        text += "\n" + pad("label", 14) + pad("n", 7, right: true) + pad("prec", 7, right: true) + pad("rec", 7, right: true) + pad("f1", 7, right: true) + "\n"
        for score in evaluation.labels {
            text += pad(score.label.rawValue, 14) + pad(String(score.support), 7, right: true) + pad(three(score.precision), 7, right: true)
                + pad(three(score.recall), 7, right: true) + pad(three(score.f1), 7, right: true) + "\n"
        }

        let short = ["acc", "bil", "how", "upd", "cfg", "con", "prf", "hum", "sml", "unk"]
        text += "\nconfusion (rows: expected, columns: predicted)\n" + pad("", 14)
        for name in short { text += pad(name, 6, right: true) }
        text += "\n"
        for (i, category) in Category.allCases.enumerated() where evaluation.confusion[i].reduce(0, +) > 0 {
            text += pad(category.rawValue, 14)
            for count in evaluation.confusion[i] { text += pad(count == 0 ? "." : String(count), 6, right: true) }
            text += "\n"
        }
        let outOfScope = evaluation.rows.filter { $0.expected == .unknown }.count
        text += "\nout-of-scope false accepts: \(three(evaluation.outOfScopeFalseAccept)) of \(outOfScope) unknown messages\n"
        text += evaluation.summaryLine + "\n"
        return text
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
