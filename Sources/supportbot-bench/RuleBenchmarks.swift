import Foundation
import SupportCore
import SupportDefaults

/// Benchmarks of the rules engine: loading, classifying a corpus on one core, and scaling.
enum RuleBenchmarks {
    static var defaultFiles: [RuleFile] {
        DefaultIntents.ruleFiles.filter(\.isMatcherInput)
    }

    /// Both ways rules load: the default rules from the image the build compiled them into (how
    /// every command and the server start), and the same rules compiled from their text (how
    /// `--intents DIR` and a reload of edited rules load).
    static func load(runs: Int) throws {
        let files = defaultFiles
        let rules = try DefaultIntents.compiledRules()  // fails, saying why, if the build wrote no image
        var loaded: RuleSet?
        let fromImage = Measurement.measure("load-image", runs: runs) { loaded = try? DefaultIntents.compiledRules() }
        // Each load hands its parse to another thread to free; that is waited for between loads, as
        // a load is a one-off (start-up, reload), not one of a train competing with the last's freeing.
        loaded = nil
        let fromText = Measurement.measure("load", runs: runs, between: DeferredRelease.wait) { loaded = try? RuleSet.load(files) }
        guard loaded != nil else { throw RuleLoadError([]) }
        print("## Rule loading (default Intents/: \(rules.statistics))\n")
        print("| how | median | min | max |")
        print("|---|---|---|---|")
        for (name, measurement) in [("compiled at build time (the image)", fromImage), ("compiled from the files (`--intents`, reload)", fromText)] {
            print("| \(name) | \(fixed(measurement.medianSeconds * 1000, 1)) ms | \(fixed(measurement.minSeconds * 1000, 1)) ms | \(fixed(measurement.maxSeconds * 1000, 1)) ms |")
        }
        print("")
    }

    static func classify(messages count: Int, runs: Int, input: String? = nil) throws {
        let own = try input.map { try messages(in: $0) }  // read first: a wrong path fails before the runs
        let rules = try RuleSet.load(defaultFiles)
        var generator = CorpusGenerator()
        let corpus = generator.messages(count)
        // Templates repeat: say how many messages differ, so a reader can judge what the caches saw.
        print("## Classify throughput, one core (\(count) generated messages, \(Set(corpus).count) distinct, \(runs) runs)\n")
        print("| input | messages/s (median) | ns/message | min–max messages/s |")
        print("|---|---|---|---|")
        report("String API", count, throughput(rules, corpus, runs: runs))
        let bytes = corpus.map { Array($0.utf8) }
        report("UTF-8 bytes (what `classify` uses)", count, throughputBytes(rules, bytes, runs: runs))
        let ascii = bytes.filter { $0.allSatisfy { $0 < 0x80 } }
        report("ASCII messages only (\(ascii.count))", ascii.count, throughputBytes(rules, ascii, runs: runs))
        let other = bytes.filter { !$0.allSatisfy { $0 < 0x80 } }
        report("Chinese messages only (\(other.count))", other.count, throughputBytes(rules, other, runs: runs))
        // The same messages with alike ones in a row: what the matcher costs when the caches and
        // branch predictors already hold what the next message needs. The gap to the rows above
        // is the price of a queue's variety, not of the work a message takes.
        let sorted = bytes.sorted { $0.lexicographicallyPrecedes($1) }
        report("the same, sorted (alike messages in a row)", sorted.count, throughputBytes(rules, sorted, runs: runs))
        // What a line of one 4,000-letter word costs: the typo search and the joined-word search
        // must not try every deletion or cut of it (a server reads lines of up to 4,096 bytes).
        var seed: UInt64 = 7
        let long = (0..<200).map { _ in
            (0..<4000).map { _ -> UInt8 in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(ascii: "a") + UInt8(truncatingIfNeeded: (seed >> 33) % 26)
            }
        }
        report("one 4,000-letter word a message (200)", long.count, throughputBytes(rules, long, runs: runs))
        if let input, let own {
            let repeated = (0..<count).map { Array(own[$0 % own.count].utf8) }
            let averageBytes = own.reduce(0) { $0 + $1.utf8.count } / own.count
            report("`\(input)`: \(Set(own).count) distinct lines of \(averageBytes) bytes on average, repeated in order", count,
                   throughputBytes(rules, repeated, runs: runs))
        }
        print("")
    }

    /// The messages of a file: one a line, or the first column of a TSV; empty lines and a
    /// `text` header are skipped.
    private static func messages(in path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(message: "cannot read \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            let first = String(line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)[0])
            return first.isEmpty || first == "text" ? nil : first
        }
        guard !lines.isEmpty else { throw InputError(message: "\(path) holds no messages") }
        return lines
    }

