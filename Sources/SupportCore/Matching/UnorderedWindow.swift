/// Places a bounded unordered group (`<a b c *N>`): one occurrence of each member, none
/// overlapping, at most N tokens between one and the next in the order they lie, the first
/// within the element's own gap of what the pattern placed before it.
///
/// Why a table rather than the first occurrence of each member (which is how an unbounded group
/// is placed): a member may occur more than once, and only one of its occurrences may lie near
/// the others ("refund ... charged ... refund" within two words is the second refund). The
/// matcher hands over each member's occurrences; they are merged in the order they end, and for
/// each one and each set of members, the table keeps the fewest corrections of a chain that places
/// that set and ends there. Only occurrences ending at most N tokens before one can precede it,
/// so the work grows with the occurrences near one another, not with their square.
///
/// The buffers are allocated once, left unfilled (pages never touched cost no memory), and
/// hold each member's first `memberCapacity` occurrences: two a token of the longest message a
/// matcher reads, so that one member repeated all through a message cannot crowd out the
/// others. A matcher owns one and frees it. Its counts are behind a pointer, as the matcher's
/// are, so reading them costs no exclusivity check (BENCHMARKS.md, fiftieth session).
struct UnorderedWindow {
    struct Occurrence {
        var member: Int32
        var start: Int32
        var end: Int32
        var typos: Int32
    }

    static let memberCapacity = 2 * Matcher.maximumTokens
    static let capacity = memberCapacity * PatternParser.mostBoundedItems
    private static let rowWidth = 1 << PatternParser.mostBoundedItems

    /// Occurrences as handed over, each member's in the order they end.
    private let gathered: UnsafeMutablePointer<Occurrence>
    /// Where each member's run in `gathered` ends, and the next of it to merge.
    private let memberEnd: UnsafeMutablePointer<Int>
    private let cursor: UnsafeMutablePointer<Int>
    /// The same merged, in the order they end.
    private let merged: UnsafeMutablePointer<Occurrence>
    /// Per merged occurrence, a row per set of members (a bit a member): the fewest corrections
    /// of a chain placing that set and ending at the occurrence (-1: none), and its first token.
    private let fewestTypos: UnsafeMutablePointer<Int32>
    private let chainStart: UnsafeMutablePointer<Int32>
    /// The occurrences handed over, and the members ended.
    private let counts: UnsafeMutablePointer<Int>
    private var count: Int {
        get { counts[0] }
        nonmutating set { counts[0] = newValue }
    }
    private var members: Int {
        get { counts[1] }
        nonmutating set { counts[1] = newValue }
    }

    init() {
        gathered = .allocate(capacity: Self.capacity)
        memberEnd = .allocate(capacity: PatternParser.mostBoundedItems)
        cursor = .allocate(capacity: PatternParser.mostBoundedItems)
        merged = .allocate(capacity: Self.capacity)
        fewestTypos = .allocate(capacity: Self.capacity * Self.rowWidth)
        chainStart = .allocate(capacity: Self.capacity * Self.rowWidth)
        counts = .allocate(capacity: 2)
        counts.initialize(repeating: 0, count: 2)
    }

    /// Every element type is trivial: nothing to deinitialize.
    func deallocate() {
        counts.deallocate()
        gathered.deallocate()
        memberEnd.deallocate()
        cursor.deallocate()
        merged.deallocate()
        fewestTypos.deallocate()
        chainStart.deallocate()
    }

    /// Starts a new placement.
    func reset() {
        count = 0
        members = 0
    }

    /// Adds an occurrence of the current member (in the order they end); false once it has
    /// `memberCapacity`.
    @discardableResult
    func add(start: Int32, end: Int32, typos: Int32) -> Bool {
        let memberStart = members == 0 ? 0 : memberEnd[members - 1]
        guard count - memberStart < Self.memberCapacity else { return false }
        gathered[count] = Occurrence(member: Int32(members), start: start, end: end, typos: typos)
        count += 1
        return true
    }

    /// Ends the current member's occurrences: the next `add` is the next member's.
    func endMember() {
        precondition(members < PatternParser.mostBoundedItems, "the parser bounds a group's members")
        memberEnd[members] = count
        members += 1
    }

    /// The placements of every member, by the token they end at, as `placement(_:)` gives them
    /// (returned in a buffer, not to a closure: the matcher's closure would capture its list of
    /// states, and each call would then pay an exclusivity check). `after` is the last token
    /// placed before the group (occurrences were handed over only after it), `gap` the most tokens
    /// allowed between it and the group's first occurrence (ignored when `after` is nil), and
    /// `within` the most between one occurrence and the next.
    func place(after: Int32?, gap: Int32, within: Int32) -> Int {
        guard members > 0 else { return 0 }
        var found = 0
        // Merge the members' runs by the token they end at (one member's occurrences before
        // another's at the same token: those never follow one another).
        for m in 0..<members { cursor[m] = m == 0 ? 0 : memberEnd[m - 1] }
        for i in 0..<count {
            var pick = -1
            for m in 0..<members where cursor[m] < memberEnd[m] {
                if pick < 0 || gathered[cursor[m]].end < gathered[cursor[pick]].end { pick = m }
            }
            merged[i] = gathered[cursor[pick]]
            cursor[pick] += 1
        }
        let full = (1 << members) - 1
        for i in 0..<count {
            let occurrence = merged[i]
            let bit = 1 << Int(occurrence.member)
            let row = i * Self.rowWidth
            for set in 0...full { fewestTypos[row + set] = -1 }
            if after.map({ occurrence.start - $0 - 1 <= gap }) ?? true {
                fewestTypos[row + bit] = occurrence.typos
                chainStart[row + bit] = occurrence.start
            }
            // The occurrences that may come just before it end before it starts, at most
            // `within` tokens earlier; in the order they end, they lie just before it.
            var j = i - 1
            while j >= 0 && merged[j].end >= occurrence.start - within - 1 {
                if merged[j].end < occurrence.start {
                    let earlier = j * Self.rowWidth
                    for set in 1...full where set & bit == 0 && fewestTypos[earlier + set] >= 0 {
                        let typos = fewestTypos[earlier + set] + occurrence.typos
                        let extended = row + (set | bit)
                        if fewestTypos[extended] < 0 || typos < fewestTypos[extended] {
                            fewestTypos[extended] = typos
                            chainStart[extended] = chainStart[earlier + set]
                        }
                    }
                }
                j -= 1
            }
            if fewestTypos[row + full] >= 0 {
                // Written over the gathered occurrences, all merged by now and none read again.
                gathered[found] = Occurrence(member: 0, start: chainStart[row + full], end: occurrence.end, typos: fewestTypos[row + full])
                found += 1
            }
        }
        return found
    }

    /// Placement `i` of the last `place`: its first token, its last, and the fewest corrections it can use.
    func placement(_ i: Int) -> Occurrence { gathered[i] }
}
