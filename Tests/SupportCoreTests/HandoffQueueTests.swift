import SupportCore
import Testing

/// The handoff queue's pure parts: journal records, the board's rules, agents' commands and views.
@Suite struct HandoffQueueTests {
    private func handoff(_ ticket: String, severity: Severity = .b, summary: String = "Teams calls drop") -> HandoffEvent {
        HandoffEvent(ticket: ticket, session: String(ticket.prefix { $0 != "-" }), reason: .requested, category: .connectivity,
                     intent: "connectivity.teams", language: .traditionalChinese, severity: severity, customer: "contoso.com",
                     service: "Teams", summary: summary,
                     transcript: [.init(speaker: .customer, text: "Teams 通話一分鐘就斷 \"again\"\\"), .init(speaker: .bot, text: "two\nlines")])
    }

    @Test func records_readBackWhatTheyWrite() throws {
        let records = [
            TicketRecord.filed(handoff("c3-1"), at: 1_795_829_764),
            TicketRecord(.taken, ticket: "c3-1", at: 1_795_829_800, agent: "amy"),
            TicketRecord(.customer, ticket: "c3-1", at: 1_795_829_801, text: "還在嗎？\t{\"x\"}"),
            TicketRecord(.escalated, ticket: "c3-1", at: 1_795_829_900, agent: "amy", text: "MX", severity: .a),
        ]
        for record in records {
            #expect(!record.json.contains("\n"))
            #expect(try TicketRecord(json: record.json) == record)
        }
        #expect(records[1].json == #"{"at":1795829800,"kind":"taken","ticket":"c3-1","agent":"amy"}"#)
    }

