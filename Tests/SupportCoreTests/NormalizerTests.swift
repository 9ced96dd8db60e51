@testable import SupportCore
import Testing

@Suite struct NormalizerTests {
    @Test func normalizer_foldsCaseAndDropsPunctuation() {
        #expect(Normalizer.words("Hello, World!! How's IT going?") == ["hello", "world", "hows", "it", "going"])
    }

    @Test func normalizer_joinsApostrophesInsideWords_includingTypographicOnes() {
        #expect(Normalizer.words("I can't log in") == ["i", "cant", "log", "in"])
        #expect(Normalizer.words("I can’t log in") == ["i", "cant", "log", "in"])
        #expect(Normalizer.words("'quoted'") == ["quoted"])
    }

    @Test func normalizer_shortensRunsOfRepeatedLetters_butNotDigits() {
        #expect(Normalizer.words("pleeeease helllllp") == ["pleease", "hellp"])
        #expect(Normalizer.words("error 1000") == ["error", "1000"])
    }

    @Test func normalizer_stripsDiacritics() {
        #expect(Normalizer.words("Café CRÈME naïve") == ["cafe", "creme", "naive"])
    }

    @Test func normalizer_foldsFullWidthForms() {
        #expect(Normalizer.words("ＲＥＦＵＮＤ　ｐｌｅａｓｅ！") == ["refund", "please"])
        #expect(Normalizer.words("Ｏｕｔｌｏｏｋ１２３") == ["outlook123"])
    }

    @Test func normalizer_appliesCompatibilityForms() {
        #expect(Normalizer.words("ﬁle Ⅻ ｶﾞｲﾄﾞ") == ["file", "カイト"])
        // Symbols separate words on both paths, whether or not the text has letters to fold.
        #expect(Normalizer.words("① ﬁle µs") == ["file", "s"])
        #expect(Normalizer.words("① file µs") == ["file", "s"])
    }

    @Test func normalizer_makesEachChineseCharacterAToken_foldedToSimplified() {
        #expect(Normalizer.words("帳號密碼") == ["帐", "号", "密", "码"])
        #expect(Normalizer.words("账号密码") == ["账", "号", "密", "码"])
        #expect(Normalizer.words("無法連線") == Normalizer.words("无法连线"))
    }

    /// 们 (們, Cantonese 哋) is not read, on the fast path and the general one alike: "we" asks for
    /// what "I" does.
    @Test func normalizer_dropsThePluralOfPersons() {
        #expect(Normalizer.words("帮我们转业务") == ["帮", "我", "转", "业", "务"])
        #expect(Normalizer.words("幫我們轉業務") == Normalizer.words("帮我转业务"))
        #expect(Normalizer.words("我哋部電腦") == Normalizer.words("我部电脑"))
        #expect(Normalizer.words("Teams 把我们踢出去 ﬁle") == ["teams", "把", "我", "踢", "出", "去", "file"])  // with a letter to fold
        #expect(Normalizer.words("们") == [])
    }

    @Test func normalizer_foldsWrittenCantoneseOntoMandarin() {
        // 登入唔到 (Cantonese) is 登入不到; 搵 and 諗 fold past ICU's Simplified forms (揾, 谂) to 找, 想.
        #expect(Normalizer.words("我登入唔到") == Normalizer.words("我登入不到"))
        #expect(Normalizer.words("佢冇收到咗嘅信") == Normalizer.words("他没收到了的信"))
        #expect(Normalizer.words("搵") == ["找"] && Normalizer.words("揾") == ["找"] && Normalizer.words("諗") == ["想"])
        #expect(Normalizer.words("閂機") == Normalizer.words("关机") && Normalizer.words("闩") == ["关"] && Normalizer.words("熄機") == Normalizer.words("关机"))
        #expect(Normalizer.words("仲未搞掂") == Normalizer.words("还未搞定") && Normalizer.words("揀") == ["选"])
        // Characters Mandarin also uses in another sense stay as they are.
        #expect(Normalizer.words("係呢點") == ["系", "呢", "点"])
    }

    @Test func normalizer_splitsMixedChineseAndEnglish() {
        #expect(Normalizer.words("Outlook一直無法連線") == ["outlook", "一", "直", "无", "法", "连", "线"])
        #expect(Normalizer.words("我的VPN连不上。") == ["我", "的", "vpn", "连", "不", "上"])
    }

    @Test func normalizer_treatsChinesePunctuationAsSeparators() {
        #expect(Normalizer.words("「密碼」忘了，怎麼辦？") == ["密", "码", "忘", "了", "怎", "么", "办"])
    }

