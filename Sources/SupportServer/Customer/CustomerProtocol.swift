import SupportCore

/// The customer port, on one event loop: makes a session per connection from the current bundle,
/// with a matcher this loop's sessions share (they run one at a time on the loop's thread).
final class CustomerProtocol: ListenerProtocol {
    private let service: CustomerService
    private let desk: HandoffDesk?
    private let configuration: ServerConfiguration
    private var generation = -1
    private var bundle: SupportBundle?
    private var matcher: Matcher?
    private var health = StaticServiceHealth()

    init(service: CustomerService, desk: HandoffDesk?, configuration: ServerConfiguration) {
        self.service = service
        self.desk = desk
        self.configuration = configuration
    }

    func makeHandler(connectionID: String) -> ConnectionHandler {
        let state = service.state
        if state.generation != generation || bundle == nil {
            // A reload: new sessions get the new rules; old ones keep theirs (and their matcher).
            bundle = state.bundle
            matcher = Matcher(rules: state.bundle.rules)
            health = state.health
            generation = state.generation
        }
        let session = DialogueSession(id: connectionID, bundle: bundle!, matcher: matcher!, health: health)
        return CustomerConnection(session: session, desk: desk, configuration: configuration)
    }

    func refusal(limit: Int) -> String {
        PlainCodec.systemPrefix + "the server is full (\(limit) connections); please try again later\n"
    }
}
