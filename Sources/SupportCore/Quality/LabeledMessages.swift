/// A labeled message set: `text<TAB>label` rows (more columns are ignored), an optional header.
public struct LabeledMessages: Sendable {
    public struct Entry: Sendable {
        public var text: String
        public var label: Category
        public var line: Int
    }

    public var entries: [Entry]

    /// A row whose label is not one of the ten categories.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var location: SourceLocation
        public var message: String
        public var description: String { "\(location): \(message)" }
    }

    public init(parsing text: String, path: String) throws(FormatError) {
        var entries: [Entry] = []
        var number = 0
        for line in text.fileLines {
            number += 1
            if line.isEmpty { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2 else {
                throw FormatError(location: SourceLocation(file: path, line: number), message: "expected text<TAB>label, found no tab")
            }
            let labelText = columns[1].trimmingBlanks()
            if number == 1 && labelText == "label" { continue }  // the header row
            guard let label = Category(rawValue: labelText) else {
                throw FormatError(location: SourceLocation(file: path, line: number, column: columns[0].count + 2),
                                  message: "unknown label '\(labelText)'; labels are: \(Category.allCases.map(\.rawValue).joined(separator: " "))")
            }
            entries.append(Entry(text: String(columns[0]), label: label, line: number))
        }
        self.entries = entries
    }
}

extension Substring {
    fileprivate func trimmingBlanks() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
