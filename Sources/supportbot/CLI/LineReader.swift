#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor in large chunks, handing each line (without its LF or
/// CRLF) to a closure as bytes, and calling `beforeWaiting` each time it is about to block on
/// `read(2)`. Flushing there answers an interactive user at once and a large file in big writes.
struct LineReader {
    let descriptor: Int32
    var chunkSize = 1 << 16

    func forEachLine(beforeWaiting: () -> Void, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            beforeWaiting()
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            if count == 0 { break }
            chunk.withUnsafeBufferPointer { buffer in
                var lineStart = 0
                for i in 0..<count where buffer[i] == 0x0A {
                    if pending.isEmpty {
                        deliver(UnsafeBufferPointer(rebasing: buffer[lineStart..<i]), body)
                    } else {
                        pending.append(contentsOf: buffer[lineStart..<i])
                        pending.withUnsafeBufferPointer { deliver($0, body) }
                        pending.removeAll(keepingCapacity: true)
                    }
                    lineStart = i + 1
                }
                pending.append(contentsOf: buffer[lineStart..<count])
            }
        }
        if !pending.isEmpty { pending.withUnsafeBufferPointer { deliver($0, body) } }
    }

    private func deliver(_ line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if let last = line.last, last == 0x0D {
            body(UnsafeBufferPointer(rebasing: line.dropLast()))
        } else {
            body(line)
        }
    }
}