    /// An emoji is a word of its own, as a Chinese character is, so rules can list "👍"; a skin
    /// tone or the emoji variation selector adds nothing, and arrows stay separators.
    @Test func normalizer_makesEachEmojiAWord_droppingSkinTonesAndArrows() {
        #expect(Normalizer.words("怎麼辦？👍") == ["怎", "么", "办", "👍"])
        #expect(Normalizer.words("ok👌thanks") == ["ok", "👌", "thanks"])
        #expect(Normalizer.words("👍🏽 ❤️") == ["👍", "❤"])
        #expect(Normalizer.words("Settings ➜ Mail → Rules") == ["settings", "mail", "rules"])
        #expect(Normalizer.words("🙏🙏") == ["🙏", "🙏"])
    }

    /// A word right after a letter or digit and a hyphen is marked, so the matcher can read the
    /// run as one word; a hyphen anywhere else is only a separator.
    @Test func normalizer_marksAWordWrittenAfterAHyphen() {
        func marked(_ text: String) -> [Bool] {
            var list = TokenList()
            Normalizer.tokenize(text, into: &list)
            return list.tokens.map { $0.flags.contains(.afterHyphen) }
        }
        #expect(Normalizer.words("my e-mail") == ["my", "e", "mail"])
        #expect(marked("my e-mail") == [false, false, true])
        #expect(marked("out-of-office 5-6 can't-stop") == [false, true, true, false, true, false, true])
        #expect(marked("e - mail, e--mail -mail e.-mail 错-mail e－mail x'-y") == [false, false, false, false, false, false, false, false, false, false, false, false, false])
        #expect(marked("café-crème") == [false, true])  // the general path too
    }

    @Test func normalizer_survivesInvalidUTF8() {
        let bytes: [UInt8] = [0x68, 0x69, 0xFF, 0xC3, 0x74, 0x68, 0x65, 0x72, 0x65]
        var list = TokenList()
        bytes.withUnsafeBufferPointer { Normalizer.tokenize(utf8: $0, into: &list) }
        #expect(list.words == ["hi", "there"])
    }

    @Test func normalizer_emptyAndPunctuationOnlyTextHasNoTokens() {
        #expect(Normalizer.words("").isEmpty)
        #expect(Normalizer.words(" ?!... ").isEmpty)
    }

    @Test func hanFolding_mapsTraditionalToSimplifiedAndLeavesOthersAlone() {
        #expect(HanFolding.fold(UInt32(("發" as Unicode.Scalar).value)) == ("发" as Unicode.Scalar).value)
        #expect(HanFolding.fold(UInt32(("发" as Unicode.Scalar).value)) == ("发" as Unicode.Scalar).value)
        #expect(HanFolding.fold(0x41) == 0x41)
    }

    @Test func inflector_generatesRegularForms() {
        #expect(Set(Inflector.forms(of: "charge")).isSuperset(of: ["charges", "charged", "charging"]))
        #expect(Set(Inflector.forms(of: "cancel")).isSuperset(of: ["cancels", "cancelled", "canceled", "cancelling"]))
        #expect(Set(Inflector.forms(of: "reply")).isSuperset(of: ["replies", "replied", "replying"]))
        #expect(Set(Inflector.forms(of: "fix")).isSuperset(of: ["fixes", "fixed", "fixing"]))
        #expect(Inflector.forms(of: "us").isEmpty)
        #expect(Inflector.forms(of: "o365").isEmpty)
        // Dropping the e before -ing needs a vowel left in the stem: "the" does not make "thing",
        // which would join "how are things" to "how are the" once a rule writes "thing".
        #expect(Set(Inflector.forms(of: "use")).isSuperset(of: ["uses", "used", "using"]))
        #expect(!Inflector.forms(of: "the").contains("thing"))
        #expect(!Inflector.forms(of: "she").contains("shing"))
    }

    @Test func typoKind_ranksLikelySlipsFirst() {
        #expect(TypoKind.of(word: "charge", typed: "chagre") == .swappedNeighbours)
        #expect(TypoKind.of(word: "contact", typed: "conttact") == .doubledLetter)
        #expect(TypoKind.of(word: "account", typed: "acount") == .doubledLetter)
        #expect(TypoKind.of(word: "invoice", typed: "invoixe") == .neighbouringKey)
        #expect(TypoKind.of(word: "contract", typed: "conttact") == .neighbouringKey)  // r and t touch
        #expect(TypoKind.of(word: "invoice", typed: "invoize") == .otherLetter)
        #expect(TypoKind.doubledLetter < TypoKind.neighbouringKey)
        #expect(TypoKind.of(word: "customer", typed: "custome") == .droppedLastLetter)
        #expect(TypoKind.of(word: "customer", typed: "custmer") == .extraOrMissingLetter)  // not the last letter
        #expect(TypoKind.of(word: "custom", typed: "custome") == .extraOrMissingLetter)  // one letter too many
        #expect(TypoKind.droppedLastLetter < TypoKind.neighbouringKey)
        #expect(TypoKind.of(word: "invoice", typed: "invoice") == nil)
        #expect(TypoKind.of(word: "invoice", typed: "invxxce") == nil)
    }

