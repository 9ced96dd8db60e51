#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SupportCore
import SupportServer
import Testing

/// The handoff queue and the agents' port, over loopback sockets, with the queue in a real file.
@Suite struct AgentDeskTests {
    @Test func handoff_isOnDiskBeforeTheCustomerIsTold_andAnAgentTalksToTheCustomerUntilClosing() throws {
        let queue = try QueueFile()
        let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
        defer { running.stop() }
        let customer = try running.greeted()
        let ticket = try handOff(customer)
        // Told means filed: the record is in the file when the customer reads the ticket number.
        #expect(try queue.records.map(\.kind) == [.filed])
        #expect(try queue.records.first?.handoff?.severity == .a)

        let amy = try agent(running, "amy")
        let waiting = try amy.command("LIST")
        #expect(waiting.count == 2 && waiting[0].hasPrefix("ticket \(ticket) severity=A ") && waiting[0].contains("status=waiting"))
        #expect(waiting[0].contains("summary=\"no mail since 9am for the whole company\""))
        let taken = try amy.command("TAKE")
        #expect(taken.last == "ok you have \(ticket)")
        #expect(taken.contains("    customer: I need to talk to a person"))
        #expect(try customer.readLine() == "bot: amy from our support team has joined this chat (ticket \(ticket)).")

        // While amy has the ticket, the customer's lines go to her; the bot only ends the turn.
        try customer.send("is anyone there?")
        #expect(try customer.readPlainTurn() == [])
        #expect(try amy.readLine() == "event: \(ticket) customer: is anyone there?")
        #expect(try amy.command("SAY \(ticket) Yes, I am checking your mail flow now.") == ["ok sent"])
        #expect(try customer.readLine() == "agent amy: Yes, I am checking your mail flow now.")

        // Another agent may read and note it, not answer for amy or take it from her.
        let bob = try agent(running, "bob")
        #expect(try bob.command("SAY \(ticket) hello").last?.hasPrefix("error: ticket \(ticket) belongs to amy") == true)
        #expect(try bob.command("TAKE \(ticket)").last == "error: ticket \(ticket) is taken by amy, who is signed in; ask them to RELEASE it")
        #expect(try bob.command("NOTE \(ticket) seen the same on fabrikam") == ["ok noted"])
        #expect(try bob.command("AGENT amy").last?.hasPrefix("error: amy is signed in on another connection") == true)

        let escalated = try amy.command("ESCALATE \(ticket) A MX record missing at the provider")
        #expect(escalated.last?.hasPrefix("ok escalated to the provider, severity A: first response due ") == true)
        let provider = try amy.command("PROVIDER")
        #expect(provider.count == 2 && provider[0].contains("status=escalated by=amy") && provider[0].contains(" due_in="))
        #expect(provider.last == "ok 1 with the provider, 1 awaiting a first response (0 overdue)")
        let responded = try amy.command("RESPONDED \(ticket) Microsoft case 2611280040001234, engineer assigned")
        #expect(responded.first?.contains(" responded_in=0s sla=met ") == true && responded.last == "ok the provider's first response is recorded")
        #expect(try amy.command("PROVIDER").last == "ok 1 with the provider, 0 awaiting a first response (0 overdue)")

        #expect(try amy.command("CLOSE \(ticket) The provider restored the MX record.") == ["ok closed"])
        #expect(try customer.readLine() == "agent amy: The provider restored the MX record.")
        #expect(try customer.readLine() == "bot: amy has closed ticket \(ticket). I'm here again if you need anything else.")
        try customer.send("where is my invoice")
        #expect(try customer.readPlainTurn().first?.contains("Downloading invoices") == true)
        #expect(try amy.command("LIST ALL") == ["ok 0 open"])

        // The file holds the whole story, and read again it gives the same queue.
        let story: [TicketRecord.Kind] = [.filed, .taken, .customer, .agent, .note, .escalated, .responded, .closed]
        #expect(try queue.records.map(\.kind) == story)
        var board = TicketBoard()
        var last: Ticket?
        for record in try queue.records { last = try board.apply(record) ?? last }
        #expect(last?.status == .closed(by: "amy") && last?.history.count == 7)

        // Opened again (a restart), the closed ticket's records move to the archive beside it,
        // and the queue keeps only a mark of the highest ticket id given out.
        let again = try HandoffDesk(path: queue.path)
        #expect(again.problems.isEmpty && again.archived == 8 && again.board[ticket] == nil)
        #expect(try queue.records.map(\.kind) == [.mark])
        #expect(again.highestSessionNumber == Int(ticket.dropFirst().prefix { $0.isNumber }))
        let archive = try String(contentsOfFile: queue.path + ".closed", encoding: .utf8).split(separator: "\n")
        #expect(try archive.map { try TicketRecord(json: String($0)).kind } == story)
        #expect(running.waitForLog("event=agent_command session="))
    }

