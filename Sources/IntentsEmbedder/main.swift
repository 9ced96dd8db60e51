// Writes a Swift source file that embeds every file under a folder as a string literal,
// so the supportbot binary carries the project's default Intents/ and runs without them on disk,
// and the rules those files hold compiled, so it starts without compiling them.
//
//   intents-embedder INTENTS_DIR OUTPUT.swift
import Foundation
import SupportCore

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: intents-embedder INTENTS_DIR OUTPUT.swift\n".utf8))
    exit(64)
}
let root = URL(fileURLWithPath: arguments[1]).standardizedFileURL
let output = URL(fileURLWithPath: arguments[2])

/// Paths are reported relative to the package ("Intents/billing.rules"), the way a support lead sees them.
let prefix = root.lastPathComponent
var files: [(path: String, contents: String)] = []
if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
    for case let url as URL in walker {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
              !url.lastPathComponent.hasPrefix(".") else { continue }
        let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
        do {
            files.append((prefix + "/" + relative, try String(contentsOf: url, encoding: .utf8)))
        } catch {
            FileHandle.standardError.write(Data("intents-embedder: \(url.path): not UTF-8 text: \(error)\n".utf8))
            exit(65)
        }
    }
}
files.sort { $0.path < $1.path }

/// A raw-string delimiter long enough that no file can close the literal early.
func delimiter(for text: String) -> String {
    var hashes = "#"
    while text.contains("\"\"\"" + hashes) { hashes += "#" }
    return hashes
}

/// The rules compiled as `RuleSet.image()`, in base64 (a string literal cannot hold any byte). A
/// rule set with mistakes gets no image: supportbot then compiles the files when it starts and
/// reports each mistake at its file:line:column, as it does for `--intents DIR`.
func compiledRules(_ files: [(path: String, contents: String)]) -> String {
    let ruleFiles = files.map { RuleFile(path: $0.path, contents: $0.contents) }.filter(\.isMatcherInput)
    do {
        return Data(try RuleSet.load(ruleFiles, root: prefix).image()).base64EncodedString()
    } catch {
        FileHandle.standardError.write(Data("intents-embedder: warning: \(prefix)/ has mistakes; supportbot will compile and report them when it starts\n".utf8))
        return ""
    }
}

var source = "// Generated at build time by intents-embedder from \(prefix)/. Do not edit.\n\n"
source += "extension DefaultIntents {\n    static let embedded: [EmbeddedFile] = [\n"
for file in files {
    let hashes = delimiter(for: file.contents)
    source += "        EmbeddedFile(path: \"\(file.path)\", contents: \(hashes)\"\"\"\n\(file.contents)\n\"\"\"\(hashes)),\n"
}
source += "    ]\n\n    static let compiledRulesBase64: StaticString = \"\(compiledRules(files))\"\n}\n"

do {
    // Only rewrite when the text changes, so an unchanged Intents/ does not trigger a recompile.
    if (try? String(contentsOf: output, encoding: .utf8)) != source {
        try source.write(to: output, atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("intents-embedder: cannot write \(output.path): \(error)\n".utf8))
    exit(73)
}
