import Foundation
import PackagePlugin

/// Embeds the package's top-level `Intents/` folder into the target it is applied to,
/// so `swift run supportbot` works on the default rules from any directory.
///
/// The target reaches the folder through a symlink (`Sources/SupportDefaults/Intents`), which makes
/// its files the target's own: SwiftPM then re-runs this plugin when one is added, changed or removed
/// (it caches plugin results on the target's files, so a folder outside the target would go stale).
@main
struct EmbedIntents: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let inputs = module.sourceFiles.map(\.url).filter { $0.pathComponents.contains("Intents") }
        let intents = context.package.directoryURL.appending(path: "Intents")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedIntents.swift")
        return [
            .buildCommand(
                displayName: "Embedding the Intents folder into \(target.name)",
                executable: try context.tool(named: "intents-embedder").url,
                arguments: [intents.path, output.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