    @Test func resumeCodes_areRandom_andReadAsPeopleCopyThem() throws {
        let codes = (0..<200).map { _ in ResumeCode.random() }
        #expect(Set(codes.map(\.characters)).count == 200)
        for code in codes.prefix(20) {
            #expect(code.description.count == 11 && code.description.dropFirst(5).first == "-")
            #expect(ResumeCode(code.description) == code && ResumeCode(code.description.lowercased()) == code)
        }
        let code = try #require(ResumeCode("7KQ2M-X9D4P"))
        #expect(code.characters == "7KQ2MX9D4P" && code.description == "7KQ2M-X9D4P")
        // O is 0, I and L are 1; dashes and spaces anywhere.
        #expect(ResumeCode("oOiL1-23456") == ResumeCode("00111-23456"))
        #expect(ResumeCode("7kq2m x9d4p")?.matches(code) == true)
        #expect(ResumeCode("7KQ2M-X9D4Q")?.matches(code) == false)
        for bad in ["", "7KQ2M", "7KQ2M-X9D4P1", "7KQ2M-X9D4U", "7KQ2M_X9D4P", "７KQ2M-X9D4P"] { #expect(ResumeCode(bad) == nil, "\(bad)") }

        #expect(ResumeRequest(line: "/resume c7-1 7kq2m x9d4p") == .resume(ticket: "c7-1", code: code))
        #expect(ResumeRequest(line: "/RESUME  C7-1  7KQ2M-X9D4P") == .resume(ticket: "c7-1", code: code))
        #expect(ResumeRequest(line: "/resume c7-1") == .malformed)
        #expect(ResumeRequest(line: "/resume c7-1 hello") == .malformed)
        #expect(ResumeRequest(line: "/resumes c7-1 7KQ2M-X9D4P") == nil)
        #expect(ResumeRequest(line: "resume c7-1 7KQ2M-X9D4P") == nil)
    }

    @Test func board_givesATicketBackOnlyForItsCode_whileItIsOpen() throws {
        let code = try #require(ResumeCode("7KQ2M-X9D4P")), other = try #require(ResumeCode("7KQ2M-X9D4Q"))
        var board = TicketBoard()
        let record = TicketRecord.filed(handoff("c1-1"), at: 100, resume: code)
        #expect(try TicketRecord(json: record.json) == record)
        #expect(record.json.contains(#""resume":"7KQ2MX9D4P""#))
        try board.apply(record)
        try board.apply(.filed(handoff("c2-1"), at: 100))  // a queue written before there were codes
        #expect(board.ticket("c1-1", resumableWith: code)?.id == "c1-1")
        #expect(board.ticket("c1-1", resumableWith: other) == nil)
        #expect(board.ticket("c2-1", resumableWith: code) == nil)
        #expect(board.ticket("c3-1", resumableWith: code) == nil)
        try board.apply(TicketRecord(.taken, ticket: "c1-1", at: 101, agent: "amy"))
        try board.apply(TicketRecord(.agent, ticket: "c1-1", at: 102, agent: "amy", text: "hello"))
        #expect(board["c1-1"]?.agentLines.map { "\($0.agent): \($0.text)" } == ["amy: hello"])
        try board.apply(TicketRecord(.closed, ticket: "c1-1", at: 103, agent: "amy", text: "done"))
        #expect(board.ticket("c1-1", resumableWith: code) == nil)
        // Closed, it tells how it ended, to its code only; the last `closingsKept` closings are kept.
        #expect(board.closing("c1-1", resumableWith: code)?.agentLines.map { "\($0.agent): \($0.text)" } == ["amy: hello", "amy: done"])
        #expect(board.closing("c1-1", resumableWith: other) == nil)
        for n in 0..<TicketBoard.closingsKept {
            let id = "c\(n + 10)-1"
            try board.apply(.filed(handoff(id), at: 200, resume: code))
            try board.apply(TicketRecord(.taken, ticket: id, at: 201, agent: "amy"))
            try board.apply(TicketRecord(.closed, ticket: id, at: 202, agent: "amy", text: "done"))
        }
        #expect(board.closing("c1-1", resumableWith: code) == nil)
        #expect(board.closing("c10-1", resumableWith: code)?.agent == "amy")
        do {
            _ = try TicketRecord(json: #"{"at":1,"kind":"filed","ticket":"c1-1","resume":"nope"}"#)
            Issue.record("a bad code was read")
        } catch {
            #expect(error == .badValue("resume", "'nope' (ten letters and digits)"))
        }
    }

    @Test func records_sayWhatIsWrongWithALine() {
        func error(_ line: String) -> TicketRecordError? {
            do { _ = try TicketRecord(json: line); return nil } catch { return error }
        }
        #expect(error(#"{"at":1,"kind":"taken","tic"#) == .notAnObject)
        #expect(error(#"{"at":1,"ticket":"c1-1"}"#) == .missing("kind"))
        #expect(error(#"{"at":1,"kind":"lost","ticket":"c1-1"}"#)?.description.hasPrefix("unknown record kind 'lost' (known: filed, taken") == true)
        #expect(error(#"{"at":1,"kind":"taken","ticket":"c1-1"}"#) == .missing("agent"))
        #expect(error(#"{"at":1,"kind":"escalated","ticket":"c1-1","agent":"amy","severity":"D"}"#) == .badValue("severity", "D"))
        #expect(error(#"{"at":1,"kind":"filed","ticket":"c1-1"}"#) == .missing("handoff"))
    }

    @Test func board_letsOnlyTheOwnerAct_andKeepsTheOrderAgentsWorkIn() throws {
        var board = TicketBoard()
        try board.apply(.filed(handoff("c1-1", severity: .c), at: 100))
        try board.apply(.filed(handoff("c2-1", severity: .b), at: 200))
        try board.apply(.filed(handoff("c3-1", severity: .b), at: 300))
        try board.apply(.filed(handoff("c4-1", severity: .a), at: 400))
        // Most severe first, then the oldest.
        #expect(board.waiting.map(\.id) == ["c4-1", "c2-1", "c3-1", "c1-1"])
        #expect(throws: DeskError.alreadyFiled("c1-1")) { try board.apply(.filed(handoff("c1-1"), at: 500)) }

        try board.apply(TicketRecord(.taken, ticket: "c4-1", at: 500, agent: "amy"))
        #expect(throws: DeskError.notWaiting("c4-1", .taken(by: "amy"))) { try board.apply(TicketRecord(.taken, ticket: "c4-1", at: 501, agent: "bob")) }
        #expect(throws: DeskError.notYours("c4-1", owner: "amy")) { try board.apply(TicketRecord(.agent, ticket: "c4-1", at: 501, agent: "bob", text: "hi")) }
        #expect(throws: DeskError.notYours("c2-1", owner: nil)) { try board.apply(TicketRecord(.closed, ticket: "c2-1", at: 501, agent: "bob", text: "done")) }
        #expect(throws: DeskError.noSuchTicket("c9-1")) { try board.check(TicketRecord(.note, ticket: "c9-1", at: 501, agent: "bob", text: "?")) }
        try board.apply(TicketRecord(.note, ticket: "c4-1", at: 502, agent: "bob", text: "same on fabrikam"))

        // Escalated: the provider's severity and its first-response deadline; still amy's.
        try board.apply(TicketRecord(.escalated, ticket: "c4-1", at: 600, agent: "amy", text: "MX", severity: .b))
        #expect(board["c4-1"]?.status == .escalated(by: "amy", severity: .b, due: 600 + 4 * 3600))
        try board.apply(TicketRecord(.taken, ticket: "c1-1", at: 610, agent: "bob"))
        try board.apply(TicketRecord(.escalated, ticket: "c1-1", at: 620, agent: "bob", text: "down", severity: .a))
        #expect(board.escalated.map(\.id) == ["c1-1", "c4-1"])  // due at 620 + 2 h before 600 + 4 h
        // Taken over from its owner (the desk does so when they are signed out): still escalated.
        #expect(throws: DeskError.notYours("c1-1", owner: "bob")) { try board.apply(TicketRecord(.reassigned, ticket: "c1-1", at: 630, agent: "cy", text: "amy")) }
        try board.apply(TicketRecord(.reassigned, ticket: "c1-1", at: 630, agent: "cy", text: "bob"))
        #expect(board["c1-1"]?.status == .escalated(by: "cy", severity: .a, due: 620 + 2 * 3600))
        #expect(board.owned(by: "amy").map(\.id) == ["c4-1"])

        // Closed: it leaves the board; only its id stays.
        let closed = try board.apply(TicketRecord(.closed, ticket: "c4-1", at: 700, agent: "amy", text: "fixed"))
        #expect(closed?.status == .closed(by: "amy") && closed?.history.map(\.kind) == [.taken, .note, .escalated, .closed])
        #expect(board["c4-1"] == nil && board.closed == ["c4-1"])
        #expect(throws: DeskError.closed("c4-1")) { try board.apply(TicketRecord(.agent, ticket: "c4-1", at: 701, agent: "amy", text: "one more thing")) }
        #expect(throws: DeskError.alreadyFiled("c4-1")) { try board.apply(.filed(handoff("c4-1"), at: 702)) }
        #expect(try board.apply(TicketRecord(.customer, ticket: "c4-1", at: 701, text: "thanks")) == nil)  // sent as it closed: accepted
        #expect(board.open.map(\.id) == ["c1-1", "c2-1", "c3-1"])
        #expect(board.highestSession == 4)
        try board.apply(TicketRecord(.mark, ticket: "c57-0", at: 800))
        #expect(board.highestSession == 57)
    }

    @Test func agentRoster_admitsOnlyItsNamesWithTheirSecrets_andNamesEachMistakesPlace() throws {
        let roster = try AgentRoster(parsing: "# name secret\n\namy  k3Xq-88fw-Lp0z\n\tbob\tcorrect-horse-battery\n", file: "agents.txt")
        #expect(roster.names == ["amy", "bob"])
        #expect(roster.admits("amy", secret: "k3Xq-88fw-Lp0z") && roster.admits("bob", secret: "correct-horse-battery"))
        #expect(!roster.admits("amy", secret: "k3Xq-88fw-Lp0Z") && !roster.admits("amy", secret: nil) && !roster.admits("amy", secret: "k3Xq-88fw-Lp0z1"))
        #expect(!roster.admits("amy", secret: "k3Xq-88fw-Lp0") && !roster.admits("eve", secret: "k3Xq-88fw-Lp0z"))
        // A secret longer by 256 bytes must not match on its first characters.
        #expect(!roster.admits("amy", secret: "k3Xq-88fw-Lp0z" + String(repeating: "x", count: 256)))

        func mistakes(_ text: String) -> [String] {
            do { _ = try AgentRoster(parsing: text, file: "agents.txt"); return [] } catch {
                return error.diagnostics.map { "\($0.location): \($0.message)" }
            }
        }
        #expect(mistakes("amy k3Xq-88fw-Lp0z\n  a/b k3Xq-88fw-Lp0z\nbob\ncy short\ndee one two three\namy k3Xq-88fw-Lp0z\n") == [
            "agents.txt:2:3: 'a/b' cannot be an agent name: use 1 to 32 letters, digits, '.', '-' or '_'",
            "agents.txt:3:4: agent bob has no secret: write the name, a space, then a secret of 12 characters or more",
            "agents.txt:4:4: the secret of cy is 5 characters; use 12 or more",
            "agents.txt:5:9: a secret cannot contain spaces: one agent a line, 'name secret'",
            "agents.txt:6:1: agent amy is listed twice",
        ])
        #expect(mistakes("# nobody yet\n") == ["agents.txt:0:1: the file lists no agent: nobody could sign in (one agent a line, 'name secret')"])
    }

