#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered output to a file descriptor with `write(2)`: `print` to a pipe is block-buffered and
/// `stdout` is not concurrency-safe in Swift 6, so commands write here and flush when they are
/// about to wait for input (or are done).
struct OutputStream {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Past this many bytes the buffer is written even without a flush, to bound memory.
    private let limit = 1 << 16

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(limit)
    }

    static var standardOutput: OutputStream { OutputStream(descriptor: 1) }
    static var standardError: OutputStream { OutputStream(descriptor: 2) }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { flush() }
    }

    mutating func write(bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    mutating func writeLine(_ text: String) {
        write(text)
        buffer.append(0x0A)
        if buffer.count >= limit { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // the reader went away (EPIPE): nothing useful left to do with the output
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes one message to standard error at once (for diagnostics and usage errors).
func writeError(_ text: String) {
    var stream = OutputStream.standardError
    stream.write(text.hasSuffix("\n") ? text : text + "\n")
    stream.flush()
}
