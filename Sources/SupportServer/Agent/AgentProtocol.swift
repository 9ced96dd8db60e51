/// The agents' port, on one event loop: a connection per agent, all working one desk.
final class AgentProtocol: ListenerProtocol {
    private let desk: HandoffDesk
    private let idleTimeout: Duration

    init(desk: HandoffDesk, idleTimeout: Duration) {
        self.desk = desk
        self.idleTimeout = idleTimeout
    }

    func makeHandler(connectionID: String) -> ConnectionHandler {
        AgentConnection(desk: desk, idleTimeout: idleTimeout)
    }

    func refusal(limit: Int) -> String {
        "error: the server is full (\(limit) connections); please try again later\n"
    }
}
