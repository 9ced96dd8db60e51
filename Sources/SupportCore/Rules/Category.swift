/// The ten labels every customer message is put under.
///
/// The first seven are the reseller's support scope; `human` is a request for a person,
/// `smalltalk` greetings and thanks, `unknown` anything outside the scope.
public enum Category: String, CaseIterable, Sendable, Comparable, Codable {
    case account, billing, howto, updates, configuration, connectivity, performance
    case human, smalltalk, unknown

    /// The seven support categories (not `human`, `smalltalk` or `unknown`).
    public var isSupport: Bool {
        switch self {
        case .human, .smalltalk, .unknown: return false
        default: return true
        }
    }

    public static func < (lhs: Category, rhs: Category) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// A short description, for help texts and the dialogue's "here is what I can help with".
    public var summary: String {
        switch self {
        case .account: return "account set-up and sign-up"
        case .billing: return "accounts and billing"
        case .howto: return "how-to articles and FAQs"
        case .updates: return "service and software updates"
        case .configuration: return "software configuration"
        case .connectivity: return "client connectivity and client desktop"
        case .performance: return "performance and service availability"
        case .human: return "talking to a person"
        case .smalltalk: return "greetings and thanks"
        case .unknown: return "outside the support scope"
        }
    }
}
