/// What an event loop asks of the operating system: tell me when these descriptors can be read
/// or written. Linux uses epoll (`EpollQueue`); a kqueue or poll backend would implement the same.
protocol EventQueue: AnyObject {
    /// Watches a descriptor. `exclusive` wakes only one of several queues watching it (a shared
    /// listening socket), so accepting does not stampede every loop.
    func add(_ descriptor: Int32, reading: Bool, writing: Bool, exclusive: Bool) throws
    func modify(_ descriptor: Int32, reading: Bool, writing: Bool) throws
    func remove(_ descriptor: Int32)
    /// Waits up to `timeout` milliseconds (-1: forever) and returns the ready descriptors.
    func wait(timeout: Int32) -> ArraySlice<ReadyEvent>
}

struct ReadyEvent {
    var descriptor: Int32
    var readable: Bool
    var writable: Bool
    /// The peer hung up or the socket failed: read what is left, then close.
    var hangUp: Bool
}
