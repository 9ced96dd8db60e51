#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SupportCore
import SupportServer
import Testing

@Suite(.serialized) struct ServerTests {
    @Test func greeting_namesTheProtocol_thenTheBotGreets() throws {
        let server = try RunningServer()
        let client = try server.client()
        let turn = try client.readPlainTurn()
        #expect(turn.first?.hasPrefix("system: supportbot/1 ready") == true)
        #expect(turn.dropFirst().allSatisfy { $0.hasPrefix("bot:") })
        #expect(turn.count >= 2)
    }

    @Test func conversation_answersEachLine_andEndsEachTurnWithAnEmptyLine() throws {
        let server = try RunningServer()
        let client = try server.greeted()
        try client.send("where is my invoice")
        let answer = try client.readPlainTurn()
        #expect(answer.first == "bot: Here's an article that should help: Downloading invoices and receipts")
        try client.send("yes")
        #expect(try client.readPlainTurn().first?.contains("glad") == true)
    }

    @Test func crlfLinesAreAccepted() throws {
        let server = try RunningServer()
        let client = try server.greeted()
        try client.sendRaw(Array("where is my invoice\r\n".utf8))
        let answer = try client.readPlainTurn()
        #expect(answer.first?.contains("Downloading invoices") == true)
        #expect(!answer.joined().contains("\r"))
    }

    @Test func aLineSplitAcrossPackets_isOneLine() throws {
        let server = try RunningServer()
        let client = try server.greeted()
        try client.sendRaw(Array("where is m".utf8))
        usleep(50_000)
        try client.sendRaw(Array("y inv".utf8))
        usleep(50_000)
        try client.sendRaw(Array("oice\n".utf8))
        #expect(try client.readPlainTurn().first?.contains("Downloading invoices") == true)
    }

    @Test func severalLinesInOnePacket_areSeveralTurns() throws {
        let server = try RunningServer()
        let client = try server.greeted()
        try client.sendRaw(Array("hi\nwhere is my invoice\nthanks\n".utf8))
        #expect(try client.readPlainTurn().first?.contains("How can I help") == true)
        #expect(try client.readPlainTurn().first?.contains("Downloading invoices") == true)
        #expect(try client.readPlainTurn().first?.contains("welcome") == true)
    }

    @Test func anOverLongLine_getsAnError_andTheSessionGoesOn() throws {
        let server = try RunningServer { $0.maximumLineLength = 100 }
        let client = try server.greeted()
        try client.send(String(repeating: "a", count: 101))
        #expect(try client.readPlainTurn() == ["error: the line is longer than 100 bytes; it was dropped"])
        // Also when the long line arrives in pieces: one error, then back to normal.
        try client.sendRaw(Array(String(repeating: "b", count: 80).utf8))
        usleep(30_000)
        try client.sendRaw(Array(String(repeating: "b", count: 80).utf8))
        usleep(30_000)
        try client.sendRaw(Array((String(repeating: "b", count: 80) + "\nwhere is my invoice\n").utf8))
        #expect(try client.readPlainTurn() == ["error: the line is longer than 100 bytes; it was dropped"])
        #expect(try client.readPlainTurn().first?.contains("Downloading invoices") == true)
        try client.send(String(repeating: "c", count: 100))  // exactly the limit is fine
        #expect(try client.readPlainTurn().first?.hasPrefix("bot:") == true)
    }

    @Test func invalidUTF8_getsAnError_andTheSessionGoesOn() throws {
        let server = try RunningServer()
        let client = try server.greeted()
        try client.sendRaw([0x68, 0x69, 0xFF, 0xFE, 0x0A])
        #expect(try client.readPlainTurn() == ["error: the line is not valid UTF-8; it was dropped"])
        try client.send("where is my invoice")
        #expect(try client.readPlainTurn().first?.contains("Downloading invoices") == true)
        #expect(server.waitForLog("event=error session=c1 reason=invalid_utf8"))
    }

