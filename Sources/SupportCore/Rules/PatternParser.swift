/// Parses the pattern language of `match:`/`not:` lines and the member lists of concepts:
///
///     word  "a phrase"  ~concept  [one of these]  {optional words}  <all of these, any order>
///     <all of these, any order, at most three words between one and the next *3>  <[one of] these *3>
///     ^ (start)  $ (end)  * (any gap)  *3 (at most three words between)
///
/// Neighbouring elements must be adjacent unless a gap is written between them.
struct PatternParser {
    let line: SourceLine
    private var index: Int
    private let end: Int
    private(set) var diagnostics: [RuleDiagnostic] = []

    init(line: SourceLine, from start: Int, to end: Int) {
        self.line = line
        self.index = start
        self.end = end
    }

    // MARK: Patterns

    /// The elements of a pattern, or nil when the pattern has a mistake (reported in `diagnostics`).
    mutating func parsePattern() -> [PatternElement]? {
        let errorsBefore = diagnostics.count
        var elements: [PatternElement] = []
        var pendingGap: (gap: Gap, index: Int)?
        var sawEnd = false
        while true {
            index = line.skipBlanks(from: index)
            guard index < end else { break }
            let start = index
            let scalar = line.scalars[index]
            if sawEnd {
                fail("nothing may follow '$' (the end of the message)", at: start, length: end - start)
                return nil
            }
            var kind: PatternElement.Kind
            switch scalar {
            case "*":
                index += 1
                let digitsStart = index
                let number = readNumber()
                let gap: Gap = digitsStart == index ? .unbounded : .upTo(number ?? 0)  // too large: reported
                if elements.isEmpty {
                    fail("a pattern cannot start with a gap: patterns match anywhere in the message already (use ^ to tie one to the start)", at: start, length: index - start)
                } else if pendingGap != nil {
                    fail("two gaps in a row; write one gap such as *3", at: start, length: index - start)
                }
                pendingGap = (gap, start)
                continue
            case ",":
                fail("',' separates items only inside [ ], { } and < >; write alternatives as [a b], or put them on separate match: lines", at: start)
                index += 1
                continue
            case "[", "{", "<":
                index += 1
                if scalar == "<" {
                    guard let group = parseUnordered(opener: start) else { return nil }
                    kind = .allOf(group.members, within: group.within)
                } else {
                    guard let items = parseItems(closer: scalar == "[" ? "]" : "}", opener: start) else { return nil }
                    kind = .anyOf(items, optional: scalar == "{")
                }
            case "]", "}", ">":
                fail("'\(scalar)' has no matching opening bracket", at: start)
                return nil
            case "^":
                index += 1
                if !elements.isEmpty {
                    fail("'^' (the start of the message) can only come first", at: start)
                }
                kind = .start
            case "$" where index + 1 == end || line.scalars[index + 1].isBlank:
                index += 1
                sawEnd = true
                kind = .end
            default:
                guard let item = parseItem() else { return nil }
                kind = .anyOf([item], optional: false)
            }
            elements.append(PatternElement(kind: kind, gapBefore: pendingGap?.gap ?? .adjacent, location: line.location(start)))
            pendingGap = nil
        }
        if let pendingGap {
            fail("a pattern cannot end with a gap: patterns match anywhere in the message already (use $ to tie one to the end)", at: pendingGap.index)
        }
        if diagnostics.count > errorsBefore { return nil }
        if elements.isEmpty {
            fail("the pattern is empty", at: index)
            return nil
        }
        if !elements.contains(where: \.isRequired) {
            fail("a pattern needs at least one word, phrase or concept that is not optional", at: line.skipBlanks(from: 0), length: end - line.skipBlanks(from: 0))
            return nil
        }
        return elements
    }

    // MARK: Items

