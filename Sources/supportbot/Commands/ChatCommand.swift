import SupportCore

/// `supportbot chat`: a conversation on standard input and output, in the plain line protocol.
enum ChatCommand {
    static let spec = CommandSpec(
        name: "chat",
        abstract: "Talk to the bot on standard input and output.",
        usage: "[--intents <dir>] [--data <dir>] [--record <file>]",
        discussion: """
        Type a message and press Return; the bot's lines start with "bot:", notices with
        "system:", and an empty line ends each answer. Works at a terminal and in a pipe: at the
        end of input the command exits 0. Commands: /help, /human, /lang en|zh-Hant|zh-Hans|auto, /quit.
        With --record, the conversation is written as a transcript that `supportbot replay` checks.
        """,
        options: [RuleLoading.option, RuleLoading.dataOption,
                  OptionSpec(name: "record", valueName: "file", help: "Write the conversation to this file as a replayable transcript.")],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        let bundle = try RuleLoading.bundle(arguments)
        let incidents = try RuleLoading.incidents(arguments)
        var session = DialogueSession(id: "chat", bundle: bundle, matcher: Matcher(rules: bundle.rules), health: StaticServiceHealth(incidents))
        var recorder = arguments.value("record").map { _ in TranscriptRecorder(title: "Recorded with supportbot chat", incidents: incidents) }
        var out = OutputStream.standardOutput
        let greeting = session.start()
        out.write(PlainCodec.text(for: greeting))
        recorder?.record(customer: nil, events: greeting)
        out.flush()
        LineReader(descriptor: 0).forEachLine(beforeWaiting: { out.flush() }) { bytes in
            let line = String(decoding: bytes, as: UTF8.self)
            let events = session.receive(line)
            out.write(PlainCodec.text(for: events))
            out.flush()  // every turn, even when more input is already waiting
            if !line.allSatisfy({ $0 == " " || $0 == "\t" }) { recorder?.record(customer: line, events: events) }
            return !session.isClosed
        }
        out.flush()
        if let path = arguments.value("record"), let recorder {
            do {
                try LocalFiles.replace(path, with: recorder.text)
            } catch {
                throw CommandError(message: "\(path): cannot write the transcript: \(error)", code: .cannotCreate)
            }
        }
        return .success
    }
}
