import Foundation
import SupportCore
import SupportServer
import Testing

/// A queue file in a folder of its own, removed with it.
final class QueueFile {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportbot-desk-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("queue.jsonl").path }
    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: folder) }
    var records: [TicketRecord] {
        get throws {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try TicketRecord(json: String($0)) }
        }
    }
}

/// A customer asks for a person and answers the bot's questions; the ticket id it is told.
func handOff(_ customer: LineClient, summary: String = "no mail since 9am for the whole company") throws -> String {
    try handOffForCode(customer, summary: summary).ticket
}

/// `handOff`, with the code the customer is told to come back with (`/resume TICKET CODE`).
func handOffForCode(_ customer: LineClient, summary: String = "no mail since 9am for the whole company") throws -> (ticket: String, code: String) {
    for line in ["I need to talk to a person", "contoso.com", "Exchange Online", "A"] {
        try customer.send(line)
        _ = try customer.readPlainTurn()
    }
    try customer.send(summary)
    let turn = try customer.readPlainTurn()
    let notice = try #require(turn.first { $0.hasPrefix("system: handoff ticket=") })
    let ticket = String(notice.dropFirst("system: handoff ticket=".count).prefix { $0 != " " })
    let note = try #require(turn.first { $0.contains("/resume \(ticket) ") }, "\(turn)")
    let code = try #require(note.components(separatedBy: "/resume \(ticket) ").last?.prefix { $0 != " " })
    return (ticket, String(code))
}

/// An agent's connection, signed in as `name`.
func agent(_ running: RunningServer, _ name: String) throws -> LineClient {
    let client = try LineClient(port: try #require(running.server.agentPort))
    #expect(try client.readLine().hasPrefix("system: supportbot-agent/1 ready"))
    let signedIn = try client.command("AGENT \(name)")
    #expect(signedIn.last?.hasPrefix("ok signed in as \(name)") == true, "\(signedIn)")
    return client
}
