/// Memory holding a copy of an array that is never written again, so the per-message path can read
/// it through a plain pointer: no reference counting, no uniqueness checks, no bounds-check calls.
///
/// The buffer lives as long as this object; `RuleSet` keeps every one it hands out, and a
/// `Matcher` keeps its `RuleSet`, so the views stay valid while anyone can use them.
final class FrozenBuffer<Element>: @unchecked Sendable {
    let view: UnsafeBufferPointer<Element>
    private let base: UnsafeMutableBufferPointer<Element>

    init(_ elements: [Element]) {
        base = .allocate(capacity: max(1, elements.count))
        _ = base.initialize(from: elements)
        view = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(base)[0..<elements.count])
    }

    /// `count` elements of a trivial type, written by `fill` (a rule image's bytes, copied once).
    init(count: Int, fill: (UnsafeMutableBufferPointer<Element>) -> Void) where Element: BitwiseCopyable {
        base = .allocate(capacity: max(1, count))
        fill(UnsafeMutableBufferPointer(rebasing: base[0..<count]))
        view = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(base)[0..<count])
    }

    deinit {
        base.baseAddress!.deinitialize(count: view.count)
        base.deallocate()
    }
}

/// Collects the owners of frozen buffers while a rule set's tables are laid out.
struct FrozenStore {
    private(set) var owners: [any AnyObject & Sendable] = []

    mutating func freeze<Element>(_ elements: [Element]) -> UnsafeBufferPointer<Element> {
        let buffer = FrozenBuffer(elements)
        owners.append(buffer)
        return buffer.view
    }

    mutating func freeze<Element: BitwiseCopyable>(count: Int, fill: (UnsafeMutableBufferPointer<Element>) -> Void) -> UnsafeBufferPointer<Element> {
        let buffer = FrozenBuffer(count: count, fill: fill)
        owners.append(buffer)
        return buffer.view
    }
}
