import Foundation
import SupportCore
import SupportDefaults
import Testing

@Suite struct DefaultIntentsTests {
    @Test func embeddedRulesAreTheIntentsFolder() throws {
        let onDisk = try RuleFile.files(in: packageRoot.appendingPathComponent("Intents").path)
        let embedded = DefaultIntents.files
        #expect(embedded.map { String($0.path.dropFirst("Intents/".count)) } == onDisk.map { String($0.path.dropFirst(packageRoot.path.count + "/Intents/".count)) })
        for (file, copy) in zip(onDisk, embedded) {
            #expect(file.contents == copy.contents, "\(copy.path) differs from the embedded copy")
        }
    }

    @Test func loadingTheFolderGivesTheSameRulesAsTheEmbeddedCopy() throws {
        let fromDisk = try RuleSet.load(directory: packageRoot.appendingPathComponent("Intents").path)
        #expect(fromDisk.intents.map(\.name) == defaultRules.intents.map(\.name))
        #expect(fromDisk.statistics.description == defaultRules.statistics.description)
    }

    @Test func missingFolderIsReportedAsSuch() {
        #expect(throws: RuleSourceError.missing("/nonexistent/Intents")) { try RuleSet.load(directory: "/nonexistent/Intents") }
    }
}
