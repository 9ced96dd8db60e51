/// Reads rule files into a `RuleSetSyntax`, collecting every mistake as a `RuleDiagnostic`.
///
/// The format is line oriented. Top-level statements start at column 1; the lines of an
/// `intent` or `concept` block are indented under it:
///
///     category billing
///     concept ~invoice: invoice bill statement 發票
///     intent refund
///       match: refund
///       match 0.6: [want get] *2 money back
///       not: ~bank_card
///       sample: I want a refund for last month
///
/// The full grammar, with examples, is in `Intents/README.md`.
public struct RuleParser {
    public private(set) var syntax = RuleSetSyntax()
    public private(set) var diagnostics: [RuleDiagnostic] = []

    /// `skipped`: the block's header was rejected; its indented lines are ignored rather than
    /// reported again as lines outside a block.
    private enum Block { case none, intent, concept, skipped }
    private var block = Block.none
    private var category: Category?
    /// The last category line was rejected: its intents are skipped without more errors.
    private var categoryRejected = false

    public init() {}

    /// Parses several files as one rule set: `.rules` files, and `.words` lists of known words.
    ///
    /// Files do not depend on each other until they are put together (a category holds to the end
    /// of its file; names are checked by the compiler), so the later rule files and the word lists
    /// are parsed on another thread, the machine's second core, while this one parses the earlier
    /// rule files: parsing was a third of loading the rules (BENCHMARKS.md, seventh session). The
    /// result is what parsing the files one after another gives: intents, concepts and forms in
    /// file order, diagnostics in file order.
    public static func parse(_ files: [RuleFile]) -> (RuleSetSyntax, [RuleDiagnostic]) {
        let ruleFiles = files.filter { $0.kind != .knownWords }  // anything else is read as rules
        let wordLists = files.filter { $0.kind == .knownWords }
        let split = balancedSplit(ruleFiles, besides: wordLists)
        let later = Array(ruleFiles[split...]) + wordLists
        let background = BackgroundWork { parseOneAfterAnother(later) }
        var (syntax, diagnostics) = parseOneAfterAnother(Array(ruleFiles[..<split]))
        let (laterSyntax, laterDiagnostics) = background.wait()
        syntax.append(laterSyntax)
        syntax.files = files.map(\.path)
        let fileOrder = Dictionary(files.enumerated().map { ($1.path, $0) }, uniquingKeysWith: min)
        diagnostics = (diagnostics + laterDiagnostics).enumerated()
            .sorted { (fileOrder[$0.element.location.file] ?? 0, $0.offset) < (fileOrder[$1.element.location.file] ?? 0, $1.offset) }
            .map(\.element)
        return (syntax, diagnostics)
    }

    private static func parseOneAfterAnother(_ files: [RuleFile]) -> (RuleSetSyntax, [RuleDiagnostic]) {
        var parser = RuleParser()
        for file in files {
            if file.kind == .knownWords {
                parser.parseWordList(file)
            } else {
                parser.parse(file)
            }
        }
        return (parser.syntax, parser.diagnostics)
    }

    /// How many of the rule files this thread parses so that both threads take about as long: a
    /// word list costs about an eleventh per byte of what a rule file does (callgrind, default
    /// rules: 19M instructions for 346 kB of words, 114M for 191 kB of rules).
    private static func balancedSplit(_ ruleFiles: [RuleFile], besides wordLists: [RuleFile]) -> Int {
        let ruleBytes = ruleFiles.map(\.contents.utf8.count)
        let total = ruleBytes.reduce(0, +) + wordLists.reduce(0) { $0 + $1.contents.utf8.count / 11 }
        var taken = 0, split = 0
        while split < ruleFiles.count && 2 * taken < total {
            taken += ruleBytes[split]
            split += 1
        }
        return split
    }

