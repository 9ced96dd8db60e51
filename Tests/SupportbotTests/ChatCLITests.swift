import Foundation
import Testing

@Suite struct ChatCLITests {
    @Test func chat_inAPipe_answersEveryLine_andExitsZeroAtEndOfInput() throws {
        let result = try Supportbot.run(["chat"], input: "hi\nwhere can I download my invoice\n")
        #expect(result.status == 0)
        let turns = result.stdout.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(turns.count == 3)  // greeting, hi, invoice
        #expect(turns[0].hasPrefix("bot: Hi!"))
        #expect(turns[2].contains("bot: Here's an article"))
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("bot:") || $0.hasPrefix("system:") })
    }

    @Test func chat_answersEachTurnBeforeTheNextLine() throws {
        let session = try InteractiveProcess(["chat"])
        var greeting: [String] = []
        while let line = session.readLine(), !line.isEmpty { greeting.append(line) }
        #expect(greeting.first?.hasPrefix("bot: ") == true)
        session.send("我忘記密碼了")
        let first = session.readLine()
        #expect(first?.hasPrefix("bot: 這篇文章") == true)
        while let line = session.readLine(), !line.isEmpty {}
        session.send("/quit")
        #expect(session.readLine()?.hasPrefix("bot: ") == true)
        #expect(session.finish() == 0)
    }

    @Test func chat_quitStopsReading() throws {
        let result = try Supportbot.run(["chat"], input: "/quit\nhello\nmy invoice is wrong\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Goodbye"))
        #expect(!result.stdout.contains("article"))
    }

    @Test func chat_readsIncidentsFromTheDataFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("service-health.txt", "# id | service | title | since\nINC-3 | Exchange Online | Mail is delayed | 07:45 UTC\n")
        let result = try Supportbot.run(["chat", "--data", folder.url.path], input: "outlook is very slow\n")
        #expect(result.stdout.contains("Mail is delayed (since 07:45 UTC)"))
        try folder.write("service-health.txt", "INC-3 | Exchange Online\n")
        let broken = try Supportbot.run(["chat", "--data", folder.url.path], input: "")
        #expect(broken.status == 65 && broken.stderr.contains("service-health.txt:1:1: expected 'id | service | title | since'"))
        #expect(try Supportbot.run(["chat", "--data", "/nonexistent"]).status == 66)
    }

    @Test func chat_recordsATranscriptThatReplayAccepts() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("session.transcript")
        let chat = try Supportbot.run(["chat", "--record", file.path], input: "where is my invoice\nno\n我忘記密碼了\nget me a person\ncontoso.com\nC\n")
        #expect(chat.status == 0)
        let recorded = try String(contentsOf: file, encoding: .utf8)
        #expect(recorded.contains("expect article billing-invoices"))
        #expect(recorded.contains("expect handoff category account reason requested severity C"))
        let replay = try Supportbot.run(["replay", file.path])
        #expect(replay.status == 0)
        #expect(replay.stdout.hasSuffix("1 passed, 0 failed\n"))
        // Nowhere to write: the system's reason, exit 73, and nothing left half-written.
        let nowhere = folder.url.appendingPathComponent("missing/session.transcript").path
        let failed = try Supportbot.run(["chat", "--record", nowhere], input: "hi\n")
        #expect(failed.status == 73)
        #expect(failed.stderr.contains("\(nowhere): cannot write the transcript: No such file or directory"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["session.transcript"])
    }

    @Test func replay_printsADiffForEachFailure_andExitsOne() throws {
        let folder = try TemporaryFolder()
        try folder.write("good.transcript", "where is my invoice\nexpect category billing\n")
        try folder.write("nested/bad.transcript", "where is my invoice\nexpect category account\n")
        try folder.write("nested/broken.transcript", "hi\nexpect wrongly\n")
        try folder.write(".git/ignored.transcript", "hi\nexpect wrongly\n")  // hidden folders are not read
        try folder.write(".draft.transcript", "hi\nexpect wrongly\n")
        let result = try Supportbot.run(["replay", folder.url.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("nested/bad.transcript:2:1: expect category account\n  turn: where is my invoice\n  - expect category account\n  + reply kind=answer category=billing"))
        #expect(result.stdout.contains("nested/broken.transcript:2:8: unknown expectation 'wrongly'"))
        #expect(result.stdout.hasSuffix("1 passed, 2 failed\n"))
        #expect(try Supportbot.run(["replay", "/nonexistent.transcript"]).status == 66)
    }

    @Test func replay_coverageListsWhatNoTranscriptReaches() throws {
        let folder = try TemporaryFolder()
        try folder.write("one.transcript", "where is my invoice\nexpect article billing-invoices\n")
        let result = try Supportbot.run(["replay", "--coverage", folder.url.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("intents no transcript reaches ("))
        #expect(result.stdout.contains("account.password_reset"))
        #expect(!result.stdout.contains(" billing.invoice "))
        #expect(result.stdout.contains("articles no transcript reaches (") && !result.stdout.contains(" billing-invoices "))
    }
}
