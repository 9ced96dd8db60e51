/// Who may sign in on the agents' port, and with which secret: the operator's `--agents` file.
///
///     # name     secret (12 characters or more, no spaces)
///     amy        k3Xq-88fw-Lp0z-Tt41
///     bob        correct-horse-battery-staple
///
/// Without it the port trusts any name, which is only safe on loopback; with it, an agent signs in
/// with `AGENT amy k3Xq-88fw-Lp0z-Tt41`, and the names in the queue's records are the agents who
/// proved them. The file holds the secrets themselves (the toolchain has no password hash), so it
/// should be readable by the operator alone, like the queue file with its transcripts.
public struct AgentRoster: Sendable {
    private var secrets: [String: [UInt8]] = [:]

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
                mistake("'\(name)' cannot be an agent name: use 1 to 32 letters, digits, '.', '-' or '_'", column: indent + 1, length: name.count)
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
            guard secret.count >= Self.shortestSecret else {
                mistake("the secret of \(name) is \(secret.count) characters; use \(Self.shortestSecret) or more", column: secretColumn, length: secret.count)
                continue
            }
            guard secrets[String(name)] == nil else {
                mistake("agent \(name) is listed twice", column: indent + 1, length: name.count)
                continue
            }
            secrets[String(name)] = Array(secret.utf8)
        }
        if diagnostics.isEmpty && secrets.isEmpty {
            diagnostics.append(RuleDiagnostic("the file lists no agent: nobody could sign in (one agent a line, 'name secret')",
                                              at: SourceLocation(file: file, line: 0)))
        }
        guard diagnostics.isEmpty else { throw RuleLoadError(diagnostics) }
    }

    public func contains(_ name: String) -> Bool { secrets[name] != nil }

    /// Whether `name` is on the roster and `secret` is theirs (`sameSecret`).
    public func admits(_ name: String, secret: String?) -> Bool {
        guard let expected = secrets[name], let secret else { return false }
        return sameSecret(expected, secret.utf8)
    }
}
