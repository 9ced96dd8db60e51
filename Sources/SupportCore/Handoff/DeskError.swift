/// Why the handoff desk refused what an agent (or a replayed journal line) asked of a ticket.
/// Each message says what to do instead.
public enum DeskError: Error, Equatable, CustomStringConvertible {
    case noSuchTicket(String)
    case alreadyFiled(String)
    case nothingWaiting
    case notWaiting(String, Ticket.Status)
    case notYours(String, owner: String?)
    case closed(String)
    case cannotWrite(String)
    case signedInElsewhere(String)
    case notSignedIn
    /// The server has a roster of agents, and this name and secret are not on it.
    case notOnRoster
    case notEscalated(String)
    case alreadyResponded(String, at: Int)

    public var description: String {
        switch self {
        case .noSuchTicket(let id):
            return "there is no ticket \(id); LIST shows the waiting ones, LIST ALL every open one"
        case .alreadyFiled(let id):
            return "ticket \(id) is already in the queue"
        case .nothingWaiting:
            return "no ticket is waiting"
        case .notWaiting(let id, let status):
            if let owner = status.owner, case .closed = status { return "ticket \(id) was closed by \(owner)" }
            if let owner = status.owner { return "ticket \(id) is \(status.name) by \(owner), who is signed in; ask them to RELEASE it" }
            return "ticket \(id) is \(status.name)"
        case .notYours(let id, let owner):
            guard let owner else { return "ticket \(id) is waiting; TAKE \(id) first" }
            return "ticket \(id) belongs to \(owner); ask them to RELEASE it, or add a NOTE"
        case .closed(let id):
            return "ticket \(id) is closed"
        case .cannotWrite(let reason):
            return "the queue could not be saved (\(reason)); nothing was changed, try again"
        case .signedInElsewhere(let agent):
            return "\(agent) is signed in on another connection; QUIT there first, or sign in with another name"
        case .notSignedIn:
            return "sign in first: AGENT yourname (and your secret, if the server gave you one)"
        case .notEscalated(let id):
            return "ticket \(id) is not with the provider; ESCALATE it first"
        case .alreadyResponded(let id, let at):
            return "the provider's first response to ticket \(id) was recorded at \(AgentView.utc(at)); add a NOTE for what came later"
        case .notOnRoster:
            return "unknown agent or wrong secret; sign in with AGENT yourname yoursecret, as your operator set them"
        }
    }
}
