import SupportCore
import Testing

@Suite struct RuleParserTests {
    /// The one diagnostic a text produces, after the settings lines.
    private func only(_ body: String) throws -> RuleDiagnostic {
        let found = diagnostics("set threshold 0.5\nset margin 0.1\n" + body)
        try #require(found.count == 1, "expected one diagnostic, got \(found.map(\.description))")
        return found[0]
    }

    @Test func parser_reportsFileLineAndColumnWithTheOffendingLine() throws {
        let d = try only("category billing\nintent refund\n  match: refund [money\n")
        #expect(d.location == SourceLocation(file: "test.rules", line: 5, column: 17))
        #expect(d.message.contains("never closed"))
        #expect(d.description.hasPrefix("test.rules:5:17: "))
        #expect(d.description.contains("\n      match: refund [money\n"))
        #expect(d.description.hasSuffix("^"))
    }

    /// Columns count characters, not bytes: Chinese takes three bytes a character, U+20000 four.
    @Test func parser_countsColumnsInCharactersOnChineseLines() throws {
        let d = try only("category billing\nintent refund\n  match: 𠀀發票 [money\n")
        #expect(d.location == SourceLocation(file: "test.rules", line: 5, column: 14))
        #expect(d.sourceLine == "  match: 𠀀發票 [money")
        let rules = try RuleSet.load([RuleFile(path: "test.rules", contents: "set threshold 0.5\nset margin 0.1\ncategory billing\nintent refund\n  match: 退款 *2 發票\n")])
        #expect(Matcher(rules: rules).classify("我要退款和發票").category == .billing)
    }

    @Test func parser_readsWindowsLineEndsLikeUnixOnes() throws {
        let text = "set threshold 0.5\nset margin 0.1\ncategory billing\nintent refund\n  match: refund\n  sample: I want a refund\n"
        let windows = text.replacingOccurrences(of: "\n", with: "\r\n")
        let rules = try RuleSet.load([RuleFile(path: "test.rules", contents: windows)])
        #expect(Matcher(rules: rules).classify("I want a refund").category == .billing)
        #expect(rules.intents.first?.location.line == 4)
        let d = try only("category biling\r\nintent refund\r\n")
        #expect(d.location.line == 3 && d.location.column == 10)
    }

    @Test func parser_rejectsAnUnknownCategory_suggestingTheClosest() throws {
        let d = try only("category biling\n")
        #expect(d.location.line == 3 && d.location.column == 10)
        #expect(d.message.contains("unknown category 'biling'") && d.message.contains("did you mean 'billing'"))
    }

    @Test func parser_rejectsAMisspeltIntentLine() throws {
        let d = try only("category billing\nintent refund\n  mach: refund\n")
        #expect(d.message.contains("unknown intent line 'mach'") && d.message.contains("did you mean 'match'"))
        #expect(d.location.column == 3)
    }

    @Test func parser_rejectsAnIntentOutsideACategory() throws {
        let d = try only("intent refund\n  match: refund\n")
        #expect(d.message.contains("must follow a 'category NAME' line"))
    }

    @Test func parser_rejectsIndentedLinesOutsideABlock() throws {
        let d = try only("  match: refund\n")
        #expect(d.message.contains("not inside an intent or concept"))
    }

    @Test func parser_rejectsGapsAtTheEdgesAndTwoInARow() throws {
        #expect(try only("category billing\nintent a\n  match: * refund\n").message.contains("cannot start with a gap"))
        #expect(try only("category billing\nintent a\n  match: refund *3\n").message.contains("cannot end with a gap"))
        #expect(try only("category billing\nintent a\n  match: a * *2 b\n").message.contains("two gaps in a row"))
    }

    @Test func parser_rejectsACommaBetweenElements() throws {
        let d = try only("category billing\nintent a\n  match: refund, money\n")
        #expect(d.message.contains("separates items only inside"))
        #expect(d.location.column == 16)
    }

    @Test func parser_rejectsNestedAndEmptyGroups() throws {
        #expect(try only("category billing\nintent a\n  match: [a [b c]]\n").message.contains("cannot be nested"))
        #expect(try only("category billing\nintent a\n  match: x []\n").message.contains("empty group"))
    }

    @Test func parser_rejectsPatternsWithNothingRequired() throws {
        #expect(try only("category billing\nintent a\n  match: {maybe}\n").message.contains("not optional"))
        #expect(try only("category billing\nintent a\n  match: ^ $\n").message.contains("not optional"))
    }

