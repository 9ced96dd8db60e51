#if canImport(Glibc)
import Glibc
#endif
import CSystemLinux

/// `EventQueue` on Linux epoll, level-triggered.
final class EpollQueue: EventQueue {
    private let descriptor: Int32
    private static let capacity = 512
    private var data = [UInt64](repeating: 0, count: capacity)
    private var flags = [UInt32](repeating: 0, count: capacity)
    private var ready = [ReadyEvent](repeating: ReadyEvent(descriptor: -1, readable: false, writable: false, hangUp: false), count: capacity)

    init() throws {
        descriptor = csl_epoll_create()
        guard descriptor >= 0 else { throw SocketError.makeFailed("epoll_create") }
    }

    deinit { close(descriptor) }

    func add(_ fd: Int32, reading: Bool, writing: Bool, exclusive: Bool) throws {
        // EPOLLEXCLUSIVE takes only EPOLLIN/EPOLLOUT beside it (no EPOLLRDHUP): listeners need no more.
        let events = exclusive ? CSL_EPOLLIN | CSL_EPOLLEXCLUSIVE : Self.events(reading: reading, writing: writing)
        guard csl_epoll_ctl(descriptor, CSL_EPOLL_CTL_ADD, fd, events, UInt64(fd)) == 0 else { throw SocketError.makeFailed("epoll_ctl add") }
    }

    func modify(_ fd: Int32, reading: Bool, writing: Bool) throws {
        guard csl_epoll_ctl(descriptor, CSL_EPOLL_CTL_MOD, fd, Self.events(reading: reading, writing: writing), UInt64(fd)) == 0 else {
            throw SocketError.makeFailed("epoll_ctl modify")
        }
    }

    func remove(_ fd: Int32) {
        _ = csl_epoll_ctl(descriptor, CSL_EPOLL_CTL_DEL, fd, 0, 0)
    }

    func wait(timeout: Int32) -> ArraySlice<ReadyEvent> {
        let count = data.withUnsafeMutableBufferPointer { data in
            flags.withUnsafeMutableBufferPointer { flags in
                csl_epoll_wait(descriptor, data.baseAddress, flags.baseAddress, Int32(Self.capacity), timeout)
            }
        }
        guard count > 0 else { return ready[0..<0] }
        for i in 0..<Int(count) {
            let f = flags[i]
            ready[i] = ReadyEvent(descriptor: Int32(truncatingIfNeeded: data[i]), readable: f & CSL_EPOLLIN != 0,
                                  writable: f & CSL_EPOLLOUT != 0, hangUp: f & (CSL_EPOLLHUP | CSL_EPOLLERR | CSL_EPOLLRDHUP) != 0)
        }
        return ready[0..<Int(count)]
    }

    private static func events(reading: Bool, writing: Bool) -> UInt32 {
        (reading ? CSL_EPOLLIN | CSL_EPOLLRDHUP : 0) | (writing ? CSL_EPOLLOUT : 0)
    }
}
