/// The agents' port, on one event loop: a connection per agent, all working one desk.
final class AgentProtocol: ListenerProtocol {
    private let desk: HandoffDesk

    init(desk: HandoffDesk) {
        self.desk = desk
    }

    func makeHandler(connectionID: String) -> ConnectionHandler {
        AgentConnection(desk: desk)
    }

    func refusal(limit: Int) -> String {
        "error: the server is full (\(limit) connections); please try again later\n"
    }
}
