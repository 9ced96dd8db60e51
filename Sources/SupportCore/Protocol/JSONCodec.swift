/// The JSON mode of the line protocol: one object per line for every session event.
///
///     {"type":"reply","kind":"answer","text":"...","language":"en","category":"billing",
///      "intent":"billing.invoice","confidence":0.94,"article":"billing-invoices"}
///     {"type":"clarify","kind":"clarify","text":"...","candidates":["a.b","c.d"],...}
///     {"type":"handoff","ticket":"c1-1","severity":"B","category":"billing",...,"transcript":[...]}
///     {"type":"agent","name":"amy","text":"..."}
///     {"type":"system","text":"..."}   {"type":"error","text":"..."}
///     {"type":"end_of_turn"}            {"type":"closed"}
///
/// Keys come in a fixed order and absent facts are left out, so the output is the same every
/// time. The encoder is written out by hand: it runs once for every event the server sends.
public enum JSONCodec {
    public static func line(for event: SessionEvent) -> String {
        var json = JSONWriter()
        switch event {
        case .reply(let reply):
            json.string("type", reply.kind == .clarify ? "clarify" : "reply")
            json.string("kind", reply.kind.rawValue)
            json.string("text", reply.text)
            json.string("language", reply.language.rawValue)
            if let category = reply.category { json.string("category", category.rawValue) }
            if let intent = reply.intent { json.string("intent", intent) }
            if let confidence = reply.confidence { json.number("confidence", confidence) }
            if let article = reply.article { json.string("article", article) }
            if !reply.candidates.isEmpty { json.strings("candidates", reply.candidates) }
            if let incident = reply.incident { json.string("incident", incident) }
            if let ticket = reply.ticket { json.string("ticket", ticket) }
            if let code = reply.resumeCode { json.string("resume_code", code) }
        case .handoff(let handoff):
            json.string("type", "handoff")
            write(handoff, into: &json)
        case .system(let text):
            json.string("type", "system")
            json.string("text", text)
        case .agent(let name, let text):
            json.string("type", "agent")
            json.string("name", name)
            json.string("text", text)
        case .error(let text):
            json.string("type", "error")
            json.string("text", text)
        case .endOfTurn:
            json.string("type", "end_of_turn")
        case .closed:
            json.string("type", "closed")
        }
        return json.finish()
    }

    /// All events of a turn, one JSON object a line, each ending in LF.
    public static func text(for events: [SessionEvent]) -> String {
        events.map { line(for: $0) + "\n" }.joined()
    }

    /// Reads one line back into an event (for clients, load generators and tests); nil when the
    /// line is not an event object. `{"type":"mode",...}` is not an event either.
    public static func event(from line: String) -> SessionEvent? {
        guard let object = JSONValue.parse(line)?.object, let type = object["type"]?.string else { return nil }
        func text(_ key: String) -> String? { object[key]?.string }
        switch type {
        case "reply", "clarify":
            guard let kind = text("kind").flatMap(BotReply.Kind.init(rawValue:)),
                  let language = text("language").flatMap(Language.init(rawValue:)) else { return nil }
            var reply = BotReply(text: text("text") ?? "", kind: kind, language: language)
            reply.category = text("category").flatMap(Category.init(rawValue:))
            reply.intent = text("intent")
            reply.confidence = object["confidence"]?.number
            reply.article = text("article")
            reply.candidates = object["candidates"]?.array?.compactMap(\.string) ?? []
            reply.incident = text("incident")
            reply.ticket = text("ticket")
            reply.resumeCode = text("resume_code")
            return .reply(reply)
        case "handoff":
            return handoff(from: object).map(SessionEvent.handoff)
        case "system": return .system(text("text") ?? "")
        case "agent": return .agent(name: text("name") ?? "", text: text("text") ?? "")
        case "error": return .error(text("text") ?? "")
        case "end_of_turn": return .endOfTurn
        case "closed": return .closed
        default: return nil
        }
    }
}

