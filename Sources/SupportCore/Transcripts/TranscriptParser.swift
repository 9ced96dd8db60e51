/// Reads transcript files; a line it cannot read is a diagnostic with its `file:line:column`.
public enum TranscriptParser {
    public static let handoffFields = ["severity", "category", "intent", "reason", "service", "customer", "language", "summary"]

    public static func parse(_ text: String, path: String) -> (Transcript, [RuleDiagnostic]) {
        var transcript = Transcript(path: path)
        transcript.turns.append(Transcript.Turn())
        var diagnostics: [RuleDiagnostic] = []
        var number = 0
        for raw in text.fileLines {
            number += 1
            let line = String(raw)
            func fail(_ message: String, column: Int = 1) {
                diagnostics.append(RuleDiagnostic(message, at: SourceLocation(file: path, line: number, column: column), sourceLine: line,
                                                  length: max(1, line.count - column + 1)))
            }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            if PlainCodec.isServerLine(line) {
                transcript.turns[transcript.turns.count - 1].serverLines.append(line)
                continue
            }
            if line.hasPrefix("given ") {
                let rest = String(line.dropFirst("given ".count))
                guard rest.hasPrefix("incident "), let incident = ServiceHealthFile.parseLine(String(rest.dropFirst("incident ".count))) else {
                    fail("expected: given incident ID | service | title | since [| next update]")
                    continue
                }
                guard transcript.turns.count == 1 else {
                    fail("'given' lines come before the first customer line")
                    continue
                }
                transcript.incidents.append(incident)
                continue
            }
            if line.hasPrefix("expect ") || line == "expect" {
                switch parseExpectation(String(line.dropFirst("expect".count)).trimmingBlanks()) {
                case .success(let expectation):
                    transcript.turns[transcript.turns.count - 1].expectations.append((expectation, number))
                case .failure(let problem):
                    fail(problem.message, column: 8)
                }
                continue
            }
            // A customer line. A backslash lets one start with a reserved word ("\expect ...").
            let customer = line.hasPrefix("\\") ? String(line.dropFirst()) : line
            transcript.turns.append(Transcript.Turn(customer: (customer, number)))
        }
        return (transcript, diagnostics)
    }

    struct Problem: Error { var message: String }

    static func parseExpectation(_ text: String) -> Result<Expectation, Problem> {
        let words = splitQuoted(text)
        guard let head = words.first else { return .failure(Problem(message: "'expect' needs what to expect, such as: expect category billing")) }
        let rest = Array(words.dropFirst())
        func one() -> String? { rest.count == 1 ? rest[0] : nil }
        switch head {
        case "category":
            guard let name = one(), let category = Category(rawValue: name) else {
                return .failure(Problem(message: "expected: expect category NAME, one of \(Category.allCases.map(\.rawValue).joined(separator: " "))"))
            }
            return .success(.category(category))
        case "intent":
            guard let name = one() else { return .failure(Problem(message: "expected: expect intent CATEGORY.NAME")) }
            return .success(.intent(name))
        case "article":
            guard let id = one() else { return .failure(Problem(message: "expected: expect article ID")) }
            return .success(.article(id))
        case "clarify":
            return .success(.clarify(candidates: rest))
        case "handoff":
            var fields: [String: String] = [:]
            var index = 0
            while index < rest.count {
                guard handoffFields.contains(rest[index]), index + 1 < rest.count else {
                    return .failure(Problem(message: "expected: expect handoff [FIELD VALUE ...] with fields \(handoffFields.joined(separator: ", "))"))
                }
                fields[rest[index]] = rest[index + 1]
                index += 2
            }
            return .success(.handoff(fields: fields))
        case "no":
            switch one() {
            case "handoff": return .success(.noHandoff)
            case "article": return .success(.noArticle)
            default: return .failure(Problem(message: "expected: expect no handoff, or expect no article"))
            }
        case "language":
            guard let code = one(), let language = Language(rawValue: code) else {
                return .failure(Problem(message: "expected: expect language en|zh-Hant|zh-Hans"))
            }
            return .success(.language(language))
        case "kind":
            guard let name = one(), let kind = BotReply.Kind(rawValue: name) else {
                return .failure(Problem(message: "expected: expect kind greeting|answer|question|clarify|info|smalltalk|health|handoff|error"))
            }
            return .success(.kind(kind))
        case "incident":
            guard let id = one() else { return .failure(Problem(message: "expected: expect incident ID")) }
            return .success(.incident(id))
        case "reply":
            guard rest.count == 2 else { return .failure(Problem(message: "expected: expect reply contains \"TEXT\", expect reply matches /PATTERN/ or expect reply is \"TEXT\"")) }
            switch rest[0] {
            case "contains": return .success(.replyContains(rest[1]))
            case "is": return .success(.replyIs(rest[1].replacingAll("\\n", with: "\n")))
            case "matches":
                let pattern = rest[1]
                guard pattern.count >= 2, pattern.hasPrefix("/"), pattern.hasSuffix("/") else {
                    return .failure(Problem(message: "a pattern is written between slashes: expect reply matches /refund(s)?/"))
                }
                let body = String(pattern.dropFirst().dropLast())
                do {
                    _ = try Regex(body)
                } catch {
                    return .failure(Problem(message: "not a regular expression: /\(body)/ (\(error))"))
                }
                return .success(.replyMatches(body))
            default:
                return .failure(Problem(message: "expected: expect reply contains|matches|is ..."))
            }
        case "closed": return rest.isEmpty ? .success(.closed) : .failure(Problem(message: "'expect closed' takes nothing more"))
        case "error": return rest.isEmpty ? .success(.error) : .failure(Problem(message: "'expect error' takes nothing more"))
        default:
            let known = ["category", "intent", "article", "clarify", "handoff", "no", "language", "kind", "incident", "reply", "closed", "error"]
            return .failure(Problem(message: "unknown expectation '\(head)'\(suggestion(head, known)); see Transcripts/README.md"))
        }
    }

    /// Words separated by spaces, where "quoted text" and /a pattern/ are one word each.
    static func splitQuoted(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open {
                    if open == "/" { current.append(character) }
                    words.append(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.isEmpty {
                quote = "\""
            } else if character == "/" && current.isEmpty {
                quote = "/"
                current.append(character)
            } else if character == " " {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
