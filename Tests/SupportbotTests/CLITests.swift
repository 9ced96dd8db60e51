import Foundation
import Testing

@Suite struct CLITests {
    @Test func help_listsTheSubcommands_andExitsZero() throws {
        let result = try Supportbot.run(["--help"])
        #expect(result.status == 0)
        for command in ["classify", "explain", "lint", "eval"] { #expect(result.stdout.contains("  \(command) "), "\(command)") }
        let sub = try Supportbot.run(["help", "classify"])
        #expect(sub.status == 0 && sub.stdout.contains("USAGE: supportbot classify [--intents <dir>]"))
        #expect(try Supportbot.run(["classify", "--help"]).stdout == sub.stdout)
    }

    @Test func version_printsTheVersion() throws {
        let result = try Supportbot.run(["--version"])
        #expect(result.status == 0 && result.stdout.hasPrefix("supportbot "))
    }

    @Test func usageErrors_sayWhatWasWrong_andExit64() throws {
        let unknown = try Supportbot.run(["clasify"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no subcommand 'clasify' (did you mean 'classify'?)"))
        let option = try Supportbot.run(["classify", "--intent", "x"])
        #expect(option.status == 64)
        #expect(option.stderr.contains("unknown option '--intent'") && option.stderr.contains("See 'supportbot help classify'"))
        let missing = try Supportbot.run(["eval"])
        #expect(missing.status == 64 && missing.stderr.contains("missing <file.tsv>"))
        let none = try Supportbot.run([])
        #expect(none.status == 64 && none.stderr.contains("SUBCOMMANDS"))
    }

    @Test func classify_writesOneLabelLinePerMessage() throws {
        let result = try Supportbot.run(["classify"], input: "I was charged twice\n\nhello\n我忘記密碼了\r\nwhat is the weather\n")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 5)
        let labels = lines.map { $0.split(separator: "\t")[0] }
        #expect(labels == ["billing", "unknown", "smalltalk", "account", "unknown"])
        #expect(lines[1] == "unknown\t-\t1.00")
        #expect(lines.allSatisfy { $0.split(separator: "\t").count == 3 })
    }

    @Test func classify_answersEachLineBeforeTheNextArrives() throws {
        let session = try InteractiveProcess(["classify"])
        session.send("please reset my password")
        #expect(session.readLine()?.hasPrefix("account\t") == true)
        session.send("is Teams down?")
        #expect(session.readLine()?.hasPrefix("performance\t") == true)
        #expect(session.finish() == 0)
    }

    /// The binary starts from the rules the build compiled into it; compiling the same folder when
    /// it starts (`--intents`) must give every line the same label, intent and confidence.
    @Test func classify_onTheBuiltInRules_answersAsTheIntentsFolderCompiledAtStart() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixtures = root.appendingPathComponent("Tests/SupportCoreTests/Fixtures")
        let messages = try ["labeled-messages.tsv", "chinese-messages.tsv"].flatMap { name in
            try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false)[0] }
        }
        let input = messages.joined(separator: "\n") + "\n"
        let builtIn = try Supportbot.run(["classify"], input: input)
        let compiled = try Supportbot.run(["classify", "--intents", root.appendingPathComponent("Intents").path], input: input)
        #expect(builtIn.status == 0 && compiled.status == 0)
        #expect(builtIn.stdout.split(separator: "\n").count == messages.count)
        #expect(builtIn.stdout == compiled.stdout)
    }

    @Test func classify_withBrokenRules_namesFileLineColumn_andExits65() throws {
        let folder = try TemporaryFolder()
        try folder.write("settings.rules", "set threshold 0.5\nset margin 0.1\n")
        try folder.write("billing.rules", "category billing\nintent refund\n  match: [refund\n")
        let result = try Supportbot.run(["classify", "--intents", folder.url.path], input: "refund\n")
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(folder.url.path)/billing.rules:3:10: '[' is never closed"))
        #expect(result.stdout.isEmpty)
    }

    @Test func classify_withAMissingFolder_exits66() throws {
        let result = try Supportbot.run(["classify", "--intents", "/nonexistent/rules"])
        #expect(result.status == 66 && result.stderr.contains("/nonexistent/rules: no such folder"))
    }

    @Test func classify_usesTheRulesOfTheGivenFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("all.rules", "set threshold 0.5\nset margin 0.1\ncategory updates\nintent zebra\n  match: zebra\n  sample: zebra\n")
        let result = try Supportbot.run(["classify", "--intents", folder.url.path], input: "a zebra\n")
        #expect(result.stdout == "updates\tupdates.zebra\t0.80\n")
    }

    @Test func explain_showsTheFiringRulesAndTheReason() throws {
        let result = try Supportbot.run(["explain", "I", "was", "chagred", "twice"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("normalised:  i was chagred twice"))
        #expect(result.stdout.contains("chagred → charge (one edit from charged)"))
        #expect(result.stdout.contains("Intents/billing.rules:"))
        #expect(result.stdout.contains("result:      billing  billing.unexpected_charge"))
        #expect(result.stdout.contains("why:"))
    }

    @Test func lint_passesTheDefaultRules_andFailsOnAMisroutedSample() throws {
        let clean = try Supportbot.run(["lint"])
        #expect(clean.status == 0 && clean.stdout.contains("no findings"))
        let folder = try TemporaryFolder()
        let intents = folder.url.appendingPathComponent("Intents")
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("Intents"), to: intents)
        let billing = intents.appendingPathComponent("billing.rules")
        let handle = try FileHandle(forWritingTo: billing)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("intent lint_probe\n  match: zebra crossing\n  sample: where is my invoice\n".utf8))
        try handle.close()
        let sampleLine = try String(contentsOf: billing, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex(of: "  sample: where is my invoice")! + 1
        let dirty = try Supportbot.run(["lint", "--intents", intents.path])
        #expect(dirty.status == 1)
        #expect(dirty.stdout.contains("billing.rules:\(sampleLine):11: sample: sample \"where is my invoice\" goes to billing.invoice"))
        #expect(dirty.stdout.contains("not billing.lint_probe"))
        #expect(dirty.stdout.contains("no-article: billing.lint_probe has no English article listing it"))
        #expect(dirty.stdout.contains("3 findings"))
    }

    @Test func eval_reportsScoresAndMisses() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("set.tsv", "text\tlabel\nI want a refund\tbilling\nhello\tsmalltalk\nbook a flight\tunknown\nmy vpn is down\tbilling\n")
        let result = try Supportbot.run(["eval", file.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("wrong: 1 of 4"))
        #expect(result.stdout.contains("expected billing, got connectivity"))
        #expect(result.stdout.contains("confusion"))
        #expect(result.stdout.hasSuffix("macro_f1=0.889 accuracy=0.750 oos_false_accept=0.000 inscope_recall=0.500 n=4\n"))
    }

    @Test func eval_rejectsBadFiles() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write("bad.tsv", "hello\tgreeting\n")
        let result = try Supportbot.run(["eval", bad.path])
        #expect(result.status == 65 && result.stderr.contains("bad.tsv:1:7: unknown label 'greeting'"))
        #expect(try Supportbot.run(["eval", folder.url.appendingPathComponent("none.tsv").path]).status == 66)
    }
}
