extension String {
    /// The lines of a text file, its line ends Unix ("\n") or Windows ("\r\n") style. Splitting
    /// on "\n" alone is not enough: Swift reads "\r\n" as one Character, different from "\n", so a
    /// file saved on Windows stayed in one piece and every reader reported a puzzling error about
    /// its first line.
    var fileLines: [Substring] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}
