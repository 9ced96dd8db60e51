/// The numbers that decide between intents, read from `set` lines under `Intents/`.
public struct MatchSettings: Sendable, Equatable {
    /// Below this confidence the message is `unknown`.
    public var threshold: Double
    /// When the runner-up's confidence is within this of the winner's, the result is ambiguous.
    public var margin: Double
    /// The weight of a `match:` line that gives none (and whose intent gives none).
    public var defaultWeight: Double
    /// A trigger that matched only through a typo-corrected word counts this much of its weight.
    public var fuzzyFactor: Double

    /// Settings a rule set may leave out, with the values used then. `threshold` and `margin`
    /// have no default: every rule set states them.
    public static let optionalDefaults: [String: Double] = ["default-weight": 0.8, "fuzzy-factor": 0.85]
    public static let required = ["threshold", "margin"]
}
