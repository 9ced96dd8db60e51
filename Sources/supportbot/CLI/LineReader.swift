#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor in large chunks, handing each line (without its LF or
/// CRLF) to a closure as bytes, and calling `beforeWaiting` each time it is about to block on
/// `read(2)`. Flushing there answers an interactive user at once and a large file in big writes.
/// The closure returns false to stop reading.
struct LineReader {
    let descriptor: Int32
    var chunkSize = 1 << 16

    func forEachLine(beforeWaiting: () -> Void, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var going = true
        while going {
            beforeWaiting()
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            if count == 0 { break }
            chunk.withUnsafeBufferPointer { buffer in
                var lineStart = 0
                for i in 0..<count where going && buffer[i] == 0x0A {
                    if pending.isEmpty {
                        going = deliver(UnsafeBufferPointer(rebasing: buffer[lineStart..<i]), body)
                    } else {
                        pending.append(contentsOf: buffer[lineStart..<i])
                        going = pending.withUnsafeBufferPointer { deliver($0, body) }
                        pending.removeAll(keepingCapacity: true)
                    }
                    lineStart = i + 1
                }
                if going { pending.append(contentsOf: buffer[lineStart..<count]) }
            }
        }
        if going && !pending.isEmpty { _ = pending.withUnsafeBufferPointer { deliver($0, body) } }
    }

    private func deliver(_ line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        if let last = line.last, last == 0x0D {
            return body(UnsafeBufferPointer(rebasing: line.dropLast()))
        }
        return body(line)
    }
}
