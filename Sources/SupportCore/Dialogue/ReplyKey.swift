/// Every piece of wording the dialogue uses, looked up in `Intents/replies/LANGUAGE.replies`.
/// A reply file must define each key (English is required; a missing translation falls back to
/// English and `lint` reports it). `{name}` placeholders are filled in by the dialogue.
public enum ReplyKey: String, CaseIterable, Sendable {
    case greeting
    case help
    case answerIntro = "answer.intro"
    case answerAsk = "answer.ask"
    case answerSolved = "answer.solved"
    case answerNext = "answer.next"
    case answerNoArticle = "answer.no-article"
    case answerExhausted = "answer.exhausted"
    case answerYesOrNo = "answer.yes-or-no"
    case answerWillTry = "answer.will-try"
    case answerFollowUp = "answer.follow-up"
    case neverMind = "never-mind"
    case clarifyQuestion = "clarify.question"
    case clarifyAgain = "clarify.again"
    case clarifyBoth = "clarify.both"
    case answerOtherQuestion = "answer.other-question"
    case unknownFirst = "unknown.first"
    case unknownCategoryPicked = "unknown.category-picked"
    case handoffRequested = "handoff.requested"
    case handoffFrustrated = "handoff.frustrated"
    case handoffMisses = "handoff.misses"
    case handoffUnresolved = "handoff.unresolved"
    case handoffAskIdentity = "handoff.ask-identity"
    case handoffAskService = "handoff.ask-service"
    case handoffAskImpact = "handoff.ask-impact"
    case handoffAskImpactAgain = "handoff.ask-impact-again"
    case handoffAskSummary = "handoff.ask-summary"
    case handoffDone = "handoff.done"
    case handoffWaiting = "handoff.waiting"
    case handoffJoined = "handoff.joined"
    case handoffClosed = "handoff.closed"
    case handoffResumeCode = "handoff.resume-code"
    case handoffResumedWaiting = "handoff.resumed-waiting"
    case handoffResumedTaken = "handoff.resumed-taken"
    case handoffResumeUsage = "handoff.resume-usage"
    case handoffResumeNotFound = "handoff.resume-not-found"
    case handoffResumeAlready = "handoff.resume-already"
    case handoffResumeNoQueue = "handoff.resume-no-queue"
    case handoffDeclined = "handoff.declined"
    case handoffCancelled = "handoff.cancelled"
    case healthIncident = "health.incident"
    case healthNextUpdate = "health.next-update"
    case healthAsk = "health.ask"
    case healthConfirmed = "health.confirmed"
    case healthNone = "health.none"
    case healthNoneForService = "health.none-for-service"
    case smalltalkGreeting = "smalltalk.greeting"
    case smalltalkThanks = "smalltalk.thanks"
    case smalltalkGoodbye = "smalltalk.goodbye"
    case languageSet = "language.set"
    case languageUnknown = "language.unknown"
    case commandUnknown = "command.unknown"
    case goodbye
    case severityA = "severity.A"
    case severityB = "severity.B"
    case severityC = "severity.C"
    case categoryAccount = "category.account"
    case categoryBilling = "category.billing"
    case categoryHowto = "category.howto"
    case categoryUpdates = "category.updates"
    case categoryConfiguration = "category.configuration"
    case categoryConnectivity = "category.connectivity"
    case categoryPerformance = "category.performance"

    static func category(_ category: Category) -> ReplyKey? {
        switch category {
        case .account: return .categoryAccount
        case .billing: return .categoryBilling
        case .howto: return .categoryHowto
        case .updates: return .categoryUpdates
        case .configuration: return .categoryConfiguration
        case .connectivity: return .categoryConnectivity
        case .performance: return .categoryPerformance
        case .human, .smalltalk, .unknown: return nil
        }
    }
}

extension ReplyKey {
    /// The case's position in `allCases`. An enum without payloads is stored as the index of its
    /// case in declaration order; `ReplyCatalog` checks this for every case when it is built.
    var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
}