    @Test func rateLimit_dropsLinesBeyondTheBurst() throws {
        let server = try RunningServer { $0.messagesPerSecond = 1; $0.messageBurst = 2 }
        let client = try server.greeted()
        try client.sendRaw(Array("hi\nhi\nhi\nhi\n".utf8))
        let turns = try (0..<4).map { _ in try client.readPlainTurn() }
        #expect(turns.filter { $0.first?.hasPrefix("bot:") == true }.count == 2)
        #expect(turns.filter { $0 == ["error: too many messages (more than 1 a second); the line was dropped"] }.count == 2)
    }

    @Test func idleConnections_areToldAndClosed() throws {
        let server = try RunningServer { $0.idleTimeout = .milliseconds(300) }
        let client = try server.greeted()
        #expect(try client.readLine(timeout: 5) == "system: no message for 0.3 seconds; closing the connection, goodbye")
        #expect(client.isClosedByServer())
        #expect(server.waitForLog("event=disconnect session=c1 reason=idle"))
    }

    @Test func beyondMaximumConnections_aRefusalLineThenClose() throws {
        let server = try RunningServer { $0.maximumConnections = 2 }
        let first = try server.greeted(), second = try server.greeted()
        let third = try server.client()
        #expect(try third.readLine() == "system: the server is full (2 connections); please try again later")
        #expect(third.isClosedByServer())
        try first.send("hi")
        #expect(try first.readPlainTurn().first?.hasPrefix("bot:") == true)
        _ = second
        #expect(server.waitForLog("event=refused listener=customer reason=max_connections limit=2"))
    }

    @Test func aClientThatNeverReads_isDisconnected_othersAreNot() throws {
        let server = try RunningServer { $0.maximumQueuedOutput = 16 * 1024; $0.messagesPerSecond = 1e6; $0.messageBurst = 1e6 }
        let reader = try server.greeted()
        let stuck = try LineClient(port: server.port, receiveBuffer: 4096)
        let burst = Array(String(repeating: "where is my invoice\n", count: 50).utf8)
        for _ in 0..<200 where !server.waitForLog("event=slow_reader session=c2", timeout: 0) {
            guard (try? stuck.sendRaw(burst)) != nil else { break }  // the server may already have closed it
            usleep(20_000)
        }
        #expect(server.waitForLog("event=slow_reader session=c2", timeout: 10))
        try reader.send("where is my invoice")
        #expect(try reader.readPlainTurn().first?.contains("Downloading invoices") == true)
        #expect(server.server.connectionCount == 1)
    }

    @Test func gracefulShutdown_tellsCustomers_andFinishesInTime() throws {
        let server = try RunningServer()
        let plain = try server.greeted()
        let json = try server.greeted()
        try json.send("MODE json")
        _ = try json.readLine()
        while try json.readLine() != "{\"type\":\"end_of_turn\"}" {}
        let started = Date()
        server.server.stop()
        #expect(try plain.readLine() == "system: the server is shutting down; goodbye")
        #expect(plain.isClosedByServer())
        #expect(try json.readLine() == "{\"type\":\"system\",\"text\":\"the server is shutting down; goodbye\"}")
        #expect(try json.readLine() == "{\"type\":\"closed\"}")
        server.stop()
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(throws: (any Error).self) { _ = try LineClient(port: server.port).readLine(timeout: 1) }
    }

    @Test func modeLine_ignoresCaseAndSpaces_andOnlyAsTheFirstLine() throws {
        let server = try RunningServer()
        let loose = try server.greeted()
        try loose.send("  Mode   JSON")
        #expect(try loose.readLine() == "{\"type\":\"mode\",\"mode\":\"json\",\"protocol\":\"supportbot/1\"}")
        let other = try server.greeted()
        try other.send("model number of my router")  // starts like one, is a question
        #expect(try other.readPlainTurn().first?.hasPrefix("bot:") == true)
        try other.send("MODE json")  // not the first line: a message like any other
        #expect(try other.readPlainTurn().first?.hasPrefix("bot:") == true)
    }

