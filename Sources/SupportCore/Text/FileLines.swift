extension String {
    /// The lines of a text file, its line ends Unix ("\n") or Windows ("\r\n") style, without
    /// the line ends. Splitting on the Character "\n" is not enough: Swift reads "\r\n" as one
    /// Character, different from "\n", so a file saved on Windows stayed in one piece and every
    /// reader reported a puzzling error about its first line. Found by scanning the contiguous
    /// UTF-8 bytes (a generic search over the UTF-8 view cost ~17 instructions a byte) and turning
    /// byte offsets into indices.
    var fileLines: [Substring] {
        var text = self
        text.makeContiguousUTF8()  // a no-op for text read from a file
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        return utf8.withContiguousStorageIfAvailable { bytes -> [Substring] in
            var lines: [Substring] = []
            var start = 0
            while true {
                guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                    lines.append(text[index(start)...])
                    return lines
                }
                let end = newline > start && bytes[newline - 1] == 0x0D ? newline - 1 : newline
                lines.append(text[index(start)..<index(end)])
                start = newline + 1
            }
        }!  // contiguous since makeContiguousUTF8
    }
}
