extension DialogueSession {
    /// The slash commands: `/help`, `/human`, `/lang CODE` (`en`, `zh-Hant`, `zh-Hans`, `auto`),
    /// `/resume TICKET CODE` (carried out by the server, which has the queue), `/quit`.
    public static let commands = ["/help", "/human", "/lang", "/resume", "/quit"]

    mutating func command(_ text: String) {
        let parts = text.split(separator: " ").map(String.init)
        switch parts[0].lowercased() {
        case "/help":
            say(.help, kind: .info, ["categories": categoryList()])
        case "/human", "/agent":
            switch state {
            case .handedOff(let ticket):
                say(.handoffWaiting, kind: .handoff, ["ticket": ticket])
            case .collecting(let reason):
                repeatQuestion(reason)
            default:
                startHandoff(.requested)
            }
        case "/lang":
            guard parts.count == 2 else {
                say(.languageUnknown, kind: .error, ["code": ""])
                return
            }
            if parts[1].lowercased() == "auto" {
                languagePinned = false
                say(.languageSet, kind: .info, ["language": language.displayName])
            } else if let chosen = Language(code: parts[1]) {
                language = chosen
                languagePinned = true
                say(.languageSet, kind: .info, ["language": chosen.displayName])
            } else {
                say(.languageUnknown, kind: .error, ["code": parts[1]])
            }
        case "/resume":
            // A server with a queue takes this line before the session sees it.
            say(ResumeRequest(line: text) == .malformed ? .handoffResumeUsage : .handoffResumeNoQueue, kind: .error)
        case "/quit", "/exit", "/bye":
            say(.goodbye, kind: .info)
            isClosed = true
            events.append(.closed)
        default:
            say(.commandUnknown, kind: .error, ["command": parts[0], "commands": Self.commands.joined(separator: " ")])
        }
    }
}
