import Foundation  // to lay out the folders the tests read
@testable import SupportCore
import Testing

@Suite struct LocalFilesTests {
    /// A fresh folder under the system's temporary one, removed by the caller.
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("localfiles-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/rules/nested", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: path + "/rules/.git", withIntermediateDirectories: true)
        for (name, text) in [("rules/a.rules", "a"), ("rules/nested/b.rules", "b"), ("rules/.git/c.rules", "c"), ("rules/.d.rules", "d")] {
            try text.write(toFile: path + "/" + name, atomically: false, encoding: .utf8)
        }
        try FileManager.default.createSymbolicLink(atPath: path + "/rules/nested/up", withDestinationPath: path + "/rules")
        return path
    }

    @Test func listsFilesAtAnyDepth_skippingHiddenNamesAndLinkedFolders() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(LocalFiles.files(under: root + "/rules")?.sorted() == ["a.rules", "nested/b.rules"])
        #expect(LocalFiles.kind(of: root + "/rules") == .folder)
        #expect(LocalFiles.kind(of: root + "/rules/a.rules") == .file)
        #expect(LocalFiles.kind(of: root + "/none") == nil)
        #expect(LocalFiles.files(under: root + "/none") == nil)
        #expect(LocalFiles.contents(of: root + "/rules/nested/b.rules") == Array("b".utf8))
        #expect(LocalFiles.contents(of: root + "/rules/none") == nil)
    }

    @Test func readsAFilesEnd_andSaysWhetherThatIsAllOfIt() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "first line\nsecond\n".write(toFile: root + "/log", atomically: false, encoding: .utf8)
        let end = try #require(LocalFiles.tail(of: root + "/log", maximumBytes: 9))
        #expect(String(decoding: end.bytes, as: UTF8.self) == "e\nsecond\n" && !end.isWhole)
        let all = try #require(LocalFiles.tail(of: root + "/log", maximumBytes: 100))
        #expect(String(decoding: all.bytes, as: UTF8.self) == "first line\nsecond\n" && all.isWhole)
        #expect(LocalFiles.tail(of: root + "/none", maximumBytes: 9) == nil)
    }

    @Test func replacesAFileWhole_orSaysWhyNot() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try LocalFiles.replace(root + "/rules/a.rules", with: "new text, 新的")
        #expect(try String(contentsOfFile: root + "/rules/a.rules", encoding: .utf8) == "new text, 新的")
        #expect(throws: LocalFiles.WriteError.self) { try LocalFiles.replace(root + "/missing/x", with: "x") }
        do {
            try LocalFiles.replace(root + "/missing/x", with: "x")
        } catch {
            #expect(error.description == "No such file or directory")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/rules").sorted() == [".d.rules", ".git", "a.rules", "nested"])
    }
}