    /// A list of items up to `closer` (or the end of the line when there is none).
    mutating func parseItems(closer: Unicode.Scalar?, opener: Int? = nil) -> [PatternItem]? {
        var items: [PatternItem] = []
        let errorsBefore = diagnostics.count
        while true {
            while index < end, line.scalars[index].isBlank || line.scalars[index] == "," { index += 1 }
            guard index < end else {
                if let closer, let opener {
                    fail("'\(line.scalars[opener])' is never closed; expected '\(closer)'", at: opener)
                    return nil
                }
                break
            }
            let scalar = line.scalars[index]
            if let closer, scalar == closer {
                index += 1
                if items.isEmpty, let opener {
                    fail("an empty group matches nothing", at: opener, length: index - opener)
                    return nil
                }
                break
            }
            if scalar == "[" || scalar == "{" || scalar == "<" {
                fail(closer == nil ? "brackets are for patterns; list the members of a concept separated by spaces" : "groups cannot be nested; use a concept (~name) for a group inside a group", at: index)
                return nil
            }
            if scalar == "]" || scalar == "}" || scalar == ">" || scalar == "*" || scalar == "^" {
                fail("'\(scalar)' cannot appear here", at: index)
                return nil
            }
            guard let item = parseItem() else { return nil }
            items.append(item)
        }
        return diagnostics.count > errorsBefore ? nil : items
    }

    /// The most members a bounded group (`<a b *3>`) holds: the matcher keeps a record for each
    /// set of them at each occurrence (`UnorderedWindow`).
    static let mostBoundedItems = 4

    /// The members of a `< >` group after its `<`: items, or `[ ]` lists of alternatives (one
    /// member each), and the `*N` that keeps them within N words of one another (nil: none).
    private mutating func parseUnordered(opener: Int) -> (members: [[PatternItem]], within: Int?)? {
        var members: [[PatternItem]] = []
        var within: Int?, boundIndex: Int?
        let errorsBefore = diagnostics.count
        while true {
            while index < end, line.scalars[index].isBlank || line.scalars[index] == "," { index += 1 }
            guard index < end else {
                fail("'<' is never closed; expected '>'", at: opener)
                return nil
            }
            let start = index
            switch line.scalars[index] {
            case ">":
                index += 1
                if members.isEmpty {
                    fail("an empty group matches nothing", at: opener, length: index - opener)
                } else if let boundIndex, members.count < 2 {
                    fail("a bound keeps two items or more together; this group has one item", at: boundIndex)
                } else if let boundIndex, members.count > Self.mostBoundedItems {
                    fail("a bounded group holds at most \(Self.mostBoundedItems) items; put alternatives in [ ] or split the line", at: boundIndex)
                }
                return diagnostics.count > errorsBefore ? nil : (members, within)
            case "[":
                index += 1
                guard let alternatives = parseItems(closer: "]", opener: start) else { return nil }
                members.append(alternatives)
            case "*":
                index += 1
                let digitsStart = index
                let number = readNumber()
                if digitsStart == index {
                    fail("'*' in < > needs a number: <a b *3> keeps the items within 3 words of one another (without it they may lie anywhere)", at: start)
                } else if boundIndex != nil {
                    fail("a group takes one bound such as *3", at: start, length: index - start)
                } else if let number {
                    within = number
                    boundIndex = start
                }
            case "{", "<":
                fail("inside < > a group can only be [ ] (one of its items); use a concept (~name) for others", at: start)
                return nil
            case "]", "}", "^":
                fail("'\(line.scalars[index])' cannot appear here", at: start)
                return nil
            default:
                guard let item = parseItem() else { return nil }
                members.append([item])
            }
        }
    }

