#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

@Suite struct ServeCLITests {
    /// A connection to the running server on loopback, with the system's own sockets; closed
    /// when the handle goes.
    private func connection(port: UInt16) throws -> FileHandle {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED
            close(fd)
            throw POSIXError(code)
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// A client of the running server: one line, then /quit; the reply to the line.
    private func converse(port: UInt16, _ line: String) throws -> [String] {
        let handle = try connection(port: port)
        handle.write(Data((line + "\n/quit\n").utf8))
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let turns = text.components(separatedBy: "\n\n")
        return turns.count > 1 ? turns[1].split(separator: "\n").map(String.init) : []
    }

    @Test func serve_listens_reloadsOnHUP_keepingOldRulesOnAMistake_andStopsOnTERM() throws {
        let folder = try TemporaryFolder()
        let intents = folder.url.appendingPathComponent("Intents")
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("Intents"), to: intents)
        // Each load below compiles the rules from source, which takes a debug build seconds (3.2 s
        // alone on this machine, more beside the other tests), so the waits are a minute, not a time limit.
        let server = try InteractiveProcess(["serve", "--port", "0", "--intents", intents.path, "--queue", folder.url.appendingPathComponent("queue.jsonl").path])
        let banner = try #require(server.readLine(timeout: 60))
        #expect(banner.hasPrefix("supportbot ") && banner.contains(" listening on 127.0.0.1:"))
        let port = try #require(UInt16(banner.split(separator: ":")[1].prefix { $0.isNumber }))
        #expect(try converse(port: port, "where is my invoice").first?.contains("Downloading invoices") == true)

        // A mistake in a rule file: the reload is refused, with the place of the mistake, and the old rules answer.
        let billing = intents.appendingPathComponent("billing.rules")
        try (try String(contentsOf: billing, encoding: .utf8) + "intent broken\n  match: [unclosed\n").write(to: billing, atomically: true, encoding: .utf8)
        kill(server.processIdentifier, SIGHUP)
        var errors = server.standardError(until: "event=rule_error", within: 60)
        #expect(errors.contains("level=error event=reload_failed errors=1 kept=old_rules"))
        #expect(errors.contains("where=\(billing.path):"))
        #expect(errors.contains("is never closed"))
        #expect(try converse(port: port, "where is my invoice").first?.contains("Downloading invoices") == true)

        // Mistake fixed and an article retitled: the next reload is taken and new sessions see it.
        try FileManager.default.removeItem(at: billing)
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("Intents/billing.rules"), to: billing)
        let article = intents.appendingPathComponent("articles/billing/billing-invoices.en.md")
        try (try String(contentsOf: article, encoding: .utf8)).replacingOccurrences(of: "title: Downloading invoices", with: "title: Fetching invoices")
            .write(to: article, atomically: true, encoding: .utf8)
        kill(server.processIdentifier, SIGHUP)
        errors += server.standardError(until: "event=reload ", within: 60)
        #expect(errors.contains("level=info event=reload intents="))
        #expect(try converse(port: port, "where is my invoice").first?.contains("Fetching invoices") == true)

