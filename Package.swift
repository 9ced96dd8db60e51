// swift-tools-version: 6.0
import PackageDescription

/// supportbot: a first-line technical-support bot for a cloud reseller.
/// Toolchain only, no package dependencies (see README.md).
let package = Package(
    name: "SupportBot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "supportbot", targets: ["supportbot"]),
        .library(name: "SupportCore", targets: ["SupportCore"]),
    ],
    targets: [
        // The core: normalisation, rules, matching. No I/O beyond reading rule files.
        .target(name: "SupportCore"),

        // The project's Intents/ folder, embedded in the binary at build time with its rules
        // compiled (see RuleSet+Image.swift), so start-up reads the tables rather than builds them.
        .target(name: "SupportDefaults", dependencies: ["SupportCore"], plugins: ["EmbedIntents"]),
        .executableTarget(name: "intents-embedder", dependencies: ["SupportCore"], path: "Sources/IntentsEmbedder"),
        .plugin(name: "EmbedIntents", capability: .buildTool(), dependencies: ["intents-embedder"]),

        // The server: sockets, the epoll event loop, the customer line protocol.
        .target(name: "CSystemLinux"),
        .target(name: "SupportServer", dependencies: ["SupportCore", "CSystemLinux"]),

        .executableTarget(name: "supportbot", dependencies: ["SupportCore", "SupportDefaults", "SupportServer"]),
        .executableTarget(name: "supportbot-bench", dependencies: ["SupportCore", "SupportDefaults", "SupportServer"]),

        .testTarget(name: "SupportCoreTests", dependencies: ["SupportCore", "SupportDefaults"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "SupportServerTests", dependencies: ["SupportServer", "SupportCore", "SupportDefaults"]),
        .testTarget(name: "SupportbotTests", dependencies: ["supportbot"]),
    ],
    swiftLanguageModes: [.v6]
)