    @Test func sha256_givesTheStandardsDigests_acrossBlockEdges() {
        // FIPS 180-4's examples, and "a" repeated to either side of where padding needs a second
        // block (55 and 56 bytes) and of a whole block (63, 64, 65), as Python's hashlib gives them.
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let repeated = [55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
                        56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
                        63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
                        64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
                        65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
                        1000: "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"]
        for (count, digest) in repeated {
            #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: count)) == digest, "\(count)")
        }
    }

    @Test func agentRoster_keepsAHashedSecret_andMakesNewSecretsAndTheirLines() throws {
        var generator = SystemRandomNumberGenerator()
        let secret = AgentRoster.newSecret(using: &generator)
        #expect(secret.count == 23 && secret.split(separator: "-").map(\.count) == [5, 5, 5, 5])
        #expect(secret.allSatisfy { $0 == "-" || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) })
        #expect(AgentRoster.newSecret(using: &generator) != secret)
        let line = AgentRoster.line(name: "amy", secret: secret)
        #expect(line.hasPrefix("amy sha256:") && !line.contains(secret))
        // A hash written in capitals is read too; the file holds no secret, only its hash.
        let roster = try AgentRoster(parsing: line + "\nbob sha256:" + SHA256.hex(Array("correct-horse-battery".utf8)).uppercased() + "\n", file: "agents.txt")
        #expect(roster.admits("amy", secret: secret) && roster.admits("bob", secret: "correct-horse-battery"))
        #expect(!roster.admits("amy", secret: line.components(separatedBy: " ")[1]) && !roster.admits("amy", secret: secret.lowercased()))
        #expect(!roster.admits("bob", secret: "correct-horse-batter") && !roster.admits("bob", secret: nil))
        do {
            _ = try AgentRoster(parsing: "amy sha256:12ab\nbob sha256:" + String(repeating: "g", count: 64) + "\n", file: "agents.txt")
            Issue.record("a short hash and one that is no hex were read")
        } catch {
            #expect(error.diagnostics.map { "\($0.location): \($0.message)" } == [
                "agents.txt:1:5: after 'sha256:' write the 64 hex digits of the secret's SHA-256 ('supportbot agent-secret amy' makes a secret and its line)",
                "agents.txt:2:5: after 'sha256:' write the 64 hex digits of the secret's SHA-256 ('supportbot agent-secret bob' makes a secret and its line)",
            ])
        }
    }

    @Test func agentCommands_parse_andMistakesShowHowToWriteThem() throws {
        #expect(try AgentCommand(line: "  agent amy.w ") == .signIn("amy.w", secret: nil))
        #expect(try AgentCommand(line: "AGENT amy k3Xq-88fw-Lp0z ") == .signIn("amy", secret: "k3Xq-88fw-Lp0z"))
        #expect(throws: AgentCommandError.badArgument("AGENT", "two words", expected: "a name and at most a secret, without spaces")) {
            try AgentCommand(line: "AGENT amy secret two words")
        }
        #expect(try AgentCommand(line: "list mine") == .list(.mine))
        #expect(try AgentCommand(line: "TAKE") == .take(nil))
        #expect(try AgentCommand(line: "take c7-1") == .take("c7-1"))
        #expect(try AgentCommand(line: "say c7-1   您好，我正在查看 ") == .say("c7-1", "您好，我正在查看"))
        #expect(try AgentCommand(line: "Escalate c7-1 b half the users cannot sign in") == .escalate("c7-1", .b, "half the users cannot sign in"))
        func error(_ line: String) -> String {
            do { _ = try AgentCommand(line: line); return "" } catch { return error.description }
        }
        #expect(error("SAY c7-1") == "SAY needs a text, for example: SAY c7-1 Hello, I am looking at your mailbox now.")
        #expect(error("ESCALATE c7-1") == "ESCALATE needs a severity, for example: ESCALATE c7-1 A mail flow down for the whole tenant since 9:00")
        #expect(error("LIST everything") == "LIST cannot take 'EVERYTHING'; expected MINE or ALL")
        #expect(error("AGENT") == "AGENT needs your name, for example: AGENT amy")
        #expect(error("AGENT a/b").hasPrefix("'a/b' cannot be an agent name"))
        #expect(error("") == "send a command; HELP lists them")
    }

    @Test func agentView_showsDatesAgesAndDeadlines() throws {
        #expect(AgentView.utc(0) == "1970-01-01 00:00 UTC")
        #expect(AgentView.utc(951_782_400) == "2000-02-29 00:00 UTC")
        #expect(AgentView.utc(1_795_829_764) == "2026-11-28 01:36 UTC")
        #expect(["45s", "12m", "3h05m", "2d04h"] == [45, 12 * 60 + 7, 3 * 3600 + 5 * 60, 2 * 86_400 + 4 * 3600 + 1].map(AgentView.duration))

        var board = TicketBoard()
        try board.apply(.filed(handoff("c3-1"), at: 1000))
        try board.apply(TicketRecord(.taken, ticket: "c3-1", at: 1100, agent: "amy"))
        try board.apply(TicketRecord(.escalated, ticket: "c3-1", at: 1200, agent: "amy", text: "MX", severity: .a))
        let ticket = try #require(board["c3-1"])
        #expect(AgentView.line(ticket, now: 1200 + 7300).contains("status=escalated by=amy age=2h05m overdue=1m customer=\"contoso.com\""))
        let details = AgentView.details(ticket, now: 1300)
        // The transcript's reply of two lines stays indented under its first line.
        #expect(details.contains("    bot: two\n      lines"))
        #expect(details.contains("    customer: Teams 通話一分鐘就斷 \"again\"\\"))
        #expect(details.last == "    00:20 escalated by amy, severity A, first response due 1970-01-01 02:20 UTC: MX")
    }

    @Test func providersFirstResponse_stopsTheClock_andTellsWhetherTheSeverityHoursWereKept() throws {
        var board = TicketBoard()
        for id in ["c1-1", "c2-1", "c3-1"] {
            try board.apply(.filed(handoff(id), at: 0))
            try board.apply(TicketRecord(.taken, ticket: id, at: 10, agent: "amy"))
        }
        #expect(throws: DeskError.notEscalated("c1-1")) { try board.apply(TicketRecord(.responded, ticket: "c1-1", at: 20, agent: "amy", text: "case 1")) }
        try board.apply(TicketRecord(.escalated, ticket: "c1-1", at: 100, agent: "amy", text: "down", severity: .a))    // due 7,300
        try board.apply(TicketRecord(.escalated, ticket: "c2-1", at: 100, agent: "amy", text: "slow", severity: .b))    // due 14,500
        try board.apply(TicketRecord(.escalated, ticket: "c3-1", at: 100, agent: "amy", text: "question", severity: .c)) // due 28,900
        #expect(throws: DeskError.notYours("c2-1", owner: "amy")) { try board.apply(TicketRecord(.responded, ticket: "c2-1", at: 200, agent: "bob", text: "x")) }
        try board.apply(TicketRecord(.responded, ticket: "c1-1", at: 3700, agent: "amy", text: "Microsoft case 2611280040001234"))
        try board.apply(TicketRecord(.responded, ticket: "c2-1", at: 15_000, agent: "amy", text: "engineer assigned"))
        #expect(throws: DeskError.alreadyResponded("c1-1", at: 3700)) { try board.apply(TicketRecord(.responded, ticket: "c1-1", at: 3800, agent: "amy", text: "again")) }
        // Awaiting the provider first; then by due time.
        #expect(board.escalated.map(\.id) == ["c3-1", "c1-1", "c2-1"])
        #expect(board.escalated.map(\.awaitsProvider) == [true, false, false])
        let line = { (id: String) in AgentView.line(try #require(board[id]), now: 30_000) }
        #expect(try line("c1-1").contains(" responded_in=1h00m sla=met "))
        #expect(try line("c2-1").contains(" responded_in=4h08m sla=missed "))
        #expect(try line("c3-1").contains(" overdue=18m "))
        let answered = try #require(board["c1-1"])
        #expect(AgentView.details(answered, now: 30_000).last
                == "    01:01 the provider responded (recorded by amy): Microsoft case 2611280040001234")
        // Escalated again (a new severity), a new first response is due.
        try board.apply(TicketRecord(.escalated, ticket: "c1-1", at: 20_000, agent: "amy", text: "down again", severity: .b))
        #expect(board["c1-1"]?.awaitsProvider == true)
        #expect(try line("c1-1").contains(" due_in=1h13m "))
        // The records read back.
        let record = TicketRecord(.responded, ticket: "c1-1", at: 3700, agent: "amy", text: "case")
        #expect(try TicketRecord(json: record.json) == record)
        #expect(throws: TicketRecordError.missing("text")) { try TicketRecord(json: #"{"at":1,"kind":"responded","ticket":"c1-1","agent":"amy"}"#) }
        #expect(try AgentCommand(line: "responded c1-1 case 42") == .responded("c1-1", "case 42"))
    }
}