    /// One word, quoted phrase or concept reference.
    private mutating func parseItem() -> PatternItem? {
        let start = index
        let scalar = line.scalars[index]
        if scalar == "~" {
            index += 1
            while index < end, Self.isNameScalar(line.scalars[index]) { index += 1 }
            let name = line.string((start + 1)..<index)
            guard !name.isEmpty else {
                fail("'~' must be followed by a concept name, as in ~invoice", at: start)
                return nil
            }
            return PatternItem(kind: .concept(name), written: "~" + name, location: line.location(start), length: index - start)
        }
        if scalar == "\"" {
            index += 1
            let textStart = index
            while index < end, line.scalars[index] != "\"" { index += 1 }
            guard index < end else {
                fail("the quoted phrase is never closed", at: start, length: end - start)
                return nil
            }
            let text = line.string(textStart..<index)
            index += 1
            if text.unicodeScalars.contains("~") { return sequenceItem(textStart: textStart, textEnd: index - 1, start: start) }
            return textItem(text, written: "\"\(text)\"", start: start)
        }
        while index < end, !Self.isItemBoundary(line.scalars[index]) { index += 1 }
        let word = line.string(start..<index)
        return textItem(word, written: word, start: start)
    }

    /// A quoted phrase that names concepts (`"~keeps_zh 闪"`), its text between the scalars
    /// `textStart` and `textEnd`: words and concepts in order, a concept's name ending where its
    /// name's letters do (`"~keeps_zh闪"` reads the same).
    private mutating func sequenceItem(textStart: Int, textEnd: Int, start: Int) -> PatternItem? {
        var parts: [PatternItem.PhrasePart] = []
        var wordsStart = textStart
        var position = textStart
        func appendWords(upTo wordsEnd: Int) {
            let tokens = Normalizer.words(line.string(wordsStart..<wordsEnd))
            if !tokens.isEmpty { parts.append(.words(tokens)) }
        }
        while position < textEnd {
            guard line.scalars[position] == "~" else { position += 1; continue }
            appendWords(upTo: position)
            var nameEnd = position + 1
            while nameEnd < textEnd, Self.isNameScalar(line.scalars[nameEnd]) { nameEnd += 1 }
            guard nameEnd > position + 1 else {
                fail("'~' must be followed by a concept name, as in \"~keeps_zh 闪\"", at: position)
                return nil
            }
            parts.append(.concept(line.string((position + 1)..<nameEnd)))
            position = nameEnd
            wordsStart = nameEnd
        }
        appendWords(upTo: textEnd)
        return PatternItem(kind: .sequence(parts), written: "\"" + line.string(textStart..<textEnd) + "\"", location: line.location(start), length: textEnd + 1 - start)
    }

    private mutating func textItem(_ text: String, written: String, start: Int) -> PatternItem? {
        let tokens = Normalizer.words(text)
        guard !tokens.isEmpty else {
            fail("'\(written)' has no letters, digits, Chinese characters (们, the plural, is not read) or emoji, so it can never match", at: start, length: index - start)
            return nil
        }
        return PatternItem(kind: .text(tokens), written: written, location: line.location(start), length: index - start)
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal || scalar == "_" || scalar == "-" || scalar == ".")
    }

    /// A switch, not `"...".unicodeScalars.contains`: this runs for every character of every rule
    /// line, and walking a string's scalars each time cost ~4% of loading.
    private static func isItemBoundary(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "[", "]", "{", "}", "<", ">", "\"", "~", "*", ",": return true
        default: return scalar.isBlank
        }
    }

    /// The decimal number at `index`, read past; nil when there is none or it is too large (reported).
    private mutating func readNumber() -> Int? {
        let start = index
        while index < end, line.scalars[index].properties.numericType == .decimal, line.scalars[index].isASCII { index += 1 }
        guard index > start else { return nil }
        guard let number = Int(line.string(start..<index)) else {
            fail("\(line.string(start..<index)) is too large a number of words; a message is read only up to its first \(Matcher.maximumTokens)", at: start, length: index - start)
            return nil
        }
        return number
    }

    private mutating func fail(_ message: String, at position: Int, length: Int = 1) {
        diagnostics.append(line.diagnostic(message, at: position, length: length))
    }
}
