extension String {
    /// The lines of a text file, its line ends Unix ("\n") or Windows ("\r\n") style, without
    /// the line ends. Splitting on the Character "\n" is not enough: Swift reads "\r\n" as one
    /// Character, different from "\n", so a file saved on Windows stayed in one piece and every
    /// reader reported a puzzling error about its first line. Found on the UTF-8 bytes, which is
    /// faster than comparing Characters (2.5 ms of the ~40 ms rule loading; BENCHMARKS.md).
    var fileLines: [Substring] {
        // A native string's bytes are contiguous: scan them directly (a generic search over the
        // UTF-8 view cost ~17 instructions a byte), then turn byte offsets into indices.
        if let lines = utf8.withContiguousStorageIfAvailable({ bytes -> [Substring] in
            var lines: [Substring] = []
            var start = 0
            func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
            while true {
                guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                    lines.append(self[index(start)...])
                    return lines
                }
                let end = newline > start && bytes[newline - 1] == 0x0D ? newline - 1 : newline
                lines.append(self[index(start)..<index(end)])
                start = newline + 1
            }
        }) {
            return lines
        }
        var lines: [Substring] = []
        let bytes = utf8
        var start = bytes.startIndex
        while true {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                lines.append(self[start...])
                return lines
            }
            var end = newline
            if end > start && bytes[bytes.index(before: end)] == 0x0D { end = bytes.index(before: end) }
            lines.append(self[start..<end])
            start = bytes.index(after: newline)
        }
    }
}