    @Test func words_matchTheTokenList_evenWhenFoldingMakesTheTextLonger() {
        // "ﷺ" and "㍿" fold (NFKC) into many letters: more than the scratch `words` sizes from the
        // line, so those lines take the general way; the result must be the same either way.
        for text in ["Outlook 一直無法連線!!", "ＯＵＴＬＯＯＫ café can't", "ﷺ ﷺ ﷺ x", "㍿㍿㍿㍿", "", "   "] {
            var list = TokenList()
            Normalizer.tokenize(text, into: &list)
            #expect(Normalizer.words(text) == list.words, "\(text)")
        }
        #expect(Normalizer.words("ﷺ").count > 3)
    }

    /// Most words of a rule file are returned as written, without the tokeniser: only those the
    /// tokeniser would return unchanged may be.
    @Test func words_returnAWordAlreadyNormalAsItIs_andNoOtherWord() {
        let asWritten = ["refund", "office365", "365", "kb5034441", "bookkeeper", "x", "1000"]
        let changed = ["pleeease", "aaa", "Refund", "e-mail", "can't", "café", "ｏｕｔｌｏｏｋ", "中文", "two words", "refund!", ""]
        for text in asWritten + changed {
            var list = TokenList()
            Normalizer.tokenize(text, into: &list)
            #expect(Normalizer.words(text) == list.words, "\(text)")
            #expect(Normalizer.isOneNormalWord(text) == asWritten.contains(text), "\(text)")
        }
    }

    /// Loading hashes words eight bytes a step; the tokenizer, one byte at a time as it reads.
    /// Both must agree, or no word of a message would be found in the tables loading built.
    @Test func hashingEightBytesAStep_givesTheByteByByteHash() {
        var random = SeededRandom(seed: 16)
        for length in 0..<41 {
            for _ in 0..<50 {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                let byByte = TokenHash.hash(bytes)  // the generic, byte-by-byte path
                let chunked = bytes.withUnsafeBufferPointer { TokenHash.hash($0) }
                #expect(chunked == byByte, "\(bytes)")
            }
        }
        #expect(TokenHash.hash(UnsafeBufferPointer<UInt8>(start: nil, count: 0)) == TokenHash.hash([UInt8]()))
    }

    /// The fast path reads ASCII words eight bytes at a time; the general path reads one scalar at
    /// a time. On text the fast path takes (ASCII and ideographs), both must give the same tokens,
    /// with the same hashes and flags, into a growable list and into the matcher's fixed buffers.
    @Test func fastPath_givesTheTokensOfTheGeneralPath() {
        var random = SeededRandom(seed: 7)
        let pieces = ["a", "b", "e", "z", "A", "Q", "Z", "0", "7", "9", " ", " ", "  ", ",", ".", "!", "-", "@", "[", "`", "{",
                      "'", "ee", "eee", "EEe", "lll", "ooooo", "11", "111", "错", "無", "法", "連", "線", "－", "—",
                      "👍", "🏽", "❤", "\u{FE0F}", "➜", "✅"]
        var texts = ["", "a", "abcdefgh", "abcdefghi", "abcdefghijklmnopq", "aaa", "abcdefgg", "abcdefggg", "abcdefg'h",
                     "ABCDEFGHIJKLMNOP QRSTUVWX", "12345678 123456789", "x'", "'x", "pleeeease", "zz zzz"]
        for _ in 0..<4000 {
            let length = Int(random.next() % 40)
            texts.append((0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
        }
        for text in texts {
            var general = TokenList()
            Normalizer.tokenizeUnicode(text, into: &general)
            var fast = TokenList()
            Normalizer.tokenize(text, into: &fast)
            #expect(fast.words == general.words, "\(text)")
            #expect(fast.tokens == general.tokens, "\(text)")
            for (i, token) in fast.tokens.enumerated() {
                #expect(token.hash == TokenHash.hash(Array(fast.text(of: i).utf8)), "\(text)")
            }
            var utf8 = Array(text.utf8)
            let capacity = 256
            let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            let tokens = UnsafeMutablePointer<Token>.allocate(capacity: capacity)
            defer { bytes.deallocate(); tokens.deallocate() }
            var fixed = FixedTokens(bytes: bytes, byteCapacity: capacity, tokens: tokens, tokenCapacity: capacity)
            utf8.withUnsafeMutableBufferPointer { Normalizer.tokenize(utf8: UnsafeBufferPointer($0), sink: &fixed) }
            #expect(Array(UnsafeBufferPointer(start: tokens, count: fixed.tokenCount)) == general.tokens, "\(text)")
            #expect(Array(UnsafeBufferPointer(start: bytes, count: fixed.byteCount)) == general.bytes, "\(text)")
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failing text can be found again.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
