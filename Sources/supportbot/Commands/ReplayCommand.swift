import SupportCore

/// `supportbot replay PATH...`: replays transcripts and checks their `expect` lines.
enum ReplayCommand {
    static let spec = CommandSpec(
        name: "replay",
        abstract: "Replay transcripts against the bot and check what they expect.",
        usage: "[--intents <dir>] [--coverage] <path> ...",
        discussion: """
        Each path is a .transcript file or a folder searched for them. Every failure is printed
        with the expectation and what the bot did instead; the last line is "N passed, N failed".
        Exits 1 when any transcript fails. The format is described in Transcripts/README.md.
        """,
        options: [RuleLoading.option,
                  OptionSpec(name: "coverage", valueName: nil, help: "Also list the intents and articles no transcript reaches.")],
        positionals: [PositionalSpec(name: "path", help: "A transcript file or a folder of them.", repeats: true)],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        let bundle = try RuleLoading.bundle(arguments)
        let files = try TranscriptFiles.collect(arguments.positionals)
        let matcher = Matcher(rules: bundle.rules)
        var out = OutputStream.standardOutput
        var passed = 0, failed = 0
        var intents: Set<String> = [], articles: Set<String> = []
        for file in files {
            let (transcript, diagnostics) = TranscriptParser.parse(file.contents, path: file.path)
            if !diagnostics.isEmpty {
                for diagnostic in diagnostics { out.writeLine("FAIL \(diagnostic)") }
                failed += 1
                continue
            }
            var conversation = InMemoryConversation(bundle: bundle, matcher: matcher, transcript: transcript)
            let result = TranscriptRunner.run(transcript, on: &conversation)
            intents.formUnion(result.intentsReached)
            articles.formUnion(result.articlesReached)
            if result.passed {
                passed += 1
            } else {
                failed += 1
                for failure in result.failures { out.write(failure.description) }
            }
        }
        if arguments.has("coverage") {
            let missingIntents = bundle.rules.intents.map(\.name).filter { !intents.contains($0) }
            let missingArticles = Set(bundle.knowledge.articles.map(\.id)).subtracting(articles).sorted()
            out.writeLine("intents no transcript reaches (\(missingIntents.count)): " + (missingIntents.isEmpty ? "none" : missingIntents.joined(separator: " ")))
            out.writeLine("articles no transcript reaches (\(missingArticles.count)): " + (missingArticles.isEmpty ? "none" : missingArticles.joined(separator: " ")))
        }
        out.writeLine("\(passed) passed, \(failed) failed")
        out.flush()
        return failed == 0 ? .success : .failure
    }
}

/// Finds transcript files: the paths given, and every `.transcript` file under given folders.
enum TranscriptFiles {
    static let fileExtension = "transcript"

    static func collect(_ paths: [String]) throws -> [RuleFile] {
        var files: [RuleFile] = []
        for path in paths {
            guard let kind = LocalFiles.kind(of: path) else {
                throw CommandError(message: "\(path): no such file or folder", code: .noInput)
            }
            if kind == .folder {
                files += try RuleFile.files(in: path, withExtensions: [fileExtension])
            } else {
                guard let data = LocalFiles.contents(of: path), let text = String(validating: data, as: UTF8.self) else {
                    throw CommandError(message: "\(path): cannot read it as UTF-8 text", code: .noInput)
                }
                files.append(RuleFile(path: path, contents: text))
            }
        }
        return files
    }
}