    /// A `.words` file: one correctly spelt word a line, `#` comments. Thousands of lines, so plain
    /// lower-case words skip the normaliser.
    public mutating func parseWordList(_ file: RuleFile) {
        syntax.files.append(file.path)
        var contents = file.contents
        contents.withUTF8 { bytes in
            var number = 0
            var start = 0
            while start < bytes.count {
                number += 1
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
                start = end + 1
                if line.isEmpty || line[0] == UInt8(ascii: "#") { continue }
                if line.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
                    syntax.knownWords.insert(line)
                    continue
                }
                let text = String(decoding: line, as: UTF8.self)
                let tokens = Normalizer.words(text)
                if tokens.count == 1 {
                    syntax.knownWords.insert(tokens[0])
                } else if !tokens.isEmpty || !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    let source = SourceLine(file: file.path, number: number, text: Substring(text))
                    diagnostics.append(source.diagnostic("a known-words file holds one word a line; '\(text)' is not one word", at: 0, length: text.count))
                }
            }
        }
    }

    public mutating func parse(_ file: RuleFile) {
        syntax.files.append(file.path)
        block = .none
        category = nil  // a category line holds until the end of its file
        categoryRejected = false
        var number = 0
        for text in file.contents.fileLines {
            number += 1
            parseLine(SourceLine(file: file.path, number: number, text: text))
        }
    }

    static let topLevelKeywords = ["category", "intent", "concept", "forms", "variants", "set"]
    static let intentKeywords = ["match", "not", "sample", "priority", "weight"]
    /// Settings a rule set may give, with the range each value must fall in.
    public static let settingRanges: [String: ClosedRange<Double>] = [
        "threshold": 0...1, "margin": 0...1, "default-weight": 0.01...1, "fuzzy-factor": 0...1,
    ]

    private mutating func parseLine(_ line: SourceLine) {
        let end = line.contentEnd
        let start = line.skipBlanks(from: 0)
        guard start < end else { return }
        if start == 0 {
            parseTopLevel(line, end: end)
        } else {
            parseIndented(line, from: start, end: end)
        }
    }

    // MARK: - Top level

    private mutating func parseTopLevel(_ line: SourceLine, end: Int) {
        block = .none
        let (keyword, afterKeyword) = word(in: line, from: 0, end: end)
        switch keyword {
        case "category":
            let (name, after) = word(in: line, from: afterKeyword, end: end)
            guard let found = Category(rawValue: name) else {
                let at = line.skipBlanks(from: afterKeyword)
                let known = Category.allCases.map(\.rawValue).joined(separator: " ")
                fail(line, name.isEmpty ? "'category' needs a name, one of: \(known)" : "unknown category '\(name)'\(suggestion(name, Category.allCases.map(\.rawValue))); the categories are: \(known)", at: at, length: max(1, name.count))
                category = nil
                categoryRejected = true
                return
            }
            expectEnd(line, from: after, end: end, after: "category \(name)")
            category = found
            categoryRejected = false
        case "intent":
            let (name, after) = word(in: line, from: afterKeyword, end: end)
            let at = line.skipBlanks(from: afterKeyword)
            guard let category else {
                if !categoryRejected {
                    fail(line, "an intent must follow a 'category NAME' line in the same file", at: 0, length: 6)
                }
                block = .skipped
                return
            }
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(PatternParser.isNameScalar) else {
                fail(line, name.isEmpty ? "'intent' needs a name, such as refund" : "intent names use letters, digits, '-', '_' and '.'; '\(name)' does not", at: at, length: max(1, name.count))
                block = .skipped
                return
            }
            expectEnd(line, from: after, end: end, after: "intent \(name)")
            syntax.intents.append(IntentSyntax(name: "\(category.rawValue).\(name)", category: category, location: line.location(at)))
            block = .intent
        case "concept":
            parseConcept(line, from: afterKeyword, end: end)
        case "forms":
            parseForms(line, from: afterKeyword, end: end)
        case "variants":
            parseVariants(line, from: afterKeyword, end: end)
        case "set":
            parseSetting(line, from: afterKeyword, end: end)
        default:
            if Self.intentKeywords.contains(keyword) {
                fail(line, "'\(keyword)' belongs inside an intent: indent it under an 'intent NAME' line", at: 0, length: keyword.count)
            } else {
                fail(line, "unknown statement '\(keyword)'\(suggestion(keyword, Self.topLevelKeywords)); a line at the start of the row is one of: \(Self.topLevelKeywords.joined(separator: ", "))", at: 0, length: max(1, keyword.count))
            }
        }
    }

    private mutating func parseConcept(_ line: SourceLine, from start: Int, end: Int) {
        let at = line.skipBlanks(from: start)
        guard at < end, line.scalars[at] == "~" else {
            fail(line, "a concept name starts with '~', as in: concept ~invoice: invoice bill statement", at: at)
            block = .skipped
            return
        }
        var nameEnd = at + 1
        while nameEnd < end, PatternParser.isNameScalar(line.scalars[nameEnd]) { nameEnd += 1 }
        let name = line.string((at + 1)..<nameEnd)
        guard !name.isEmpty else {
            fail(line, "'~' must be followed by the concept's name", at: at)
            block = .skipped
            return
        }
        guard let colon = colon(in: line, from: nameEnd, end: end, after: "concept ~\(name)") else {
            block = .skipped
            return
        }
        var parser = PatternParser(line: line, from: colon + 1, to: end)
        let items = parser.parseItems(closer: nil) ?? []
        diagnostics += parser.diagnostics
        syntax.concepts.append(ConceptSyntax(name: name, items: items, location: line.location(at)))
        block = .concept
    }

    private mutating func parseForms(_ line: SourceLine, from start: Int, end: Int) {
        let (base, afterBase) = word(in: line, from: start, end: end)
        guard !base.isEmpty, let colon = colon(in: line, from: afterBase, end: end, after: "forms \(base)") else {
            if base.isEmpty { fail(line, "'forms' needs a word, a colon and its irregular forms, as in: forms pay: paid", at: line.skipBlanks(from: start)) }
            return
        }
        var group: [String] = []
        var locations: [SourceLocation] = []
        for (word, at) in [(base, line.skipBlanks(from: start))] + words(in: line, from: colon + 1, end: end) {
            let tokens = Normalizer.words(word)
            guard tokens.count == 1 else {
                fail(line, "'\(word)' is not a single word; forms are single words", at: at, length: word.count)
                continue
            }
            group.append(tokens[0])
            locations.append(line.location(at))
        }
        // `forms points:` with no forms is a group of one: a word kept apart from any word whose
        // generated forms it would otherwise join ("point" makes "points").
        syntax.forms.append(FormsSyntax(words: group, location: line.location(0), wordLocations: locations))
    }

    private mutating func parseVariants(_ line: SourceLine, from start: Int, end: Int) {
        let usage = "'variants' needs a word, a colon and what customers also write for it, as in: variants 登录: 登陆"
        let (base, afterBase) = word(in: line, from: start, end: end)
        let at = line.skipBlanks(from: start)
        guard !base.isEmpty, let colon = colon(in: line, from: afterBase, end: end, after: "variants \(base)") else {
            if base.isEmpty { fail(line, usage, at: at) }
            return
        }
        let word = Normalizer.words(base)
        var variants: [[String]] = []
        let reported = diagnostics.count
        let items = words(in: line, from: colon + 1, end: end)
        for (written, position) in items {
            let tokens = Normalizer.words(written)
            guard !tokens.isEmpty, tokens != word else {
                fail(line, tokens.isEmpty ? "'\(written)' has no letters or characters to match" : "'\(written)' is the word itself, not a variant of it",
                     at: position, length: written.count)
                continue
            }
            variants.append(tokens)
        }
        guard !word.isEmpty, !variants.isEmpty else {
            // A variant (or a quote) already reported above needs no second message.
            if word.isEmpty || (items.isEmpty && diagnostics.count == reported) { fail(line, word.isEmpty ? "'\(base)' has no letters or characters to match" : usage, at: at, length: max(1, base.count)) }
            return
        }
        syntax.variants.append(VariantsSyntax(word: word, variants: variants))
    }

    private mutating func parseSetting(_ line: SourceLine, from start: Int, end: Int) {
        let (name, afterName) = word(in: line, from: start, end: end)
        let at = line.skipBlanks(from: start)
        guard let range = Self.settingRanges[name] else {
            let known = Self.settingRanges.keys.sorted()
            fail(line, name.isEmpty ? "'set' needs a name and a value, as in: set threshold 0.5" : "unknown setting '\(name)'\(suggestion(name, known)); the settings are: \(known.joined(separator: ", "))", at: at, length: max(1, name.count))
            return
        }
        let (value, afterValue) = word(in: line, from: afterName, end: end)
        let valueAt = line.skipBlanks(from: afterName)
        guard let number = Double(value), range.contains(number) else {
            fail(line, "'\(name)' must be a number from \(range.lowerBound) to \(range.upperBound)\(value.isEmpty ? "" : ", not '\(value)'")", at: valueAt, length: max(1, value.count))
            return
        }
        expectEnd(line, from: afterValue, end: end, after: "set \(name) \(value)")
        syntax.settings.append(SettingSyntax(name: name, value: number, location: line.location(at)))
    }

    // MARK: - Indented lines

    private mutating func parseIndented(_ line: SourceLine, from start: Int, end: Int) {
        switch block {
        case .none:
            fail(line, "this indented line is not inside an intent or concept; statements at the top level start in column 1", at: start)
        case .skipped:
            break
        case .concept:
            var parser = PatternParser(line: line, from: start, to: end)
            let items = parser.parseItems(closer: nil) ?? []
            diagnostics += parser.diagnostics
            syntax.concepts[syntax.concepts.count - 1].items += items
        case .intent:
            parseIntentLine(line, from: start, end: end)
        }
    }

    private mutating func parseIntentLine(_ line: SourceLine, from start: Int, end: Int) {
        let (keyword, afterKeyword) = word(in: line, from: start, end: end)
        let index = syntax.intents.count - 1
        switch keyword {
        case "match", "not":
            var weight: Double?
            var cursor = afterKeyword
            let (maybeWeight, afterWeight) = word(in: line, from: afterKeyword, end: end)
            if !maybeWeight.isEmpty {
                let at = line.skipBlanks(from: afterKeyword)
                guard keyword == "match", let value = Double(maybeWeight), value > 0, value <= 1 else {
                    fail(line, keyword == "not" ? "'not:' takes no weight: a negative trigger always suppresses its intent" : "a trigger's weight is a number above 0 and at most 1, as in: match 0.6: money back", at: at, length: maybeWeight.count)
                    return
                }
                weight = value
                cursor = afterWeight
            }
            guard let colon = colon(in: line, from: cursor, end: end, after: keyword) else { return }
            var parser = PatternParser(line: line, from: colon + 1, to: end)
            let elements = parser.parsePattern()
            diagnostics += parser.diagnostics
            guard let elements else { return }
            let source = line.string(line.skipBlanks(from: colon + 1)..<end)
            syntax.intents[index].triggers.append(Trigger(elements: elements, weight: weight, isNegative: keyword == "not", source: source, location: line.location(start)))
        case "sample":
            guard let colon = colon(in: line, from: afterKeyword, end: end, after: "sample") else { return }
            let textStart = line.skipBlanks(from: colon + 1)
            // Samples are customer text: a '#' in them is text, not a comment.
            var textEnd = line.scalars.count
            while textEnd > textStart, line.scalars[textEnd - 1].isBlank { textEnd -= 1 }
            guard textStart < textEnd else {
                fail(line, "the sample is empty", at: colon)
                return
            }
            syntax.intents[index].samples.append(Sample(text: line.string(textStart..<textEnd), location: line.location(textStart)))
        case "priority":
            let (value, after) = word(in: line, from: afterKeyword, end: end)
            guard let number = Int(value), (-100...100).contains(number) else {
                fail(line, "priority is a whole number from -100 to 100, as in: priority 2", at: line.skipBlanks(from: afterKeyword), length: max(1, value.count))
                return
            }
            expectEnd(line, from: after, end: end, after: "priority \(value)")
            syntax.intents[index].priority = number
        case "weight":
            let (value, after) = word(in: line, from: afterKeyword, end: end)
            guard let number = Double(value), number > 0, number <= 1 else {
                fail(line, "weight is a number above 0 and at most 1, as in: weight 0.7", at: line.skipBlanks(from: afterKeyword), length: max(1, value.count))
                return
            }
            expectEnd(line, from: after, end: end, after: "weight \(value)")
            syntax.intents[index].weight = number
        default:
            fail(line, "unknown intent line '\(keyword)'\(suggestion(keyword, Self.intentKeywords)); inside an intent the lines are: \(Self.intentKeywords.joined(separator: ", "))", at: start, length: max(1, keyword.count))
        }
    }

    // MARK: - Helpers

    /// The next run of non-blank characters, stopping before a ':'.
    private func word(in line: SourceLine, from start: Int, end: Int) -> (String, Int) {
        let begin = line.skipBlanks(from: start)
        var index = begin
        while index < end, !line.scalars[index].isBlank, line.scalars[index] != ":" { index += 1 }
        return (line.string(begin..<index), index)
    }

    /// The items after a `forms` or `variants` line's colon, apart at blanks and commas. A quoted
    /// item is one item whatever it holds (`variants outlook: "out look"`): read word by word, its
    /// words were taken for items of their own, so "out" stood for Outlook.
    private mutating func words(in line: SourceLine, from start: Int, end: Int) -> [(String, Int)] {
        var result: [(String, Int)] = []
        var index = start
        while true {
            index = line.skipBlanks(from: index)
            while index < end, line.scalars[index] == "," { index = line.skipBlanks(from: index + 1) }
            guard index < end else { return result }
            if line.scalars[index] == "\"" {
                var close = index + 1
                while close < end, line.scalars[close] != "\"" { close += 1 }
                guard close < end else {
                    fail(line, "the quoted phrase is never closed", at: index, length: end - index)
                    return result
                }
                result.append((line.string((index + 1)..<close), index))
                index = close + 1
                continue
            }
            let (word, after) = word(in: line, from: index, end: end)
            if word.isEmpty { index += 1; continue }
            result.append((word.trimmingSuffix(","), index))
            index = after
        }
    }

    /// The index of the ':' expected next, or nil after reporting that it is missing.
    private mutating func colon(in line: SourceLine, from start: Int, end: Int, after what: String) -> Int? {
        let at = line.skipBlanks(from: start)
        if at < end, line.scalars[at] == ":" { return at }
        fail(line, "expected ':' after '\(what)'", at: at)
        return nil
    }

    private mutating func expectEnd(_ line: SourceLine, from start: Int, end: Int, after what: String) {
        let at = line.skipBlanks(from: start)
        if at < end {
            fail(line, "unexpected text after '\(what)'", at: at, length: end - at)
        }
    }

    private mutating func fail(_ line: SourceLine, _ message: String, at index: Int, length: Int = 1) {
        diagnostics.append(line.diagnostic(message, at: index, length: length))
    }
}

/// " (did you mean 'x'?)" when a known word is one or two edits away.
func suggestion(_ word: String, _ candidates: [String], prefix: String = "'", suffix: String = "'") -> String {
    let best = candidates.sorted().map { ($0, EditDistance.levenshtein(word, $0)) }
        .filter { $0.1 <= 2 && $0.1 < word.count }.min { $0.1 < $1.1 }
    return best.map { " (did you mean \(prefix)\($0.0)\(suffix)?)" } ?? ""
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
