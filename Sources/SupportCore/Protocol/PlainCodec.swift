#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
            switch event {
            case .reply(let reply):
                appendLines(of: reply.text, prefix: botPrefix, emptyLine: "bot:", to: &bytes)
            case .endOfTurn:
                bytes.append(0x0A)
            default:
                for line in lines(for: event) {
                    appendUTF8(line, to: &bytes)
                    bytes.append(0x0A)
                }
            }
        }
    }

    /// Each line of `text` as `prefix` + line + LF (`emptyLine` for an empty one).
    private static func appendLines(of text: String, prefix: String, emptyLine: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { source in
            forEachLine(in: source) { line in
                if line.isEmpty {
                    appendUTF8(emptyLine, to: &bytes)
                } else {
                    appendUTF8(prefix, to: &bytes)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[line]))
                }
                bytes.append(0x0A)
            }
        }
    }

    @inline(__always)
    private static func appendUTF8(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// The lines of a multi-line text, as Substrings.
    static func textLines(_ text: String) -> [Substring] {
        var copy = text
        let ranges = copy.withUTF8 { source in
            var ranges: [Range<Int>] = []
            forEachLine(in: source) { ranges.append($0) }
            return ranges
        }
        let utf8 = text.utf8
        return ranges.map { text[utf8.index(utf8.startIndex, offsetBy: $0.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: $0.upperBound)] }
    }

    /// Calls `body` with the byte range of each line. Lines end at LF or CRLF, found in the
    /// bytes: a Character split would keep "\r\n" as one character and send a line without its
    /// prefix, and String's generic search is several times slower. "a\n" is two lines, "a" and "".
    private static func forEachLine(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        guard let base = bytes.baseAddress else { return body(0..<0) }
        var start = 0
        while true {
            var end = bytes.count
            if start < bytes.count, let newline = memchr(base + start, 0x0A, bytes.count - start) {
                end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            let next = end + 1
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            body(start..<end)
            guard next <= bytes.count else { return }
            start = next
        }
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
