/// One mistake found in a rule set, reported the way compilers do:
///
///     Intents/billing.rules:12:14: unknown concept ~chrage (did you mean ~charge?)
///         match: ~chrage twice
///                ^~~~~~~
public struct RuleDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    /// The whole source line, shown under the message with a caret at the column.
    public var sourceLine: String?
    /// How many characters the caret underlines.
    public var length: Int

    public init(_ message: String, at location: SourceLocation, sourceLine: String? = nil, length: Int = 1) {
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
        self.length = max(1, length)
    }

    public var description: String {
        // A finding about the rule set as a whole (a missing setting) names the folder alone.
        var text = location.line == 0 ? "\(location.file): \(message)" : "\(location): \(message)"
        if let sourceLine {
            let shown = sourceLine.replacingTabs()
            text += "\n    \(shown)\n    " + String(repeating: " ", count: max(0, location.column - 1))
                + "^" + String(repeating: "~", count: length - 1)
        }
        return text
    }
}

/// Every mistake found while loading a rule set. Loading reports them all at once, so a support
/// lead fixes a file in one pass; the rules that were live before stay live.
public struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [RuleDiagnostic]

    public init(_ diagnostics: [RuleDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        let count = diagnostics.count
        return diagnostics.map(\.description).joined(separator: "\n")
            + "\n\(count) error\(count == 1 ? "" : "s") in the rules; nothing was loaded."
    }
}

extension String {
    /// Tabs become single spaces so the caret under a diagnostic lines up with its column.
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