    @Test func parser_checksTheBoundOfAnUnorderedGroup() throws {
        #expect(try only("category billing\nintent a\n  match: <a *3>\n").message.contains("two items or more"))
        #expect(try only("category billing\nintent a\n  match: <a b *>\n").message.contains("needs a number"))
        #expect(try only("category billing\nintent a\n  match: <a b *2 *3>\n").message.contains("one bound"))
        #expect(try only("category billing\nintent a\n  match: <a b c d e *3>\n").message.contains("at most 4 items"))
        #expect(try only("category billing\nintent a\n  match: [a *3 b]\n").message.contains("cannot appear here"))
        #expect(try only("category billing\nintent a\n  match: <a {b} c *2>\n").message.contains("can only be [ ]"))
        #expect(try only("category billing\nintent a\n  match: <[a b] [c [d]]>\n").message.contains("cannot be nested"))
        let d = try only("category billing\nintent a\n  match: <a b *3 c *4>\n")
        #expect(d.location.column == 20)
    }

    @Test func parser_rejectsAGapTooLargeToRead_ratherThanStopping() throws {
        let d = try only("category billing\nintent a\n  match: x *99999999999999999999 y\n")
        #expect(d.message.contains("too large"))
        #expect(d.location.column == 13)
    }

    @Test func parser_rejectsAnchorsOutOfPlace() throws {
        #expect(try only("category billing\nintent a\n  match: refund ^\n").message.contains("can only come first"))
        #expect(try only("category billing\nintent a\n  match: refund $ now\n").message.contains("nothing may follow"))
    }

    @Test func parser_rejectsWordsWithNothingToMatch() throws {
        #expect(try only("category billing\nintent a\n  match: refund ???\n").message.contains("can never match"))
        // 们 alone is a Chinese character the normaliser drops: the message says so.
        #expect(try only("category human\nintent a\n  match: [你 们] *2 好\n").message.contains("们, the plural, is not read"))
    }

    @Test func parser_rejectsAPhraseWithANamelessConcept() throws {
        let d = try only("category billing\nintent a\n  match: \"~ 闪\"\n")
        #expect(d.message.contains("'~' must be followed by a concept name"))
        #expect(d.location.column == 11)   // the ~, after `  match: "`
    }

    @Test func parser_checksNumbers() throws {
        #expect(try only("category billing\nintent a\n  match 1.5: refund\n").message.contains("weight is a number above 0"))
        #expect(try only("category billing\nintent a\n  priority high\n").message.contains("priority is a whole number"))
        #expect(try only("set threshold 2\n").message.contains("from 0.0 to 1.0"))
        #expect(try only("set treshold 0.4\n").message.contains("did you mean 'threshold'"))
    }

    @Test func parser_rejectsASettingGivenTwice() throws {
        let d = try only("set threshold 0.6\n")
        #expect(d.message.contains("already set at test.rules:1"))
    }

    @Test func parser_doesNotCascadeFromARejectedHeader() throws {
        let d = try only("category nope\nintent a\n  match: x\n")
        #expect(d.location.line == 3)
    }

    @Test func parser_reportsEveryMistakeAtOnce() {
        let found = diagnostics("set threshold 0.5\nset margin 0.1\ncategory nope\ncategory billing\nintent a\n  match: [x\n  sample: ok\nbogus line\n")
        #expect(found.map(\.location.line) == [3, 6, 8])
    }

    @Test func compiler_rejectsAPhraseThatStandsForTooManyPhrases() throws {
        let many = (0..<50).map { "w\($0)" }.joined(separator: " ")
        let d = try only("concept ~a: \(many)\nconcept ~b: \(many)\ncategory billing\nintent a\n  match: \"~a ~b\"\n")
        #expect(d.message.contains("stands for more than 2000 phrases"))
        #expect(d.location.line == 7)
    }

    @Test func compiler_rejectsAnUnknownConcept_suggestingTheClosest() throws {
        let d = try only("category billing\nconcept ~charge: charge fee\nintent a\n  match: ~chrage twice\n")
        #expect(d.message == "unknown concept ~chrage (did you mean ~charge?)")
        #expect(d.location == SourceLocation(file: "test.rules", line: 6, column: 10))
        #expect(d.description.contains("^~~~~~~"))
    }

    @Test func compiler_rejectsDuplicatesAndCycles() throws {
        #expect(try only("category billing\nintent a\n  match: x\nintent a\n  match: y\n").message.contains("already defined at test.rules:4"))
        #expect(try only("concept ~a: x\nconcept ~a: y\ncategory billing\nintent b\n  match: ~a\n").message.contains("already defined"))
        #expect(try only("concept ~a: x ~b\nconcept ~b: ~a\ncategory billing\nintent c\n  match: ~a\n").message.contains("includes itself"))
    }

