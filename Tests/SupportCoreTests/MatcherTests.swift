@testable import SupportCore
import Testing

@Suite struct MatcherTests {
    private func matcher(_ rules: String, threshold: Double = 0.5, margin: Double = 0.1) throws -> Matcher {
        Matcher(rules: try compile(rules, threshold: threshold, margin: margin))
    }

    @Test func neighbouringElementsMustBeAdjacent() throws {
        let m = try matcher("category billing\nintent a\n  match: money back\n")
        #expect(m.intentName("I want my money back") == "billing.a")
        #expect(m.intentName("money to pay back") == nil)
    }

    @Test func boundedGapAllowsUpToNWordsBetween() throws {
        let m = try matcher("category billing\nintent a\n  match: charged *3 twice\n")
        #expect(m.intentName("charged twice") == "billing.a")
        #expect(m.intentName("charged for it twice") == "billing.a")
        #expect(m.intentName("charged me for it twice") == "billing.a")      // three between
        #expect(m.intentName("charged me for it all twice") == nil)          // four between
        #expect(m.intentName("twice charged") == nil)
    }

    @Test func unboundedGapAllowsAnyDistance() throws {
        let m = try matcher("category billing\nintent a\n  match: invoice * wrong\n")
        #expect(m.intentName("the invoice you sent me last month for the licences is wrong") == "billing.a")
    }

    @Test func optionalElementsMayBeMissing_andKeepAdjacency() throws {
        let m = try matcher("category account\nintent a\n  match: reset {my the} password\n")
        #expect(m.intentName("reset password") == "account.a")
        #expect(m.intentName("reset my password") == "account.a")
        #expect(m.intentName("reset your password") == nil)
    }

    @Test func alternationMatchesAnyMember() throws {
        let m = try matcher("category billing\nintent a\n  match: [refund \"money back\" 退款] please\n")
        #expect(m.intentName("refund please") == "billing.a")
        #expect(m.intentName("money back please") == "billing.a")
        #expect(m.intentName("退款 please") == "billing.a")
        #expect(m.intentName("money please") == nil)
    }

    @Test func unorderedGroupNeedsEveryMemberInAnyOrder() throws {
        let m = try matcher("category configuration\nintent a\n  match: <spf dkim>\n")
        #expect(m.intentName("set up spf and dkim") == "configuration.a")
        #expect(m.intentName("dkim first, then spf") == "configuration.a")
        #expect(m.intentName("only spf please") == nil)
    }

    @Test func boundedUnorderedGroupKeepsItsItemsWithinNWordsInEitherOrder() throws {
        let m = try matcher("category billing\nintent a\n  match: <[refund \"money back\"] charge *2>\n")
        #expect(m.intentName("refund the charge") == "billing.a")
        #expect(m.intentName("the charge, money back please") == "billing.a")
        #expect(m.intentName("the charge: refund it") == "billing.a")
        #expect(m.intentName("refund for the charge") == "billing.a")          // two between
        #expect(m.intentName("refund me for the charge") == nil)              // three between
        #expect(m.intentName("charge it and then refund") == nil)
        // Any occurrence of an item may be the one near the others: here the second refund.
        #expect(m.intentName("refund asap, then a charge, then refund") == "billing.a")
    }

    @Test func boundedUnorderedGroupPlacesEachItemOnItsOwnWords_afterThePreviousElement() throws {
        let m = try matcher("""
            concept ~pay: pay payment
            category billing
            intent a
              match: <~pay payment *1>
            intent b
              match: urgent *1 <refund charge *0>
            """)
        #expect(m.intentName("payment") == nil)                    // one word is not two items
        #expect(m.intentName("pay the payment") == "billing.a")
        #expect(m.intentName("urgent: charge refund") == "billing.b")
        #expect(m.intentName("urgent please refund charge") == "billing.b")
        #expect(m.intentName("urgent, please now refund charge") == nil)   // too far from "urgent"
        #expect(m.intentName("refund charge, urgent") == nil)              // the group comes after it
        #expect(m.intentName("urgent: refund the charge") == nil)          // *0: side by side
    }

    /// One item repeated through a long message does not crowd the others out of the placement.
    @Test func boundedUnorderedGroupSeesEveryItemOfALongMessage() throws {
        let m = try matcher("category billing\nintent a\n  match: <refund charge *0>\n")
        let message = String(repeating: "refund ", count: 1_500) + "charge"
        #expect(m.intentName(message) == "billing.a")
        #expect(m.intentName(String(repeating: "refund ", count: 1_500) + "x charge") == nil)
    }

    /// Of the placements ending at one word, the one with the fewest corrected words counts: here
    /// "refund charge", not "refunf charge" (one edit from refund), so the weight is not reduced.
    @Test func boundedUnorderedGroupCountsThePlacementWithTheFewestCorrections() throws {
        let m = try matcher("category billing\nintent a\n  match: <refund charge *3>\n")
        let exact = m.classify("refund charge").confidence
        #expect(m.classify("refunf charge").confidence < exact)
        #expect(m.classify("refund refunf charge").confidence == exact)
        #expect(m.classify("refunf refund charge").confidence == exact)
    }

    @Test func anchorsTieToTheStartAndEnd() throws {
        let m = try matcher("category smalltalk\nintent hi\n  match: ^ hello $\ncategory human\nintent x\n  match: ^ *1 agent\n")
        #expect(m.intentName("hello!") == "smalltalk.hi")
        #expect(m.intentName("hello, my invoice") == nil)
        #expect(m.intentName("agent") == "human.x")
        #expect(m.intentName("an agent") == "human.x")
        #expect(m.intentName("I want an agent") == nil)
    }

    @Test func conceptsNestAndHoldPhrasesAndChinese() throws {
        let m = try matcher("concept ~money: cash funds \"money back\"\nconcept ~get: get ~money 退款\ncategory billing\nintent a\n  match: ~get\n")
        for text in ["get it", "cash", "I want my money back", "我要退款"] {
            #expect(m.intentName(text) == "billing.a", "\(text)")
        }
        #expect(m.intentName("money") == nil)
    }

