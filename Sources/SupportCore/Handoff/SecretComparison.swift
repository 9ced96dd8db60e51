/// Whether `given` is `expected`, in a time that depends on `expected`'s length only, not on
/// where the two differ: secrets (agents' passwords, resume codes) are compared this way so a
/// guesser cannot time their way to one, a byte at a time.
func sameSecret(_ expected: some Collection<UInt8>, _ given: some Collection<UInt8>) -> Bool {
    var difference: UInt8 = expected.count == given.count ? 0 : 1
    var other = given.makeIterator()
    for byte in expected { difference |= byte ^ (other.next() ?? 0) }
    return difference == 0
}