    @Test func restartedServer_keepsTheQueue_andNeverReusesATicketId() throws {
        let queue = try QueueFile()
        var first: String
        do {
            let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
            first = try handOff(try running.greeted())
            running.stop()
        }
        let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
        defer { running.stop() }
        let amy = try agent(running, "amy")
        let waiting = try amy.command("LIST")
        #expect(waiting.first?.hasPrefix("ticket \(first) ") == true && waiting.last == "ok 1 waiting")

        // A new session after the restart is numbered after the queue's tickets.
        let second = try handOff(try running.greeted(), summary: "Teams calls drop after a minute")
        #expect(second != first)
        #expect(try amy.readLine().hasPrefix("event: filed ticket \(second) severity=A"))
        // Equal severity: the older first.
        #expect(try amy.command("LIST").map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
                == ["ticket \(first)", "ticket \(second)", "ok 2"])
    }

    @Test func customerWhoLeaves_isReportedToTheAgent_andTheTicketStays() throws {
        let queue = try QueueFile()
        let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
        defer { running.stop() }
        var customer: LineClient? = try running.greeted()
        let ticket = try handOff(customer!)
        let amy = try agent(running, "amy")
        _ = try amy.command("TAKE \(ticket)")
        customer = nil  // closes the connection
        #expect(try amy.readLine() == "event: \(ticket) the customer disconnected")
        #expect(try amy.command("SAY \(ticket) Are you still there?") == ["ok kept in the ticket; the customer is not connected and will not see it"])
        #expect(try amy.command("RELEASE \(ticket)") == ["ok \(ticket) is waiting again"])
        #expect(try amy.command("LIST").last == "ok 1 waiting")
        #expect(try amy.command("SHOW \(ticket)").contains { $0.hasSuffix("agent amy: Are you still there?") })
    }

    @Test func agentPort_answersMistakesWithHowToWriteThem() throws {
        let queue = try QueueFile()
        let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
        defer { running.stop() }
        let client = try LineClient(port: try #require(running.server.agentPort))
        _ = try client.readLine()
        #expect(try client.command("LIST") == ["error: sign in first: AGENT yourname (and your secret, if the server gave you one)"])
        #expect(try client.command("AGENT amy/smith") == ["error: 'amy/smith' cannot be an agent name: use 1 to 32 letters, digits, '.', '-' or '_'"])
        #expect(try client.command("AGENT amy van der berg") == ["error: AGENT cannot take 'der berg'; expected a name and at most a secret, without spaces"])
        // Without a roster (`--agents`), a secret given is not checked.
        #expect(try client.command("AGENT amy k3Xq-88fw-Lp0z").last?.hasPrefix("ok signed in as amy") == true)
        #expect(try client.command("TAKE") == ["error: no ticket is waiting"])
        #expect(try client.command("SHOW c9-9").last?.hasPrefix("error: there is no ticket c9-9") == true)
        #expect(try client.command("ESCALATE c9-9 D down") == ["error: ESCALATE cannot take 'D'; expected A (critical), B (moderate) or C (minimal)"])
        #expect(try client.command("FROB") == ["error: unknown command 'FROB'; HELP lists the commands"])
        try client.sendRaw([0xFF, 0xFE, 0x0A])
        #expect(try client.readResponse() == ["error: the line is not valid UTF-8; it was dropped"])
        #expect(try client.command("HELP").count == AgentCommand.helpLines.count + 1)
        #expect(try client.command("QUIT") == ["ok goodbye"])
        #expect(client.isClosedByServer())
    }

    @Test func journal_withMistakes_namesTheirLines_andKeepsTheRest() throws {
        let queue = try QueueFile()
        let handoff = HandoffEvent(ticket: "c1-1", session: "c1", reason: .requested, category: .billing, intent: nil,
                                   language: .english, severity: .c, customer: "contoso.com", service: "billing",
                                   summary: "wrong VAT number", transcript: [])
        let lines = [
            TicketRecord.filed(handoff, at: 100).json,
            "garbage",
            "",
            TicketRecord(.taken, ticket: "c1-1", at: 200, agent: "amy").json,
            TicketRecord(.closed, ticket: "c1-1", at: 300, agent: "bob", text: "done").json,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: queue.path, atomically: true, encoding: .utf8)
        let desk = try HandoffDesk(path: queue.path)
        #expect(desk.problems.map(\.description) == [
            "\(queue.path):2:1: not a JSON object; the line is skipped",
            "\(queue.path):5:1: record closed of ticket c1-1 does not follow: ticket c1-1 belongs to amy; ask them to RELEASE it, or add a NOTE",
        ])
        #expect(desk.board["c1-1"]?.status == .taken(by: "amy"))
        #expect(desk.highestSessionNumber == 1)
    }

    @Test func ticketOfAnAgentWhoSignedOut_isTakenOver_keepingItsEscalation() throws {
        let queue = try QueueFile()
        let running = try RunningServer(desk: try HandoffDesk(path: queue.path))
        defer { running.stop() }
        let customer = try running.greeted()
        let ticket = try handOff(customer)
        do {
            let amy = try agent(running, "amy")
            _ = try amy.command("TAKE")
            _ = try amy.command("ESCALATE \(ticket) B half the sales team cannot send")
            #expect(try amy.command("QUIT") == ["ok goodbye"])
            #expect(amy.isClosedByServer())
        }
        _ = try customer.readLine()  // amy joined
        let bob = try agent(running, "bob")
        let taken = try bob.command("TAKE \(ticket)")
        #expect(taken.last == "ok you have \(ticket) (taken over from amy, who is not signed in)")
        #expect(taken.first?.contains("status=escalated by=bob") == true)
        #expect(taken.contains { $0.hasSuffix("taken over by bob from amy") })
        #expect(try customer.readLine() == "bot: bob from our support team has joined this chat (ticket \(ticket)).")
        #expect(try bob.command("CLOSE \(ticket) Sorted with the provider.") == ["ok closed"])
        #expect(try queue.records.map(\.kind) == [.filed, .taken, .escalated, .reassigned, .closed])
    }

    @Test func agents_outlastTheCustomersIdleTimeout_untilTheirOwn() throws {
        let queue = try QueueFile()
        let running = try RunningServer({
            $0.idleTimeout = .milliseconds(200)
            $0.agentIdleTimeout = .milliseconds(1500)
        }, desk: try HandoffDesk(path: queue.path))
        defer { running.stop() }
        let customer = try running.greeted()
        let amy = try agent(running, "amy")
        usleep(700_000)
        #expect(customer.isClosedByServer(timeout: 1))
        #expect(try amy.command("LIST") == ["ok 0 waiting"])  // still here, and that was a command
        #expect(try amy.readLine(timeout: 4) == "system: no command for 1 seconds; closing the connection")
        #expect(amy.isClosedByServer())
    }

    @Test func restart_archivesClosedTickets_keepsOpenOnes_andNeverRewritesALineItCouldNotRead() throws {
        let queue = try QueueFile()
        func handoff(_ ticket: String) -> HandoffEvent {
            HandoffEvent(ticket: ticket, session: String(ticket.prefix { $0 != "-" }), reason: .requested, category: .billing,
                         intent: nil, language: .english, severity: .c, customer: "contoso.com", service: "billing",
                         summary: "wrong VAT number", transcript: [])
        }
        let lines = [
            TicketRecord.filed(handoff("c1-1"), at: 100).json,
            TicketRecord.filed(handoff("c2-1"), at: 110).json,
            TicketRecord(.taken, ticket: "c1-1", at: 200, agent: "amy").json,
            TicketRecord(.taken, ticket: "c2-1", at: 210, agent: "bob").json,
            TicketRecord(.closed, ticket: "c1-1", at: 300, agent: "amy", text: "done").json,
            TicketRecord(.note, ticket: "c2-1", at: 310, agent: "bob", text: "waiting on the customer").json,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: queue.path, atomically: true, encoding: .utf8)
        let desk = try HandoffDesk(path: queue.path)
        #expect(desk.archived == 3)
        #expect(desk.board.open.map(\.id) == ["c2-1"] && desk.board["c1-1"] == nil)
        let kept = try queue.records
        #expect(kept.first?.kind == .mark && kept.first?.ticket == "c2-0")
        #expect(try Array(kept.dropFirst()) == [lines[1], lines[3], lines[5]].map { try TicketRecord(json: $0) })
        #expect(desk.highestSessionNumber == 2)
        #expect(try String(contentsOfFile: queue.path + ".closed", encoding: .utf8) == [lines[0], lines[2], lines[4]].map { $0 + "\n" }.joined())

        // A line it cannot read: nothing is moved, so nothing is rewritten away.
        try (lines.joined(separator: "\n") + "\nnot json\n").write(toFile: queue.path, atomically: true, encoding: .utf8)
        let careful = try HandoffDesk(path: queue.path)
        #expect(careful.archived == 0 && careful.problems.count == 1 && careful.board.closed == ["c1-1"])
        #expect(try String(contentsOfFile: queue.path, encoding: .utf8).hasSuffix("not json\n"))
    }
}