extension JSONCodec {
    /// A handoff's fields, in the order the `handoff` event and the queue's journal both use.
    static func write(_ handoff: HandoffEvent, into json: inout JSONWriter) {
        json.string("ticket", handoff.ticket)
        json.string("session", handoff.session)
        json.string("reason", handoff.reason.rawValue)
        json.string("category", handoff.category.rawValue)
        if let intent = handoff.intent { json.string("intent", intent) }
        json.string("language", handoff.language.rawValue)
        json.string("severity", handoff.severity.rawValue)
        json.string("customer", handoff.customer)
        json.string("service", handoff.service)
        json.string("summary", handoff.summary)
        json.objects("transcript", handoff.transcript) { line, item in
            item.string("speaker", line.speaker.rawValue)
            item.string("text", line.text)
        }
    }

    /// A handoff read back from those fields; nil when one it cannot do without is missing.
    static func handoff(from object: [String: JSONValue]) -> HandoffEvent? {
        func text(_ key: String) -> String? { object[key]?.string }
        guard let ticket = text("ticket"), let session = text("session"),
              let reason = text("reason").flatMap(HandoffReason.init(rawValue:)),
              let category = text("category").flatMap(Category.init(rawValue:)),
              let language = text("language").flatMap(Language.init(rawValue:)),
              let severity = text("severity").flatMap(Severity.init(rawValue:)) else { return nil }
        let transcript = (object["transcript"]?.array ?? []).compactMap { item -> HandoffEvent.Line? in
            guard let speaker = item.object?["speaker"]?.string.flatMap(HandoffEvent.Line.Speaker.init(rawValue:)),
                  let text = item.object?["text"]?.string else { return nil }
            return HandoffEvent.Line(speaker: speaker, text: text)
        }
        return HandoffEvent(ticket: ticket, session: session, reason: reason, category: category,
                            intent: text("intent"), language: language, severity: severity,
                            customer: text("customer") ?? "", service: text("service") ?? "",
                            summary: text("summary") ?? "", transcript: transcript)
    }
}

/// Builds one JSON object with keys in the order they are added.
struct JSONWriter {
    /// The object so far, as UTF-8: built in bytes, so a long text (a handoff's transcript) is
    /// copied once, not through a String for every piece.
    private var bytes: [UInt8] = [0x7B]
    private var first = true

    mutating func string(_ key: String, _ value: String) { field(key); Self.quote(value, into: &bytes) }
    mutating func number(_ key: String, _ value: Double) { field(key); bytes.append(contentsOf: format(value).utf8) }
    mutating func integer(_ key: String, _ value: Int) { field(key); bytes.append(contentsOf: String(value).utf8) }
    mutating func strings(_ key: String, _ values: [String]) {
        field(key)
        bytes.append(0x5B)
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            Self.quote(value, into: &bytes)
        }
        bytes.append(0x5D)
    }

    /// An object nested under `key`, its fields written by `body`.
    mutating func object(_ key: String, _ body: (inout JSONWriter) -> Void) {
        field(key)
        bytes.append(0x7B)
        first = true
        body(&self)
        bytes.append(0x7D)
        first = false
    }

    /// An array of objects under `key`, one for each item, its fields written by `body`.
    mutating func objects<Item>(_ key: String, _ items: [Item], _ body: (Item, inout JSONWriter) -> Void) {
        field(key)
        bytes.append(0x5B)
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            bytes.append(0x7B)
            first = true
            body(item, &self)
            bytes.append(0x7D)
        }
        bytes.append(0x5D)
        first = false
    }

    mutating func finish() -> String {
        bytes.append(0x7D)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The object's UTF-8 and then `ending` (a line feed for a line of a file).
    mutating func finishBytes(ending: UInt8) -> [UInt8] {
        bytes.append(0x7D)
        bytes.append(ending)
        return bytes
    }

    private mutating func field(_ key: String) {
        if !first { bytes.append(0x2C) }
        first = false
        Self.quote(key, into: &bytes)
        bytes.append(0x3A)
    }

    /// JSON string quoting: quotes, backslashes and control characters escaped; everything else
    /// (Chinese included) copied as UTF-8, in runs between the bytes that need escaping (a
    /// handoff's transcript goes through here: scalar by scalar it cost ~4x as much).
    static func quote(_ value: String, into output: inout [UInt8]) {
        output.append(0x22)
        var value = value
        value.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case 0x22: output.append(contentsOf: [0x5C, 0x22])
                case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: output.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: output.append(contentsOf: [0x5C, 0x72])
                case 0x09: output.append(contentsOf: [0x5C, 0x74])
                default:
                    let hex = String(byte, radix: 16)
                    output.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(0x22)
    }
}
