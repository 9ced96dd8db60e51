/// Who may sign in on the agents' port, and with which secret: the operator's `--agents` file.
///
///     # name     secret (12 characters or more, no spaces), or sha256: and its hash
///     amy        sha256:6e4f…(64 hex digits)
///     bob        correct-horse-battery-staple
///
/// Without it the port trusts any name, which is only safe on loopback; with it, an agent signs in
/// with `AGENT amy 7KQ2M-X9D4P-…`, and the names in the queue's records are the agents who proved
/// them. A line may hold the secret's SHA-256 rather than the secret (`supportbot agent-secret amy`
/// makes a random secret and that line), so a copy of the file signs no one in; a secret written
/// out is still read, and the file should be readable by the operator alone either way, like the
/// queue file with its transcripts.
public struct AgentRoster: Sendable {
    /// What a line holds: the secret, or its SHA-256.
    private enum Secret: Sendable {
        case plain([UInt8])
        case hashed([UInt8])
    }
    private var secrets: [String: Secret] = [:]

    /// Marks a secret's hash in the file.
    public static let hashPrefix = "sha256:"

    /// Secrets shorter than this are refused: the port answers as fast as an agent can type.
    public static let shortestSecret = 12

    /// The agents' names, in order.
    public var names: [String] { secrets.keys.sorted() }

    /// Reads a roster file; every mistake is reported with its `file:line:column`.
    public init(parsing text: String, file: String) throws(RuleLoadError) {
        var diagnostics: [RuleDiagnostic] = []
        var number = 0
        for raw in text.fileLines {
            number += 1
            let line = String(raw)
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let content = line.dropFirst(indent)
            if content.isEmpty || content.hasPrefix("#") || content.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            func mistake(_ message: String, column: Int, length: Int) {
                diagnostics.append(RuleDiagnostic(message, at: SourceLocation(file: file, line: number, column: column), sourceLine: line, length: length))
            }
            let name = fields[0]
            guard AgentCommand.isValidName(name) else {
                mistake(AgentCommandError.badName(String(name)).description, column: indent + 1, length: name.count)
                continue
            }
            let secretColumn = line.distance(from: line.startIndex, to: fields.count > 1 ? fields[1].startIndex : line.endIndex) + 1
            guard fields.count == 2 else {
                if fields.count < 2 {
                    mistake("agent \(name) has no secret: write the name, a space, then a secret of \(Self.shortestSecret) characters or more", column: secretColumn, length: 1)
                } else {
                    let extra = line.distance(from: line.startIndex, to: fields[2].startIndex) + 1
                    mistake("a secret cannot contain spaces: one agent a line, 'name secret'", column: extra, length: fields[2].count)
                }
                continue
            }
            let secret = fields[1]
            let parsed: Secret
            if secret.hasPrefix(Self.hashPrefix) {
                guard let digest = Self.digest(fromHex: secret.dropFirst(Self.hashPrefix.count)) else {
                    mistake("after '\(Self.hashPrefix)' write the 64 hex digits of the secret's SHA-256 ('supportbot agent-secret \(name)' makes a secret and its line)",
                            column: secretColumn, length: secret.count)
                    continue
                }
                parsed = .hashed(digest)
            } else {
                guard secret.count >= Self.shortestSecret else {
                    mistake("the secret of \(name) is \(secret.count) characters; use \(Self.shortestSecret) or more", column: secretColumn, length: secret.count)
                    continue
                }
                parsed = .plain(Array(secret.utf8))
            }
            guard secrets[String(name)] == nil else {
                mistake("agent \(name) is listed twice", column: indent + 1, length: name.count)
                continue
            }
            secrets[String(name)] = parsed
        }
        if diagnostics.isEmpty && secrets.isEmpty {
            diagnostics.append(RuleDiagnostic("the file lists no agent: nobody could sign in (one agent a line, 'name secret')",
                                              at: SourceLocation(file: file, line: 0)))
        }
        guard diagnostics.isEmpty else { throw RuleLoadError(diagnostics) }
    }

    public func contains(_ name: String) -> Bool { secrets[name] != nil }

    /// Whether `name` is on the roster and `secret` is theirs (`sameSecret`, on the hashes when
    /// the file holds one).
    public func admits(_ name: String, secret: String?) -> Bool {
        guard let expected = secrets[name], let secret else { return false }
        switch expected {
        case .plain(let bytes): return sameSecret(bytes, secret.utf8)
        case .hashed(let digest): return sameSecret(digest, SHA256.hash(secret.utf8))
        }
    }

    /// A new secret for an agent: 20 characters of Crockford's base 32 (100 random bits, from
    /// two draws of `generator`), in four groups of five.
    public static func newSecret<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var characters: [UInt8] = []
        for _ in 0..<2 {
            var bits: UInt64 = generator.next()
            for _ in 0..<10 {
                characters.append(ResumeCode.alphabet[Int(bits & 31)])
                bits >>= 5
            }
        }
        let groups = stride(from: 0, to: 20, by: 5).map { String(decoding: characters[$0..<($0 + 5)], as: UTF8.self) }
        return groups.joined(separator: "-")
    }

    /// The roster line for `name` with `secret` kept as its hash.
    public static func line(name: String, secret: String) -> String {
        "\(name) \(hashPrefix)\(SHA256.hex(secret.utf8))"
    }

    private static func digest(fromHex hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
