import Foundation
import SupportCore
import SupportServer
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let transcripts: [Transcript] = {
    let files = (try? RuleFile.files(in: packageRoot.appendingPathComponent("Transcripts").path, withExtensions: ["transcript"])) ?? []
    return files.map { TranscriptParser.parse($0.contents, path: $0.path).0 }
}()

/// Every transcript replayed over TCP (JSON mode, a real loopback socket) must give the same
/// result as in memory, the way Hummingbird runs one test in-process and live.
@Suite(.serialized) struct TranscriptsOverTCPTests {
    @Test func everyTranscript_givesTheSameResultOverTCPAsInMemory() throws {
        #expect(transcripts.count >= 60)
        // Transcripts without incidents share one server; the others get a server with theirs.
        let shared = try RunningServer()
        let matcher = Matcher(rules: defaultBundle.rules)
        for transcript in transcripts {
            let server = transcript.incidents.isEmpty ? shared : try RunningServer(incidents: transcript.incidents)
            var memory = InMemoryConversation(bundle: defaultBundle, matcher: matcher, transcript: transcript)
            let inMemory = TranscriptRunner.run(transcript, on: &memory)
            var tcp = try TCPConversation(port: server.port)
            let overTCP = TranscriptRunner.run(transcript, on: &tcp)
            #expect(overTCP.passed, "\(transcript.path) over TCP:\n\(overTCP.failures.map(\.description).joined())")
            #expect(overTCP.failures.map(\.expectation) == inMemory.failures.map(\.expectation), "\(transcript.path)")
            #expect(overTCP.intentsReached == inMemory.intentsReached, "\(transcript.path)")
            #expect(overTCP.articlesReached == inMemory.articlesReached, "\(transcript.path)")
        }
    }

    @Test func jsonCodec_roundTripsEveryEventOfAConversation() throws {
        var session = DialogueSession(id: "R1", bundle: defaultBundle, matcher: Matcher(rules: defaultBundle.rules))
        var events = session.start()
        for line in ["I can't log in and my invoice is wrong", "2", "talk to a human", "contoso.com", "Teams", "A", "/quit"] {
            events += session.receive(line)
        }
        events += [.agent(name: "amy", text: "hello \"there\"\n\tsecond line"), .system("note"), .error("oops")]
        for event in events {
            #expect(JSONCodec.event(from: JSONCodec.line(for: event)) == event, "\(JSONCodec.line(for: event))")
        }
    }
}
