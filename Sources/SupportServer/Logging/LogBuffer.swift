#if canImport(Glibc)
import Glibc
#endif

/// How serious a logged event is.
public enum LogLevel: String, Sendable {
    case info, warn, error

    var name: StaticString {
        switch self {
        case .info: return "info"
        case .warn: return "warn"
        case .error: return "error"
        }
    }
}

/// Structured logs in logfmt, one line per event, on standard error:
///
///     time=2026-11-25T16:20:00.123Z level=info event=turn session=c17 category=billing latency_us=84
///
/// Each event loop keeps its own buffer and writes it at most 20 ms after a line was added (or
/// when 4 KiB are waiting), in pieces that end at a line boundary and stay under the size a pipe
/// writes atomically, so loops never interleave within a line. Values with spaces, quotes or `=` are quoted; control characters are escaped.
final class LogBuffer {
    /// Written when this much is waiting: one write a pipe takes in one piece, and small enough
    /// to stay in cache (a 64 KiB buffer cost more than the system calls it saved).
    static let flushSize = 4096
    /// Room for lines: a line starts with less than `flushSize` waiting, so it has the rest.
    static let capacity = 64 * 1024
    /// Kept free at the end of the buffer for the marker of a line cut short.
    static let reserve = 32

    private let storage: UnsafeMutablePointer<UInt8>
    private var count = 0
    private let descriptor: Int32
    private var clock = WallClock()

    init(descriptor: Int32 = 2) {
        self.descriptor = descriptor
        storage = .allocate(capacity: Self.capacity)
    }

    deinit {
        storage.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    func log(_ level: LogLevel, _ event: StaticString, _ fields: KeyValuePairs<String, String> = [:]) {
        log(level, event) { line in
            for (key, value) in fields { line.field(named: key, value) }
        }
    }

    /// Writes a line whose fields `write` appends straight into the buffer: the per-turn line
    /// goes through here, with no list of fields built first and no array to grow.
    func log(_ level: LogLevel, _ event: StaticString, fields write: (inout LogLine) -> Void) {
        var line = LogLine(base: storage, count: count, limit: Self.capacity - Self.reserve)
        line.append("time=")
        clock.appendTimestamp(to: &line)
        line.append(" level=")
        line.append(level.name)
        line.append(" event=")
        line.append(event)
        write(&line)
        if line.isCut {
            // A value too long for the buffer (a huge customer line logged with --log-messages):
            // the line ends where the room did, its quote closed, and says so.
            line.finishCut(limit: Self.capacity)
        }
        line.append(byte: 0x0A)
        count = line.count
        if count >= Self.flushSize { flush() }
    }

    func flush() {
        var start = 0
        while start < count {
            // Up to 4 KiB, ending at a newline: a pipe writes that much in one piece.
            var end = min(count, start + 4096)
            if end < count {
                var newline = end - 1
                while newline > start && storage[newline] != 0x0A { newline -= 1 }
                if storage[newline] == 0x0A { end = newline + 1 }
            }
            var offset = start
            while offset < end {
                let written = write(descriptor, storage + offset, end - offset)
                if written <= 0 {
                    if written < 0 && errno == EINTR { continue }
                    break  // nowhere to write logs: drop them rather than stop serving
                }
                offset += written
            }
            start = end
        }
        count = 0
    }
}

/// One logfmt line being written into a `LogBuffer`'s memory. A line that would pass `limit` is
/// cut before the first piece that does not fit (`isCut`); nothing is written after that, so an
/// escape sequence is never split.
struct LogLine {
    private let base: UnsafeMutablePointer<UInt8>
    fileprivate(set) var count: Int
    private var limit: Int
    fileprivate(set) var isCut = false
    /// Inside a quoted value: a cut line must close the quote.
    private var inQuotes = false

    fileprivate init(base: UnsafeMutablePointer<UInt8>, count: Int, limit: Int) {
        self.base = base
        self.count = count
        self.limit = limit
    }

    mutating func field(_ key: StaticString, _ value: String) {
        append(byte: 0x20)
        append(key)
        append(byte: 0x3D)
        appendValue(value)
    }

    /// A field whose key is only known at run time (the `KeyValuePairs` form of `log`).
    mutating func field(named key: String, _ value: String) {
        append(byte: 0x20)
        var key = key
        key.withUTF8 { append($0) }
        append(byte: 0x3D)
        appendValue(value)
    }

    /// A field with a number, written as digits (no String made for it).
    mutating func field(_ key: StaticString, _ value: UInt64) {
        append(byte: 0x20)
        append(key)
        append(byte: 0x3D)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: UInt64.max has 20 digits
        withUnsafeMutableBytes(of: &digits) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            var n = value, start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            append(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        guard count < limit, !isCut else { isCut = true; return }
        base[count] = byte
        count += 1
    }

    /// Bytes that must be written whole or not at all (an escape sequence).
    @inline(__always)
    private mutating func append(_ a: UInt8, _ b: UInt8, _ c: UInt8 = 0, _ d: UInt8 = 0, count n: Int) {
        guard count + n <= limit, !isCut else { isCut = true; return }
        base[count] = a
        base[count + 1] = b
        if n > 2 {
            base[count + 2] = c
            base[count + 3] = d
        }
        count += n
    }

    fileprivate mutating func finishCut(limit: Int) {
        self.limit = limit
        isCut = false
        if inQuotes { append(byte: 0x22) }
        append(" cut=true")
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !isCut else { return }
        let n = min(bytes.count, limit - count)
        if n < bytes.count { isCut = true }
        (base + count).update(from: source, count: n)
        count += n
    }

    /// A logfmt value: bare when it can be, otherwise quoted with `"` and `\` escaped and every
    /// control character written as `\n`, `\t` or `\xNN`, so one event stays one line.
    private mutating func appendValue(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            var needsQuotes = utf8.isEmpty
            for byte in utf8 where byte <= 0x20 || byte == 0x22 || byte == 0x3D || byte == 0x5C || byte == 0x7F {
                needsQuotes = true
                break
            }
            guard needsQuotes else { return append(utf8) }
            append(byte: 0x22)
            inQuotes = true
            for byte in utf8 {
                switch byte {
                case 0x22: append(0x5C, 0x22, count: 2)
                case 0x5C: append(0x5C, 0x5C, count: 2)
                case 0x0A: append(0x5C, 0x6E, count: 2)
                case 0x0D: append(0x5C, 0x72, count: 2)
                case 0x09: append(0x5C, 0x74, count: 2)
                case 0..<0x20, 0x7F: append(0x5C, 0x78, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)], count: 4)
                default: append(byte: byte)
                }
                if isCut { return }
            }
            append(byte: 0x22)
            inQuotes = false
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}

/// Formats the wall-clock time for logs (`2026-11-25T16:20:00.123Z`); the part down to the
/// second is formatted once a second, the milliseconds written as digits: a log line per turn
/// must not cost a string allocation for its time.
struct WallClock {
    private var second: Int = -1
    private var prefix: [UInt8] = []

    mutating func appendTimestamp(to line: inout LogLine) {
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
        prefix.withUnsafeBufferPointer { line.append($0) }
        line.append(byte: UInt8(ascii: "0") + UInt8(millis / 100))
        line.append(byte: UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        line.append(byte: UInt8(ascii: "0") + UInt8(millis % 10))
        line.append(byte: UInt8(ascii: "Z"))
    }

    private func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
}

/// Monotonic nanoseconds, for latencies and timeouts.
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}
