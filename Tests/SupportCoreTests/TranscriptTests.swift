import Foundation
import SupportCore
import Testing

/// Every `.transcript` file under the project's `Transcripts/` folder.
let transcriptFiles: [RuleFile] = {
    (try? RuleFile.files(in: packageRoot.appendingPathComponent("Transcripts").path, withExtensions: ["transcript"])) ?? []
}()

@Suite struct TranscriptTests {
    @Test func theProjectHasAtLeastSixtyTranscripts() {
        #expect(transcriptFiles.count >= 60)
    }

    @Test(arguments: transcriptFiles.map(\.path))
    func transcriptReplaysGreenInMemory(_ path: String) throws {
        let file = try #require(transcriptFiles.first { $0.path == path })
        let (transcript, diagnostics) = TranscriptParser.parse(file.contents, path: file.path)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        var conversation = InMemoryConversation(bundle: defaultBundle, matcher: Matcher(rules: defaultBundle.rules), transcript: transcript)
        let result = TranscriptRunner.run(transcript, on: &conversation)
        #expect(result.passed, "\(result.failures.map(\.description).joined())")
    }

    @Test func parser_readsTurnsGivensAndExpectations() {
        let text = """
        # comment
        given incident INC-1 | Exchange Online | Delays | 09:00
        bot: hello
        expect kind greeting

        my invoice is wrong
        bot: here you go
        expect category billing
        expect handoff severity A service "Exchange Online"
        \\expect this is a customer line
        expect reply matches /in(voice)?/
        """
        let (transcript, diagnostics) = TranscriptParser.parse(text, path: "t")
        #expect(diagnostics.isEmpty)
        #expect(transcript.incidents.map(\.id) == ["INC-1"])
        #expect(transcript.turns.count == 3)
        #expect(transcript.turns[0].expectations.map(\.0) == [.kind(.greeting)])
        #expect(transcript.turns[1].customer?.text == "my invoice is wrong" && transcript.turns[1].customer?.line == 6)
        #expect(transcript.turns[1].serverLines == ["bot: here you go"])
        #expect(transcript.turns[1].expectations.map(\.0) == [.category(.billing), .handoff(fields: ["severity": "A", "service": "Exchange Online"])])
        #expect(transcript.turns[2].customer?.text == "expect this is a customer line")
        #expect(transcript.turns[2].expectations.map(\.0) == [.replyMatches("in(voice)?")])
    }

    @Test func parser_reportsMistakesWithTheirLine() {
        let (_, diagnostics) = TranscriptParser.parse("hi\nexpect categry billing\nexpect category nonsense\ngiven incident X | Y | Z | T\nexpect handoff colour red\n", path: "t.transcript")
        #expect(diagnostics.map(\.location.line) == [2, 3, 4, 5])
        #expect(diagnostics[0].description.hasPrefix("t.transcript:2:8: unknown expectation 'categry' (did you mean 'category'?)"))
        #expect(diagnostics[2].message.contains("before the first customer line"))
        let (_, regexDiagnostics) = TranscriptParser.parse("hi\nexpect reply matches /refund(s/\n", path: "t.transcript")
        #expect(regexDiagnostics.map(\.location.line) == [2])
        #expect(regexDiagnostics.first?.message.hasPrefix("not a regular expression: /refund(s/") == true)
    }

    @Test func runner_reportsAFailureAsADiffOfWhatHappened() {
        let (transcript, _) = TranscriptParser.parse("where is my invoice\nexpect category account\nexpect article billing-invoices\n", path: "t.transcript")
        var conversation = InMemoryConversation(bundle: defaultBundle, matcher: Matcher(rules: defaultBundle.rules), transcript: transcript)
        let result = TranscriptRunner.run(transcript, on: &conversation)
        #expect(result.failures.count == 1)
        let report = result.failures[0].description
        #expect(report.hasPrefix("FAIL t.transcript:2:1: expect category account\n  turn: where is my invoice\n  - expect category account\n  + reply kind=answer category=billing intent=billing.invoice"))
        #expect(report.contains("+   bot: "))
        #expect(result.articlesReached == ["billing-invoices"])
    }

    @Test func recorder_writesATranscriptThatReplaysGreen() {
        let incident = Incident(id: "INC-5", service: "Microsoft Teams", title: "Calls drop", since: "08:00")
        var session = makeSession([incident])
        var recorder = TranscriptRecorder(title: "test", incidents: [incident])
        recorder.record(customer: nil, events: session.start())
        for line in ["Teams is very slow today", "no", "expect nothing", "I can't log in and my invoice is wrong", "2", "/quit"] {
            recorder.record(customer: line, events: session.receive(line))
        }
        let (transcript, diagnostics) = TranscriptParser.parse(recorder.text, path: "recorded")
        #expect(diagnostics.isEmpty)
        #expect(recorder.text.contains("\\expect nothing"))
        #expect(recorder.text.contains("expect incident INC-5"))
        #expect(recorder.text.contains("expect clarify "))
        #expect(recorder.text.contains("expect closed"))
        var conversation = InMemoryConversation(bundle: defaultBundle, matcher: Matcher(rules: defaultBundle.rules), transcript: transcript)
        let result = TranscriptRunner.run(transcript, on: &conversation)
        #expect(result.passed, "\(result.failures.map(\.description).joined())")
    }

    @Test func plainCodec_marksServerLinesAndEndsTurnsWithAnEmptyLine() {
        let reply = BotReply(text: "one\n\ntwo", kind: .info, language: .english)
        #expect(PlainCodec.text(for: [.reply(reply), .system("note"), .agent(name: "amy", text: "hi"), .error("too long"), .endOfTurn])
            == "bot: one\nbot:\nbot: two\nsystem: note\nagent amy: hi\nerror: too long\n\n")
        #expect(PlainCodec.isServerLine("agent amy: hi") && !PlainCodec.isServerLine("agent of change: me"))
        #expect(!PlainCodec.isServerLine("botany is great"))
        // The fast reply path and the line-by-line one agree on edges and multi-byte text.
        for text in ["\n開頭", "結尾\n", "a\n\n\nb", "", "\n", "mixed 中文\r\nline", "\r\n"] {
            let event = SessionEvent.reply(BotReply(text: text, kind: .info, language: .english))
            #expect(PlainCodec.text(for: [event]) == PlainCodec.lines(for: event).map { $0 + "\n" }.joined())
        }
        // A CRLF inside a reply or an agent's text ends the line; no line goes out without its prefix.
        #expect(PlainCodec.text(for: [.reply(BotReply(text: "mixed 中文\r\nline", kind: .info, language: .english))]) == "bot: mixed 中文\nbot: line\n")
        #expect(PlainCodec.lines(for: .agent(name: "amy", text: "hi\r\nthere")) == ["agent amy: hi", "agent amy: there"])
    }

    @Test func replyConfidence_isKeptAtTheTwoDecimalsItIsSentWith() {
        // Whatever the rules score, a reply read back from its JSON line equals the one sent.
        for score in [0.991, 0.994, 0.995, 0.0449, 0.5, 1.0, 0.0] {
            var reply = BotReply(text: "x", kind: .answer, language: .english, confidence: score)
            #expect(reply.confidence == Double(format(score)), "\(score)")
            #expect(JSONCodec.event(from: JSONCodec.line(for: .reply(reply))) == .reply(reply), "\(score)")
            reply.confidence = score  // set after the fact, as the session does for clarifying questions
            #expect(reply.confidence == Double(format(score)), "\(score)")
        }
    }
}
