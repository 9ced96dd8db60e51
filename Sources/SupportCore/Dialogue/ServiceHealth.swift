/// An incident the provider reports on one of the resold services.
public struct Incident: Sendable, Equatable, Codable {
    public var id: String
    public var service: String
    public var title: String
    public var since: String
    /// When the provider promises its next update ("11:00 UTC"), if it did.
    public var nextUpdate: String?

    public init(id: String, service: String, title: String, since: String, nextUpdate: String? = nil) {
        self.id = id
        self.service = service
        self.title = title
        self.since = since
        self.nextUpdate = nextUpdate
    }
}

/// Where a session learns about active incidents before it blames the customer's side.
/// The dialogue only asks; reading a status file or a provider feed is the transport's business.
public protocol ServiceHealthSource: Sendable {
    func activeIncidents() -> [Incident]
}

/// A fixed list of incidents: for tests, replays (`given incident` lines) and a status file read once.
public struct StaticServiceHealth: ServiceHealthSource {
    public var incidents: [Incident]
    public init(_ incidents: [Incident] = []) { self.incidents = incidents }
    public func activeIncidents() -> [Incident] { incidents }
}

/// The text format of a service-health file (`--data DIR/service-health.txt`) and of a
/// transcript's `given incident` lines: one incident a line, fields separated by `|`:
///
///     # id | service | title | since | next update (optional)
///     INC-1 | Exchange Online | Mail delivery delays for some users | 09:10 UTC | 11:00 UTC
public enum ServiceHealthFile {
    public static func parse(_ text: String, path: String) -> ([Incident], [RuleDiagnostic]) {
        var incidents: [Incident] = []
        var diagnostics: [RuleDiagnostic] = []
        var number = 0
        for raw in text.fileLines {
            number += 1
            let line = String(raw).trimmingBlanks()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let incident = parseLine(line) else {
                diagnostics.append(RuleDiagnostic("expected 'id | service | title | since' with an optional '| next update'",
                                                  at: SourceLocation(file: path, line: number), sourceLine: line, length: line.count))
                continue
            }
            incidents.append(incident)
        }
        return (incidents, diagnostics)
    }

    public static func parseLine(_ line: String) -> Incident? {
        let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingBlanks() }
        guard fields.count == 4 || fields.count == 5, !fields[0].isEmpty, !fields[1].isEmpty, !fields[2].isEmpty else { return nil }
        return Incident(id: fields[0], service: fields[1], title: fields[2], since: fields[3],
                        nextUpdate: fields.count == 5 && !fields[4].isEmpty ? fields[4] : nil)
    }

    public static func line(_ incident: Incident) -> String {
        ([incident.id, incident.service, incident.title, incident.since] + (incident.nextUpdate.map { [$0] } ?? [])).joined(separator: " | ")
    }
}
