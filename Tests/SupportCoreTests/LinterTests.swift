import SupportCore
import Testing

@Suite struct LinterTests {
    private func findings(_ rules: String) throws -> [LintFinding] {
        let file = RuleFile(path: "test.rules", contents: "set threshold 0.5\nset margin 0.1\n" + rules)
        return Linter.lint(try RuleSet.load([file]), syntax: RuleParser.parse([file]).0)
    }

    @Test func lint_reportsASampleThatReachesAnotherIntent() throws {
        let found = try findings("""
        category billing
        intent refund
          match: refund
          sample: I want a refund
          sample: where is my invoice
        intent invoice
          match: invoice
          sample: invoice please
        """)
        #expect(found.map(\.kind) == [.sample])
        #expect(found[0].location == SourceLocation(file: "test.rules", line: 7, column: 11))
        #expect(found[0].description.contains("goes to billing.invoice (0.80), not billing.refund"))
    }

    @Test func lint_reportsAShadowedTrigger_namingTheRuleThatTakesIt() throws {
        let found = try findings("""
        category billing
        intent a
          match: invoice
          sample: invoice
        intent b
          match: invoice
          match: bill
          sample: bill
        """)
        #expect(found.map(\.kind) == [.shadowed])
        #expect(found[0].location.line == 8)
        #expect(found[0].message.contains("taken by test.rules:5"))
    }

    @Test func lint_reportsATriggerItsOwnNegativeKills() throws {
        let found = try findings("category billing\nintent a\n  match: atm fee\n  match: fee\n  not: atm\n  sample: a fee\n")
        #expect(found.map(\.kind) == [.neverWins])
        #expect(found[0].location.line == 5)
    }

    @Test func lint_reportsAnIntentThatCanNeverReachTheThreshold() throws {
        let found = try findings("category billing\nintent a\n  match 0.2: invoice\n  match 0.2: bill\n  sample: invoice bill\n")
        #expect(found.contains { $0.kind == .neverWins && $0.message.contains("at most 0.36") })
    }

    @Test func lint_countsAConceptNamedInsideAPhraseAsUsed() throws {
        let found = try findings("concept ~keeps: 一直 老是\ncategory connectivity\nintent a\n  match: \"~keeps 闪\"\n  sample: 老是闪\n")
        #expect(found.isEmpty, "\(found.map(\.description))")
    }

    @Test func lint_reportsMissingSamplesDuplicatesAndUnusedConcepts() throws {
        let found = try findings("concept ~spare: nothing\ncategory billing\nintent a\n  match: refund\n  match: refund\n")
        #expect(Set(found.map(\.kind)) == [.noSamples, .duplicate, .unusedConcept])
    }

    @Test func lint_acceptsTheDefaultRules() {
        let found = Linter.lint(defaultRules, syntax: RuleParser.parse(defaultRuleFiles).0)
        #expect(found.isEmpty, "\(found.map(\.description).joined(separator: "\n"))")
    }

    @Test func defaultRules_everyIntentHasEnglishAndChineseSamples() {
        for intent in defaultRules.intents where intent.category != .unknown {
            let chinese = intent.samples.filter { $0.text.unicodeScalars.contains { HanFolding.isIdeograph($0.value) } }
            #expect(intent.samples.count >= 2, "\(intent.name)")
            #expect(!chinese.isEmpty || intent.samples.count < 3, "\(intent.name) has no Chinese sample")
        }
    }
}