    @Test func compiler_rejectsAWordOnTwoFormsLines() throws {
        // "bill" would join whichever group the vocabulary read last, and rules written with "billing" change.
        let d = try only("forms bill: bills\nforms billing: billings bill\ncategory billing\nintent a\n  match: bill\n")
        #expect(d.message == "'bill' is already on the forms line at test.rules:3; a word belongs to one forms line")
        #expect(d.location == SourceLocation(file: "test.rules", line: 4, column: 25))
    }

    @Test func parser_rejectsVariantsWithoutAVariant_orOfTheWordItself() throws {
        #expect(try only("variants 登录:\n").message.contains("'variants' needs a word, a colon and what customers also write for it"))
        let same = try only("variants 登录: 登錄\n")  // the same word once folded to Simplified
        #expect(same.message == "'登錄' is the word itself, not a variant of it")
        #expect(same.location == SourceLocation(file: "test.rules", line: 3, column: 14))
    }

    @Test func parser_readsAQuotedItemAsOneItem_andReportsAQuoteNeverClosed() throws {
        // Read word by word, `variants outlook: "out look"` made "out" and "look" each a variant.
        let unclosed = try only("variants outlook: \"out look\n")
        #expect(unclosed.message == "the quoted phrase is never closed")
        #expect(unclosed.location == SourceLocation(file: "test.rules", line: 3, column: 19))
        let phrase = try only("forms pay: paid \"paid out\"\n")
        #expect(phrase.message == "'paid out' is not a single word; forms are single words")
        #expect(phrase.location == SourceLocation(file: "test.rules", line: 3, column: 17))
    }

    @Test func compiler_requiresTheThresholds() {
        let found = diagnostics("category billing\nintent a\n  match: x\n", file: "Intents/a.rules")
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.location.line == 0 && $0.description.hasPrefix("Intents: the rules never set") })
    }

    @Test func parser_readsAWellFormedFile() throws {
        let rules = try compile("""
        # a comment
        category billing
        concept ~charge: charge fee "extra charge"   # members: words, phrases
          surcharge 扣款
        intent double_charge
          priority 2
          weight 0.7
          match: ~charge *3 twice
          match 0.9: [charged billed] twice
          not: atm
          sample: I was charged twice
        """)
        let intent = try #require(rules.intent(named: "billing.double_charge"))
        #expect(intent.category == .billing && intent.priority == 2)
        #expect(intent.triggers.map(\.weight) == [0.7, 0.9, 0.7])
        #expect(intent.triggers.map(\.isNegative) == [false, false, true])
        #expect(intent.triggers[0].location == SourceLocation(file: "test.rules", line: 10, column: 3))
        #expect(intent.samples.map(\.text) == ["I was charged twice"])
    }

    /// Files parsed on two threads come together as if read one after another: the later rule
    /// files and the word lists go to the other thread, so these files land on both.
    @Test func parser_keepsFileOrderAcrossItsTwoThreads() throws {
        let files = (0..<8).map { i in
            RuleFile(path: "f\(i).rules", contents: (i == 0 ? "set threshold 0.5\nset margin 0.1\n" : "")
                + "category billing\nintent i\(i)\n  match: word\(i)\n  sample: word\(i)\n")
        } + [RuleFile(path: "k.words", contents: "cancer\n")]
        let rules = try RuleSet.load(files)
        #expect(rules.intents.map(\.name) == (0..<8).map { "billing.i\($0)" })
        #expect(Matcher(rules: rules).intentName("word7") == "billing.i7")

        var broken = files
        for i in [1, 6] { broken[i].contents += "  match: [unclosed\n" }
        broken.insert(RuleFile(path: "m.words", contents: "two words\n"), at: 3)  // parsed with the later files
        let found = diagnostics(of: broken)
        #expect(found.map(\.location.file) == ["f1.rules", "m.words", "f6.rules"])
    }

    /// A setting given twice is caught even when the two lines are in files parsed on different
    /// threads (two files of one size: one on each).
    @Test func compiler_rejectsASettingGivenTwiceInTwoFiles() {
        let found = diagnostics(of: [RuleFile(path: "a.rules", contents: "set threshold 0.5\nset margin 0.1\n"),
                                     RuleFile(path: "b.rules", contents: "set threshold 0.6\nset margin 0.2\n")])
        #expect(found.map(\.message) == ["'threshold' is already set at a.rules:1", "'margin' is already set at a.rules:2"])
        #expect(found.first?.location == SourceLocation(file: "b.rules", line: 1, column: 5))
    }

    @Test func wordList_rejectsLinesThatAreNotOneWord() {
        let found = diagnostics(of: [RuleFile(path: "a.rules", contents: "set threshold 0.5\nset margin 0.1\n"),
                                     RuleFile(path: "k.words", contents: "# comment\nfine\nTwo words\n")])
        #expect(found.count == 1)
        #expect(found.first?.description.hasPrefix("k.words:3:1: a known-words file holds one word a line") == true)
    }
}
