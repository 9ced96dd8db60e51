/// The word lists of `Intents/dialogue.txt`: services a customer may name, how badly a problem
/// hurts, frustration (and the longer phrases that excuse its words), yes, "it works now", no,
/// "it did not help", "I'll try it", "not sure", "never mind", "both" and ordinal words.
///
///     [services]
///     Exchange Online: exchange, outlook, mailbox, 郵件
///     [severity A]
///     production down, nobody can work, 全公司
///     [yes]
///     yes, yeah, sure, 是, 對
///
/// Sections hold comma-separated phrases; `[services]` lines name a service before the colon.
///
/// A class: sessions consult the lists on every turn, and handing around a struct of a dozen
/// lists would cost a dozen reference counts each time.
public final class DialogueWords: Sendable {
    /// Service names in the order of the file; `serviceAliases` tags each alias with its index.
    public let serviceNames: [String]
    public let serviceAliases: PhraseList
    /// Impact phrases tagged with the index of their severity in `Severity.allCases`.
    public let severityWords: PhraseList
    public let frustration: PhraseList
    /// Longer phrases inside which a frustration word is something else ("垃圾邮件", "也没用").
    public let notFrustration: PhraseList
    public let yes: PhraseList
    /// "It works now": a yes after an article, a no to a person offered.
    public let solved: PhraseList
    public let no: PhraseList
    /// "It did not help" ("still not working", "還是不行"): a no to "did that solve it?", a yes to
    /// "shall I pass you to a person?".
    public let notSolved: PhraseList
    /// "I'll try it" ("let me try", "我試試"): the customer goes to try the article, which stays open.
    public let willTry: PhraseList
    /// "Never mind" ("no need", "算了", "不用了"): the customer drops what the bot asked about.
    public let neverMind: PhraseList
    /// "Not sure" ("no idea", "不確定"), read in short replies only ("I don't know how to ..." asks something).
    public let notSure: PhraseList
    /// "Both" as the answer to "do you mean 1 or 2?".
    public let both: PhraseList
    /// `ordinals[0]` are the words for the first option, and so on.
    public let ordinals: [PhraseList]

    static let sections = ["services", "severity A", "severity B", "severity C", "frustration", "not frustration", "yes", "solved", "no", "not solved", "will try", "not sure", "never mind", "both", "first", "second", "third"]

    /// No words at all (a rule set without `dialogue.txt`, which is reported as a mistake).
    public convenience init() { self.init(Lists()) }

    private init(_ lists: Lists) {
        serviceNames = lists.serviceNames
        serviceAliases = lists.serviceAliases
        severityWords = lists.severityWords
        frustration = lists.frustration
        notFrustration = lists.notFrustration
        yes = lists.yes
        solved = lists.solved
        no = lists.no
        notSolved = lists.notSolved
        willTry = lists.willTry
        neverMind = lists.neverMind
        both = lists.both
        notSure = lists.notSure
        ordinals = lists.ordinals
    }

    /// The lists while the file is read.
    private struct Lists {
        var serviceNames: [String] = []
        var serviceAliases = PhraseList()
        var severityWords = PhraseList()
        var frustration = PhraseList()
        var notFrustration = PhraseList()
        var yes = PhraseList()
        var solved = PhraseList()
        var no = PhraseList()
        var notSolved = PhraseList()
        var willTry = PhraseList()
        var neverMind = PhraseList()
        var both = PhraseList()
        var notSure = PhraseList()
        var ordinals: [PhraseList] = []

        mutating func add(_ item: String, to section: String) {
            switch section {
            case "severity A", "severity B", "severity C":
                let severity = Severity(rawValue: String(section.suffix(1)))!
                severityWords.add(item, tag: Severity.allCases.firstIndex(of: severity)!)
            case "frustration": frustration.add(item)
            case "not frustration": notFrustration.add(item)
            case "yes": yes.add(item)
            case "solved": solved.add(item)
            case "no": no.add(item)
            case "not solved": notSolved.add(item)
            case "will try": willTry.add(item)
            case "never mind": neverMind.add(item)
            case "both": both.add(item)
            case "not sure": notSure.add(item)
            case "first", "second", "third":
                let index = ["first", "second", "third"].firstIndex(of: section)!
                while ordinals.count <= index { ordinals.append(PhraseList()) }
                ordinals[index].add(item)
            default: break
            }
        }
    }

    public static func parse(_ file: RuleFile) -> (DialogueWords, [RuleDiagnostic]) {
        var words = Lists()
        var diagnostics: [RuleDiagnostic] = []
        var section: String?
        var number = 0
        var seen: Set<String> = []
        for raw in file.contents.fileLines {
            number += 1
            let line = String(raw).trimmingBlanks()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let name = String(line.dropFirst().prefix { $0 != "]" })
                guard line.hasSuffix("]"), sections.contains(name) else {
                    diagnostics.append(RuleDiagnostic("unknown section '\(line)'; the sections are: \(sections.map { "[\($0)]" }.joined(separator: " "))",
                                                      at: SourceLocation(file: file.path, line: number), sourceLine: line, length: line.count))
                    section = nil
                    continue
                }
                section = name
                seen.insert(name)
                continue
            }
            guard let section else {
                diagnostics.append(RuleDiagnostic("this line is not inside a [section]", at: SourceLocation(file: file.path, line: number), sourceLine: line))
                continue
            }
            var list = line
            if section == "services" {
                guard let colon = line.firstIndex(of: ":") else {
                    diagnostics.append(RuleDiagnostic("a service line is 'Service name: word, word, ...'", at: SourceLocation(file: file.path, line: number), sourceLine: line, length: line.count))
                    continue
                }
                let name = String(line[..<colon]).trimmingBlanks()
                for alias in String(line[line.index(after: colon)...]).split(separator: ",").map(String.init) + [name] {
                    words.serviceAliases.add(alias, tag: words.serviceNames.count)
                }
                words.serviceNames.append(name)
                continue
            }
            list = line
            let items = list.split(separator: ",").map { String($0).trimmingBlanks() }.filter { !$0.isEmpty }
            for item in items { words.add(item, to: section) }
        }
        for section in ["services", "yes", "no", "first", "second"] where !seen.contains(section) {
            diagnostics.append(RuleDiagnostic("the section [\(section)] is missing", at: SourceLocation(file: file.path, line: 0)))
        }
        return (DialogueWords(words), diagnostics)
    }

    /// Services named in the tokens, in the order of the list.
    public func servicesNamed(in tokens: [String]) -> [String] {
        serviceAliases.tags(in: tokens).map { serviceNames[$0] }
    }

    /// The gravest severity whose impact phrases occur in the tokens.
    public func severityNamed(in tokens: [String]) -> Severity? {
        severityWords.tags(in: tokens).first.map { Severity.allCases[$0] }
    }
}
