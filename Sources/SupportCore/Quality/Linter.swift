/// Checks a rule set the way ChatScript's `:verify` does, plus the mistakes a compiler cannot see:
///
/// - every sample must reach its own intent;
/// - every intent needs samples and `match:` lines, and must be able to reach the threshold;
/// - a trigger whose simplest match goes to another intent is shadowed (a trigger weighted below
///   the threshold is supporting evidence and is not checked on its own);
/// - a trigger suppressed by its own intent's `not:` lines can never win;
/// - a trigger written twice in one intent is a duplicate;
/// - a concept no trigger uses is dead weight.
public enum Linter {
    /// The rule checks, plus what the dialogue needs: a translation of every reply, and an
    /// article for every support intent (without one the bot can only offer a person).
    /// `syntax` is what the bundle's rule files said (`RuleParser.parse`): a compiled `RuleSet`
    /// does not keep it, as a server never needs it (BENCHMARKS.md, server memory).
    public static func lint(_ bundle: SupportBundle, syntax: RuleSetSyntax) -> [LintFinding] {
        var findings = lint(bundle.rules, syntax: syntax)
        for (language, key, file) in bundle.replies.missingTranslations {
            findings.append(.init(SourceLocation(file: file, line: 0), .translation, "no \(language.rawValue) text for reply '\(key)'; English is used"))
        }
        for intent in bundle.rules.intents where intent.category.isSupport {
            for family in [false, true] where !bundle.knowledge.articles.contains(where: { $0.intents.contains(intent.name) && $0.language.isChinese == family }) {
                findings.append(.init(intent.location, .noArticle, "\(intent.name) has no \(family ? "Chinese" : "English") article listing it; the bot can offer only the category's articles that share a word with the message, or a person"))
            }
        }
        return findings
    }

    /// The rule checks alone; `syntax` is what the files of `rules` said.
    public static func lint(_ rules: RuleSet, syntax ruleSyntax: RuleSetSyntax) -> [LintFinding] {
        var findings: [LintFinding] = []
        let matcher = Matcher(rules: rules)
        let conceptsByName = Dictionary(ruleSyntax.concepts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        for (index, intent) in rules.intents.enumerated() {
            let syntax = ruleSyntax.intents[index]
            let positives = intent.triggers.filter { !$0.isNegative }
            if positives.isEmpty {
                findings.append(.init(intent.location, .noTriggers, "\(intent.name) has no match: lines, so nothing can reach it"))
            } else {
                let best = 1 - positives.reduce(1.0) { $0 * (1 - $1.weight) }
                if best < rules.settings.threshold {
                    findings.append(.init(intent.location, .neverWins, "\(intent.name) can reach at most \(format(best)) with all its triggers, below the threshold \(format(rules.settings.threshold))"))
                }
            }
            if intent.samples.isEmpty {
                findings.append(.init(intent.location, .noSamples, "\(intent.name) has no sample: lines; add messages that must reach it"))
            }
            for sample in intent.samples {
                let result = matcher.classify(sample.text)
                guard result.intent != index else { continue }
                findings.append(.init(sample.location, .sample, "sample \"\(sample.text)\" \(describe(result, rules)), not \(intent.name)"))
            }
            var seenPatterns: [String: SourceLocation] = [:]
            for (t, trigger) in syntax.triggers.enumerated() {
                let key = (trigger.isNegative ? "not:" : "match:") + trigger.elements.map(\.signature).joined(separator: " ")
                if let earlier = seenPatterns[key] {
                    findings.append(.init(trigger.location, .duplicate, "the same pattern as \(earlier.fileAndLine) in \(intent.name)"))
                    continue
                }
                seenPatterns[key] = trigger.location
                guard !trigger.isNegative, intent.triggers[t].weight >= rules.settings.threshold else { continue }
                let witness = simplestMatch(trigger, concepts: conceptsByName)
                let result = matcher.classify(witness)
                if result.intent == index { continue }
                if matcher.matchedTriggers.contains(where: { $0.intent == index && $0.isNegative }) {
                    findings.append(.init(trigger.location, .neverWins, "its simplest match \"\(witness)\" is suppressed by a not: line of \(intent.name) itself"))
                } else {
                    findings.append(.init(trigger.location, .shadowed, "its simplest match \"\(witness)\" \(describe(result, rules)), not \(intent.name)\(firedBy(result, matcher, rules))"))
                }
            }
        }

        for concept in unusedConcepts(ruleSyntax) {
            findings.append(.init(concept.location, .unusedConcept, "concept ~\(concept.name) is not used by any trigger"))
        }
        return findings.sorted { ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column) }
    }