    static func scale(messages count: Int, runs: Int) throws {
        let base = defaultFiles
        let small = try RuleSet.load(base)
        let large = try RuleSet.load(ScaledRules.make(base: base, factor: 10))
        var generator = CorpusGenerator()
        let corpus = generator.messages(count).map { Array($0.utf8) }
        let a = throughputBytes(small, corpus, runs: runs)
        let b = throughputBytes(large, corpus, runs: runs)
        print("## Scaling with the number of rules (\(count) messages, \(runs) runs)\n")
        print("| rule set | size | ns/message (median) | time vs default |")
        print("|---|---|---|---|")
        print("| default | \(small.statistics) | \(fixed(a.medianSeconds / Double(count) * 1e9, 0)) | 1.00× |")
        print("| 10× triggers | \(large.statistics) | \(fixed(b.medianSeconds / Double(count) * 1e9, 0)) | \(fixed(b.medianSeconds / a.medianSeconds, 2))× |\n")
    }

    /// Dialogue turns in one thread without any I/O: what a server turn costs before sockets.
    static func dialogue(messages count: Int, runs: Int) throws {
        let bundle = try DefaultIntents.bundle()
        let matcher = Matcher(rules: bundle.rules)
        var generator = CorpusGenerator(seed: 99)
        let corpus = generator.messages(count)
        var sink = 0
        var bytes: [UInt8] = []
        let measurement = Measurement.measure("dialogue", runs: runs) {
            var session = DialogueSession(id: "b", bundle: bundle, matcher: matcher)
            for (index, message) in corpus.enumerated() {
                if index % 20 == 0 { session = DialogueSession(id: "b", bundle: bundle, matcher: matcher); sink &+= session.start().count }
                let events = session.receive(message)
                bytes.removeAll(keepingCapacity: true)
                PlainCodec.encode(events, into: &bytes)  // what the server writes
                sink &+= bytes.count
            }
        }
        blackHole(sink)
        print("## Dialogue turns in memory, one thread (\(count) messages, a new session every 20 turns, plain encoding included)\n")
        print("| turns/s (median) | µs/turn |")
        print("|---|---|")
        print("| \(fixed(Double(count) / measurement.medianSeconds / 1000, 1))k | \(fixed(measurement.medianSeconds / Double(count) * 1e6, 1)) |\n")
    }

    /// Average work per message: where the time of `classify` goes.
    static func work(messages count: Int) throws {
        print("## Work per message (averages over \(count) messages)\n")
        print("| rule set | tokens | term hits (phrase found × its terms) | terms touched | blocks of terms marked | candidate patterns | matched triggers |")
        print("|---|---|---|---|---|---|---|")
        let base = defaultFiles
        for (name, files) in [("default", base), ("10× triggers", try ScaledRules.make(base: base, factor: 10))] {
            let matcher = Matcher(rules: try RuleSet.load(files))
            var generator = CorpusGenerator()
            var sums = [0, 0, 0, 0, 0, 0]
            for message in generator.messages(count) {
                _ = matcher.classify(message)
                let w = matcher.lastMessageWork
                for (i, v) in [w.tokens, w.termHits, w.terms, w.blocks, w.candidates, w.matched].enumerated() { sums[i] += v }
            }
            print("| \(name) | " + sums.map { fixed(Double($0) / Double(count), 1) }.joined(separator: " | ") + " |")
        }
        print("")
    }

    private static func report(_ name: String, _ count: Int, _ m: Measurement) {
        let rate = Double(count) / m.medianSeconds
        print("| \(name) | \(fixed(rate / 1e6, 2))M | \(fixed(m.medianSeconds / Double(count) * 1e9, 0)) | \(fixed(Double(count) / m.maxSeconds / 1e6, 2))M–\(fixed(Double(count) / m.minSeconds / 1e6, 2))M |")
    }

    private static func throughput(_ rules: RuleSet, _ corpus: [String], runs: Int) -> Measurement {
        let matcher = Matcher(rules: rules)
        var sink = 0
        let m = Measurement.measure("classify", runs: runs) {
            for message in corpus { sink &+= matcher.classify(message).category.hashValue }
        }
        blackHole(sink)
        return m
    }

    private static func throughputBytes(_ rules: RuleSet, _ corpus: [[UInt8]], runs: Int) -> Measurement {
        let matcher = Matcher(rules: rules)
        var sink = 0
        let m = Measurement.measure("classify-bytes", runs: runs) {
            for message in corpus {
                message.withUnsafeBufferPointer { sink &+= matcher.classify(utf8: $0).intent ?? -1 }
            }
        }
        blackHole(sink)
        return m
    }
}

struct InputError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Keeps the optimiser from deleting work whose result is unused.
@inline(never)
func blackHole(_ value: Int) {
    if value == Int.min { print("") }
}
