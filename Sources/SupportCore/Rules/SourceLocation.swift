/// A place in a rule or article file, as editors and compilers print it: `file:line:column`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based.
    public var line: Int
    /// 1-based, counted in characters, so Chinese text lines up in an editor.
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
    /// `file:line`, for listings where the column adds nothing.
    public var fileAndLine: String { "\(file):\(line)" }
}
