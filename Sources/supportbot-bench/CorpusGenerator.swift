/// Generates a deterministic corpus of customer messages for throughput benchmarks: templates for
/// every category in English and Chinese, filled with products, times and names, with some typos,
/// shouting and chatter mixed in, so the matcher meets what a real queue holds.
struct CorpusGenerator {
    private var random: SplitMix64

    init(seed: UInt64 = 0x5eed) {
        random = SplitMix64(seed: seed)
    }

    mutating func messages(_ count: Int) -> [String] {
        (0..<count).map { _ in message() }
    }

    mutating func message() -> String {
        let chinese = random.next(100) < 25
        let templates = chinese ? Self.chinese : Self.english
        var text = fill(templates[random.next(templates.count)])
        if !chinese {
            switch random.next(20) {
            case 0: text = "hi, " + text
            case 1: text += " thanks"
            case 2: text = text.uppercased()
            case 3, 4: text = typo(text)
            case 5: text += "?"
            case 6: text += "!!"
            default: break
            }
        }
        return text
    }

    private mutating func fill(_ template: String) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let slot = rest[rest.index(after: open)..<close]
            let options = Self.slots[String(slot)] ?? [String(slot)]
            result += options[random.next(options.count)]
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// Swaps two neighbouring letters of one longer word: the commonest slip.
    private mutating func typo(_ text: String) -> String {
        var words = text.split(separator: " ").map(String.init)
        let long = words.indices.filter { words[$0].count >= 5 }
        guard !long.isEmpty else { return text }
        let w = long[random.next(long.count)]
        var letters = Array(words[w])
        let i = random.next(letters.count - 1)
        letters.swapAt(i, i + 1)
        words[w] = String(letters)
        return words.joined(separator: " ")
    }

    static let slots: [String: [String]] = [
        "product": ["Outlook", "Teams", "SharePoint", "OneDrive", "Exchange Online", "the admin portal", "Microsoft 365",
                    "Google Workspace", "Zoom", "the Outlook app", "our mailbox", "the VPN client"],
        "time": ["today", "this morning", "since yesterday", "all week", "right now", "again"],
        "n": ["2", "5", "10", "25", "3", "100"],
        "who": ["my colleague", "a new employee", "our accountant", "my manager", "the intern"],
        "zproduct": ["Outlook", "Teams", "SharePoint", "OneDrive", "Office", "VPN"],
    ]

    static let english = [
        "I forgot my password and can't sign in",
        "how do I reset the password for {who}",
        "my account is locked after too many attempts",
        "I never received the activation email",
        "we need to create accounts for {n} new users",
        "I can't log in to the admin portal {time}",
        "I was charged twice for my subscription",
        "where can I download last month's invoice",
        "I want a refund for the unused licences",
        "please cancel our subscription",
        "how much does Business Premium cost per user",
        "our card payment was declined",
        "I need to update our billing address",
        "add {n} more licences to our plan",
        "how do I share a calendar in {product}",
        "where is the user guide for {product}",
        "how can I recover deleted emails",
        "what does our plan include",
        "how do I export all our users",
        "when will the new {product} be rolled out",
        "the update failed with an error",
        "{product} keeps crashing after the update",
        "what's new in the latest release of {product}",
        "how do I add the MX record for our domain",
        "legitimate emails keep going to junk",
        "set up a mail flow rule to forward messages",
        "how do I enforce MFA for all users",
        "{product} won't open on my laptop",
        "the VPN won't connect from home",
        "{product} says it is disconnected",
        "our printer is not printing",
        "my laptop shows a blue screen",
        "I can't connect to the remote desktop",
        "{product} is really slow {time}",
        "is {product} down",
        "we keep getting 503 errors {time}",
        "is there a known issue with {product}",
        "requests to {product} are timing out",
        "I want to talk to a human",
        "can I speak to an agent please",
        "what is your support phone number",
        "hello", "thanks a lot", "bye, have a nice day", "good morning",
        "what's the weather like tomorrow", "book me a flight to Berlin", "how do I transfer money to my savings",
        "when will my new debit card arrive", "where is my package", "tell me a joke",
        "I was in a meeting all morning and now {product} tells me my mailbox is almost full, what should I do about the storage?",
    ]

    static let chinese = [
        "我忘記密碼了", "帳號被鎖住了", "怎么注册新账号", "没有收到激活邮件",
        "這個月被重複扣款了", "发票在哪里下载", "我要申请退款", "請幫我取消訂閱", "信用卡付款失败了",
        "如何共享行事曆", "使用手冊在哪裡", "怎么恢复误删的邮件",
        "更新失败了", "最新版本有什么新功能", "新版 {zproduct} 什麼時候推出",
        "mx记录怎么设置", "正常邮件都进了垃圾邮件", "如何為所有人啟用多重驗證", "{zproduct} 打不开",
        "{zproduct} 一直無法連線", "VPN 连不上", "印表機沒辦法列印", "电脑一直蓝屏",
        "{zproduct} 很慢", "服務是不是當機了", "连线逾时", "服务状态在哪里看",
        "我要找真人客服", "转人工", "客服电话是多少",
        "你好", "谢谢", "再見", "今天天气怎么样", "我要转账给朋友",
    ]
}

/// A tiny, fast, seedable generator (Steele et al.), so corpora are the same on every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
