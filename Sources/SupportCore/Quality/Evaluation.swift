/// Scores predicted labels against expected ones: per-label precision, recall and F1, their
/// macro average, a confusion matrix, and how often out-of-scope messages were accepted.
///
/// The figures match `../shared/eval/score.py`: macro-F1 averages the labels present in the
/// expected set; the out-of-scope false-accept rate is the share of `unknown` messages put into a
/// support category or `human` (smalltalk does not count as accepting).
public struct Evaluation: Sendable {
    public struct Row: Sendable {
        public var text: String
        public var expected: Category
        public var predicted: Category
        public var intent: String?
        public var confidence: Double

        public init(text: String, expected: Category, predicted: Category, intent: String?, confidence: Double) {
            self.text = text
            self.expected = expected
            self.predicted = predicted
            self.intent = intent
            self.confidence = confidence
        }
    }

    public struct LabelScore: Sendable {
        public var label: Category
        public var support: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    public let rows: [Row]
    public let labels: [LabelScore]
    /// confusion[expected][predicted], indexed by `Category.allCases` order.
    public let confusion: [[Int]]

    public init(_ rows: [Row]) {
        self.rows = rows
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: Category.allCases.count), count: Category.allCases.count)
        for row in rows { confusion[row.expected.index][row.predicted.index] += 1 }
        self.confusion = confusion
        let present = Set(rows.map(\.expected))
        labels = Category.allCases.filter(present.contains).map { label in
            let tp = confusion[label.index][label.index]
            let support = confusion[label.index].reduce(0, +)
            let predicted = confusion.reduce(0) { $0 + $1[label.index] }
            let precision = Double(tp) / Double(max(1, predicted))
            let recall = Double(tp) / Double(max(1, support))
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return LabelScore(label: label, support: support, precision: precision, recall: recall, f1: f1)
        }
    }

    public var macroF1: Double { labels.isEmpty ? 0 : labels.map(\.f1).reduce(0, +) / Double(labels.count) }
    public var accuracy: Double { Double(rows.filter { $0.expected == $0.predicted }.count) / Double(max(1, rows.count)) }

    /// Share of `unknown` messages put into a support category or `human`.
    public var outOfScopeFalseAccept: Double {
        let outOfScope = rows.filter { $0.expected == .unknown }
        let accepted = outOfScope.filter { $0.predicted.isSupport || $0.predicted == .human }
        return Double(accepted.count) / Double(max(1, outOfScope.count))
    }

    /// Share of support and `human` messages given their own label.
    public var inScopeRecall: Double {
        let inScope = rows.filter { $0.expected.isSupport || $0.expected == .human }
        return Double(inScope.filter { $0.expected == $0.predicted }.count) / Double(max(1, inScope.count))
    }

    public var wrong: [Row] { rows.filter { $0.expected != $0.predicted } }

    public var summaryLine: String {
        "macro_f1=\(three(macroF1)) accuracy=\(three(accuracy)) oos_false_accept=\(three(outOfScopeFalseAccept)) inscope_recall=\(three(inScopeRecall)) n=\(rows.count)"
    }
}

extension Category {
    var index: Int { Category.allCases.firstIndex(of: self)! }
}

/// Three decimals, as `score.py` prints them.
public func three(_ value: Double) -> String {
    let thousandths = Int((value * 1000).rounded())
    let fraction = String(thousandths % 1000)
    return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}
