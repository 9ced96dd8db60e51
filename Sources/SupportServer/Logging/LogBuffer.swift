#if canImport(Glibc)
import Glibc
#endif

/// How serious a logged event is.
public enum LogLevel: String, Sendable { case info, warn, error }

/// Structured logs in logfmt, one line per event, on standard error:
///
///     time=2026-11-25T16:20:00.123Z level=info event=turn session=c17 category=billing latency_us=84
///
/// Each event loop keeps its own buffer and writes it at most 20 ms after a line was added (or
/// when 4 KiB are waiting), in pieces that end at a line boundary and stay under the size a pipe
/// writes atomically, so loops never interleave within a line. Values with spaces, quotes or `=` are quoted; control characters are escaped.
final class LogBuffer {
    private var bytes: [UInt8] = []
    private let descriptor: Int32
    private var clock = WallClock()

    /// Written when this much is waiting: one write a pipe takes in one piece, and small enough
    /// to stay in cache (a 64 KiB buffer cost more than the system calls it saved).
    static let flushSize = 4096

    init(descriptor: Int32 = 2) {
        self.descriptor = descriptor
        bytes.reserveCapacity(8192)
    }

    func log(_ level: LogLevel, _ event: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(level, event) { line in
            for (key, value) in fields { line.field(key, value) }
        }
    }

    /// Writes a line whose fields `write` appends straight into the buffer: the per-turn line
    /// goes through here, with no list of fields built first.
    func log(_ level: LogLevel, _ event: String, fields write: (inout LogLine) -> Void) {
        // The buffer is moved into a local for the line: every access to a class's stored
        // property is an exclusivity check, and a line takes a dozen appends.
        var line = LogLine(bytes: self.bytes)
        self.bytes = []
        line.append("time=")
        clock.appendTimestamp(to: &line.bytes)
        line.append(" level=")
        line.append(level.rawValue)
        line.append(" event=")
        line.append(event)
        write(&line)
        line.bytes.append(0x0A)
        self.bytes = line.bytes
        if self.bytes.count >= Self.flushSize { flush() }
    }

    var isEmpty: Bool { bytes.isEmpty }

    func flush() {
        var start = 0
        while start < bytes.count {
            // Up to 4 KiB, ending at a newline: a pipe writes that much in one piece.
            var end = min(bytes.count, start + 4096)
            if end < bytes.count, let newline = bytes[start..<end].lastIndex(of: 0x0A) { end = newline + 1 }
            bytes.withUnsafeBytes { raw in
                var offset = start
                while offset < end {
                    let written = write(descriptor, raw.baseAddress! + offset, end - offset)
                    if written <= 0 {
                        if written < 0 && errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
            start = end
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// One logfmt line being written into a `LogBuffer`.
struct LogLine {
    fileprivate(set) var bytes: [UInt8]

    mutating func field(_ key: String, _ value: String) {
        bytes.append(0x20)
        append(key)
        bytes.append(0x3D)
        appendValue(value)
    }

    fileprivate mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }  // one copy, not a byte at a time
    }

    /// A logfmt value: bare when it can be, otherwise quoted with `"` and `\` escaped and every
    /// control character written as `\n`, `\t` or `\xNN`, so one event stays one line.
    private mutating func appendValue(_ value: String) {
        var value = value
        let needsQuotes = value.withUTF8 { utf8 in
            utf8.isEmpty || utf8.contains { $0 <= 0x20 || $0 == 0x22 || $0 == 0x3D || $0 == 0x5C || $0 == 0x7F }
        }
        guard needsQuotes else { return append(value) }
        bytes.append(0x22)
        for byte in value.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [0x5C, 0x78, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }
}

/// Formats the wall-clock time for logs (`2026-11-25T16:20:00.123Z`); the part down to the
/// second is formatted once a second, the milliseconds written as digits: a log line per turn
/// must not cost a string allocation for its time.
struct WallClock {
    private var second: Int = -1
    private var prefix: [UInt8] = []

    mutating func appendTimestamp(to bytes: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        if now.tv_sec != second {
            second = now.tv_sec
            var seconds = now.tv_sec
            var parts = tm()
            gmtime_r(&seconds, &parts)
            prefix = Array("\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).".utf8)
        }
        let millis = now.tv_nsec / 1_000_000
        bytes.append(contentsOf: prefix)
        bytes.append(UInt8(ascii: "0") + UInt8(millis / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(millis % 10))
        bytes.append(UInt8(ascii: "Z"))
    }

    private func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
}

/// Monotonic nanoseconds, for latencies and timeouts.
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}
