/// The plain mode of the line protocol, and the lines of a transcript: how session events look
/// as text lines, and how server lines are told apart from customer lines.
///
///     bot: one line of a reply (a reply of several lines gives several bot: lines)
///     system: a notice (the handoff, the protocol greeting)
///     agent NAME: a line from a support agent
///     error: a problem with the customer's line (too long, invalid UTF-8, unknown command)
///     (an empty line)  the end of the bot's turn
public enum PlainCodec {
    public static let botPrefix = "bot: "
    public static let systemPrefix = "system: "
    public static let errorPrefix = "error: "

    /// The lines one event is shown as (no line endings).
    public static func lines(for event: SessionEvent) -> [String] {
        switch event {
        case .reply(let reply):
            return textLines(reply.text).map { $0.isEmpty ? "bot:" : botPrefix + $0 }
        case .handoff(let handoff):
            return [systemPrefix + "handoff ticket=\(handoff.ticket) severity=\(handoff.severity.rawValue) category=\(handoff.category.rawValue) reason=\(handoff.reason.rawValue)"]
        case .system(let text):
            return [systemPrefix + text]
        case .agent(let name, let text):
            return textLines(text).map { "agent \(name): \($0)" }
        case .error(let text):
            return [errorPrefix + text]
        case .endOfTurn:
            return [""]
        case .closed:
            return []
        }
    }

    /// All events of a turn as text, each line ending in LF.
    public static func text(for events: [SessionEvent]) -> String {
        var bytes: [UInt8] = []
        encode(events, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// All events of a turn as UTF-8 bytes appended to `bytes`, what a transport writes. Replies,
    /// the bulk of what a server sends, are copied line by line from their UTF-8 with no String
    /// in between.
    public static func encode(_ events: [SessionEvent], into bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + 1024)
        for event in events {
            if case .reply(let reply) = event {
                appendLines(of: reply.text, prefix: botPrefix, emptyLine: "bot:", to: &bytes)
            } else {
                for line in lines(for: event) {
                    appendUTF8(line, to: &bytes)
                    bytes.append(0x0A)
                }
            }
        }
    }

    /// Each line of `text` (ending at LF or CRLF) as `prefix` + line + LF.
    private static func appendLines(of text: String, prefix: String, emptyLine: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { source in
            var start = 0
            while true {
                var end = start
                while end < source.count && source[end] != 0x0A { end += 1 }
                let next = end + 1
                if end > start && source[end - 1] == 0x0D { end -= 1 }
                if end == start {
                    appendUTF8(emptyLine, to: &bytes)
                } else {
                    appendUTF8(prefix, to: &bytes)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<end]))
                }
                bytes.append(0x0A)
                guard next <= source.count else { return }
                start = next
            }
        }
    }

    @inline(__always)
    private static func appendUTF8(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// The lines of a multi-line text. They end at LF or CRLF, found in the UTF-8 bytes: a
    /// Character split would keep "\r\n" as one character and send a line without its prefix.
    static func textLines(_ text: String) -> [Substring] {
        lineRanges(text).map { text[$0] }
    }

    /// Line ranges found in the contiguous UTF-8 (String's generic `firstIndex` is several times
    /// slower); copying a line is then a plain byte copy of a Substring.
    private static func lineRanges(_ text: String) -> [Range<String.Index>] {
        var text = text
        let offsets = text.withUTF8 { bytes in
            var offsets: [(start: Int, end: Int)] = []
            var start = 0
            func add(_ end: Int) { offsets.append((start, end > start && bytes[end - 1] == 0x0D ? end - 1 : end)) }
            for index in bytes.indices where bytes[index] == 0x0A {
                add(index)
                start = index + 1
            }
            add(bytes.count)
            return offsets
        }
        let utf8 = text.utf8
        return offsets.map { utf8.index(utf8.startIndex, offsetBy: $0.start)..<utf8.index(utf8.startIndex, offsetBy: $0.end) }
    }

    /// Whether a line was sent by the server (as opposed to typed by the customer).
    public static func isServerLine(_ line: String) -> Bool {
        line.hasPrefix("bot:") || line.hasPrefix(systemPrefix) || line.hasPrefix(errorPrefix) || isAgentLine(line)
    }

    static func isAgentLine(_ line: String) -> Bool {
        guard line.hasPrefix("agent "), let colon = line.firstIndex(of: ":") else { return false }
        return !line[line.index(line.startIndex, offsetBy: 6)..<colon].contains(" ")
    }
}
