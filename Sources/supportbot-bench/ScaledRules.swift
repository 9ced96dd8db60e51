import SupportCore

/// Builds a rule set `factor` times the size of a base one by adding synthetic intents shaped like
/// real ones: each names a few invented product words (as a concept, a word and a phrase),
/// combines them with a shared pool of ordinary verbs and problem words, has a Chinese trigger
/// and a negative one. The ordinary words are shared by every synthetic intent, as "configure"
/// or "error" are in real rules, so the scaled set stresses the common-word path too.
enum ScaledRules {
    static func make(base: [RuleFile], factor: Int, triggersPerIntent: Int = 8) throws -> [RuleFile] {
        let baseRules = try RuleSet.load(base)
        let baseTriggers = baseRules.statistics.triggers
        let wanted = baseTriggers * (factor - 1)
        let categories = Category.allCases.filter(\.isSupport)
        var random = SplitMix64(seed: 10)
        var text = ""
        var made = 0
        var intent = 0
        while made < wanted {
            let category = categories[intent % categories.count]
            let words = (0..<4).map { _ in pseudoWord(&random) }
            let han = (0..<2).map { _ in pseudoHan(&random) }
            text += """
            category \(category.rawValue)
            concept ~synth\(intent): \(words[0]) \(words[1]) "\(words[2]) \(words[3])"
            intent synthetic\(intent)
              match: [\(pick(verbs, 3, &random))] *3 ~synth\(intent)
              match: ~synth\(intent) *4 [\(pick(problems, 4, &random))]
              match 0.6: \(words[0])
              match: \(words[1]) *2 [\(pick(objects, 3, &random))]
              match: \(words[2]) \(words[3])
              match: [\(pick(verbs, 2, &random))] *2 \(words[3]) *3 [\(pick(objects, 2, &random))]
              match: \(han[0]) *6 [设置 錯誤 失败 无法]
              not: \(han[1])
              sample: \(words[0]) please

            """
            made += triggersPerIntent
            intent += 1
        }
        return base + [RuleFile(path: "Intents/synthetic.rules", contents: text)]
    }

    private static let verbs = ["configure", "setup", "install", "enable", "disable", "reset", "update", "open", "share",
                                "export", "connect", "sync", "delete", "restore", "add", "remove", "change", "find"]
    private static let problems = ["error", "errors", "failed", "\"not working\"", "slow", "crashes", "broken", "missing",
                                   "timeout", "blocked", "denied", "stuck"]
    private static let objects = ["account", "settings", "user", "users", "folder", "mailbox", "license", "device",
                                  "policy", "report", "file", "files", "calendar", "team"]

    private static func pick(_ pool: [String], _ count: Int, _ random: inout SplitMix64) -> String {
        var chosen: [String] = []
        while chosen.count < count {
            let word = pool[random.next(pool.count)]
            if !chosen.contains(word) { chosen.append(word) }
        }
        return chosen.joined(separator: " ")
    }

    /// A pronounceable invented word ("vorbex"), like the product names real rules carry.
    private static func pseudoWord(_ random: inout SplitMix64) -> String {
        let consonants = Array("bcdfghklmnprstvz"), vowels = Array("aeiou")
        var word = ""
        for _ in 0..<(2 + random.next(2)) {
            word.append(consonants[random.next(consonants.count)])
            word.append(vowels[random.next(vowels.count)])
        }
        word.append(consonants[random.next(consonants.count)])
        return word
    }

    /// Two random ideographs from the common block.
    private static func pseudoHan(_ random: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<2 { text.unicodeScalars.append(Unicode.Scalar(UInt32(0x4E00 + random.next(0x5000)))!) }
        return text
    }
}