    @Test func aVariantStandsForItsWordInsideEveryPhrase_oneWay() throws {
        let m = try matcher("variants 登录: 登陆\nvariants 什么时候: 啥时候\ncategory account\nintent a\n  match: [无法登录 \"登录页面\"]\n"
                            + "intent b\n  match: 什么时候能登录\ncategory howto\nintent c\n  match: 登陆月球\n")
        for text in ["无法登录", "无法登陆", "無法登陸", "登陆页面打不开"] { #expect(m.intentName(text) == "account.a", "\(text)") }
        #expect(m.intentName("啥时候能登陆") == "account.b")  // two lines' variants in one phrase
        // One way: a rule written with the variant does not match the word.
        #expect(m.intentName("登录月球") == nil)
    }

    @Test func aQuotedVariant_isOnePhraseOfItsWords_neverEachWordAlone() throws {
        // An English word customers write in two ("out look"): the two words together stand for it.
        let m = try matcher("variants outlook: \"out look\"\ncategory configuration\nintent a\n  match: outlook *2 crashing\n"
                            + "category account\nintent b\n  match: \"logs me out\"\n")
        for text in ["out look keeps crashing", "outlook keeps crashing"] { #expect(m.intentName(text) == "configuration.a", "\(text)") }
        #expect(m.intentName("it logs me out") == "account.b")
        for text in ["out keeps crashing", "look keeps crashing", "look out, it keeps crashing"] { #expect(m.intentName(text) == nil, "\(text)") }
    }

    @Test func aPhraseMayNameAConcept_standingForEachOfItsMembersInPlace() throws {
        // Chinese joins "keeps on" to the verb (一直闪, 老是闪): the concept is written inside the phrase.
        let m = try matcher("concept ~keeps: 一直 老是 \"over and over\"\ncategory connectivity\nintent a\n  match: screen *2 [\"~keeps 闪\" \"~keeps flickers\"]\n")
        for text in ["screen 一直闪", "screen 老是闪", "the screen over and over flickers", "screen 老是閃"] {
            #expect(m.intentName(text) == "connectivity.a", "\(text)")
        }
        #expect(m.intentName("screen 闪") == nil)
        #expect(m.intentName("screen 一直 it 闪") == nil)   // still a phrase: its words are adjacent
        let joined = try matcher("concept ~keeps: 一直 老是\ncategory connectivity\nintent a\n  match: \"~keeps闪\"\n")
        #expect(joined.intentName("老是闪") == "connectivity.a")
    }

    @Test func wordsMatchTheirInflections() throws {
        let m = try matcher("category billing\nintent a\n  match: charge twice\n")
        for text in ["charge twice", "charged twice", "charges twice", "charging twice"] {
            #expect(m.intentName(text) == "billing.a", "\(text)")
        }
    }

    @Test func formsLinesJoinIrregularWords_andKeepDeclaredWordsApart() throws {
        let m = try matcher("forms pay: paid\nforms setting: settings\ncategory billing\nintent a\n  match: pay twice\ncategory configuration\nintent b\n  match: set up\n")
        #expect(m.intentName("I paid twice") == "billing.a")
        #expect(m.intentName("setting up") == nil)  // "setting" is declared apart from "set"
        #expect(m.intentName("set up") == "configuration.b")
    }

    /// `explain` names a word's group: a group a `forms` line declares by the line's first word,
    /// even when a shorter shorthand is on the line; another group by its shortest word.
    @Test func aFormsLineNamesItsGroupByItsFirstWord() throws {
        let m = try matcher("forms account: accounts acct\ncategory account\nintent a\n  match: account locked\n  match: updated\n  match: update now\n")
        #expect(m.intentName("acct locked") == "account.a")
        let lemmas = m.tokenResolutions().map(\.lemma)
        #expect(lemmas == ["account", "locked"])
        _ = m.classify("accounts updated")  // "update" and "updated", both written, are one group
        #expect(m.tokenResolutions().map(\.lemma) == ["account", "update"])
    }

    @Test func negativeTriggerSuppressesItsIntent() throws {
        let m = try matcher("category billing\nintent a\n  match: charged twice\n  not: atm\n")
        #expect(m.intentName("charged twice") == "billing.a")
        let result = m.classify("the atm charged twice")
        #expect(result.intent == nil && result.category == .unknown)
        #expect(m.matchedTriggers.contains { $0.isNegative })
    }

    @Test func triggerWeightsCombineByNoisyOr() throws {
        let m = try matcher("category billing\nintent a\n  match 0.6: invoice\n  match 0.5: wrong\n")
        #expect(abs(m.classify("invoice").confidence - 0.6) < 1e-9)
        #expect(abs(m.classify("wrong invoice").confidence - 0.8) < 1e-9)  // 1 - 0.4 × 0.5
    }

    @Test func belowTheThresholdIsUnknown_withTheBestAsRunnerUp() throws {
        let m = try matcher("category billing\nintent a\n  match 0.4: invoice\n", threshold: 0.5)
        let result = m.classify("invoice")
        #expect(result.category == .unknown && result.intent == nil)
        #expect(abs(result.confidence - 0.6) < 1e-9)
        #expect(result.runnerUp.map { m.rules.intents[$0].name } == "billing.a")
        let lowered = Matcher(rules: try compile("category billing\nintent a\n  match 0.4: invoice\n", threshold: 0.3))
        #expect(lowered.classify("invoice").category == .billing)
    }

    @Test func priorityBeatsConfidence() throws {
        let m = try matcher("category billing\nintent bill\n  match 0.95: invoice\ncategory human\nintent agent\n  priority 10\n  match 0.6: agent\n")
        let result = m.classify("agent about my invoice")
        #expect(result.category == .human)
        #expect(result.runnerUp.map { m.rules.intents[$0].name } == "billing.bill")
        #expect(!result.isAmbiguous)
    }

    @Test func closeScoresAreAmbiguous_distantOnesAreNot() throws {
        let rules = "category billing\nintent bill\n  match 0.8: invoice\ncategory account\nintent login\n  match 0.75: login\n"
        #expect(try matcher(rules, margin: 0.1).classify("login invoice").isAmbiguous)
        #expect(try !matcher(rules, margin: 0.02).classify("login invoice").isAmbiguous)
    }

    @Test func typoToleranceCorrectsLongWordsAndCountsLess() throws {
        let m = try matcher("category billing\nintent a\n  match 0.8: invoice\n")
        let exact = m.classify("invoice")
        let typo = m.classify("invoise")
        #expect(typo.intent == exact.intent)
        #expect(typo.confidence < exact.confidence)
        #expect(m.matchedTriggers.first?.usedTypoCorrection == true)
        #expect(m.classify("invoxxe").intent == nil)  // two edits
    }

    /// "custome" is one edit from "customs" (a neighbouring key), from "customed" (an inflection the
    /// rules never wrote, one letter short) and from "customer" (a rule word, one letter short).
    /// Stopping a letter short beats a neighbouring key, and a written word beats a generated form
    /// of the same slip; without either, the earlier lemma ("custom") would win.
    @Test func typoPrefersAWordCutShortAndAWrittenWordToAGeneratedForm() throws {
        let m = try matcher("category unknown\nintent a\n  match: custom\ncategory human\nintent b\n  match: customer\n")
        #expect(m.intentName("custome") == "human.b")
        #expect(m.intentName("customs") == "unknown.a")  // an exact form is no typo
        #expect(m.intentName("customr") == "human.b")  // a letter missing ("customer") before one too many ("custom")
    }

    /// "creting" is two neighbours swapped in "certing" (the inflector's form of the abbreviation
    /// "cert") and a letter missing from "creating" (an English word, and a form of "create"). The
    /// likelier slip used to win; an inflection no word list spells now comes after any word.
    @Test func typoPrefersARealWordToAnInflectionOfAnAbbreviation() throws {
        let rules = try RuleSet.load([
            RuleFile(path: "a.rules", contents: """
                set threshold 0.5\nset margin 0.1
                category configuration\nintent a\n  match: cert\ncategory account\nintent b\n  match: create\n
                """),
            RuleFile(path: "k.words", contents: "creating\n"),
        ])
        let m = Matcher(rules: rules)
        #expect(m.intentName("creting") == "account.b")
        #expect(m.intentName("certing") == "configuration.a")  // typed as generated: an exact form
        // Ranked last, not left out: with no word one edit away, "certinng" is still "certing".
        #expect(m.intentName("certinng") == "configuration.a")
    }

    /// "csll" is a neighbouring key from "cell" and from "call", both words a rule wrote: the one the
    /// intents' samples hold wins, not the one defined first.
    @Test func typoPrefersTheWordTheSamplesUse() throws {
        let m = try matcher("""
            category connectivity\nintent a\n  match: cell
            category human\nintent b\n  match: call\n  sample: call me\n  sample: please call me back\n
            """)
        #expect(m.intentName("csll") == "human.b")
        #expect(m.intentName("cell") == "connectivity.a")
    }

    /// "thisis" is one letter from "thises", an inflection of "this" that no word list spells, and
    /// is "this" and "is" typed without the space: the two words are the likelier reading.
    @Test func twoWordsWithoutASpaceBeatAnInflectionNoListSpells() throws {
        let m = try matcher("category human\nintent a\n  match: this is urgent\n")
        #expect(m.intentName("thisis urgent") == "human.a")
        #expect(m.intentName("thises urgent") == nil)  // typed as generated: one word, "this"
    }

    /// A phrase named twice in one alternative, directly and through a concept, is one member of
    /// its term: the message finds it once for the term. (A two-word phrase: a term's one-word
    /// phrases share one mark a token however often they are listed, its longer ones do not.)
    @Test func aPhraseNamedTwiceInAnAlternativeIsMarkedOnce() throws {
        let m = try matcher("concept ~signin: \"log in\" signin\ncategory account\nintent a\n  match: [\"log in\" ~signin \"log in\"]\n")
        #expect(m.intentName("log in") == "account.a")
        #expect(m.lastMessageWork.termHits == 1)
    }

    /// Below five letters only the slips that keep a word recognisable are corrected.
    @Test func shortWordsAreCorrectedOnlyForSlipsThatKeepThemRecognisable() throws {
        let m = try matcher("""
            category configuration\nintent a\n  match: dkim\ncategory billing\nintent b\n  match: [bill bills]
            category account\nintent c\n  match: email\ncategory connectivity\nintent d\n  match: json
            category human\nintent e\n  match: agent\ncategory unknown\nintent f\n  match: sent\n
            """)
        #expect(m.intentName("dkiq") == nil)  // four letters, one changed for a far key: too far
        #expect(m.intentName("dkin") == "configuration.a")  // a neighbouring key
        #expect(m.intentName("dkmi") == "configuration.a")  // two neighbours swapped
        #expect(m.intentName("aent") == "human.e")  // a dropped letter before a neighbouring key ("sent")
        #expect(m.intentName("biill") == "billing.b")  // a four-letter word with a letter doubled...
        #expect(m.intentName("jason") == nil)  // ...but not with any letter added
        #expect(m.intentName("emal") == "account.c")  // a letter dropped from a five-letter word
        #expect(m.intentName("bil") == nil)  // three letters: never corrected
        #expect(m.intentName("billz") == "billing.b")
    }

    /// A `forms` line with no forms keeps a word apart from the word whose generated forms
    /// would otherwise make it one ("point" makes "points").
    @Test func formsLineWithNoFormsKeepsAWordApart() throws {
        let rules = "category configuration\nintent a\n  match: point\ncategory unknown\nintent b\n  match: points\n"
        let joined = try matcher(rules)
        #expect(joined.intentName("at this point") == joined.intentName("my points"))  // one lemma: the same winner
        let apart = try matcher("forms points:\n" + rules)
        #expect(apart.intentName("at this point") == "configuration.a")
        #expect(apart.intentName("my points") == "unknown.b")
    }

    @Test func knownWordsAreNeverCorrected() throws {
        let plain = try compile("category updates\nintent a\n  match: tire\n")
        #expect(Matcher(rules: plain).intentName("tired") == "updates.a")  // an inflection, not a typo
        let withKnown = try RuleSet.load([
            RuleFile(path: "a.rules", contents: "set threshold 0.5\nset margin 0.1\ncategory billing\nintent a\n  match: [cancel thank]\n"),
            RuleFile(path: "k.words", contents: "cancer\ntank\n"),
        ])
        let m = Matcher(rules: withKnown)
        #expect(m.intentName("cancer") == nil)
        #expect(m.intentName("cancek") == "billing.a")
        #expect(m.intentName("tank") == nil)  // a correctly spelt four-letter word, not "thank"
        #expect(m.intentName("thnak") == "billing.a")
    }

    @Test func exactMatchBeatsATypoCorrectedOne() throws {
        let m = try matcher("category billing\nintent invoice\n  match: invoices\ncategory account\nintent verify\n  match: voices\n")
        // "voices" is an exact rule word; it must not be read as a typo of "invoices".
        #expect(m.intentName("voices") == "account.verify")
    }

    @Test func repeatedLettersAreShortenedFurtherWhenNeeded() throws {
        let m = try matcher("category smalltalk\nintent hi\n  match: hi\n")
        #expect(m.intentName("hiiiii") == "smalltalk.hi")
    }

    /// Two rule words typed without a space are read as both, as corrected words, and the
    /// words after them keep their order and distances.
    @Test func twoWordsTypedWithoutASpaceAreReadAsBoth() throws {
        let m = try matcher("""
            category billing
            intent fee
              match 0.8: cancellation charges now *1 please
            category account
            intent person
              match: to somebody
            """)
        for _ in 0..<2 {  // the second time from the matcher's memory of the word
            let joined = m.classify("see cancellationcharges now please")
            #expect(joined.intent.map { m.rules.intents[$0].name } == "billing.fee")
            #expect(joined.confidence < m.classify("see cancellation charges now please").confidence)  // counted as a typo
            #expect(m.classify("see cancellationcharges now and then please").intent == nil)  // the gaps after it still count
        }
        #expect(m.intentName("talk tosomebody") == "account.person")  // a two-letter part
        #expect(m.tokens.count == 3)
        #expect(m.tokenResolutions().map(\.how) == ["not in the rules", "part of a word typed without a space", "part of a word typed without a space"])
        #expect(m.intentName("cancellationchargez please") == nil)  // both parts must be rule words as they are
    }

    /// Product names, patches and error codes are written with their number attached ("office365",
    /// "KB5034441"): a rule word followed by digits is read as the word and the number, and as
    /// written, not as a typo.
    @Test func aWordAndItsNumberWrittenTogetherAreReadAsBoth() throws {
        let m = try matcher("""
            category updates
            intent failed
              match 0.8: kb *3 failed
            category configuration
            intent app
              match 0.8: office 365 *2 crashes
            """)
        for _ in 0..<2 {  // the second time from the matcher's memory of the word
            let joined = m.classify("KB5034441 failed last night")
            #expect(joined.intent.map { m.rules.intents[$0].name } == "updates.failed")
            #expect(joined.confidence == m.classify("KB 5034441 failed last night").confidence)  // no typo
            #expect(m.intentName("my office365 crashes") == "configuration.app")  // the number is a rule word too
        }
        #expect(m.tokens.count == 4)  // my, office, 365, crashes
        #expect(m.tokenResolutions().map(\.how) == ["not in the rules", "part of a word typed without a space", "part of a word typed without a space", "exact"])
        #expect(m.intentName("xkb5034441 failed") == nil)    // the letters must be a rule word as they are
        #expect(m.intentName("kb5034441x failed") == nil)    // and the rest only digits
        #expect(m.intentName("k5034441 failed") == nil)      // of two letters or more
    }

    /// Windows and Office show their error codes as C hexadecimal numbers ("0x80070005"): read as
    /// the word "0x" and the number, so a `forms` line can say what "0x" stands for.
    @Test func aHexadecimalCodeIsReadAsTheWordZeroXAndItsNumber() throws {
        let m = try matcher("""
            forms error: 0x
            category connectivity
            intent install
              match 0.8: error *3 installing
            """)
        for _ in 0..<2 {  // the second time from the matcher's memory of the word
            #expect(m.intentName("got 0x80070005 when installing") == "connectivity.install")
            #expect(m.classify("got 0x80070005 when installing").confidence == m.classify("got error when installing").confidence)  // no typo
        }
        #expect(m.intentName("got 0x800CCC0E when installing") == "connectivity.install")  // upper-case digits too
        #expect(m.intentName("got 0x8007000g when installing") == nil)  // only hexadecimal digits
        #expect(m.intentName("got 80070005 when installing") == nil)
        #expect(m.intentName("got x80070005 when installing") == nil)
    }

    /// "e-mail" is "email" when the rules know that word, and words a rule wrote apart ("sign up")
    /// also match the word they make, so a customer's "sign-up" reaches them either way.
    @Test func hyphenatedWordsAreReadAsTheWordTheRulesKnow() throws {
        let m = try matcher("""
            category configuration
            intent mail
              match: email *3 broken
            intent post
              match: mail *3 lost
            category account
            intent form
              match 0.8: "sign up" *2 page
            intent bonus
              match: signup bonus
            """)
        #expect(m.intentName("my e-mail is broken") == "configuration.mail")
        #expect(m.tokenResolutions().map(\.how) == ["not in the rules", "written with a hyphen", "not in the rules", "exact"])
        #expect(m.intentName("my e mail is broken") == nil)  // words apart stay apart ("mail" is a known word)
        for text in ["the sign-up page", "the signup page", "the sign up page"] {
            #expect(m.intentName(text) == "account.form", "\(text)")
            #expect(m.classify(text).confidence == 0.8, "\(text)")  // no typo correction in any
        }
        #expect(m.intentName("sign-up bonus") == "account.bonus")
        // Without "signup" among the rule words, "sign-up" stays two words and still matches.
        let apart = try matcher("category account\nintent form\n  match 0.8: \"sign up\" *2 page\n")
        #expect(apart.intentName("the sign-up page") == "account.form")
        #expect(apart.tokens.count == 4)
    }

    /// `^` is the first word, or the first after the greeting a message opens with: phrases of the
    /// rules' `~opening`, one after another from the start. Only anchored rules see the greeting.
    @Test func theStartAnchorAlsoMatchesAfterAnOpeningGreeting() throws {
        let m = try matcher("""
            concept ~opening: hi hello "hi team" "dear support"
            category human
            intent agent
              match: ^ *1 agent *1 $
            category smalltalk
            intent greeting
              priority -2
              match: ^ hello
            category billing
            intent details
              match: update *2 address
              not: team
            """)
        #expect(m.intentName("agent please") == "human.agent")
        #expect(m.intentName("hi team, agent please") == "human.agent")
        #expect(m.intentName("Dear support, hi! an agent now") == "human.agent")  // openings in a row
        #expect(m.intentName("hello") == "smalltalk.greeting")  // rules still see the opening from the start
        #expect(m.intentName("my team, agent please") == nil)   // "team" opens nothing alone
        #expect(m.intentName("hi my team agent please") == nil) // and the gap counts from the opening's end
        #expect(m.intentName("hi team, update my address") == "billing.details")  // whom it greets is no team
        #expect(m.intentName("update the team address") == nil)
        let plain = try matcher("category human\nintent agent\n  match: ^ *1 agent *1 $\n")
        #expect(plain.intentName("hi team, agent please") == nil)
    }

    /// `$` is the end of the message, or the start of the courtesy it closes with: phrases of the
    /// rules' `~closing`, one right before another up to the last word. Every rule still sees them.
    @Test func theEndAnchorAlsoMatchesBeforeAClosingCourtesy() throws {
        let m = try matcher("""
            concept ~opening: hi
            concept ~closing: please thanks "thanks in advance" 谢谢
            category human
            intent agent
              match: ^ *1 agent $
            intent number
              match: ^ support number $
            category smalltalk
            intent thanks
              priority -2
              match: ^ *3 thanks *2 $
            """)
        #expect(m.intentName("agent") == "human.agent")
        #expect(m.intentName("an agent please") == "human.agent")
        #expect(m.intentName("Agent. Thanks in advance!") == "human.agent")
        #expect(m.intentName("support number, please, thanks") == "human.number")  // closings in a row
        #expect(m.intentName("hi, support number please") == "human.number")  // an opening and a closing
        #expect(m.intentName("support number 谢谢") == "human.number")
        #expect(m.intentName("supprot number please") == "human.number")  // the copy that weighs corrections
        #expect(m.intentName("agent now please") == nil)  // the closing is not a gap
        #expect(m.intentName("please support number") == nil)  // nor does it open the message
        #expect(m.intentName("ok thanks") == "smalltalk.thanks")  // rules still see it
        #expect(m.intentName("hi, thanks") == "smalltalk.thanks")  // nothing but courtesies: no closing, same result
        // The closing is the last words only: "please" inside the message anchors nothing. (Words
        // no rule knows after it would be a signature: see the test below.)
        #expect(m.intentName("support number please agent") == nil)
        let plain = try matcher("category human\nintent agent\n  match: ^ *1 agent $\n")
        #expect(plain.intentName("an agent please") == nil)
    }

    /// A mail app's sign-off at the end ("Sent from my iPhone": phrases of the rules' `~signoff`, one
    /// right before another up to the last word) is read by no rule, `not:` lines included, and `$`
    /// matches right before it.
    @Test func noRuleReadsAMailAppsSignoff() throws {
        let m = try matcher("""
            concept ~closing: thanks
            concept ~signoff: "sent from my iphone" "get outlook for android" 发自我的iphone
            category howto
            intent plan
              match: ^ is teams included $
              not: iphone
            category connectivity
            intent phone
              match: iphone *3 [mail email]
              match: [mail email] *4 iphone
            """)
        #expect(m.intentName("is teams included") == "howto.plan")
        #expect(m.intentName("is teams included Sent from my iPhone") == "howto.plan")  // the not does not see it
        #expect(m.intentName("is teams included? thanks. Sent from my iPhone") == "howto.plan")  // a closing before it
        #expect(m.intentName("is teams included Get Outlook for Android Sent from my iPhone") == "howto.plan")  // two in a row
        #expect(m.intentName("is teams included 发自我的iPhone") == "howto.plan")
        #expect(m.signoffTokenCount == 5)
        #expect(m.intentName("is teams included on my iphone") == nil)  // a phone in the message is read
        // Only at the end: inside the message it is read as any words are.
        #expect(m.intentName("sent from my iphone the mail never arrived") == "connectivity.phone")
        #expect(m.intentName("the mail i sent from my iphone") == nil)  // at the end it hides its own words too
        #expect(m.signoffTokenCount == 4)
        #expect(m.intentName("the mail i sent from my iphone yesterday") == "connectivity.phone")
        // A message that is nothing but a sign-off is read whole.
        #expect(m.intentName("sent from my iphone") == nil)
        #expect(m.signoffTokenCount == 0)
        let explanation = m.explain("is teams included Sent from my iPhone")
        #expect(explanation.signoff == "sent from my iphone")
        #expect(explanation.normalized == "is teams included sent from my iphone")
        #expect(explanation.description.contains("sign-off:    sent from my iphone"))
        #expect(m.explain("is teams included").signoff == nil)
    }

    /// A signature after the last courtesy ("Thanks, Ben, account manager": words no rule knows and
    /// phrases of `~signer`, right after a phrase of `~closing`) is read by no rule, and `$` matches
    /// right before it; without the courtesy before them the same words are the message's own.
    @Test func noRuleReadsASignatureAfterTheLastCourtesy() throws {
        let m = try matcher("""
            concept ~closing: thanks "kind regards"
            concept ~signer: manager "account manager" "the admin team" ltd
            concept ~signoff: "sent from my iphone"
            category howto
            intent plan
              match: ^ is teams included $
            category human
            intent agent
              priority 10
              match: manager
            category billing
            intent invoice
              match: invoice
            """)
        #expect(m.intentName("is teams included thanks, Ben, account manager") == "howto.plan")
        #expect(m.signoffTokenCount == 3)
        #expect(m.intentName("is teams included. Kind regards, the admin team, Zorblax Ltd") == "howto.plan")
        #expect(m.signoffTokenCount == 5)
        // Before a mail app's line, both go.
        #expect(m.intentName("is teams included thanks Ben Sent from my iPhone") == "howto.plan")
        #expect(m.signoffTokenCount == 5)
        // Without a courtesy right before them, the words are the message's.
        #expect(m.intentName("is teams included Ben") == nil)
        #expect(m.intentName("please put me through to the account manager") == "human.agent")
        #expect(m.intentName("thanks, but I need the account manager") == "human.agent")
        // A word a rule knows ends the signature, and then it is none.
        #expect(m.intentName("is teams included thanks teams manager") == "human.agent")
        #expect(m.signoffTokenCount == 0)
        // A word read as a typo of a rule word signs only before another signature word ("Invoyce
        // Ltd", a firm); alone after the courtesy it is the message's, and read.
        #expect(m.intentName("is teams included thanks, Ben, Invoyce Ltd") == "howto.plan")
        #expect(m.signoffTokenCount == 3)
        #expect(m.intentName("is teams included thanks invoyce") == "billing.invoice")
        #expect(m.signoffTokenCount == 0)
        // A signature is a few words, not a story.
        #expect(m.intentName("is teams included thanks one two three four five six seven eight nine") == nil)
        // Nor when a phrase would carry it past eight words.
        #expect(m.intentName("is teams included thanks account manager one two three four five six seven") == "human.agent")
        #expect(m.signoffTokenCount == 0)
        // A message that is nothing but a courtesy and a signature keeps its courtesy.
        #expect(m.intentName("thanks, Ben") == nil)
        #expect(m.signoffTokenCount == 1)
        let explanation = m.explain("is teams included thanks, Ben, account manager")
        #expect(explanation.signoff == "ben account manager")
        #expect(explanation.description.contains("sign-off:    ben account manager"))
    }

    /// `classifyAgain` gives what `classify` gives, remembered for the same message only.
    @Test func classifyAgain_remembersOnlyTheSameMessage() throws {
        let m = try matcher("category human\nintent agent\n  match: agent\ncategory billing\nintent refund\n  match: refund\n")
        #expect(m.rules.intents[m.classifyAgain("agent please").intent ?? 0].name == "human.agent")
        #expect(m.rules.intents[m.classifyAgain("a refund please").intent ?? 0].name == "billing.refund")
        _ = m.classify("agent")  // the matcher's buffers now hold another message
        #expect(m.rules.intents[m.classifyAgain("a refund please").intent ?? 0].name == "billing.refund")
        #expect(m.classifyAgain("hello").intent == nil)
    }

    /// A correctly spelt English word is never cut in two, however it is made.
    @Test func knownWordsAreNeverSplit() throws {
        let rules = "category billing\nintent a\n  match: [in come]\n"
        #expect(try matcher(rules).intentName("income") == "billing.a")
        let withKnown = try RuleSet.load([
            RuleFile(path: "a.rules", contents: "set threshold 0.5\nset margin 0.1\n" + rules),
            RuleFile(path: "k.words", contents: "income\n"),
        ])
        #expect(Matcher(rules: withKnown).intentName("income") == nil)
    }

    /// The word list spells out some forms and not others ("template", not "templates"): a
    /// known word with a regular ending, spelt as English spells it, is left alone too.
    @Test func regularFormsOfKnownWordsAreNeitherCorrectedNorSplit() throws {
        let rules = "category performance\nintent a\n  match: [temp late charged]\n"
        #expect(try matcher(rules).intentName("templates") == "performance.a")  // cut into "temp" and "lates"
        let withKnown = try RuleSet.load([
            RuleFile(path: "a.rules", contents: "set threshold 0.5\nset margin 0.1\n" + rules),
            RuleFile(path: "k.words", contents: "template\ncharge\n"),
        ])
        let m = Matcher(rules: withKnown)
        #expect(m.intentName("templates") == nil)
        #expect(m.intentName("templated") == nil)
        #expect(m.intentName("chargeed") == "performance.a")  // English writes "charged": still a typo of it
    }

    @Test func aWordSeenAgainIsResolvedAsTheFirstTime() throws {
        // The matcher remembers slow-path resolutions; the second reading must be the same.
        let m = try matcher("category billing\nintent a\n  match 0.8: invoice\ncategory smalltalk\nintent thanks\n  match: thanks\n")
        let first = m.classify("invoise")
        let second = m.classify("invoise")
        #expect(second.intent == first.intent && second.confidence == first.confidence)
        #expect(m.matchedTriggers.first?.usedTypoCorrection == true)
        // "thaaaanks" is shortened to "thaanks" and then found as "thanks", no typo; "thaanks"
        // typed as it is has the same bytes but is a typo of "thanks".
        for _ in 0..<2 {
            #expect(m.intentName("thaaaanks") == "smalltalk.thanks")
            #expect(m.matchedTriggers.first?.usedTypoCorrection == false)
            #expect(m.intentName("thaanks") == "smalltalk.thanks")
            #expect(m.matchedTriggers.first?.usedTypoCorrection == true)
        }
    }

    @Test func chineseRulesMatchBothScriptsAndFullWidthInput() throws {
        let m = try matcher("category connectivity\nintent a\n  match: outlook *4 無法連線\n")
        #expect(m.intentName("Outlook一直無法連線") == "connectivity.a")
        #expect(m.intentName("outlook 一直无法连线") == "connectivity.a")
        #expect(m.intentName("ＯＵＴＬＯＯＫ 一直無法連線") == "connectivity.a")
        #expect(m.intentName("outlook 無法") == nil)
    }

    @Test func matcherIsReusableAcrossMessages() throws {
        let m = try matcher("category billing\nintent a\n  match: refund\n  not: atm\n")
        #expect(m.classify("atm refund").intent == nil)
        #expect(m.classify("refund").intent != nil)  // nothing left over from the suppressed message
        #expect(m.classify("").category == .unknown)
    }

    /// A word in more alternatives than one block of 64 terms holds: its terms span blocks, and
    /// each alternative is found, at its token, whichever block it is in. Here "common" is in 150
    /// alternatives, one an intent, each with a word of its own.
    @Test func aWordInMoreAlternativesThanABlockHoldsReachesEachOfThem() throws {
        func name(_ i: Int) -> String { String(UnicodeScalar(UInt8(97 + i / 26))) + String(UnicodeScalar(UInt8(97 + i % 26))) }
        var rules = "category billing\n"
        for i in 0..<150 { rules += "intent i\(i)\n  match: [common own\(name(i))] *2 tail\(name(i))\n" }
        let m = try matcher(rules)
        for i in [0, 63, 64, 100, 149] {
            #expect(m.intentName("common and tail\(name(i))") == "billing.i\(i)")
            #expect(m.matchedTriggers.count == 1)
            #expect(m.matchedTriggers.first?.firstToken == 0)
            #expect(m.intentName("well own\(name(i)) tail\(name(i))") == "billing.i\(i)")
            #expect(m.matchedTriggers.first?.firstToken == 1)
        }
        #expect(m.intentName("common a b c tailch") == nil)  // three words between: too far
        #expect(m.lastMessageWork.terms == 151)  // "common"'s 150 alternatives and "tailch"'s one
        #expect(m.lastMessageWork.blocks >= 3)
    }

    /// Where phrases of different lengths of one alternative end at the same token, the longest
    /// is its occurrence there first, as the gaps before it are then the shortest.
    @Test func phrasesOfOneAlternativeEndingTogetherAreTriedLongestFirst() throws {
        let m = try matcher("category account\nintent a\n  match: please *0 [reset \"password reset\"]\n")
        #expect(m.intentName("please password reset") == "account.a")
        #expect(m.matchedTriggers.first?.firstToken == 0)
        #expect(m.matchedTriggers.first?.lastToken == 2)
        #expect(m.intentName("please reset") == "account.a")
        #expect(m.intentName("please the reset") == nil)
    }

    /// Alternatives whose phrases end at one token are marked together; each keeps the lengths
    /// of its own phrases ("password reset" two words, "reset" one).
    @Test func alternativesEndingAtOneTokenKeepTheirOwnPhraseLengths() throws {
        let m = try matcher("category account\nintent a\n  match: \"password reset\"\nintent b\n  match: reset\n  match: ^ reset\n")
        _ = m.classify("password reset")
        let spans = m.matchedTriggers.map { [$0.intent, $0.trigger, $0.firstToken, $0.lastToken] }
        #expect(spans == [[0, 0, 0, 1], [1, 0, 1, 1]])  // b's `^ reset` does not match: "reset" is not first
    }

    /// A message without corrections or a greeting has its own copy of `evaluate`, which takes the
    /// first placement that fits (there are no typos to weigh); a corrected word anywhere in the
    /// message, or an opening greeting, takes the copies that weigh them. All three must place a
    /// pattern alike: each occurrence joined to the earliest before it within the gap, and the
    /// match the first so placed. Taking the last that fits would give [2, 4] for "twice" here.
    @Test func everyEvaluationModePlacesPatternsAlike() throws {
        let m = try matcher("""
            concept ~opening: hi hello
            category billing
            intent twice
              match: charged *3 twice
            intent reset
              match: {please} reset *2 password
            intent records
              match: <spf dkim> *2 record
            intent invoice
              match 0.8: invoice
            intent hello
              match 0.8: hello
            """)
        func span(_ message: String, _ intent: String) -> [Int] {
            _ = m.classify(message)
            let index = m.rules.intents.firstIndex { $0.name == intent }
            return m.matchedTriggers.first { $0.intent == index }.map { [$0.firstToken, $0.lastToken] } ?? []
        }
        for (greeting, shift) in [("", 0), ("hi ", 1)] {
            for correction in ["", " invoise"] {  // "invoise" is corrected to "invoice"
                #expect(span(greeting + "charged x charged y twice" + correction, "billing.twice") == [shift, shift + 4])
                #expect(span(greeting + "please reset my reset password" + correction, "billing.reset") == [shift, shift + 4])
                #expect(span(greeting + "dkim and spf record" + correction, "billing.records") == [shift, shift + 3])
                #expect(span(greeting + "charged a b c d twice" + correction, "billing.twice") == [])
            }
        }
        // The other copies ran: the corrected word is found as corrected, and the greeting is
        // hidden from an unanchored pattern, which sees the same word later in the message.
        #expect(span("hi charged x twice invoise", "billing.invoice") == [4, 4])
        #expect(m.matchedTriggers.contains { $0.usedTypoCorrection })
        #expect(span("hello charged x charged y twice", "billing.hello") == [])
        #expect(span("hello charged x charged y twice", "billing.twice") == [1, 5])
        #expect(span("charged x hello", "billing.hello") == [2, 2])
    }

    /// A pattern becomes a candidate where its rarest required word occurs, judged first by the
    /// intents' samples, which are written as customers write: here every sample says "my", so
    /// `my *2 refund` waits for "refund", and "my account" makes one candidate, not two. By the
    /// rules alone it would wait for "my": four alternatives name "refund", one names "my".
    @Test func patternsWaitForTheWordTheSamplesUseLeast() throws {
        let m = try matcher("""
            category billing
            intent refund
              match: my *2 refund
              match: [refund money] back
              match: [refund cash] now
              match: [refund credit] note
              sample: my refund please
            intent profile
              match: my account
              sample: my account
              sample: update my address
            """)
        #expect(m.intentName("my account") == "billing.profile")
        #expect(m.lastMessageWork.candidates == 1)
        #expect(m.intentName("my refund") == "billing.refund")
        #expect(m.lastMessageWork.candidates == 1)
    }

    @Test func veryLongMessagesAreClassifiedOnTheirFirstTokens() throws {
        let m = try matcher("category billing\nintent a\n  match: refund\n")
        let long = "refund " + String(repeating: "word ", count: Matcher.maximumTokens * 2)
        #expect(m.intentName(long) == "billing.a")
        let late = String(repeating: "word ", count: Matcher.maximumTokens * 2) + "refund"
        #expect(m.intentName(late) == nil)
    }

    /// Occurrences are read back from the blocks of terms marked at each token, whatever the
    /// token's number (an earlier design kept them in a 64-bit word a term, token 63 standing for
    /// all later ones). Gaps, order, typos and positions must come out as they do early in a message.
    @Test func occurrencesFromTheSixtyFourthTokenOnAreFoundWhereTheyAre() throws {
        let m = try matcher("""
            category billing
            intent twice
              match: charged *3 twice
            intent invoice
              match 0.8: invoice
            category configuration
            intent pair
              match: <spf dkim>
            """)
        func filler(_ count: Int) -> String { String(repeating: "word ", count: count) }
        #expect(m.intentName(filler(70) + "charged for it twice") == "billing.twice")
        #expect(m.intentName(filler(70) + "charged me for it all twice") == nil)    // four between
        #expect(m.intentName(filler(70) + "twice charged") == nil)
        #expect(m.intentName(filler(62) + "charged for twice") == "billing.twice")  // 62 → 64
        #expect(m.intentName(filler(61) + "charged a b c d twice") == nil)          // 61 → 66
        #expect(m.intentName("twice " + filler(70) + "charged") == nil)
        #expect(m.intentName(filler(80) + "dkim " + filler(20) + "spf") == "configuration.pair")

        #expect(m.intentName(filler(80) + "invoise") == "billing.invoice")
        #expect(m.matchedTriggers.first?.usedTypoCorrection == true)
        #expect(m.matchedTriggers.first?.firstToken == 80)
        // The same word typed right later in the message is preferred to the corrected one.
        #expect(m.intentName("invoise " + filler(90) + "invoice") == "billing.invoice")
        #expect(m.matchedTriggers.first?.usedTypoCorrection == false)
        #expect(m.matchedTriggers.first?.firstToken == 91)
    }

    /// Candidates carry the number of the message that made them; when the numbers wrap around,
    /// those of messages long gone must not be taken for the new ones'. (Terms marked present are
    /// cleared by the next message, which the first half checks across the wrap as well.)
    @Test func nothingOfAnOldMessageCountsWhenMessageNumbersWrapAround() throws {
        // "refund" is in two alternatives, so `a` is anchored on "please" and checks that "refund" is present.
        let rules = try compile("category billing\nintent a\n  match: refund * please\nintent b\n  match: [refund rebate] now\n")
        let m = Matcher(rules: rules)
        #expect(m.intentName("refund") == nil)             // message 1 marks "refund"
        m.messageStamp = .max
        #expect(m.intentName("please please") == nil)      // numbered 1 again; "refund" is not in it

        let n = Matcher(rules: rules)
        #expect(n.intentName("refund please") == "billing.a")   // message 1 makes `a` a candidate
        n.messageStamp = .max
        #expect(n.intentName("refund please") == "billing.a")   // numbered 1 again: a candidate anew
    }

    /// Word lookups compare eight bytes at a time and mask what lies past the word: every byte of
    /// a word counts, whatever its length, and nothing after it does.
    @Test func wordsCompareByteForByteWhateverTheirLength() {
        let padding = RawByteTable.padding
        for length in 0...24 {
            let word = (0..<length).map { UInt8(0x61 + $0 % 26) }
            let a = word + [UInt8](repeating: 0x41, count: padding)
            let b = word + [UInt8](repeating: 0x42, count: padding)   // differs only past the end
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    #expect(paddedEqual(a.baseAddress!, b.baseAddress, length), "length \(length)")
                }
            }
            for position in 0..<length {
                var other = b
                other[position] ^= 0x20
                a.withUnsafeBufferPointer { a in
                    other.withUnsafeBufferPointer { other in
                        #expect(!paddedEqual(a.baseAddress!, other.baseAddress, length), "length \(length), byte \(position)")
                    }
                }
            }
        }
    }

    /// The frozen table keeps a key's first eight bytes, its length and 20 bits of its hash in
    /// each slot record and reads the rest of a longer key from the arena. A lookup must find each
    /// key, and must not take another key for it even when their hashes collide (forced here by
    /// looking a word up with another word's hash): the bytes and the whole length decide.
    @Test func frozenWordTable_findsEachKeyAndNoOtherEvenWhenHashesCollide() {
        let letters = Array("abcdefgh".utf8)
        let long = [UInt8](repeating: 0x61, count: 5000)  // longer than the record's length field
        let keys: [[UInt8]] = [[0x61], Array("abcdefg".utf8), letters, letters + [0x69],
                               letters + Array("ij".utf8), letters + letters + [0x61], long]
        var table = ByteTable(expectedCount: 4)
        for (value, key) in keys.enumerated() { key.withUnsafeBufferPointer { _ = table.insert($0, value: Int32(value)) } }
        var store = FrozenStore()
        let frozen = table.frozen(in: &store)
        func find(_ key: [UInt8], hashOf owner: [UInt8]? = nil) -> Int32 {
            let padded = key + [UInt8](repeating: 0, count: RawByteTable.padding)
            return padded.withUnsafeBufferPointer {
                frozen.lookup(hash: TokenHash.hash(owner ?? key), UnsafeBufferPointer(rebasing: $0[0..<key.count]))
            }
        }
        for (value, key) in keys.enumerated() { #expect(find(key) == Int32(value), "\(key.count) bytes") }
        let impostors: [(key: [UInt8], owner: [UInt8])] = [
            (Array("abcdefgi".utf8), letters),                       // same length, last byte of the prefix differs
            (Array("abcdefh".utf8), Array("abcdefg".utf8)),
            (letters + [0x6A], letters + [0x69]),                    // differs in the first byte past the prefix
            (letters + Array("ik".utf8), letters + Array("ij".utf8)),
            (letters + letters + [0x62], letters + letters + [0x61]),
            ([UInt8](repeating: 0x61, count: 4200), long),           // same bytes as far as they go, shorter
            ([UInt8](repeating: 0x61, count: 4095), long),
        ]
        for (key, owner) in impostors { #expect(find(key, hashOf: owner) == -1, "\(key.count) bytes with the hash of \(owner.count)") }
    }

    /// The typo buckets are keyed by hash alone and grow as variants arrive: a long form (more
    /// variants than the table starts with) must be found from each of its one-letter deletions,
    /// once; a form below the minimum length and a word no deletion leads to must not be.
    @Test func deletionIndex_findsAFormFromEachOfItsDeletions_andNothingElse() {
        let longForm = Array("abcdefghijklmnopqrstuvwxyzabcdefghij".utf8)  // 36 letters, 37 variants
        var table = ByteTable(expectedCount: 2)
        table.insert(String(decoding: longForm, as: UTF8.self), value: 0)
        table.insert("abc", value: 1)
        table.insert("balloon", value: 2)
        let index = DeletionIndex(forms: table, minimumLength: 5)
        func forms(of variant: [UInt8]) -> [Int32] {
            var found: [Int32] = []
            index.forEachForm(withVariantHash: TokenHash.hash(variant)) { found.append($0) }
            return found
        }
        #expect(forms(of: longForm) == [0])
        for skip in longForm.indices {
            var variant = longForm
            variant.remove(at: skip)
            #expect(forms(of: variant) == [0], "without letter \(skip)")
        }
        #expect(forms(of: Array("abc".utf8)).isEmpty && forms(of: Array("ab".utf8)).isEmpty)
        #expect(forms(of: Array("zzzzzz".utf8)).isEmpty)
        // Deleting either letter of a run gives one variant: the form is listed once.
        #expect(forms(of: Array("baloon".utf8)) == [2] && forms(of: Array("ballon".utf8)) == [2])
    }

    /// Known words are kept as hashes in a table that grows past its first size: every word put
    /// in is found through the sealed view the matcher reads, and words never put in are not.
    @Test func knownWords_findEveryWordInsertedAndNoOther() {
        var words = KnownWords()
        let inserted = (0..<5_000).map { "word\($0)" }
        for word in inserted { words.insert(word) }
        words.insert("word7")  // again: counted once
        words.insert(hash: 0)  // stored as 1
        #expect(words.count == 5_001)
        let sealed = SealedKnownWords(words)
        func hash(_ text: String) -> UInt64 { var text = text; return text.withUTF8 { TokenHash.hash($0) } }
        for word in inserted { #expect(sealed.view.contains(hash: hash(word)), "\(word)") }
        for word in (5_000..<6_000).map({ "word\($0)" }) + ["", "words"] {
            #expect(!sealed.view.contains(hash: hash(word)), "\(word)")
        }
        #expect(sealed.view.contains(hash: 0))
    }

    @Test func explainNamesTheFiringRulesAndWhyTheWinnerWon() throws {
        let m = try matcher("category billing\nintent bill\n  match 0.9: invoice\ncategory account\nintent login\n  match 0.6: login\n")
        let explanation = m.explain("Login to see my INVOICE")
        #expect(explanation.normalized == "login to see my invoice")
        // In the order of the rules, though "login" comes first in the message.
        #expect(explanation.fired.map(\.intent) == ["billing.bill", "account.login"])
        #expect(explanation.fired.first { $0.intent == "billing.bill" }?.location.fileAndLine == "test.rules:5")
        #expect(explanation.winner == "billing.bill" && explanation.runnerUp == "account.login")
        #expect(explanation.reason.contains("scored 0.90, above account.login's 0.60"))
        #expect(explanation.description.contains("why:"))
    }
}
