import SupportCore

/// A transcript's conversation with a running server, in JSON mode: the same events a session
/// gives in memory, decoded from the wire.
public final class TCPConversation: ConversationDriver {
    private let client: LineClient

    public init(host: String = "127.0.0.1", port: UInt16) throws {
        client = try LineClient(host: host, port: port)
    }

    /// Skips the plain greeting, switches to JSON and returns the greeting again as events.
    public func start() throws -> [SessionEvent] {
        _ = try client.readPlainTurn()
        try client.send("MODE json")
        let mode = try client.readLine()
        guard mode.contains("\"mode\":\"json\"") else { throw UnexpectedLine(line: mode) }
        return try readTurn()
    }

    public func send(_ line: String) throws -> [SessionEvent] {
        try client.send(line)
        return try readTurn()
    }

    private func readTurn() throws -> [SessionEvent] {
        var events: [SessionEvent] = []
        while true {
            let line: String
            do {
                line = try client.readLine()
            } catch is LineClient.Closed {
                return events
            }
            guard let event = JSONCodec.event(from: line) else { throw UnexpectedLine(line: line) }
            events.append(event)
            if event == .endOfTurn { return events }
            if event == .closed {
                // The server closes the connection after this; the turn is over.
                events.append(.endOfTurn)
                return events
            }
        }
    }

    public struct UnexpectedLine: Error, CustomStringConvertible {
        public var line: String
        public var description: String { "unexpected line from the server: \(line)" }
    }
}
