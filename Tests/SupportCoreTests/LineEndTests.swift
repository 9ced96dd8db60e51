import SupportCore
import SupportDefaults
import Testing

/// A support lead who edits rules, replies, articles or labeled messages on Windows saves them
/// with "\r\n" line ends. Swift reads "\r\n" as one Character, so a reader that splits on "\n"
/// alone sees one long line; every reader must take such files as it takes Unix ones.
@Suite struct LineEndTests {
    static func windows(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\r\n") }

    @Test func theDefaultBundle_loadsAndAnswersTheSame_withWindowsLineEnds() throws {
        let files = DefaultIntents.files.map { RuleFile(path: $0.path, contents: Self.windows($0.contents)) }
        let bundle = try SupportBundle.load(files, root: "Intents")
        #expect(bundle.rules.intents.map(\.name) == defaultBundle.rules.intents.map(\.name))
        #expect(bundle.rules.intents.map(\.samples.count) == defaultBundle.rules.intents.map(\.samples.count))
        for message in ["I was charged twice", "我忘記密碼了", "how do I share my calendar", "the VPN keeps dropping", "agent please"] {
            var windows = DialogueSession(id: "W", bundle: bundle, matcher: Matcher(rules: bundle.rules), health: StaticServiceHealth([]))
            var unix = makeSession(id: "W")
            #expect(windows.start().text == unix.start().text)
            #expect(windows.receive(message).text == unix.receive(message).text, "\(message)")
        }
    }

    @Test func labeledMessages_transcripts_andIncidentFiles_readWindowsLineEnds() throws {
        let tsv = "text\tlabel\nI want a refund\tbilling\n\nhello\tsmalltalk\n"
        let unixRows = try LabeledMessages(parsing: tsv, path: "m.tsv").entries
        let windowsRows = try LabeledMessages(parsing: Self.windows(tsv), path: "m.tsv").entries
        #expect(windowsRows.map(\.text) == unixRows.map(\.text) && windowsRows.map(\.label) == unixRows.map(\.label))
        #expect(windowsRows.map(\.line) == [2, 4])

        let transcript = "# refund\nbot: Hi!\nI was charged twice\nexpect category billing\nthanks\nexpect category smalltalk\n"
        let (unix, unixProblems) = TranscriptParser.parse(transcript, path: "t.transcript")
        let (windows, windowsProblems) = TranscriptParser.parse(Self.windows(transcript), path: "t.transcript")
        #expect(unixProblems.isEmpty && windowsProblems.isEmpty, "\(windowsProblems)")
        #expect(windows.turns.map { $0.customer?.text } == unix.turns.map { $0.customer?.text })
        #expect(windows.turns.map { $0.expectations.map(\.0) } == unix.turns.map { $0.expectations.map(\.0) })

        let incidents = "# id | service | title | since\nINC-1 | Exchange Online | Mail delays | 09:10 UTC\n"
        let (windowsIncidents, incidentProblems) = ServiceHealthFile.parse(Self.windows(incidents), path: "health.txt")
        #expect(incidentProblems.isEmpty && windowsIncidents.map(\.service) == ["Exchange Online"])
    }
}
