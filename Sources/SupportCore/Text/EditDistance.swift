/// Edit distances, for typo tolerance and for "did you mean" in diagnostics.
public enum EditDistance {
    /// Levenshtein distance between two strings, counted in Unicode scalars.
    public static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Whether two byte strings are at most one edit apart, counting the swap of two
    /// neighbouring letters as one edit ("chagre" → "charge").
    public static func withinOne<A: RandomAccessCollection, B: RandomAccessCollection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8, A.Index == Int, B.Index == Int {
        let m = a.count, n = b.count
        if abs(m - n) > 1 { return false }
        var i = 0
        while i < m, i < n, a[a.startIndex + i] == b[b.startIndex + i] { i += 1 }
        if i == m && i == n { return true }
        func rest(_ x: Int, _ y: Int) -> Bool {
            var x = x, y = y
            while x < m, y < n {
                if a[a.startIndex + x] != b[b.startIndex + y] { return false }
                x += 1; y += 1
            }
            return x == m && y == n
        }
        if m == n {
            if rest(i + 1, i + 1) { return true }  // substitution
            return i + 1 < m && a[a.startIndex + i] == b[b.startIndex + i + 1] && a[a.startIndex + i + 1] == b[b.startIndex + i]
                && rest(i + 2, i + 2)  // transposition
        }
        return m > n ? rest(i + 1, i) : rest(i, i + 1)
    }
}
