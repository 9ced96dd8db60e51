import Foundation
import SupportCore
@testable import SupportServer  // `HandoffJournal.archivedRecords`, read on its own
import Testing

/// A customer coming back to a handed-off conversation from a new connection (`/resume`), over
/// loopback sockets with the queue in a real file.
@Suite struct ResumeTests {
    /// `code` with its first character changed: well formed, and wrong.
    private func wrong(_ code: String) -> String {
        (code.first == "7" ? "8" : "7") + code.dropFirst()
    }

    @Test func customerWhoLeft_comesBackWithTheCode_andReadsWhatTheAgentWroteMeanwhile() throws {
        let queue = try QueueFile()
        let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
        defer { running.stop() }
        var first: LineClient? = try running.greeted()
        let (ticket, code) = try handOffForCode(first!)
        // The code is in the filed record, so it outlives the process; not in the transcript.
        let filed = try #require(try queue.records.first)
        #expect(filed.resume == ResumeCode(code) && filed.resume != nil)
        #expect(filed.handoff?.transcript.contains { $0.text.contains(code) } == false)

        let amy = try agent(running, "amy")
        _ = try amy.command("TAKE \(ticket)")
        #expect(try first!.readLine().hasPrefix("bot: amy from our support team has joined"))
        first = nil
        #expect(try amy.readLine() == "event: \(ticket) the customer disconnected")
        #expect(try amy.command("SHOW \(ticket)").last == "ok the customer is not connected (they can come back with /resume and their code)")
        _ = try amy.command("SAY \(ticket) Are you still there?")

        let second = try running.greeted()
        try second.send("/resume \(ticket)")
        #expect(try second.readPlainTurn() == ["bot: To come back to a conversation you had with our support team, type /resume, the ticket and its code, for example: /resume c7-1 7KQ2M-X9D4P"])
        try second.send("/resume \(ticket) \(wrong(code))")
        #expect(try second.readPlainTurn() == ["bot: I can't find an open ticket \(ticket) with that code. Check the ticket and the code you were given, or type /human to ask for a person again."])
        // As people copy codes: lower case, without the dash.
        try second.send("/resume \(ticket.uppercased()) \(code.lowercased().replacingOccurrences(of: "-", with: ""))")
        #expect(try second.readPlainTurn() == [
            "bot: Welcome back to ticket \(ticket). amy from our support team has it and will reply in this chat.",
            "agent amy: Are you still there?"])
        #expect(try amy.readLine() == "event: \(ticket) the customer is back")
        #expect(try amy.command("SHOW \(ticket)").last == "ok the customer is connected")

        try second.send("yes, still here")
        #expect(try second.readPlainTurn() == [])
        #expect(try amy.readLine() == "event: \(ticket) customer: yes, still here")
        #expect(try amy.command("SAY \(ticket) Good, the mail flow is fixed.") == ["ok sent"])
        #expect(try second.readLine() == "agent amy: Good, the mail flow is fixed.")
        try second.send("/resume \(ticket) \(code)")
        #expect(try second.readPlainTurn() == ["bot: You are in ticket \(ticket) already; an agent will reply in this chat."])
        #expect(try amy.command("CLOSE \(ticket) Closing, thanks.") == ["ok closed"])
        _ = try second.readLine()
        #expect(try second.readLine().hasPrefix("bot: amy has closed ticket \(ticket)."))

        // Closed, the ticket shows its customer how it ended (here, as if they had been away),
        // and the conversation is the bot's again; a wrong code still finds nothing.
        let third = try running.greeted()
        try third.send("/resume \(ticket) \(wrong(code))")
        #expect(try third.readPlainTurn().first?.hasPrefix("bot: I can't find an open ticket \(ticket)") == true)
        try third.send("/resume \(ticket) \(code)")
        #expect(try third.readPlainTurn() == [
            "agent amy: Are you still there?", "agent amy: Good, the mail flow is fixed.", "agent amy: Closing, thanks.",
            "bot: amy has closed ticket \(ticket). I'm here again if you need anything else."])
        try third.send("where is my invoice")
        #expect(try third.readPlainTurn().first?.contains("Downloading invoices") == true)
        #expect(running.waitForLog("event=resume session="))
        #expect(running.waitForLog("level=warn event=resume_refused session="))
    }

    @Test func resumingWhileTheFirstConnectionIsOpen_closesIt_andItsEndDoesNotCutTheNewOne() throws {
        let queue = try QueueFile()
        let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
        defer { running.stop() }
        let first = try running.greeted()
        let (ticket, code) = try handOffForCode(first)
        let second = try running.greeted()
        try second.send("/resume \(ticket) \(code)")
        #expect(try second.readPlainTurn() == ["bot: Welcome back to ticket \(ticket). It is waiting for the next agent, who will reply in this chat."])
        #expect(try first.readLine() == "system: ticket \(ticket) continues on another connection; closing this one")
        #expect(throws: (any Error).self) { _ = try first.readLine(timeout: 2) }  // closed by the server

        // The agent reaches the new connection; the old one's end said nothing about it.
        let amy = try agent(running, "amy")
        #expect(try amy.command("TAKE \(ticket)").last == "ok you have \(ticket)")
        #expect(try second.readLine() == "bot: amy from our support team has joined this chat (ticket \(ticket)).")
        #expect(try amy.command("SAY \(ticket) Hello again.") == ["ok sent"])
        #expect(try second.readLine() == "agent amy: Hello again.")
    }

    @Test func jsonClients_getTheTicketAndTheCodeAsFields() throws {
        let queue = try QueueFile()
        let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
        defer { running.stop() }
        let customer = try running.greeted()
        try customer.send("MODE json")
        while try customer.readLine() != #"{"type":"end_of_turn"}"# {}
        var events: [SessionEvent] = []
        for line in ["I need to talk to a person", "contoso.com", "Exchange Online", "A", "no mail since 9am"] {
            try customer.send(line)
            while true {
                let text = try customer.readLine()
                if text == #"{"type":"end_of_turn"}"# { break }
                events.append(try #require(JSONCodec.event(from: text), "\(text)"))
            }
        }
        let handoff = try #require(events.lazy.compactMap { if case .handoff(let h) = $0 { h } else { nil } }.first)
        let note = try #require(events.compactMap { if case .reply(let r) = $0 { r } else { nil } }.last)
        #expect(note.ticket == handoff.ticket && note.text.contains("/resume \(handoff.ticket) "))
        let code = try #require(note.resumeCode)
        let filed = try #require(try queue.records.first)
        #expect(note.text.contains(code) && ResumeCode(code) == filed.resume)

        let again = try running.greeted()
        try again.send("/resume \(handoff.ticket) \(code)")
        #expect(try again.readPlainTurn().first?.hasPrefix("bot: Welcome back to ticket \(handoff.ticket).") == true)
    }

    /// A closed ticket's records leave the journal for the archive at the next start; the start
    /// after that finds them only there, and still shows the customer how it ended. A few lines of
    /// the archive that cannot be read (or a ticket cut by where the reading starts) hide nothing else.
    @Test func closingOutlivesTheRestartsThatArchiveIt() throws {
        let queue = try QueueFile()
        var ticket = "", code = ""
        do {
            let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
            let customer = try running.greeted()
            (ticket, code) = try handOffForCode(customer)
            let amy = try agent(running, "amy")
            _ = try amy.command("TAKE \(ticket)")
            _ = try amy.command("SAY \(ticket) The mail flow rule was fixed.")
            #expect(try amy.command("CLOSE \(ticket) Closing, thanks.") == ["ok closed"])
            running.stop()
        }
        let archiving = try HandoffDesk(path: queue.path)
        // The start that archives it keeps how it ended too (from the journal it just read).
        let resumeCode = try #require(ResumeCode(code))
        #expect(archiving.archived > 0 && archiving.board.closing(ticket, resumableWith: resumeCode) != nil)
        let archive = queue.path + ".closed"
        let handle = try #require(FileHandle(forWritingAtPath: archive))
        handle.seekToEndOfFile()
        handle.write(Data("not json\n{\"kind\":\"closed\"}\n".utf8))
        try handle.close()
        let desk = try HandoffDesk(path: queue.path)
        #expect(desk.archived == 0 && desk.problems.isEmpty && desk.board.tickets.isEmpty)
        #expect(try queue.records.map(\.kind) == [.mark])
        let running = try RunningServer(desk: desk)
        defer { running.stop() }
        let customer = try running.greeted()
        try customer.send("/resume \(ticket) \(wrong(code))")
        #expect(try customer.readPlainTurn().first?.hasPrefix("bot: I can't find an open ticket \(ticket)") == true)
        try customer.send("/resume \(ticket) \(code)")
        #expect(try customer.readPlainTurn() == [
            "agent amy: The mail flow rule was fixed.", "agent amy: Closing, thanks.",
            "bot: amy has closed ticket \(ticket). I'm here again if you need anything else."])
    }

    /// The archive is read from a window at its end: a line the window cuts is passed over, and
    /// one that starts right where the window does is read whole.
    @Test func archiveWindow_readsTheWholeLinesInIt() throws {
        let queue = try QueueFile()
        let lines = [TicketRecord(.taken, ticket: "c1-1", at: 1, agent: "amy"), TicketRecord(.agent, ticket: "c1-1", at: 2, agent: "amy", text: "hello"),
                     TicketRecord(.closed, ticket: "c1-1", at: 3, agent: "amy", text: "bye")].map { $0.json + "\n" }
        try lines.joined().write(toFile: queue.path + ".closed", atomically: false, encoding: .utf8)
        let lastTwo = lines[1].utf8.count + lines[2].utf8.count
        #expect(HandoffJournal.archivedRecords(queue.path, maximumBytes: lastTwo).map(\.kind) == [.agent, .closed])
        #expect(HandoffJournal.archivedRecords(queue.path, maximumBytes: lastTwo - 1).map(\.kind) == [.closed])
        #expect(HandoffJournal.archivedRecords(queue.path).map(\.kind) == [.taken, .agent, .closed])
        #expect(HandoffJournal.archivedRecords(queue.path + ".none").isEmpty)
    }

    @Test func codeOutlivesARestart_andTheConversationGoesOnInItsLanguage() throws {
        let queue = try QueueFile()
        var ticket = "", code = ""
        do {
            let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
            let customer = try running.greeted()
            try customer.send("我要找真人客服")
            _ = try customer.readPlainTurn()
            for line in ["contoso.com", "Exchange Online", "A", "全公司從早上九點就收不到信"] {
                try customer.send(line)
                let turn = try customer.readPlainTurn()
                if let note = turn.first(where: { $0.contains("/resume ") }) {
                    #expect(note.hasPrefix("bot: 如果對話中斷，請重新連線並輸入 /resume "))
                    let words = note.components(separatedBy: " ")
                    let at = try #require(words.firstIndex(of: "/resume"))
                    ticket = words[at + 1]
                    code = String(words[at + 2].prefix { $0 != " " && $0.isASCII })
                }
            }
            running.stop()
        }
        #expect(!ticket.isEmpty && code.count == 11)
        let desk = try HandoffDesk(path: queue.path)
        let running = try RunningServer(desk: desk)
        defer { running.stop() }
        let customer = try running.greeted()
        try customer.send("/resume \(ticket) \(code)")
        #expect(try customer.readPlainTurn() == ["bot: 歡迎回到案件 \(ticket)。案件正在等候下一位客服人員，客服人員會在這個對話中回覆您。"])
        try customer.send("還在嗎？")
        #expect(try customer.readPlainTurn() == ["bot: 您的案件已在支援團隊處理中（編號 \(ticket)），客服人員會在這個對話中回覆您。"])
        #expect(desk.board[ticket]?.history.last?.text == "還在嗎？")
    }
}
