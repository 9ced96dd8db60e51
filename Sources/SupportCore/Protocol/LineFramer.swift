/// Splits a byte stream into lines: bytes in, lines out, however the bytes were cut into packets.
///
/// A line ends at LF; a CR before it is dropped. A line longer than `maximumLength` bytes is
/// reported once as `.tooLong` and its bytes are dropped up to the next LF, so one over-long
/// line costs a bounded buffer and the session goes on. Lines that arrive whole inside one read
/// are handed out without copying.
public struct LineFramer: Sendable {
    public enum Frame {
        case line(UnsafeBufferPointer<UInt8>)
        case tooLong
    }

    public let maximumLength: Int
    private var pending: [UInt8] = []
    private var discarding = false

    public init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    /// Bytes of an unfinished line held between reads.
    public var bufferedCount: Int { pending.count }

    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Frame) -> Void) {
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            guard bytes[index] == 0x0A else {
                index += 1
                continue
            }
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            start = index
            if discarding {
                discarding = false
                pending.removeAll(keepingCapacity: false)
                continue
            }
            if pending.isEmpty {
                deliver(piece, body)
            } else {
                pending.append(contentsOf: piece)
                pending.withUnsafeBufferPointer { deliver($0, body) }
                pending.removeAll(keepingCapacity: false)
            }
        }
        guard start < count, !discarding else { return }
        // An unfinished line: keep it, unless it is already too long.
        if pending.count + (count - start) > maximumLength + 1 {  // + 1: room for a CR before the LF
            pending.removeAll(keepingCapacity: false)
            discarding = true
            body(.tooLong)
            return
        }
        pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count]))
    }

    private func deliver(_ line: UnsafeBufferPointer<UInt8>, _ body: (Frame) -> Void) {
        var line = line
        if let last = line.last, last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        body(line.count > maximumLength ? .tooLong : .line(line))
    }
}