    @Test func jsonMode_sendsOneObjectPerEvent() throws {
        let server = try RunningServer()
        let client = try server.greeted()
        try client.send("MODE json")
        #expect(try client.readLine() == "{\"type\":\"mode\",\"mode\":\"json\",\"protocol\":\"supportbot/1\"}")
        let greeting = try client.readLine()
        #expect(greeting.hasPrefix("{\"type\":\"reply\",\"kind\":\"greeting\""))
        #expect(try client.readLine() == "{\"type\":\"end_of_turn\"}")
        try client.send("where is my invoice")
        let reply = try #require(JSONCodec.event(from: try client.readLine()))
        guard case .reply(let answer) = reply else { Issue.record("expected a reply"); return }
        #expect(answer.category == .billing && answer.intent == "billing.invoice" && answer.article == "billing-invoices")
        #expect(try client.readLine() == "{\"type\":\"end_of_turn\"}")
        try client.sendRaw([0xC3, 0x0A])
        #expect(try client.readLine() == "{\"type\":\"error\",\"text\":\"the line is not valid UTF-8; it was dropped\"}")
        #expect(try client.readLine() == "{\"type\":\"end_of_turn\"}")
    }

    @Test func logs_areLogfmt_withoutCustomerTextUnlessAsked() throws {
        let quiet = try RunningServer()
        let client = try quiet.greeted()
        // The secret is a word no port, timestamp or latency can contain (a bare "4711" once matched port 34711).
        try client.send("my secret invoice kumquat4711")
        _ = try client.readPlainTurn()
        quiet.stop()
        let logs = quiet.logs()
        let turn = try #require(logs.split(separator: "\n").first { $0.contains("event=turn") })
        let time = try Regex(#"time=20\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\d\.\d{3}Z level=info event=turn "#)
        #expect(try time.prefixMatch(in: String(turn)) != nil)
        #expect(turn.contains(" level=info event=turn session=c1 category=billing"))
        #expect(try Regex(#" latency_us=\d+( |$)"#).firstMatch(in: String(turn)) != nil)
        #expect(logs.contains("event=connect listener=customer session=c1 remote=127.0.0.1:"))
        #expect(!logs.contains("kumquat"))

        let chatty = try RunningServer { $0.logMessages = true }
        let other = try chatty.greeted()
        try other.send("invoice \"4711\"\tplease")
        _ = try other.readPlainTurn()
        chatty.stop()
        #expect(chatty.logs().contains("text=\"invoice \\\"4711\\\"\\tplease\""))
    }

    @Test func aLogLineTooLongForTheBuffer_isCutAndMarked_andTheNextOneIsWhole() throws {
        let server = try RunningServer {
            $0.logMessages = true
            $0.maximumLineLength = 100_000
        }
        let client = try server.greeted()
        // Every control byte is logged as four (`\x01`): far more than a loop's log buffer holds.
        // The logs go to a pipe that holds about as much, so they are read while the test runs.
        try client.sendRaw([UInt8](repeating: 0x01, count: 90_000) + [0x0A])
        _ = try client.readPlainTurn()
        #expect(server.waitForLog(" cut=true"))
        try client.send("invoice")
        _ = try client.readPlainTurn()
        #expect(server.waitForLog("text=invoice"))
        let lines = server.seen.split(separator: "\n")
        let turns = lines.filter { $0.contains("event=turn") }
        #expect(turns.count == 2)
        #expect(turns.first?.hasSuffix("\\x01\" cut=true") == true)  // the quote closed, no escape split
        #expect(turns.last?.hasSuffix("text=invoice") == true)
        #expect(lines.allSatisfy { $0.hasPrefix("time=") })
    }

    @Test func quit_closesTheConnection() throws {
        let server = try RunningServer()
        let client = try server.greeted()
        try client.send("/quit")
        #expect(try client.readPlainTurn().first?.contains("Goodbye") == true)
        #expect(client.isClosedByServer())
    }
}
