import SupportCore
import Testing

@Suite struct EvaluationTests {
    private func row(_ expected: Category, _ predicted: Category) -> Evaluation.Row {
        Evaluation.Row(text: "", expected: expected, predicted: predicted, intent: nil, confidence: 1)
    }

    @Test func evaluation_computesPerLabelScoresAndTheirMacroAverage() {
        // billing: 2 right, 1 predicted as unknown; unknown: 1 right, 1 predicted as billing.
        let e = Evaluation([row(.billing, .billing), row(.billing, .billing), row(.billing, .unknown),
                            row(.unknown, .unknown), row(.unknown, .billing)])
        let billing = e.labels.first { $0.label == .billing }!
        #expect(abs(billing.precision - 2.0 / 3) < 1e-9 && abs(billing.recall - 2.0 / 3) < 1e-9)
        let unknown = e.labels.first { $0.label == .unknown }!
        #expect(unknown.precision == 0.5 && unknown.recall == 0.5)
        #expect(abs(e.macroF1 - (2.0 / 3 + 0.5) / 2) < 1e-9)
        #expect(e.accuracy == 0.6)
        #expect(e.outOfScopeFalseAccept == 0.5)
        #expect(e.confusion[1][9] == 1)  // billing → unknown
        #expect(e.summaryLine == "macro_f1=0.583 accuracy=0.600 oos_false_accept=0.500 inscope_recall=0.667 n=5")
    }

    @Test func evaluation_doesNotCountSmalltalkAsAcceptingOutOfScope() {
        let e = Evaluation([row(.unknown, .smalltalk), row(.unknown, .human)])
        #expect(e.outOfScopeFalseAccept == 0.5)
    }

    @Test func labeledMessages_skipsTheHeaderAndRejectsUnknownLabels() throws {
        let set = try LabeledMessages(parsing: "text\tlabel\tsource\nhi\tsmalltalk\tx\n\nrefund\tbilling\n", path: "a.tsv")
        #expect(set.entries.map(\.label) == [.smalltalk, .billing])
        #expect(throws: LabeledMessages.FormatError.self) { try LabeledMessages(parsing: "hi\tgreeting\n", path: "a.tsv") }
        do {
            _ = try LabeledMessages(parsing: "hi\tsmalltalk\nbad row\n", path: "a.tsv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("a.tsv:2:"))
        }
    }
}
