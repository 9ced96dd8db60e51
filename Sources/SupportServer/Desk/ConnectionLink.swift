/// A way to reach one connection from any thread: its loop, its descriptor and its id (a
/// descriptor number is reused once closed; the id is not). Work sent along it runs on the
/// connection's loop, and is dropped if the connection has gone.
struct ConnectionLink: Sendable {
    let loop: EventLoop
    let descriptor: Int32
    let id: String

    func post(_ work: @escaping @Sendable (ConnectionHandler, ConnectionIO) -> Void) {
        loop.post(to: descriptor, id: id, work)
    }
}

extension ConnectionIO {
    var link: ConnectionLink { ConnectionLink(loop: loop, descriptor: connection.descriptor, id: connection.id) }
}