        #expect(server.signalAndWait(SIGTERM) == 0)
    }

    @Test func serve_rejectsBadFlags() throws {
        let result = try Supportbot.run(["serve", "--port", "seventy"])
        #expect(result.status == 64 && result.stderr.contains("--port wants a number"))
        let folder = try TemporaryFolder()
        let queue = folder.url.appendingPathComponent("queue.jsonl").path
        let taken = try InteractiveProcess(["serve", "--port", "0", "--queue", queue])
        let banner = try #require(taken.readLine())
        let port = String(banner.split(separator: ":")[1].prefix { $0.isNumber })
        let clash = try Supportbot.run(["serve", "--port", port, "--queue", queue])
        #expect(clash.status == 70 && clash.stderr.contains("Address already in use"))
        let noQueue = try Supportbot.run(["serve", "--port", "0", "--queue", folder.url.appendingPathComponent("missing/queue.jsonl").path])
        #expect(noQueue.status == 73 && noQueue.stderr.contains("cannot open the handoff queue") && noQueue.stderr.contains("No such file or directory"))
        // The agents' port beyond loopback only with each agent's secret; a roster's mistakes by their place.
        let open = try Supportbot.run(["serve", "--port", "0", "--agent-host", "0.0.0.0", "--queue", queue])
        #expect(open.status == 64 && open.stderr.contains("--agent-host 0.0.0.0 would let anyone who reaches it act as an agent without a secret"))
        let agents = folder.url.appendingPathComponent("agents.txt")
        try "amy k3Xq-88fw-Lp0z\nbob short\n".write(to: agents, atomically: true, encoding: .utf8)
        let bad = try Supportbot.run(["serve", "--port", "0", "--agents", agents.path, "--queue", queue])
        #expect(bad.status == 65 && bad.stderr.contains("\(agents.path):2:5: the secret of bob is 5 characters; use 12 or more"), "\(bad.stderr)")
        let missing = try Supportbot.run(["serve", "--port", "0", "--agents", agents.path + ".none", "--queue", queue])
        #expect(missing.status == 66 && missing.stderr.contains("cannot read the agents file"))
        #expect(taken.signalAndWait(SIGINT) == 0)
    }

    /// The queue's promise, on the real binary: a handoff the customer was told about survives
    /// `kill -9`; a record the kill cut short is cut off with a warning naming its line; the
    /// restarted server gives the agents the ticket and numbers new sessions after it.
    @Test func serve_keepsHandoffsThroughKill9() throws {
        let folder = try TemporaryFolder()
        let queue = folder.url.appendingPathComponent("queue.jsonl")
        func start() throws -> (InteractiveProcess, customers: UInt16, agents: UInt16) {
            let server = try InteractiveProcess(["serve", "--port", "0", "--queue", queue.path])
            let banner = try #require(server.readLine())
            #expect(banner.contains("(customers), 127.0.0.1:") && banner.contains("(agents)"), "\(banner)")
            let ports = banner.split(separator: ":").dropFirst().compactMap { UInt16($0.prefix { $0.isNumber }) }
            try #require(ports.count >= 2)
            return (server, ports[0], ports[1])
        }
        let (first, port, _) = try start()
        let replies = try talk(port: port, ["/human", "contoso.com", "Exchange", "B", "mail is slow for sales"])
        let notice = try #require(replies.first { $0.hasPrefix("system: handoff ticket=") })
        let ticket = String(notice.dropFirst("system: handoff ticket=".count).prefix { $0 != " " })
        let note = try #require(replies.first { $0.contains("/resume \(ticket) ") })
        let code = try #require(note.components(separatedBy: "/resume \(ticket) ").last?.prefix { $0 != " " })
        #expect(first.signalAndWait(SIGKILL) == SIGKILL)  // killed: no shutdown, no flush

        // What a kill in the middle of a write leaves behind.
        let handle = try FileHandle(forWritingTo: queue)
        handle.seekToEndOfFile()
        handle.write(Data(#"{"at":1795829800,"kind":"tak"#.utf8))
        try handle.close()

        let (second, port2, agents) = try start()
        #expect(second.standardErrorWithin(seconds: 5, containing: "queue.jsonl:2:1: an incomplete last record"))
        let listed = try talk(port: agents, ["AGENT amy", "LIST"], agent: true)
        #expect(listed.contains { $0.hasPrefix("ticket \(ticket) severity=B ") && $0.contains("summary=\"mail is slow for sales\"") }, "\(listed)")
        #expect(listed.suffix(2) == ["ok 1 waiting", "ok goodbye"])
        let lines = try String(contentsOf: queue, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty)  // one record, whole, and nothing after it
        // The customer, cut off by the kill, comes back to the conversation with their code.
        let resumed = try talk(port: port2, ["/resume \(ticket) \(code)"])
        #expect(resumed.contains("bot: Welcome back to ticket \(ticket). It is waiting for the next agent, who will reply in this chat."), "\(resumed)")
        #expect(second.signalAndWait(SIGTERM) == 0)
    }

    @Test func serve_withARoster_signsInOnlyWithTheSecret_andSIGHUPSignsOutWhoWasTakenOff() throws {
        let folder = try TemporaryFolder()
        let agents = folder.url.appendingPathComponent("agents.txt")
        // amy's line holds her secret's hash, made as an operator would; bob's the secret itself.
        let made = try Supportbot.run(["agent-secret", "amy"])
        let amyLine = made.stdout.trimmingCharacters(in: .newlines)
        let amySecret = try #require(made.stderr.components(separatedBy: ": ").last?.trimmingCharacters(in: .newlines))
        #expect(made.status == 0 && amyLine.hasPrefix("amy sha256:") && amySecret.count == 23 && !amyLine.contains(amySecret), "\(made)")
        try "# operator's list\n\(amyLine)\nbob correct-horse-battery\n".write(to: agents, atomically: true, encoding: .utf8)
        let server = try InteractiveProcess(["serve", "--port", "0", "--agent-host", "0.0.0.0", "--agents", agents.path,
                                             "--queue", folder.url.appendingPathComponent("queue.jsonl").path])
        let banner = try #require(server.readLine())
        let ports = banner.split(separator: ":").dropFirst().compactMap { UInt16($0.prefix { $0.isNumber }) }
        try #require(ports.count >= 2)
        #expect(try talk(port: ports[1], ["AGENT amy", "AGENT amy \(amySecret.lowercased())", "LIST"], agent: true).suffix(4) == [
            "error: unknown agent or wrong secret; sign in with AGENT yourname yoursecret, as your operator set them",
            "error: unknown agent or wrong secret; sign in with AGENT yourname yoursecret, as your operator set them",
            "error: sign in first: AGENT yourname (and your secret, if the server gave you one)",
            "ok goodbye"])
        #expect(server.standardErrorWithin(seconds: 5, containing: "level=warn event=agent_refused"))

        let bob = try connection(port: ports[1])
        bob.write(Data("AGENT bob correct-horse-battery\n".utf8))
        #expect(server.standardErrorWithin(seconds: 5, containing: "agent=bob"))
        let amy = try connection(port: ports[1])
        amy.write(Data("AGENT amy \(amySecret)\n".utf8))
        #expect(server.standardErrorWithin(seconds: 5, containing: "agent=amy"))
        // bob is taken off the roster: the reload signs him out and closes his connection.
        try "\(amyLine)\n".write(to: agents, atomically: true, encoding: .utf8)
        kill(server.processIdentifier, SIGHUP)
        #expect(server.standardErrorWithin(seconds: 5, containing: "incidents=0 agents=1 signed_out=bob"))
        let bobs = String(decoding: bob.readDataToEndOfFile(), as: UTF8.self)
        #expect(bobs.hasSuffix("system: your name was taken off the agents' roster; closing the connection\n"), "\(bobs)")
        amy.write(Data("LIST\nQUIT\n".utf8))
        let amys = String(decoding: amy.readDataToEndOfFile(), as: UTF8.self)
        #expect(amys.contains("ok 0 waiting\nok goodbye\n"), "\(amys)")
        #expect(server.signalAndWait(SIGTERM) == 0)
    }

    /// A queue that cannot be written (here a file-size limit; a full disk behaves alike): the
    /// customer is told their request was not passed on, the server and other sessions go on, and
    /// the part of the record that reached the file is cut off at once, so the records written
    /// once there is room again follow whole records, and the next start finds nothing to report.
    @Test func serve_whenTheQueueCannotBeWritten_tellsTheCustomer_andStaysUp() throws {
        let folder = try TemporaryFolder()
        let queue = folder.url.appendingPathComponent("queue.jsonl")
        // 2,048 bytes: a short handoff (about 1,400) fits, a long one after it does not.
        let server = try InteractiveProcess(["serve", "--port", "0", "--queue", queue.path], fileSizeLimit: 4)
        let banner = try #require(server.readLine())
        let ports = banner.split(separator: ":").dropFirst().compactMap { UInt16($0.prefix { $0.isNumber }) }
        let first = try talk(port: ports[0], ["/human", "contoso.com", "printing", "C", "printer jammed"])
        #expect(first.contains { $0.contains("/resume c1-1 ") }, "\(first)")
        let saved = try #require(try FileManager.default.attributesOfItem(atPath: queue.path)[.size] as? Int)
        let story = ["Outlook has been crashing every morning since the update on Monday, on all of our laptops",
                     "we tried repairing Office and reinstalling it twice, and the crash still comes back after a restart",
                     "/human", "contoso.com", "B", "Outlook crashes at start on every laptop since Monday's update"]
        let replies = try talk(port: ports[0], story)
        #expect(replies.contains { $0.hasPrefix("error: your request could not be passed to an agent (the queue could not be saved)") }, "\(replies)")
        #expect(!replies.contains { $0.contains("/resume") })
        #expect(server.standardErrorWithin(seconds: 5, containing: "level=error event=handoff_not_saved"))
        // Still serving, and the half record is gone: the file is as the first handoff left it.
        #expect(try converse(port: ports[0], "where is my invoice").first?.contains("Downloading invoices") == true)
        #expect(try FileManager.default.attributesOfItem(atPath: queue.path)[.size] as? Int == saved)
        // A small record still fits, after the first one's line.
        let agent = try talk(port: ports[1], ["AGENT amy", "TAKE"], agent: true)
        #expect(agent.contains("ok you have c1-1; the customer is not connected"), "\(agent)")
        #expect(server.signalAndWait(SIGTERM) == 0)
        let lines = try String(contentsOf: queue, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[0].contains("\"filed\"") && lines[1].contains("\"taken\"") && lines[2].isEmpty, "\(lines)")

        let again = try InteractiveProcess(["serve", "--port", "0", "--queue", queue.path])
        let restarted = try #require(again.readLine())
        #expect(restarted.contains(": 0 waiting, 1 open"), "\(restarted)")
        #expect(again.signalAndWait(SIGTERM) == 0)
        let report = again.standardError()
        #expect(!report.contains("queue.jsonl:"), "\(report)")
    }

    /// Sends `lines` on one connection and returns everything the server wrote until it closed
    /// (customers end with /quit, agents with QUIT).
    private func talk(port: UInt16, _ lines: [String], agent: Bool = false) throws -> [String] {
        let handle = try connection(port: port)
        handle.write(Data((lines + [agent ? "QUIT" : "/quit"]).map { $0 + "\n" }.joined().utf8))
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
