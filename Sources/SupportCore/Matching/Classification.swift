/// What the matcher decided about one message.
public struct Classification: Sendable, Equatable {
    /// One of the ten labels.
    public var category: Category
    /// The winning intent's index in `RuleSet.intents`; nil when nothing reached the threshold.
    public var intent: Int?
    /// In [0, 1]. For a winning intent, its noisy-OR of matched trigger weights; for `unknown`
    /// with no intent, one minus the best confidence any intent reached.
    public var confidence: Double
    /// The next-best intent (above or below the threshold), if any intent besides the winner matched.
    public var runnerUp: Int?
    public var runnerUpConfidence: Double
    /// The runner-up is as high in priority as the winner, reached the threshold and is within
    /// the margin of it: the dialogue should ask which one the customer meant.
    public var isAmbiguous: Bool

    public static let nothing = Classification(category: .unknown, intent: nil, confidence: 1, runnerUp: nil,
                                               runnerUpConfidence: 0, isAmbiguous: false)
}

/// A trigger that matched, with the tokens it covered; `explain` reports these.
public struct MatchedTrigger: Sendable, Equatable {
    public var intent: Int
    public var trigger: Int
    /// First and last token covered (inclusive).
    public var firstToken: Int
    public var lastToken: Int
    /// Some word of the match was found only through typo tolerance.
    public var usedTypoCorrection: Bool
    /// The weight it added (after the typo factor); 0 for a negative trigger.
    public var contribution: Double
    public var isNegative: Bool
}