    /// The shortest message a trigger matches: the first alternative of each element, optional
    /// elements left out, gaps empty.
    static func simplestMatch(_ trigger: Trigger, concepts: [String: ConceptSyntax]) -> String {
        func text(_ item: PatternItem, depth: Int = 0) -> String {
            switch item.kind {
            case .text(let tokens): return tokens.joined(separator: " ")
            case .concept(let name):
                guard depth < 32, let first = concepts[name]?.items.first else { return "" }
                return text(first, depth: depth + 1)
            case .sequence(let parts):
                return parts.map { part -> String in
                    switch part {
                    case .words(let tokens): return tokens.joined(separator: " ")
                    case .concept(let name):
                        return text(PatternItem(kind: .concept(name), written: "", location: item.location, length: 0), depth: depth + 1)
                    }
                }.joined(separator: " ")
            }
        }
        var words: [String] = []
        for element in trigger.elements {
            switch element.kind {
            case .anyOf(let items, let optional) where !optional: words.append(text(items[0]))
            case .allOf(let members, _): words += members.map { text($0[0]) }
            default: break
            }
        }
        return words.joined(separator: " ")
    }

    private static func describe(_ result: Classification, _ rules: RuleSet) -> String {
        if let intent = result.intent {
            return "goes to \(rules.intents[intent].name) (\(format(result.confidence)))"
        }
        if let best = result.runnerUp {
            return "is unknown (best \(rules.intents[best].name) at \(format(result.runnerUpConfidence)), threshold \(format(rules.settings.threshold)))"
        }
        return "is unknown (no rule matches it)"
    }

    private static func firedBy(_ result: Classification, _ matcher: Matcher, _ rules: RuleSet) -> String {
        guard let winner = result.intent,
              let strongest = matcher.matchedTriggers.filter({ $0.intent == winner && !$0.isNegative }).max(by: { $0.contribution < $1.contribution })
        else { return "" }
        return ", taken by \(rules.intents[winner].triggers[strongest.trigger].location.fileAndLine)"
    }

    private static func unusedConcepts(_ syntax: RuleSetSyntax) -> [ConceptSyntax] {
        let byName = Dictionary(syntax.concepts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var used: Set<String> = []
        func visit(_ items: [PatternItem]) {
            for item in items {
                var names: [String] = []
                switch item.kind {
                case .concept(let name): names = [name]
                case .sequence(let parts): for case .concept(let name) in parts { names.append(name) }
                case .text: break
                }
                for name in names {
                    guard used.insert(name).inserted, let concept = byName[name] else { continue }
                    visit(concept.items)
                }
            }
        }
        for intent in syntax.intents {
            for trigger in intent.triggers { for element in trigger.elements { visit(element.items) } }
        }
        for name in [RuleSetSyntax.openingConcept, RuleSetSyntax.closingConcept, RuleSetSyntax.signoffConcept, RuleSetSyntax.signerConcept] {  // the matcher's own: `^`, `$` and what no rule reads
            guard let edge = byName[name] else { continue }
            visit([PatternItem(kind: .concept(edge.name), written: "", location: edge.location, length: 0)])
        }
        return syntax.concepts.filter { !used.contains($0.name) }
    }
}

/// One finding of `supportbot lint`, printed as `file:line:column: kind: message`.
public struct LintFinding: Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case sample, noSamples = "no-samples", noTriggers = "no-triggers", neverWins = "never-wins"
        case shadowed, duplicate, unusedConcept = "unused-concept"
        case translation, noArticle = "no-article"
    }

    public var location: SourceLocation
    public var kind: Kind
    public var message: String

    init(_ location: SourceLocation, _ kind: Kind, _ message: String) {
        self.location = location
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(location): \(kind.rawValue): \(message)" }
}

extension PatternElement {
    /// A canonical spelling of the element, to spot duplicate patterns.
    var signature: String {
        let gap: String
        switch gapBefore {
        case .adjacent: gap = ""
        case .upTo(let n): gap = "*\(n) "
        case .unbounded: gap = "* "
        }
        func names(_ items: [PatternItem]) -> String {
            items.map { item in
                switch item.kind {
                case .text(let tokens): return tokens.joined(separator: "_")
                case .concept(let name): return "~" + name
                case .sequence: return item.written
                }
            }.sorted().joined(separator: "|")
        }
        switch kind {
        case .anyOf(let items, let optional): return gap + (optional ? "{" : "[") + names(items) + (optional ? "}" : "]")
        case .allOf(let members, let within):
            return gap + "<" + members.map { "[" + names($0) + "]" }.sorted().joined(separator: " ") + (within.map { " *\($0)" } ?? "") + ">"
        case .start: return gap + "^"
        case .end: return gap + "$"
        }
    }
}
